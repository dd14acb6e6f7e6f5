import { expect, test, type Locator, type Page } from '@playwright/test'
import {
  copenhagenDate,
  createCase,
  expectNotReloaded,
  live,
  pageAs,
  registerCompany,
  setMarker,
  takeStep,
  uniqueToken,
} from './helpers.ts'

/**
 * Referrals (issue 6, DOMAIN.md process 3): a LES refers a Kolding company to Dansk Design Center.
 * Sending is refused until the company has consented to referral to that recipient; after
 * consent it is sent, the recipient sees and acknowledges it, the follow-up is recorded early,
 * and the goal figures on an open referrals page (8c design referrals, goal 4 uptake) move
 * without a reload.
 *
 * The database is shared with the other specs of the run, so the test uses its own fresh
 * company and reads every figure relative to what the page showed before.
 */

const LES_KOLDING = 'les.kolding@kolding.demo'
const DIRECTOR = 'direktor@ehsyd.demo'
const DDC = 'ddc@designcenter.demo'
const RECIPIENT = 'Dansk Design Center'

/** As the app writes them (app/utils/format.ts): 4.790 and 78,3 %. */
const formatNumber = (value: number) =>
  new Intl.NumberFormat('da-DK', { maximumFractionDigits: 0 }).format(value)
const formatPercent = (fraction: number) =>
  `${new Intl.NumberFormat('da-DK', { minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(fraction * 100)} %`

/** The number shown in a figure ("1.234" → 1234). */
async function readNumber(figure: Locator) {
  const text = (await figure.textContent()) ?? ''
  const digits = text.replace(/\D/g, '')
  expect(digits, `a number in «${text}»`).not.toBe('')
  return Number(digits)
}

/** "3 af 5 med kendt svar · n = 6 opfølgninger …" */
async function readUptake(figure: Locator) {
  const text = ((await figure.textContent()) ?? '').replace(/\s+/g, ' ')
  const match = /(\d+) af (\d+) med kendt svar · n = (\d+) opfølgninger/.exec(text)
  expect(match, `uptake in «${text}»`).not.toBeNull()
  return { numerator: Number(match![1]), denominator: Number(match![2]), n: Number(match![3]) }
}

/** Posts a form to a page the way a forged or stale browser would (same origin). */
async function forge(page: Page, path: string, form: Record<string, string>) {
  return page.request.post(path, { form, headers: { Origin: new URL(page.url()).origin } })
}

test.describe('@referral referrals to the design ecosystem', () => {
  test('@referral a Kolding company referred to Dansk Design Center: blocked without consent, sent after consent, acknowledged, followed up, and the figures move live', async ({
    browser,
  }) => {
    test.setTimeout(60_000)
    const [les, figuresPage, ddc] = await Promise.all([
      pageAs(browser, LES_KOLDING),
      pageAs(browser, DIRECTOR),
      pageAs(browser, DDC),
    ])

    // 1. les.kolding registers a fresh Kolding company and opens a case for it.
    const company = await registerCompany(les, 'Formgivning')
    const title = `Designafklaring ${uniqueToken()}`
    const caseId = await createCase(les, company, title, 'Design')

    // 2. "Henvis virksomheden" from the case: recipient, purpose, saved as a draft.
    await live(les)
    await les.getByRole('link', { name: 'Henvis virksomheden' }).click()
    await expect(les).toHaveURL(new RegExp(`/henvisninger/ny\\?forloeb=${caseId}$`))
    await expect(les.getByRole('heading', { level: 1, name: 'Ny henvisning' })).toBeVisible()
    await les
      .getByRole('combobox', { name: 'Virksomhed', exact: true })
      .selectOption({ label: `${company.name} (CVR ${company.cvr})` })
    const recipient = les.getByRole('textbox', { name: 'Modtager', exact: true })
    await recipient.click()
    await les.getByRole('option', { name: RECIPIENT, exact: true }).click()
    await expect(recipient).toHaveValue(RECIPIENT)
    const purpose = `Designrejsen: produktudvikling ${uniqueToken()}`
    await les.getByLabel('Formål').fill(purpose)
    await les.getByLabel('Kontaktperson i virksomheden').fill('Karen Kobber, direktør')
    await les.getByRole('button', { name: 'Gem som kladde' }).click()

    await expect(
      les.getByRole('heading', { level: 1, name: `Henvisning til ${RECIPIENT}` }),
    ).toBeVisible()
    await expect(les).toHaveURL(/\/henvisninger\/[^/?#]+$/)
    const referralPath = new URL(les.url()).pathname
    await expect(les.getByText('Mål 8c', { exact: true })).toBeVisible()
    await expect(les.locator('[aria-current="step"]')).toHaveText('Kladde')
    await expect(les.getByText(purpose)).toBeVisible()
    await expect(les.getByRole('link', { name: company.name })).toBeVisible()

    // 3. Without consent: the warning with a link, no send button, and a forged SEND is refused.
    const missing = les.getByRole('alert').filter({ hasText: 'Samtykke til henvisning mangler' })
    await expect(missing).toBeVisible()
    await expect(missing).toContainText(RECIPIENT)
    await expect(les.getByRole('button', { name: 'Send henvisningen' })).toHaveCount(0)
    // The draft's version, from the one step offered now (cancelling), whose dialog holds it.
    await les.getByRole('button', { name: 'Annullér henvisningen' }).click()
    const cancelDialog = les.getByRole('dialog', { name: 'Annullér henvisningen' })
    const draftVersion = await cancelDialog.locator('input[name="version"]').inputValue()
    await cancelDialog.getByRole('button', { name: 'Annuller', exact: true }).click()
    await expect(cancelDialog).toHaveCount(0)
    const refused = await forge(les, referralPath, {
      intent: 'transition',
      event: 'SEND',
      version: draftVersion,
    })
    expect(refused.status()).toBe(409)
    expect(await refused.text()).toContain(
      `virksomheden har ikke givet samtykke til henvisning til ${RECIPIENT}`,
    )
    // An outcome before sending is refused too; nothing was written (still a draft, same version).
    const early = await forge(les, referralPath, {
      intent: 'transition',
      event: 'RECORD_OUTCOME',
      outcome: 'USED',
      version: draftVersion,
    })
    expect(early.status()).toBe(409)
    expect(await early.text()).toContain(
      '«Registrér opfølgning» er ikke muligt, mens sagen er «Kladde».',
    )
    // A referral to a recipient that is not on the list is refused, and not created.
    const unknown = await forge(les, `/henvisninger/ny?forloeb=${caseId}`, {
      caseId,
      companyId: company.id,
      recipientId: 'findes-ikke',
      purpose: 'Forsøg med ukendt modtager',
    })
    expect(unknown.status()).toBe(400)
    expect(await unknown.text()).toContain(
      'Modtageren findes ikke på listen over modtagere af henvisninger.',
    )
    // The recipient cannot open a draft.
    const ddcDraft = await ddc.goto(referralPath)
    expect(ddcDraft?.status()).toBe(404)
    await expect(ddc.getByText(company.name)).toHaveCount(0)

    // 4. Open pages that must change live: the director's figures, the recipient's list.
    await figuresPage.goto('/henvisninger')
    const figures = figuresPage.getByRole('region', { name: 'Mål for henvisninger' })
    const design = figures.locator('[data-figure="design-referrals"]')
    const uptakeValue = figures.locator('[data-figure="uptake"]')
    const uptakeN = figures.locator('[data-figure="uptake-n"]')
    await expect(design).toHaveText(/^\d[\d.]*$/)
    await expect(uptakeN).toContainText('med kendt svar')
    await live(figuresPage)
    const designBefore = await readNumber(design)
    const uptakeBefore = await readUptake(uptakeN)
    await setMarker(figuresPage)

    await ddc.goto('/henvisninger')
    await live(ddc)
    await ddc.getByRole('tab', { name: /^Modtaget/ }).click()
    const ddcRow = ddc.locator(`tr[data-referral="${RECIPIENT}"]`).filter({ hasText: company.name })
    await expect(ddcRow).toHaveCount(0)
    await setMarker(ddc)

    // 5. The link opens the company page with the consent form filled in for DDC and referral.
    await missing.getByRole('link', { name: 'Registrér samtykke' }).click()
    await expect(les).toHaveURL(
      new RegExp(
        `/virksomheder/${company.id}\\?samtykke=[^&]+&formaal=REFERRAL&tilbage=[^#]+#registrer-samtykke$`,
      ),
    )
    const recipientId = new URL(les.url()).searchParams.get('samtykke')!
    await live(les)
    const form = les.getByRole('form', { name: 'Registrér samtykke' })
    await expect(form).toBeVisible()
    await expect(form.getByRole('radio', { name: 'Navngivne organisationer' })).toBeChecked()
    await expect(form.getByText(RECIPIENT, { exact: true })).toBeVisible()
    const chosen = form.locator('input[type="hidden"][name="organisationIds"]')
    await expect(chosen).toHaveCount(1)
    await expect(chosen).toHaveValue(recipientId)
    await expect(form.getByRole('checkbox', { name: 'Henvisning', exact: true })).toBeChecked()
    await expect(
      form.getByRole('checkbox', { name: 'Fælles vejledning', exact: true }),
    ).not.toBeChecked()
    await form.getByLabel('Givet af (navn)').fill('Karen Kobber')
    await form.getByLabel('Stilling').fill('Direktør')
    await form.getByLabel('Givet den').fill(copenhagenDate(new Date()))
    await form.getByRole('button', { name: 'Registrér samtykke' }).click()
    await expect(les.getByText('Samtykket er registreret.').last()).toBeVisible()
    const active = les.locator('[data-consent-status="active"]')
    await expect(active).toHaveCount(1)
    await expect(active).toContainText(RECIPIENT)
    await expect(active).toContainText('Henvisning')
    await expect(active).toContainText('Givet af Karen Kobber (Direktør)')

    // 6. The company page leads back to the referral: the warning is gone and it can be sent.
    await les.getByRole('link', { name: 'Tilbage til henvisningen' }).click()
    await expect(les).toHaveURL(new RegExp(`${referralPath}$`))
    await live(les)
    await expect(
      les.getByRole('heading', { level: 1, name: `Henvisning til ${RECIPIENT}` }),
    ).toBeVisible()
    await expect(missing).toHaveCount(0)
    await takeStep(les, 'Send henvisningen', { confirm: true })
    await expect(les.locator('[aria-current="step"]')).toHaveText('Sendt')
    await expect(les.getByText('Modtageren har ikke kvitteret endnu.')).toBeVisible()
    await expect(les.getByText(/^Opfølgning: \d+\. \p{L}+ \d{4}$/u)).toBeVisible()
    await setMarker(les)

    // 7. The director's open page counts one more design referral, without a reload.
    await expect(design).toHaveText(formatNumber(designBefore + 1), { timeout: 10_000 })
    await expect(uptakeN).toContainText(
      `${uptakeBefore.numerator} af ${uptakeBefore.denominator} med kendt svar · n = ${uptakeBefore.n} opfølgninger`,
    )
    await expectNotReloaded(figuresPage)

    // 8. Dansk Design Center sees it arrive under "Modtaget", with the company named (the
    //    consent covers referral to DDC), and acknowledges it; les.kolding's page shows it live.
    await expect(ddcRow).toHaveCount(1, { timeout: 10_000 })
    await expect(ddcRow).toContainText('Sendt')
    await expect(ddcRow).toContainText('fra Business Kolding')
    await expectNotReloaded(ddc)
    await ddcRow.getByRole('link', { name: 'Åbn henvisningen' }).click()
    await expect(
      ddc.getByRole('heading', { level: 1, name: `Henvisning til ${RECIPIENT}` }),
    ).toBeVisible()
    await expect(ddc.getByText(company.name).first()).toBeVisible()
    await expect(ddc.getByText(purpose)).toBeVisible()
    await expect(ddc.getByText('Anonymiseret visning')).toHaveCount(0)
    await live(ddc)
    await ddc.getByRole('button', { name: 'Kvittér for modtagelsen' }).click()
    await expect(ddc.getByText('Der er kvitteret for henvisningen.').last()).toBeVisible()
    await expect(ddc.getByRole('button', { name: 'Kvittér for modtagelsen' })).toHaveCount(0)
    await expect(ddc.getByText(/^Modtaget og kvitteret /)).toBeVisible()

    await expect(les.getByText(/^Modtaget og kvitteret /)).toBeVisible({ timeout: 10_000 })
    await expect(les.getByText('Modtageren har ikke kvitteret endnu.')).toHaveCount(0)
    await expectNotReloaded(les)

    // 9. les.kolding records the follow-up early: the company has used the referral.
    const outcome = les.getByRole('form', { name: 'Registrér opfølgning' })
    await expect(outcome).toBeVisible()
    await outcome.getByRole('radio', { name: 'Har brugt henvisningen' }).check()
    await outcome.getByLabel('Note').fill('Startet på Designrejsen')
    const sentVersion = Number(await outcome.locator('input[name="version"]').inputValue())
    await takeStep(les, 'Registrér opfølgning')
    await expect(les.locator('[aria-current="step"]')).toHaveText('Afsluttet')
    await expect(
      les.getByText('Udfald: Har brugt henvisningen – Startet på Designrejsen'),
    ).toBeVisible()
    await expect(outcome).toHaveCount(0)

    // 10. The director's open page: goal 4 now counts one more known, used answer.
    const after = {
      numerator: uptakeBefore.numerator + 1,
      denominator: uptakeBefore.denominator + 1,
      n: uptakeBefore.n + 1,
    }
    await expect(uptakeN).toContainText(
      `${after.numerator} af ${after.denominator} med kendt svar · n = ${after.n} opfølgninger`,
      { timeout: 10_000 },
    )
    await expect(uptakeValue).toHaveText(formatPercent(after.numerator / after.denominator))
    await expect(design).toHaveText(formatNumber(designBefore + 1))
    await expectNotReloaded(figuresPage)

    // 11. A second outcome and cancelling a closed referral are refused; the figures stay put.
    const again = await forge(les, referralPath, {
      intent: 'transition',
      event: 'RECORD_OUTCOME',
      outcome: 'NOT_USED',
      version: String(sentVersion + 1),
    })
    expect(again.status()).toBe(409)
    expect(await again.text()).toContain(
      '«Registrér opfølgning» er ikke muligt, mens sagen er «Afsluttet».',
    )
    const cancel = await forge(les, referralPath, {
      intent: 'transition',
      event: 'CANCEL',
      reason: 'Forsøg på at annullere',
      version: String(sentVersion + 1),
    })
    expect(cancel.status()).toBe(409)
    expect(await cancel.text()).toContain(
      '«Annullér henvisningen» er ikke muligt, mens sagen er «Afsluttet».',
    )
    await les.reload()
    await expect(les.locator('[aria-current="step"]')).toHaveText('Afsluttet')
    await expect(
      les.getByText('Udfald: Har brugt henvisningen – Startet på Designrejsen'),
    ).toBeVisible()

    // The case lists exactly this one referral (the refused one was not created).
    await les.goto(`/virksomheder/forloeb/${caseId}`)
    const caseReferrals = les.locator(`a[href^="/henvisninger/"]`).filter({ hasText: RECIPIENT })
    await expect(caseReferrals).toHaveCount(1)
    await expect(caseReferrals).toHaveAttribute('href', referralPath)
  })
})
