import { expect, test } from '@playwright/test'
import { logIn } from './helpers.ts'

// The navigation each demo role must see, kept here independently of the app's own table.
const EXPECTED_NAVIGATION: Record<string, string[]> = {
  'admin@knudepunkt.demo': ['Overblik', 'Administration'],
  'direktor@ehsyd.demo': ['Overblik', 'Hensigtserklæringer', 'Virksomheder og forløb', 'Henvisninger', 'Klyngeaftaler', 'Direktørmøder', 'Mål og rapportering'],
  'kam.kolding@ehsyd.demo': ['Overblik', 'Hensigtserklæringer', 'Virksomheder og forløb', 'Henvisninger', 'Klyngeaftaler', 'Mål og rapportering'],
  'kam.esbjerg@ehsyd.demo': ['Overblik', 'Hensigtserklæringer', 'Virksomheder og forløb', 'Henvisninger', 'Klyngeaftaler', 'Mål og rapportering'],
  'konsulent@ehsyd.demo': ['Overblik', 'Hensigtserklæringer', 'Virksomheder og forløb', 'Henvisninger', 'Klyngeaftaler', 'Mål og rapportering'],
  'les.kolding@kolding.demo': ['Overblik', 'Hensigtserklæringer', 'Virksomheder og forløb', 'Henvisninger'],
  'lesdir.kolding@kolding.demo': ['Overblik', 'Hensigtserklæringer', 'Virksomheder og forløb', 'Henvisninger', 'Direktørmøder', 'Mål og rapportering'],
  'les.vejle@vejle.demo': ['Overblik', 'Hensigtserklæringer', 'Virksomheder og forløb', 'Henvisninger'],
  'kommune.kolding@kolding.demo': ['Overblik', 'Hensigtserklæringer', 'Mål og rapportering'],
  'br.trekant@trekant.demo': ['Overblik', 'Hensigtserklæringer', 'Direktørmøder', 'Mål og rapportering'],
  'kkr@kkr.demo': ['Overblik', 'Hensigtserklæringer', 'Klyngeaftaler', 'Mål og rapportering'],
}

test.describe('@auth log in, navigation and access', () => {
  for (const [email, labels] of Object.entries(EXPECTED_NAVIGATION)) {
    test(`@auth ${email} logs in and sees their navigation`, async ({ page }) => {
      await logIn(page, email)
      const links = page.getByRole('navigation', { name: 'Hovedmenu' }).getByRole('link')
      await expect(links).toHaveText(labels)
      // Every link in the navigation opens a page, not an error.
      for (const label of labels) {
        await page.getByRole('navigation', { name: 'Hovedmenu' }).getByRole('link', { name: label, exact: true }).click()
        await expect(page.getByRole('alert')).toHaveCount(0)
        await expect(page.getByRole('heading', { level: 1 }).first()).toBeVisible()
      }
    })
  }

  test('@auth a wrong password shows one generic error and no session', async ({ page }) => {
    await page.goto('/login')
    await page.getByLabel('E-mail').fill('direktor@ehsyd.demo')
    await page.getByLabel('Adgangskode').fill('forkert-kode')
    await page.getByRole('button', { name: 'Log ind' }).click()
    await expect(page.getByRole('alert')).toHaveText('Forkert e-mail eller adgangskode.')
    await expect(page.getByLabel('E-mail')).toHaveValue('direktor@ehsyd.demo')
    await page.goto('/')
    await expect(page).toHaveURL(/\/login$/)
  })

  test('@auth an invalid e-mail gets a field error before anything is sent', async ({ page }) => {
    await page.goto('/login')
    await page.getByLabel('E-mail').fill('ikke-en-mail')
    await page.getByLabel('Adgangskode').fill('x')
    await page.getByRole('button', { name: 'Log ind' }).click()
    await expect(page.getByText('Skriv en gyldig e-mailadresse.')).toBeVisible()
  })

  test('@auth logging out ends the session', async ({ page }) => {
    await logIn(page, 'konsulent@ehsyd.demo')
    await page.getByRole('button', { name: /Brugermenu for/ }).click()
    await page.getByRole('menuitem', { name: 'Log ud' }).click()
    await expect(page.getByText('Du er logget ud.')).toBeVisible()
    await page.goto('/klyngeaftaler')
    await expect(page).toHaveURL(/\/login\?redirectTo=%2Fklyngeaftaler$/)
  })

  test('@auth after login the user lands on the page they asked for', async ({ page }) => {
    await page.goto('/klyngeaftaler')
    await page.getByLabel('E-mail').fill('kkr@kkr.demo')
    await page.getByLabel('Adgangskode').fill('knudepunkt-demo')
    await page.getByRole('button', { name: 'Log ind' }).click()
    await expect(page.getByRole('heading', { name: 'Klyngeaftaler' })).toBeVisible()
  })

  test('@auth a page the role may not see gives the Danish 403 page naming the permission', async ({ page }) => {
    await logIn(page, 'les.kolding@kolding.demo')
    const response = await page.goto('/admin/kommuner')
    expect(response?.status()).toBe(403)
    await expect(page.getByRole('heading', { name: 'Du har ikke adgang til denne side' })).toBeVisible()
    await expect(page.getByText('Du mangler tilladelsen til at se administrationen.')).toBeVisible()
    await expect(page.getByRole('navigation', { name: 'Hovedmenu' })).toBeVisible()
  })

  test('@auth KKR cannot open company data', async ({ page }) => {
    await logIn(page, 'kkr@kkr.demo')
    const response = await page.goto('/virksomheder')
    expect(response?.status()).toBe(403)
    await expect(page.getByText('Du mangler tilladelsen til at se virksomheder og forløb.')).toBeVisible()
  })

  test('@auth an unknown address gives the Danish 404 page', async ({ page }) => {
    await logIn(page, 'direktor@ehsyd.demo')
    const response = await page.goto('/findes-ikke')
    expect(response?.status()).toBe(404)
    await expect(page.getByRole('heading', { name: 'Siden findes ikke' })).toBeVisible()
  })

  test('@auth a cross-site form post is refused', async ({ page }) => {
    const response = await page.request.post('/login', {
      headers: { Origin: 'https://evil.example', 'Sec-Fetch-Site': 'cross-site' },
      form: { email: 'direktor@ehsyd.demo', password: 'knudepunkt-demo' },
    })
    expect(response.status()).toBe(403)
  })

  test('@auth the health check answers', async ({ request }) => {
    const response = await request.get('/healthz')
    expect(response.status()).toBe(200)
    expect(await response.json()).toEqual({ ok: true })
  })
})
