import { expect, test, type Page } from '@playwright/test'
import { logIn, pageAs, takeStep } from './helpers.ts'

const YEAR = Number(new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Copenhagen', year: 'numeric' }).format(new Date()))

async function fillCompleteContent(page: Page) {
  await page.getByLabel('Overordnede temaer').fill('Grøn omstilling og digitalisering i de små og mellemstore virksomheder')
  await page.getByRole('button', { name: 'Tilføj mål' }).click()
  await page.getByLabel('Mål og indsats').fill('30 virksomheder i grønne forløb')
  await page.getByLabel('Ansvarlig').fill('Kasper Kjær og Lone Lund')
  await page.getByLabel('Indikator').fill('Antal forløb registreret i Knudepunkt')
  await page.getByLabel('Samarbejdsmodel').fill('Fælles ugentligt møde mellem key account manager og LES')
  await page.getByLabel('Deling af viden om virksomheder').fill('I Knudepunkt, altid med virksomhedens samtykke')
  await page.getByLabel('Opsøgende virksomhedsindsats').fill('Fælles kampagne mod produktionsvirksomheder i foråret')
  await page.getByLabel('Lokale arbejdsdage hos LES pr. måned').fill('2')
  await page.getByRole('button', { name: 'Gem indhold' }).click()
  await expect(page.getByText('Indholdet er gemt som version 2.')).toBeVisible()
}

test.describe('@declaration intent declarations', () => {
  test('@declaration Kolding is drafted, sent for signatures, signed by three parties and turns active live on the year overview', async ({ browser }) => {
    test.setTimeout(90_000)
    const kam = await pageAs(browser, 'kam.kolding@ehsyd.demo')
    await kam.getByRole('navigation', { name: 'Hovedmenu' }).getByRole('link', { name: 'Hensigtserklæringer' }).click()
    // A key account manager lands on their own kommuner.
    await expect(kam.getByRole('switch', { name: 'Kun mine kommuner' })).toBeChecked()
    await expect(kam.locator('tr[data-kommune="Esbjerg"]')).toHaveCount(0)
    await kam.getByRole('button', { name: `Opret kladde for Kolding ${YEAR}` }).click()
    await expect(kam.getByRole('heading', { name: `Kolding · ${YEAR}` })).toBeVisible()
    await expect(kam.getByText('Før erklæringen kan sendes til underskrift, mangler:')).toBeVisible()

    await fillCompleteContent(kam)
    await takeStep(kam, 'Start dialogen')
    await expect(kam.getByText('Før erklæringen kan sendes til underskrift, mangler:')).toHaveCount(0)
    await takeStep(kam, 'Send til underskrift', { confirm: true })
    await expect(kam.getByRole('button', { name: 'Gem indhold' })).toHaveCount(0)
    const declarationUrl = new URL(kam.url()).pathname

    // A fourth person watches the year overview.
    const watcher = await pageAs(browser, 'br.trekant@trekant.demo')
    await watcher.goto(`/hensigtserklaeringer?aar=${YEAR}`)
    const koldingRow = watcher.locator('tr[data-kommune="Kolding"]')
    await expect(koldingRow).toContainText('Afventer underskrifter')
    await watcher.evaluate(() => ((window as unknown as { __notReloaded: boolean }).__notReloaded = true))

    for (const email of ['kommune.kolding@kolding.demo', 'lesdir.kolding@kolding.demo', 'direktor@ehsyd.demo']) {
      const signer = await pageAs(browser, email)
      await signer.goto(declarationUrl)
      await takeStep(signer, 'Underskriv', { confirm: true })
      await expect(signer.getByRole('listitem', { name: /underskrevet$/ }).first()).toBeVisible()
    }

    await expect(koldingRow).toContainText('Aktiv')
    await expect(koldingRow.getByLabel('Underskrevet af 3 af 3 parter')).toBeVisible()
    expect(await watcher.evaluate(() => (window as unknown as { __notReloaded?: boolean }).__notReloaded)).toBe(true)

    // The key account manager's open page followed along, and the print view shows the signatories.
    await expect(kam.getByRole('list', { name: 'Underskrifter' }).getByText('Underskrevet', { exact: true })).toHaveCount(3)
    await kam.goto(`${declarationUrl}/print`)
    await expect(kam.getByText('Kirsten Kolind')).toBeVisible()
    await expect(kam.getByText(/^Underskrevet \d+\. \w+ \d{4}$/)).toHaveCount(3)
  })

  test('@declaration les.vejle can neither see, edit nor sign Kolding\'s declaration', async ({ browser }) => {
    const kam = await pageAs(browser, 'kam.kolding@ehsyd.demo')
    await kam.goto(`/hensigtserklaeringer?aar=${YEAR + 1}`)
    await kam.getByRole('button', { name: `Opret kladde for Kolding ${YEAR + 1}` }).click()
    await expect(kam.getByRole('heading', { name: `Kolding · ${YEAR + 1}` })).toBeVisible()
    const url = new URL(kam.url()).pathname

    const vejle = await pageAs(browser, 'les.vejle@vejle.demo')
    const response = await vejle.goto(url)
    expect(response?.status()).toBe(403)
    const attempts: Record<string, string>[] = [
      { intent: 'transition', event: 'SIGN', version: '1' },
      { intent: 'save-content', contentRevision: '1', themes: 'Overtaget', workdaysPerMonth: '1' },
    ]
    for (const form of attempts) {
      const post = await vejle.request.post(url, { form, headers: { Origin: new URL(vejle.url()).origin } })
      expect(post.status()).toBe(403)
    }
    await kam.reload()
    await expect(kam.getByLabel('Overordnede temaer')).toHaveValue('')
  })

  test('@declaration two people on one declaration see comments live, and a conflicting edit gets 409 and keeps the text', async ({ browser }) => {
    const kam = await pageAs(browser, 'kam.kolding@ehsyd.demo')
    await kam.goto(`/hensigtserklaeringer?aar=${YEAR + 2}`)
    await kam.getByRole('button', { name: `Opret kladde for Vejle ${YEAR + 2}` }).click()
    await expect(kam.getByRole('heading', { name: `Vejle · ${YEAR + 2}` })).toBeVisible()
    const url = new URL(kam.url()).pathname
    const director = await pageAs(browser, 'direktor@ehsyd.demo')
    await director.goto(url)

    await director.getByLabel('Ny kommentar').fill('Hej @Kasper Kjær, skal vi tage eksport med?')
    await director.getByRole('button', { name: 'Send kommentar' }).click()
    await expect(kam.getByRole('list', { name: 'Kommentarer' })).toContainText('skal vi tage eksport med?')
    await expect(kam.getByRole('link', { name: /Notifikationer, \d+ ulæste/ })).toBeVisible()

    await kam.getByLabel('Overordnede temaer').fill('Eksport')
    await director.getByLabel('Overordnede temaer').fill('Digitalisering')
    await kam.getByRole('button', { name: 'Gem indhold' }).click()
    await expect(kam.getByText('Indholdet er gemt som version 2.')).toBeVisible()
    await expect(director.getByText(/En anden har gemt en nyere version \(2\)/)).toBeVisible()
    const [response] = await Promise.all([
      director.waitForResponse((r) => r.request().method() === 'POST'),
      director.getByRole('button', { name: 'Gem indhold' }).click(),
    ])
    expect(response.status()).toBe(409)
    await expect(director.getByText(/Posten er blevet ændret af en anden/)).toBeVisible()
    await expect(director.getByLabel('Overordnede temaer')).toHaveValue('Digitalisering')

    // The two versions can be compared.
    await kam.getByRole('button', { name: 'Vis forskelle' }).click()
    await expect(kam.getByRole('region', { name: 'Forskelle mellem version 1 og 2' })).toContainText('Eksport')
  })

  test('@declaration a key account manager logs a local workday and the month is no longer flagged', async ({ page }) => {
    await logIn(page, 'kam.kolding@ehsyd.demo')
    await expect(page.getByRole('status').filter({ hasText: /Ingen lokal arbejdsdag i/ })).toContainText('Kolding')
    await page.goto('/hensigtserklaeringer/arbejdsdage')
    await page.getByLabel('Kommune').selectOption({ label: 'Kolding' })
    await page.getByLabel('Dato').fill('2099-01-01')
    await page.getByRole('button', { name: 'Registrér' }).click()
    await expect(page.getByText('En arbejdsdag kan ikke ligge i fremtiden.')).toBeVisible()
    await page.getByLabel('Dato').fill(new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Copenhagen' }).format(new Date()))
    await page.getByLabel('Virksomheder mødt').fill('4')
    await page.getByLabel('Noter').fill('Møde med erhvervskonsulenterne om forårets kampagne')
    await page.getByRole('button', { name: 'Registrér' }).click()
    await expect(page.getByText('Arbejdsdagen er registreret.')).toBeVisible()
    await expect(page.getByRole('table', { name: 'Seneste lokale arbejdsdage' })).toContainText('forårets kampagne')
    await page.goto('/')
    const flag = page.getByRole('status').filter({ hasText: /Ingen lokal arbejdsdag i/ })
    if ((await flag.count()) > 0) await expect(flag).not.toContainText('Kolding')
  })
})
