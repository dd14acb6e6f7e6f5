import { expect, test, type Page } from '@playwright/test'
import {
  copenhagenDate,
  createCase,
  expectNotReloaded,
  inDays,
  live,
  pageAs,
  registerCompany,
  setMarker,
  takeStep,
  uniqueCvr,
  uniqueToken,
} from './helpers.ts'

/**
 * Consent-gated sharing (issue 5, DOMAIN.md "Consent-gated sharing"): a company logged by one
 * organisation is shown to the others de-identified until the company consents, and granting or
 * revoking consent changes the other organisation's open pages without a reload.
 */

const HOUSE = 'Erhvervshus Sydjylland'
const LES_KOLDING = 'les.kolding@kolding.demo'
const KAM_KOLDING = 'kam.kolding@ehsyd.demo'
const LES_VEJLE = 'les.vejle@vejle.demo'

/** Records a consent for Erhvervshus Sydjylland (preselected) for joint guidance on the company page. */
async function recordConsent(page: Page, companyId: string) {
  if (new URL(page.url()).pathname !== `/virksomheder/${companyId}`)
    await page.goto(`/virksomheder/${companyId}`)
  await live(page)
  await page.getByRole('button', { name: 'Registrér samtykke' }).click()
  const form = page.getByRole('form', { name: 'Registrér samtykke' })
  await form.getByLabel('Givet af (navn)').fill('Karen Kobber')
  await form.getByLabel('Stilling').fill('Direktør')
  await form.getByLabel('Hvordan').selectOption({ label: 'Pr. e-mail' })
  await form.getByLabel('Givet den').fill(copenhagenDate(new Date()))
  await expect(form.getByRole('radio', { name: 'Navngivne organisationer' })).toBeChecked()
  // The Erhvervshus is preselected in the organisations picker.
  await expect(form.getByText(HOUSE, { exact: true })).toBeVisible()
  await expect(form.getByRole('checkbox', { name: 'Fælles vejledning' })).toBeChecked()
  await form.getByLabel('Gælder til og med').fill(inDays(180))
  await form.getByRole('button', { name: 'Registrér samtykke' }).click()
  await expect(page.getByText('Samtykket er registreret.').last()).toBeVisible()
  const active = page.locator('[data-consent-status="active"]')
  await expect(active).toHaveCount(1)
  await expect(active).toContainText(HOUSE)
  await expect(active).toContainText('Fælles vejledning')
  await expect(active).toContainText('Givet af Karen Kobber (Direktør)')
}

/** Neither the rendered page nor the data shipped with it (the HTML holds the loader data) names the company. */
async function expectNoIdentity(page: Page, secrets: string[]) {
  const html = await page.content()
  const text = await page.locator('body').innerText()
  for (const secret of secrets) {
    expect(html, `page ${page.url()} must not contain «${secret}»`).not.toContain(secret)
    expect(text).not.toContain(secret)
  }
}

test.describe('@consent consent-gated sharing of company data', () => {
  test('@consent a company logged without consent is de-identified for the Erhvervshus, appears live on consent, hides live on revocation, and Vejle never sees it', async ({
    browser,
  }) => {
    test.setTimeout(60_000)
    const [les, feed, vejle] = await Promise.all([
      pageAs(browser, LES_KOLDING),
      pageAs(browser, KAM_KOLDING),
      pageAs(browser, LES_VEJLE),
    ])
    // 1. les.kolding registers a company and a case, without consent.
    const company = await registerCompany(les, 'Kobbervig')
    const title = `Eksportafklaring ${uniqueToken()}`
    const caseId = await createCase(les, company, title, 'Eksport')
    const secrets = [company.name, company.cvr, title]
    // Search by a part of the name finds it for the owner (so the same search below is a real test).
    await les.goto(`/virksomheder?q=${company.token.toLowerCase()}`)
    await expect(
      les.locator('[aria-label="Søgeresultater"]').getByRole('link', { name: company.name }),
    ).toBeVisible()

    // 2. The key account manager sees the case in his feed and on its page, de-identified.
    await feed.goto('/virksomheder')
    const row = feed
      .getByRole('table', { name: 'Forløb i området' })
      .locator('tr', { has: feed.locator(`a[href="/virksomheder/forloeb/${caseId}"]`) })
    await expect(row).toContainText('Virksomhed i Kolding')
    await expect(row).toContainText('anonymiseret visning')
    await expect(row).toContainText('Business Kolding')
    await expectNoIdentity(feed, secrets)

    const kamCase = await feed.context().newPage()
    await kamCase.goto(`/virksomheder/forloeb/${caseId}`)
    await expect(kamCase.getByRole('heading', { level: 1, name: 'Forløb i Kolding' })).toBeVisible()
    await expect(kamCase.getByText('Anonymiseret visning', { exact: true })).toBeVisible()
    const caseCompanies = kamCase.locator('[aria-label="Virksomheder i forløbet"]')
    await expect(caseCompanies).toContainText('Virksomhed i Kolding')
    await expect(caseCompanies).toContainText('anonymiseret visning')
    await expectNoIdentity(kamCase, secrets)
    await live(feed)
    await live(kamCase)
    await setMarker(feed)
    await setMarker(kamCase)

    // 3. les.kolding records consent for the Erhvervshus; both open pages show the company live.
    await recordConsent(les, company.id)
    await expect(kamCase.getByRole('link', { name: company.name })).toBeVisible({ timeout: 10_000 })
    await expect(kamCase.getByRole('heading', { level: 1, name: title })).toBeVisible()
    await expect(caseCompanies).toContainText(`CVR ${company.cvr}`)
    await expect(caseCompanies).toContainText('samtykke')
    await expect(row.getByRole('link', { name: company.name })).toBeVisible({ timeout: 10_000 })
    await expect(row.getByRole('link', { name: title })).toBeVisible()
    await expectNotReloaded(kamCase)
    await expectNotReloaded(feed)

    // The view through consent is written to the company's access log.
    await les.reload()
    await expect(les.getByRole('table', { name: 'Adgangslog' })).toContainText('Kasper Kjær')
    await live(les)

    // 5. les.vejle (Business Vejle, not covered by the consent) never sees the identity.
    await vejle.goto(`/virksomheder/${company.id}`)
    await expect(
      vejle.getByRole('heading', { level: 1, name: 'Virksomhed i Kolding' }),
    ).toBeVisible()
    await expect(vejle.getByText('Anonymiseret visning').first()).toBeVisible()
    await expectNoIdentity(vejle, secrets)

    await vejle.goto(`/virksomheder/forloeb/${caseId}`)
    await expect(vejle.getByRole('heading', { level: 1, name: 'Forløb i Kolding' })).toBeVisible()
    await expect(vejle.locator('[aria-label="Virksomheder i forløbet"]')).toContainText(
      'Virksomhed i Kolding',
    )
    await expectNoIdentity(vejle, secrets)

    await vejle.goto('/virksomheder?kommune=alle')
    await expect(
      vejle
        .getByRole('table', { name: 'Forløb i området' })
        .locator(`a[href="/virksomheder/forloeb/${caseId}"]`),
    ).toHaveText('Forløb i Kolding')
    await expectNoIdentity(vejle, secrets)
    await live(vejle)
    await vejle.getByRole('tab', { name: /Virksomheder i området/ }).click()
    const vejleCompanyRow = vejle
      .getByRole('table', { name: 'Virksomheder i området' })
      .locator(`a[href="/virksomheder/${company.id}"]`)
    await expect(vejleCompanyRow).toHaveText('Virksomhed i Kolding')
    await expectNoIdentity(vejle, secrets)

    // Searches: part of the name, the full CVR, and the start of the CVR.
    const searches = [
      { q: company.token.toLowerCase(), secrets },
      { q: company.cvr, secrets: [company.name, title] },
      { q: company.cvr.slice(0, 6), secrets },
    ]
    for (const search of searches) {
      await vejle.goto(`/virksomheder?q=${search.q}&kommune=alle`)
      await expect(vejle.locator('[aria-label="Søgeresultater"]')).toContainText(
        `Ingen virksomheder, du må se, matcher «${search.q}»`,
      )
      await expectNoIdentity(vejle, search.secrets)
    }

    // 4. les.kolding revokes the consent; the manager's open pages hide the company again, live.
    await les
      .locator('[data-consent-status="active"]')
      .getByRole('button', { name: 'Tilbagekald' })
      .click()
    const dialog = les.getByRole('dialog', { name: 'Tilbagekald samtykke' })
    await dialog
      .getByLabel('Begrundelse')
      .fill('Virksomheden har trukket samtykket tilbage pr. telefon')
    await dialog.getByRole('button', { name: 'Tilbagekald' }).click()
    await expect(les.getByText('Samtykket er tilbagekaldt.').last()).toBeVisible()
    await expect(les.locator('[data-consent-status="revoked"]')).toContainText(
      'Virksomheden har trukket samtykket tilbage pr. telefon',
    )
    await expect(les.locator('[data-consent-status="active"]')).toHaveCount(0)

    await expect(kamCase.getByRole('link', { name: company.name })).toHaveCount(0, {
      timeout: 10_000,
    })
    await expect(kamCase.getByRole('heading', { level: 1, name: 'Forløb i Kolding' })).toBeVisible()
    await expect(caseCompanies).toContainText('Virksomhed i Kolding')
    await expect(row.getByRole('link', { name: company.name })).toHaveCount(0, { timeout: 10_000 })
    await expect(row).toContainText('Virksomhed i Kolding')
    await expectNotReloaded(kamCase)
    await expectNotReloaded(feed)
    // Nothing is left behind in the open pages (title, hidden elements, data).
    for (const page of [kamCase, feed]) await expectNoIdentity(page, secrets)
  })

  test('@consent a hand-over to the Erhvervshus is blocked without consent, with a link to record it, and allowed after', async ({
    browser,
  }) => {
    const [les, kam] = await Promise.all([
      pageAs(browser, LES_KOLDING),
      pageAs(browser, KAM_KOLDING),
    ])
    const company = await registerCompany(les, 'Kobbervig')
    const title = `Grøn omstilling ${uniqueToken()}`
    const caseId = await createCase(les, company, title, 'Eksport')

    const blocked = les
      .getByRole('alert')
      .filter({ hasText: 'Overdragelse til Erhvervshuset kræver samtykke' })
    await expect(blocked).toBeVisible()
    await expect(blocked).toContainText(company.name)
    await expect(les.getByRole('button', { name: 'Overdrag til Erhvervshuset' })).toHaveCount(0)
    // A hand-over sent anyway is refused and names the missing consent.
    const version = await les.locator('input[name="version"]').first().inputValue()
    const refused = await les.request.post(`/virksomheder/forloeb/${caseId}`, {
      form: { intent: 'transition', event: 'HAND_OVER', version },
      headers: { Origin: new URL(les.url()).origin },
    })
    expect(refused.status()).toBe(409)
    expect(await refused.text()).toContain(
      `${company.name} mangler et samtykke, der omfatter Erhvervshuset til fælles vejledning`,
    )

    await blocked.getByRole('link', { name: 'Registrér samtykke' }).click()
    await expect(les).toHaveURL(
      new RegExp(`/virksomheder/${company.id}\\?tilbage=[^#]+#registrer-samtykke$`),
    )
    await recordConsent(les, company.id)

    // The company page leads back to the case.
    await les.getByRole('link', { name: 'Tilbage til forløbet' }).click()
    await expect(les).toHaveURL(new RegExp(`/virksomheder/forloeb/${caseId}$`))
    await live(les)
    await expect(blocked).toHaveCount(0)
    await takeStep(les, 'Overdrag til Erhvervshuset', { confirm: true })
    await expect(les.locator('[aria-current="step"]')).toHaveText('Overdraget til Erhvervshuset')

    // The Erhvervshus now sees the handed-over case with the company identified.
    await kam.goto(`/virksomheder/forloeb/${caseId}`)
    await expect(kam.getByRole('heading', { level: 1, name: title })).toBeVisible()
    await expect(kam.getByRole('link', { name: company.name })).toBeVisible()
  })

  test('@consent a CSV file with an invalid row shows the validation report and imports nothing', async ({
    browser,
  }) => {
    const les = await pageAs(browser, LES_KOLDING)
    const good = { name: `Importfirma ${uniqueToken()} A/S`, cvr: uniqueCvr() }
    const second = { name: `Importfirma ${uniqueToken()} ApS`, cvr: uniqueCvr() }
    const upload = async (rows: string[]) => {
      await les.goto('/virksomheder/import')
      await live(les)
      const csv = ['cvr;navn;kommune;segment', ...rows].join('\n')
      await les.locator('input[type="file"]').setInputFiles({
        name: 'virksomheder.csv',
        mimeType: 'text/csv',
        buffer: Buffer.from(csv, 'utf8'),
      })
      await les.getByRole('button', { name: 'Importér', exact: true }).click()
    }

    await upload([
      `${good.cvr};${good.name};Kolding;vækst`,
      `0123;Forkert CVR ApS;Kolding;drift`,
      `${second.cvr};${second.name};Aarhus;drift`,
    ])
    const report = les.getByRole('alert').filter({ hasText: 'Intet er importeret' })
    await expect(report).toBeVisible()
    await expect(report).toContainText('2 rækker skal rettes (af 3)')
    const table = report.getByRole('table', { name: 'Valideringsrapport' })
    await expect(table.getByRole('row', { name: /^3 / })).toContainText(
      'CVR-nummeret skal være 8 cifre og må ikke begynde med 0.',
    )
    await expect(table.getByRole('row', { name: /^4 / })).toContainText(
      'Kommunen «Aarhus» findes ikke blandt Erhvervshusets 13 kommuner.',
    )
    await expect(table.getByRole('row', { name: /^2 / })).toHaveCount(0)

    // Nothing was written, not even the valid row.
    await les.goto(`/virksomheder?q=${good.cvr}`)
    await expect(les.locator('[aria-label="Søgeresultater"]')).toContainText(
      `Ingen virksomheder, du må se, matcher «${good.cvr}»`,
    )

    // The corrected file imports both.
    await upload([
      `${good.cvr};${good.name};Kolding;vækst`,
      `${second.cvr};${second.name};Vejle;drift`,
    ])
    await expect(les.getByRole('status').filter({ hasText: 'Importeret' })).toContainText(
      '2 virksomheder er importeret.',
    )
    await les.goto(`/virksomheder?q=${good.cvr}`)
    await expect(
      les.locator('[aria-label="Søgeresultater"]').getByRole('link', { name: good.name }),
    ).toBeVisible()
  })
})
