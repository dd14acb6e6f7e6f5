import { spawn, type ChildProcess } from 'node:child_process'
import fs from 'node:fs'
import net from 'node:net'
import path from 'node:path'
import { expect, test } from '@playwright/test'
import Database from 'better-sqlite3'
import { DEMO_PASSWORD } from '../../prisma/demo-accounts.js'

/*
 * Crash safety (issue 11): an app process of the test's own, started as `npm start` starts it, on
 * a fresh SQLite file, is killed with SIGKILL in the middle of a burst of company registrations.
 * Every registration it acknowledged (the redirect to the new company) must be in the file, the
 * file must pass PRAGMA integrity_check, and the app must start again on it and serve.
 * WAL with synchronous=NORMAL (docs/decisions/0017) promises exactly this for a process crash.
 */
const LES_KOLDING = 'les.kolding@kolding.demo'
const WORKERS = 12
const ACKNOWLEDGED_BEFORE_KILL = 40
/** CVR numbers of the burst: 9xxxxxxx, none of the seeded companies' (8…). */
const CVR_BASE = 90_000_000

type App = { child: ChildProcess; base: string; stderr: () => string; exited: Promise<unknown> }
type Outcome =
  | { kind: 'acknowledged'; cvr: string; name: string; id: string }
  | { kind: 'refused'; cvr: string; status: number }
  | { kind: 'failed'; cvr: string; error: string }

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo
      server.close(() => resolve(port))
    })
  })
}

/**
 * `node scripts/start.js` (migrate, seed, serve) in a process group of its own, so that SIGKILL
 * reaches the forked server process too: killing only start.js would leave the server running.
 */
function startApp(databaseFile: string, port: number): App {
  const child = spawn(process.execPath, ['scripts/start.js'], {
    detached: true,
    stdio: ['ignore', 'ignore', 'pipe'],
    env: {
      ...process.env,
      SKIP_BUILD: '1',
      PORT: String(port),
      HOST: '127.0.0.1',
      DATABASE_URL: `file:${databaseFile}`,
      JOBS: 'off',
      LOG_LEVEL: 'silent',
    },
  })
  let stderr = ''
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
  const exited = new Promise((resolve) => child.once('exit', resolve))
  return { child, base: `http://127.0.0.1:${port}`, stderr: () => stderr, exited }
}

async function waitUntilHealthy(app: App) {
  for (let i = 0; i < 1200; i++) {
    if (app.child.exitCode !== null || app.child.signalCode !== null)
      throw new Error(`the app exited before it served /healthz:\n${app.stderr()}`)
    const ok = await fetch(`${app.base}/healthz`).then(
      (r) => r.ok,
      () => false,
    )
    if (ok) return
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
  throw new Error(`the app did not serve /healthz in time:\n${app.stderr()}`)
}

function signalGroup(app: App, signal: NodeJS.Signals) {
  try {
    process.kill(-app.child.pid!, signal)
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ESRCH') throw error
  }
}

function groupAlive(app: App) {
  try {
    process.kill(-app.child.pid!, 0)
    return true
  } catch {
    return false
  }
}

/** Until every process of the group is gone (start.js and the server it forked). */
async function waitForGroupExit(app: App) {
  await app.exited
  for (let i = 0; i < 300 && groupAlive(app); i++)
    await new Promise((resolve) => setTimeout(resolve, 100))
  expect(groupAlive(app), 'the app processes are gone').toBe(false)
}

async function logIn(base: string, email: string): Promise<string> {
  const res = await fetch(`${base}/login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', Origin: base },
    body: new URLSearchParams({ email, password: DEMO_PASSWORD, redirectTo: '' }),
    redirect: 'manual',
  })
  await res.arrayBuffer()
  const cookie = res.headers
    .getSetCookie()
    .map((c) => c.split(';')[0]!)
    .find((c) => c.startsWith('kp_session='))
  expect(res.status, `login as ${email}`).toBe(302)
  return cookie!
}

/** Registers a company through the form's action, as the browser posts it. */
async function registerCompany(
  base: string,
  cookie: string,
  kommuneId: string,
  n: number,
): Promise<Outcome> {
  const cvr = String(CVR_BASE + n)
  const name = `Nedbrud ${n} ApS`
  try {
    const res = await fetch(`${base}/virksomheder/ny`, {
      method: 'POST',
      headers: {
        'Content-Type': 'application/x-www-form-urlencoded',
        Origin: base,
        Cookie: cookie,
      },
      body: new URLSearchParams({ cvr, name, kommuneId, segment: 'DRIFT' }),
      redirect: 'manual',
    })
    await res.arrayBuffer()
    const id = /^\/virksomheder\/([^/?]+)$/.exec(res.headers.get('location') ?? '')?.[1]
    if (res.status === 302 && id) return { kind: 'acknowledged', cvr, name, id }
    return { kind: 'refused', cvr, status: res.status }
  } catch (error) {
    return { kind: 'failed', cvr, error: String((error as Error).cause ?? error) }
  }
}

/** The file as the crash left it (with its -wal), read by SQLite itself, not by the app. */
function readDatabase<T>(file: string, read: (db: Database.Database) => T): T {
  const db = new Database(file, { readonly: true, fileMustExist: true })
  try {
    return read(db)
  } finally {
    db.close()
  }
}

test.describe('@security crash safety', () => {
  const apps: App[] = []
  const databaseFile = path.resolve(`.tmp/e2e/crash-${process.pid}-${Date.now()}.db`)

  test.afterAll(async () => {
    for (const app of apps) {
      signalGroup(app, 'SIGKILL')
      await waitForGroupExit(app)
    }
    for (const suffix of ['', '-wal', '-shm']) fs.rmSync(databaseFile + suffix, { force: true })
  })

  test('@security every write acknowledged before a SIGKILL is in the database, which passes its integrity check and serves again', async () => {
    test.setTimeout(300_000)
    fs.mkdirSync(path.dirname(databaseFile), { recursive: true })
    const port = await freePort()
    const first = startApp(databaseFile, port)
    apps.push(first)
    await waitUntilHealthy(first)
    const kommuneId = readDatabase(
      databaseFile,
      (db) =>
        (db.prepare(`SELECT id FROM Kommune WHERE name = 'Kolding'`).get() as { id: string }).id,
    )
    const cookie = await logIn(first.base, LES_KOLDING)

    // The burst: WORKERS registrations in flight at any time; the ACKNOWLEDGED_BEFORE_KILL-th
    // acknowledgement kills the whole process group on the spot, with the others in flight.
    const outcomes: Outcome[] = []
    let sent = 0
    let killedWithInFlight = -1
    await Promise.all(
      Array.from({ length: WORKERS }, async () => {
        while (killedWithInFlight < 0) {
          const outcome = await registerCompany(first.base, cookie, kommuneId, sent++)
          outcomes.push(outcome)
          const acknowledged = outcomes.filter((o) => o.kind === 'acknowledged').length
          if (killedWithInFlight < 0 && acknowledged >= ACKNOWLEDGED_BEFORE_KILL) {
            signalGroup(first, 'SIGKILL')
            killedWithInFlight = sent - outcomes.length
          }
        }
      }),
    )
    await waitForGroupExit(first)
    expect(first.child.signalCode).toBe('SIGKILL')

    const acknowledged = outcomes.filter((o) => o.kind === 'acknowledged')
    const failed = outcomes.filter((o) => o.kind === 'failed')
    test
      .info()
      .annotations.push({
        type: 'burst',
        description: `${sent} sent, ${acknowledged.length} acknowledged, ${failed.length} failed, ${killedWithInFlight} in flight at the kill`,
      })
    // Positive controls: the kill came in the middle of the burst, not after it.
    expect(acknowledged.length).toBeGreaterThanOrEqual(ACKNOWLEDGED_BEFORE_KILL)
    expect(killedWithInFlight).toBeGreaterThan(0)
    expect(failed.length, 'requests in flight when the server died').toBeGreaterThan(0)
    expect(
      outcomes.filter((o) => o.kind === 'refused'),
      'no registration was refused before the kill',
    ).toEqual([])

    // The file as the crash left it: intact, and holding every acknowledged registration with its audit entry.
    const afterCrash = readDatabase(databaseFile, (db) => ({
      integrity: db.pragma('integrity_check'),
      companies: db.prepare(`SELECT id, cvr, name FROM Company WHERE cvr LIKE '9%'`).all() as {
        id: string
        cvr: string
        name: string
      }[],
      audited: (
        db
          .prepare(
            `SELECT entityId FROM AuditEntry WHERE entityType = 'company' AND action = 'CREATE'`,
          )
          .all() as { entityId: string }[]
      ).map((row) => row.entityId),
    }))
    expect(afterCrash.integrity).toEqual([{ integrity_check: 'ok' }])
    const stored = new Map(afterCrash.companies.map((c) => [c.id, c]))
    const missing = acknowledged.filter(
      (o) => stored.get(o.id)?.cvr !== o.cvr || stored.get(o.id)?.name !== o.name,
    )
    expect(missing, 'acknowledged registrations missing after the crash').toEqual([])
    expect(
      acknowledged.filter((o) => !afterCrash.audited.includes(o.id)),
      'acknowledged registrations without their audit entry',
    ).toEqual([])
    // Only what was sent can be there (a registration in flight may or may not have committed).
    expect(afterCrash.companies.length).toBeGreaterThanOrEqual(acknowledged.length)
    expect(afterCrash.companies.length).toBeLessThanOrEqual(sent)

    // The app starts again on the same file and serves: the session from before the crash still
    // holds, and the last acknowledged company shows.
    const second = startApp(databaseFile, port)
    apps.push(second)
    await waitUntilHealthy(second)
    const health = await fetch(`${second.base}/healthz`)
    expect(health.status).toBe(200)
    expect(await health.json()).toEqual({ ok: true })
    const last = acknowledged.at(-1)!
    const page = await fetch(`${second.base}/virksomheder/${last.id}`, {
      headers: { Cookie: cookie },
      redirect: 'manual',
    })
    expect(page.status).toBe(200)
    expect(await page.text()).toContain(last.name)
    expect(readDatabase(databaseFile, (db) => db.pragma('integrity_check'))).toEqual([
      { integrity_check: 'ok' },
    ])

    signalGroup(second, 'SIGTERM')
    await waitForGroupExit(second)
    expect(second.child.exitCode).toBe(0)
  })
})
