import { expect, test, type Page } from '@playwright/test'
import { pageAs, takeStep } from './helpers.ts'

async function startAgreement(page: Page, cluster: string) {
  await page.goto('/klyngeaftaler')
  await page.getByRole('button', { name: `Start aftaleforløb med ${cluster}` }).click()
  await expect(page.getByRole('heading', { name: cluster, level: 1 })).toBeVisible()
}

async function takeToActive(page: Page, cluster: string, form: 'individual' | 'joint') {
  await startAgreement(page, cluster)
  await takeStep(page, 'Markér som kontaktet')
  await takeStep(page, 'Start dialog')
  await page.getByLabel('Begrundelse').fill(form === 'joint' ? 'Få virksomheder i Sydjylland; vi går sammen med de andre huse' : 'Stærk klynge med knudepunkter i regionen')
  if (form === 'joint') {
    await page.getByRole('radio', { name: 'Fælles aftale med andre erhvervshuse' }).check()
    // Joint without a partner house is refused with a Danish message.
    await page.getByRole('button', { name: 'Gem vurdering' }).click()
    await expect(page.getByText('Vælg mindst ét andet erhvervshus til en fælles aftale.')).toBeVisible()
    await page.getByRole('checkbox', { name: 'Erhvervshus Fyn' }).check()
  }
  await page.getByRole('button', { name: 'Gem vurdering' }).click()
  await expect(page.getByText('Gem vurdering: udført.').last()).toBeVisible()
  await takeStep(page, 'Begynd på aftalen')
  await expect(page.locator('[aria-current="step"]')).toHaveText('Aftale under udarbejdelse')
  await page.getByLabel('Formål').fill('Flere virksomheder i klyngens innovationsforløb')
  await page.getByLabel('Fælles aktiviteter').fill('To fælles arrangementer om året')
  await page.getByLabel('Kontaktpersoner').fill('Klyngens partnerskabschef; Dorthe Damgaard')
  await page.getByLabel('Periode fra').fill('2026-01-01')
  await page.getByLabel('Periode til').fill('2025-06-30')
  await page.getByRole('button', { name: 'Gem aftalen' }).click()
  await expect(page.getByText('Perioden skal slutte efter den begynder.')).toBeVisible()
  await page.getByLabel('Periode til').fill('2027-12-31')
  await page.getByRole('button', { name: 'Gem aftalen' }).click()
  await expect(page.getByText('Aftalen er gemt.').last()).toBeVisible()
  await takeStep(page, 'Send til underskrift', { confirm: true })
  await page.getByRole('button', { name: 'Underskriv for Erhvervshuset' }).click()
  await expect(page.getByRole('listitem', { name: 'Erhvervshuset: underskrevet' })).toBeVisible()
  await page.getByLabel('Underskrevet af').fill('Anna Andersen')
  await page.getByRole('button', { name: 'Registrér partnerens underskrift' }).click()
  await expect(page.getByRole('listitem', { name: 'Partneren: underskrevet' })).toBeVisible()
  await expect(page.locator('[aria-current="step"]')).toHaveText('Aktiv')
}

test.describe('@cluster cooperation agreements with the national clusters', () => {
  test('@cluster CLEAN (individual) and Danish Sound Cluster (joint) become active, and the coverage rises on another open board', async ({ browser }) => {
    test.setTimeout(120_000)
    const watcher = await pageAs(browser, 'kkr@kkr.demo')
    await watcher.goto('/klyngeaftaler')
    const coverage = watcher.getByTestId('coverage')
    const before = Number((await coverage.textContent())!.split(' ')[0])
    await watcher.evaluate(() => ((window as unknown as { __notReloaded: boolean }).__notReloaded = true))

    const director = await pageAs(browser, 'direktor@ehsyd.demo')
    await takeToActive(director, 'CLEAN', 'individual')
    await expect(coverage).toHaveText(`${before + 1} af 11`)
    await takeToActive(director, 'Danish Sound Cluster', 'joint')
    await expect(coverage).toHaveText(`${before + 2} af 11`)
    await expect(watcher.getByRole('region', { name: 'Aktiv' })).toContainText('Danish Sound Cluster')
    expect(await watcher.evaluate(() => (window as unknown as { __notReloaded?: boolean }).__notReloaded)).toBe(true)
  })

  test('@cluster an agreement is declined with a reason and reopened', async ({ browser }) => {
    const consultant = await pageAs(browser, 'konsulent@ehsyd.demo')
    await startAgreement(consultant, 'Lifestyle & Design Cluster')
    await takeStep(consultant, 'Markér som kontaktet')
    await consultant.getByRole('button', { name: 'Afslå', exact: true }).click()
    const dialog = consultant.getByRole('dialog', { name: 'Afslå' })
    await dialog.getByLabel('Begrundelse').fill('Klyngen har ikke kapacitet i år')
    await dialog.getByRole('button', { name: 'Afslå' }).click()
    await expect(consultant.getByRole('alert').filter({ hasText: 'Afslået' })).toContainText('Klyngen har ikke kapacitet i år')
    await expect(consultant.locator('[aria-current="step"]')).toHaveText('Afslået')
    await takeStep(consultant, 'Genoptag')
    await expect(consultant.locator('[aria-current="step"]')).toHaveText('I dialog')
    await expect(consultant.getByText('Begrundelse: Klyngen har ikke kapacitet i år')).toBeVisible()
  })

  test('@cluster a document is uploaded with its type checked, and a disguised file is refused', async ({ browser }) => {
    const consultant = await pageAs(browser, 'konsulent@ehsyd.demo')
    await startAgreement(consultant, 'Digital Lead')
    const upload = consultant.getByLabel('Læg et dokument op')
    await upload.setInputFiles({ name: 'program.pdf', mimeType: 'application/pdf', buffer: Buffer.from('MZ\x90\x00 this is not a pdf') })
    await consultant.getByRole('button', { name: 'Læg op' }).click()
    await expect(consultant.getByText(/Filens indhold passer ikke til endelsen \.pdf/)).toBeVisible()
    await upload.setInputFiles({ name: 'mødenotat.txt', mimeType: 'text/plain', buffer: Buffer.from('Møde med Digital Lead om fælles forløb.\n') })
    await consultant.getByRole('button', { name: 'Læg op' }).click()
    await expect(consultant.getByRole('list', { name: 'Dokumenter' })).toContainText('mødenotat.txt')
    const download = consultant.waitForEvent('download')
    await consultant.getByRole('link', { name: 'mødenotat.txt' }).click()
    expect((await download).suggestedFilename()).toBe('mødenotat.txt')
  })
})
