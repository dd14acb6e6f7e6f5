import type { ChildProcess } from 'node:child_process'
import { expect, test } from '@playwright/test'
import { adminQuery, withDatabase } from '../support/postgres.ts'
import { logIn } from './helpers.ts'
import { prepareDatabase, startAppProcess, stopAppProcess } from './own-server.ts'

/*
 * Production shape (issue 10): two app processes on different ports, sharing one PostgreSQL
 * database and one Redis. A browser on process A changes a record; a browser on process B sees it
 * without a reload, and each scheduled job ran once although both processes run the scheduler.
 *
 * playwright.config.ts leaves @scale out when TEST_POSTGRES_URL and TEST_REDIS_URL are not set
 * (scripts/services.sh starts both; .ci/run always does).
 */
const PORTS = [3201, 3202] as const

function requireEnv(name: 'TEST_POSTGRES_URL' | 'TEST_REDIS_URL') {
  const value = process.env[name]
  if (!value) throw new Error(`@scale needs ${name} (eval "$(bash scripts/services.sh start)")`)
  return value
}

test.describe('@scale two app processes, one PostgreSQL, one Redis', () => {
  // One pair of processes for both tests, so both run in one worker, in order.
  test.describe.configure({ mode: 'serial' })
  const processes: ChildProcess[] = []
  let admin: string
  let databaseName: string
  let databaseUrl: string

  test.beforeAll(async () => {
    test.setTimeout(180_000)
    admin = requireEnv('TEST_POSTGRES_URL')
    const redisUrl = requireEnv('TEST_REDIS_URL')
    databaseName = `kp_scale_${process.pid}_${Date.now()}`
    await adminQuery(admin, `CREATE DATABASE "${databaseName}"`)
    databaseUrl = withDatabase(admin, databaseName)
    const env = { ...process.env, DATABASE_URL: databaseUrl, LOG_LEVEL: 'silent' }
    prepareDatabase(env)
    processes.push(...(await Promise.all(PORTS.map((port) => startAppProcess(port, { ...env, REDIS_URL: redisUrl })))))
  })

  test.afterAll(async () => {
    await Promise.all(processes.map(stopAppProcess))
    await adminQuery(admin, `DROP DATABASE IF EXISTS "${databaseName}" WITH (FORCE)`)
  })

  test('@scale a change made through process A shows on a page served by process B without a reload', async ({ browser }) => {
    const [portA, portB] = PORTS
    const kam = await (await browser.newContext({ baseURL: `http://127.0.0.1:${portB}` })).newPage()
    await logIn(kam, 'kam.esbjerg@ehsyd.demo')
    await expect(kam.getByRole('status').filter({ hasText: 'Live' })).toBeVisible()
    const mine = kam.getByRole('table', { name: 'Kommuner, du er key account manager for' })
    await expect(mine).not.toContainText('Middelfart')
    await kam.evaluate(() => ((window as unknown as { __marker: number }).__marker = 1))

    const adminPage = await (await browser.newContext({ baseURL: `http://127.0.0.1:${portA}` })).newPage()
    await logIn(adminPage, 'admin@knudepunkt.demo')
    await adminPage.goto('/admin/kommuner')
    await adminPage.getByRole('link', { name: 'Middelfart' }).click()
    await adminPage.getByLabel('Key account manager').selectOption({ label: 'Karen Esbensen' })
    await adminPage.getByRole('button', { name: 'Gem ændringer' }).click()
    await expect(adminPage.getByText('Ændringerne er gemt.')).toBeVisible()

    // Process B heard it through Redis: the table and the notification bell change in place.
    await expect(mine).toContainText('Middelfart')
    await expect(kam.getByRole('link', { name: /Notifikationer, \d+ ulæste/ })).toBeVisible()
    expect(await kam.evaluate(() => (window as unknown as { __marker?: number }).__marker)).toBe(1)
  })

  test('@scale each scheduled job ran once although both processes run the scheduler', async () => {
    const runs = await adminQuery<{ name: string; n: string }>(
      databaseUrl,
      `SELECT "name", COUNT(*) AS n FROM "JobRun" GROUP BY "name" ORDER BY "name"`,
    )
    expect(runs.length).toBeGreaterThanOrEqual(5)
    for (const run of runs) {
      // Jobs due every minute may have run again since start-up; never twice at once from two processes.
      if (run.name === 'consents-expiry' || run.name === 'email-delivery') continue
      expect(run, `${run.name} ran more than once`).toMatchObject({ n: '1' })
    }
  })
})
