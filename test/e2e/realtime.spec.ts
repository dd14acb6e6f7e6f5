import { spawn, type ChildProcess } from 'node:child_process'
import { once } from 'node:events'
import { expect, test, type Page } from '@playwright/test'
import { logIn } from './helpers.ts'

/** Marks the page so a test can tell a live update from a reload (a reload loses the mark). */
async function markPage(page: Page) {
  await page.evaluate(() => ((window as unknown as { __notReloaded: boolean }).__notReloaded = true))
}
async function wasNotReloaded(page: Page) {
  return page.evaluate(() => (window as unknown as { __notReloaded?: boolean }).__notReloaded === true)
}

test.describe('@realtime live updates', () => {
  test('@realtime a change by one user shows on another user\'s open page without a reload', async ({ browser }) => {
    const kam = await (await browser.newContext()).newPage()
    await logIn(kam, 'kam.esbjerg@ehsyd.demo')
    await expect(kam.getByRole('status').filter({ hasText: 'Live' })).toBeVisible()
    const mine = kam.getByRole('table', { name: 'Kommuner, du er key account manager for' })
    await expect(mine).not.toContainText('Middelfart')
    await markPage(kam)

    const admin = await (await browser.newContext()).newPage()
    await logIn(admin, 'admin@knudepunkt.demo')
    await admin.goto('/admin/kommuner')
    await admin.getByRole('link', { name: 'Middelfart' }).click()
    await admin.getByLabel('Key account manager').selectOption({ label: 'Karen Esbensen' })
    await admin.getByRole('button', { name: 'Gem ændringer' }).click()
    await expect(admin.getByText('Ændringerne er gemt.')).toBeVisible()

    await expect(mine).toContainText('Middelfart')
    // The notification arrives live too: the bell counts it.
    await expect(kam.getByRole('link', { name: /Notifikationer, \d+ ulæste/ })).toBeVisible()
    expect(await wasNotReloaded(kam)).toBe(true)

    await kam.getByRole('link', { name: /Notifikationer, \d+ ulæste/ }).click()
    await expect(kam.getByText('Du er nu key account manager for Middelfart')).toBeVisible()
  })

  test('@realtime the indicator shows reconnecting while the server is away and recovers', async ({ page }) => {
    test.setTimeout(60_000)
    const port = 3194
    const start = (): ChildProcess =>
      spawn(process.execPath, ['--import', 'tsx', 'server/index.ts'], {
        env: { ...process.env, NODE_ENV: 'production', PORT: String(port), HOST: '127.0.0.1', DATABASE_URL: process.env.E2E_DATABASE_URL, LOG_LEVEL: 'silent', JOBS: 'off' },
        stdio: 'ignore',
      })
    const waitUntilUp = async () => {
      for (let i = 0; i < 100; i++) {
        if (await fetch(`http://127.0.0.1:${port}/healthz`).then((r) => r.ok).catch(() => false)) return
        await new Promise((resolve) => setTimeout(resolve, 100))
      }
      throw new Error('server did not come up')
    }

    let server = start()
    try {
      await waitUntilUp()
      await page.goto(`http://127.0.0.1:${port}/login`)
      await page.getByLabel('E-mail').fill('kkr@kkr.demo')
      await page.getByLabel('Adgangskode').fill('knudepunkt-demo')
      await page.getByRole('button', { name: 'Log ind' }).click()
      const indicator = page.locator('[data-status]')
      await expect(indicator).toHaveAttribute('data-status', 'connected')
      await expect(indicator).toHaveText('Live')

      server.kill('SIGTERM')
      await once(server, 'exit')
      await expect(indicator).toHaveAttribute('data-status', 'reconnecting')
      await expect(indicator).toHaveText('Genforbinder …')

      server = start()
      await waitUntilUp()
      await expect(indicator).toHaveAttribute('data-status', 'connected', { timeout: 15_000 })
      await expect(page.getByRole('heading', { name: 'Goddag, Karl Krogh' })).toBeVisible()
    } finally {
      server.kill('SIGTERM')
      if (server.exitCode === null) await once(server, 'exit')
    }
  })
})
