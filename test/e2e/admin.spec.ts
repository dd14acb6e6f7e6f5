import { expect, test } from '@playwright/test'
import { acceptInvite, inviteUser, logIn } from './helpers.ts'

test.describe('@auth administration', () => {
  test('@auth an admin changes a kommune\'s key account manager and it shows on that manager\'s Overblik', async ({ browser }) => {
    const adminContext = await browser.newContext()
    const admin = await adminContext.newPage()
    await logIn(admin, 'admin@knudepunkt.demo')
    await admin.goto('/admin/kommuner')
    await admin.getByRole('link', { name: 'Haderslev' }).click()
    await admin.getByLabel('Key account manager').selectOption({ label: 'Karen Esbensen' })
    await admin.getByRole('button', { name: 'Gem ændringer' }).click()
    await expect(admin.getByText('Ændringerne er gemt.')).toBeVisible()
    // The history names who changed what.
    await expect(admin.getByText('Kommunen Haderslev er ændret')).toBeVisible()
    await expect(admin.getByText('Anne Admin').first()).toBeVisible()

    const kamContext = await browser.newContext()
    const kam = await kamContext.newPage()
    await logIn(kam, 'kam.esbjerg@ehsyd.demo')
    const mine = kam.getByRole('table', { name: 'Kommuner, du er key account manager for' })
    for (const name of ['Esbjerg', 'Fanø', 'Varde', 'Haderslev']) await expect(mine).toContainText(name)
    await adminContext.close()
    await kamContext.close()
  })

  test('@auth an invalid kommune code gets a Danish field error and nothing is saved', async ({ page }) => {
    await logIn(page, 'admin@knudepunkt.demo')
    await page.goto('/admin/kommuner')
    await page.getByRole('link', { name: 'Tønder' }).click()
    await page.getByLabel('Kommunekode').fill('12a')
    await page.getByRole('button', { name: 'Gem ændringer' }).click()
    await expect(page.getByText('Kommunekoden er 3 eller 4 cifre, fx 0621.')).toBeVisible()
    await page.reload()
    await expect(page.getByLabel('Kommunekode')).toHaveValue('0550')
  })

  test('@auth a duplicate kommune code is a field error from the server', async ({ page }) => {
    await logIn(page, 'admin@knudepunkt.demo')
    await page.goto('/admin/kommuner')
    await page.getByRole('link', { name: 'Vejen' }).click()
    await page.getByLabel('Kommunekode').fill('0621')
    await page.getByRole('button', { name: 'Gem ændringer' }).click()
    await expect(page.getByText('Der findes allerede en kommune med denne kode.')).toBeVisible()
  })

  test('@auth a stale edit gets 409 and keeps what the user typed', async ({ browser }) => {
    const first = await (await browser.newContext()).newPage()
    const second = await (await browser.newContext()).newPage()
    await logIn(first, 'admin@knudepunkt.demo')
    await logIn(second, 'admin@knudepunkt.demo')
    await first.goto('/admin/kommuner')
    await first.getByRole('link', { name: 'Billund' }).click()
    await first.waitForURL(/\/admin\/kommuner\/.+/)
    await second.goto(first.url())

    await first.getByLabel('Området er bekræftet').check()
    await first.getByRole('button', { name: 'Gem ændringer' }).click()
    await expect(first.getByText('Ændringerne er gemt.')).toBeVisible()

    await second.getByLabel('Navn').fill('Billund (ændret)')
    const [response] = await Promise.all([
      second.waitForResponse((r) => r.request().method() === 'POST'),
      second.getByRole('button', { name: 'Gem ændringer' }).click(),
    ])
    expect(response.status()).toBe(409)
    await expect(second.getByText(/Posten er blevet ændret af en anden/)).toBeVisible()
    await expect(second.getByLabel('Navn')).toHaveValue('Billund (ændret)')
  })

  test('@auth an admin invites a user, who sets a password from the link and logs in', async ({ browser }) => {
    const adminPage = await (await browser.newContext()).newPage()
    await logIn(adminPage, 'admin@knudepunkt.demo')
    await adminPage.goto('/admin/brugere')
    await adminPage.getByRole('link', { name: 'Invitér bruger' }).click()
    await expect(adminPage).toHaveURL(/\/admin\/brugere\/ny$/)
    const user = { name: 'Birgit Billund', email: 'birgit@billund.dk', organisation: 'Billund Erhverv', role: 'Medarbejder, lokal erhvervsservice (LES)' }
    const link = await inviteUser(adminPage, user)
    expect(link).toMatch(/\/adgangskode\/[a-z2-7]{32}$/)

    // The same e-mail again is a field error, not a 500.
    await adminPage.getByLabel('Navn').fill('Kopi')
    await adminPage.getByLabel('E-mail').fill('birgit@billund.dk')
    await adminPage.getByLabel('Organisation').selectOption({ label: 'Billund Erhverv' })
    await adminPage.getByRole('checkbox', { name: user.role }).check()
    await adminPage.getByRole('button', { name: 'Invitér' }).click()
    await expect(adminPage.getByText('Der findes allerede en bruger med denne e-mail.')).toBeVisible()

    const invited = await (await browser.newContext()).newPage()
    await acceptInvite(invited, link, user.email, 'billund-er-dejligt')
    await expect(invited.getByRole('heading', { name: 'Goddag, Birgit Billund' })).toBeVisible()

    // The link works once.
    await invited.goto(new URL(link).pathname)
    await expect(invited.getByText('Linket er brugt, udløbet eller ugyldigt.', { exact: false })).toBeVisible()
  })

  test('@auth deactivating a user asks first and logs them out everywhere', async ({ browser }) => {
    const admin = await (await browser.newContext()).newPage()
    await logIn(admin, 'admin@knudepunkt.demo')
    const user = { name: 'Dennis Deaktiv', email: 'dennis@vejen.dk', organisation: 'UdviklingVejen', role: 'Medarbejder, lokal erhvervsservice (LES)' }
    const link = await inviteUser(admin, user)
    const victim = await (await browser.newContext()).newPage()
    await acceptInvite(victim, link, user.email, 'vejen-vejen-vejen')

    await admin.goto('/admin/brugere')
    await admin.getByRole('link', { name: user.name }).click()
    await admin.getByRole('button', { name: 'Deaktivér' }).click()
    const dialog = admin.getByRole('dialog', { name: `Deaktivér ${user.name}?` })
    await expect(dialog).toBeVisible()
    await dialog.getByRole('button', { name: 'Deaktivér' }).click()
    await expect(admin.getByText('Brugeren er deaktiveret, og alle sessioner er afsluttet.')).toBeVisible()

    await victim.goto('/henvisninger')
    await expect(victim).toHaveURL(/\/login/)
  })
})

test.describe('@realtime notifications, outbox and jobs', () => {
  test('@realtime without SMTP the e-mail waits in the outbox, and an admin can run a job now', async ({ page }) => {
    await logIn(page, 'admin@knudepunkt.demo')
    await page.goto('/admin/kommuner')
    await page.getByRole('link', { name: 'Sønderborg' }).click()
    await page.getByLabel('Key account manager').selectOption({ label: 'Kasper Kjær' })
    await page.getByRole('button', { name: 'Gem ændringer' }).click()
    await expect(page.getByText('Ændringerne er gemt.')).toBeVisible()

    await page.getByRole('tab', { name: 'Udbakke' }).click()
    await expect(page.getByText('SMTP er ikke sat op (SMTP_URL)', { exact: false })).toBeVisible()
    const email = page.getByRole('button', { name: /Knudepunkt: Du er nu key account manager for Sønderborg/ })
    await expect(email).toContainText('kam.kolding@ehsyd.demo')
    await email.click()
    await expect(page.getByText('Sønderborg Kommune og Sønderborg Kommunes Erhvervsservice har dig som key account manager')).toBeVisible()

    await page.getByRole('tab', { name: 'Planlagte job' }).click()
    const row = page.getByRole('row', { name: /Sender e-mails fra udbakken/ })
    await row.getByRole('button', { name: 'Kør nu' }).click()
    await expect(page.getByText(/^Kørt: SMTP er ikke sat op/)).toBeVisible()
  })

  test('@realtime a user chooses e-mail only for one kind of notification', async ({ page }) => {
    await logIn(page, 'kam.kolding@ehsyd.demo')
    await page.getByRole('button', { name: /Brugermenu for/ }).click()
    await page.getByRole('menuitem', { name: 'Indstillinger' }).click()
    const kind = page.getByRole('radiogroup', { name: 'Du får eller mister en kommune som key account manager' })
    await kind.getByRole('radio', { name: 'Kun e-mail' }).check()
    await page.getByRole('button', { name: 'Gem' }).click()
    await expect(page.getByText('Dine valg er gemt.')).toBeVisible()
    await page.reload()
    await expect(page.getByRole('radiogroup', { name: 'Du får eller mister en kommune som key account manager' }).getByRole('radio', { name: 'Kun e-mail' })).toBeChecked()
  })
})
