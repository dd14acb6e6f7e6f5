import { expect, test, type Browser } from '@playwright/test'
import { expectNotReloaded, live, pageAs, setMarker } from './helpers.ts'

/**
 * The result contract's goals (issue 9): the director imports Erhvervsstyrelsen's survey answers
 * and goal 3 changes, also on KKR's open dashboard without a reload; KKR's report holds no
 * company identity from the demo data.
 */

const YEAR = new Date().getFullYear() - 4
const HEADER = 'svar_id;aar;segment;tilfredshed;anbefaling;effekt;henvisning_brugt;emner;kommune'
const DEMO_COMPANIES = [
  'Fjordbyg Maskiner ApS',
  'Kolding Kaffebrænderi',
  'Vejle Vindteknik A/S',
  '81726354',
  '82637485',
  '83748596',
  'Mette Fjord',
]

/** 10 vækst (9 "Meget tilfreds") and 10 drift (8 "Meget tilfreds", NPS 60) answers with fresh ids. */
function surveyFile() {
  const run = `${Date.now()}-${test.info().workerIndex}`
  const rows = Array.from({ length: 20 }, (_, i) => {
    const vaekst = i < 10
    const satisfaction = vaekst
      ? i < 9
        ? 'Meget tilfreds'
        : 'Tilfreds'
      : i < 18
        ? 'Meget tilfreds'
        : 'Tilfreds'
    const recommend = vaekst ? 10 : i < 18 ? 9 : 5
    return `E2E-${run}-${i};${YEAR};${vaekst ? 'vækst' : 'drift'};${satisfaction};${recommend};I høj grad;;Grøn omstilling og cirkulær økonomi;Kolding`
  })
  return Buffer.from([HEADER, ...rows].join('\n'))
}

/** KKR's and the director's dashboards for YEAR, both live; KKR's marked to prove it is not reloaded. */
async function openDashboards(browser: Browser) {
  const director = await pageAs(browser, 'direktor@ehsyd.demo')
  const kkr = await pageAs(browser, 'kkr@kkr.demo')
  await kkr.goto(`/maal?aar=${YEAR}`)
  await live(kkr)
  await setMarker(kkr)
  await director.goto(`/maal?aar=${YEAR}`)
  await live(director)
  return { director, kkr }
}

test.describe('@kpi goals and the report to KKR', () => {
  test('@kpi the director imports survey answers and goal 3 changes, also on KKR’s open dashboard', async ({
    browser,
  }) => {
    const { director, kkr } = await openDashboards(browser)
    // KKR reads; it cannot import or comment.
    await expect(kkr.getByRole('button', { name: 'Importér' })).toHaveCount(0)
    const before = (await kkr.locator('[data-goal-value="3"]').textContent())!

    await director
      .locator('input[type="file"]')
      .setInputFiles({ name: 'brugerevaluering.csv', mimeType: 'text/csv', buffer: surveyFile() })
    await director.getByRole('button', { name: 'Importér' }).click()
    await expect(
      director.getByRole('status').filter({ hasText: '20 svar importeret' }),
    ).toBeVisible()
    const goal3 = director.locator('[data-goal="3"]')
    await expect(goal3).toContainText('Drift 80 %')
    await expect(goal3).toContainText('vækst 90 %')
    // NPS for drift is 60 (below 70): the goal is not met.
    await expect(goal3).toContainText('Ikke opfyldt')
    await expect(director.locator('[data-goal="5"]')).toContainText('100 %')
    // The figures were recomputed in the background and announced; the page says they are current.
    await expect(director.locator('[data-figures-refreshing="false"]')).toBeAttached()
    await expect(director.getByText('Tallene opdateres')).toHaveCount(0)

    // KKR's open page follows without a reload.
    await expect(kkr.locator('[data-goal-value="3"]')).not.toHaveText(before)
    await expect(kkr.locator('[data-goal="3"]')).toContainText('Drift 80 %')
    await expectNotReloaded(kkr)
  })

  test('@kpi a comment on a goal shows on KKR’s open dashboard without a reload, and leaves the figures as they are', async ({
    browser,
  }) => {
    const { director, kkr } = await openDashboards(browser)
    const comment = `Aftalerne fornyes i foråret (${Date.now()})`
    await director.getByLabel('Kommentar til mål 8b').fill(comment)
    await director.locator('[data-goal="8b"]').getByRole('button', { name: 'Gem' }).click()
    await expect(director.getByText('Kommentaren er gemt.')).toBeVisible()
    await expect(kkr.locator('[data-goal="8b"]')).toContainText(comment)
    // A comment is no change to the data behind the figures: they stay current.
    await expect(kkr.locator('[data-figures-refreshing="false"]')).toBeAttached()
    await expectNotReloaded(kkr)
  })

  test('@kpi a bad survey file is refused with its rows named and nothing imported', async ({
    browser,
  }) => {
    const director = await pageAs(browser, 'direktor@ehsyd.demo')
    await director.goto(`/maal?aar=${YEAR}`)
    await live(director)
    const bad = Buffer.from(
      `${HEADER}\nX-1;${YEAR};drift;Meget tilfreds;11;I høj grad;;;\nX-2;${YEAR};stor;Tilfreds;5;I høj grad;;;\n`,
    )
    await director
      .locator('input[type="file"]')
      .setInputFiles({ name: 'forkert.csv', mimeType: 'text/csv', buffer: bad })
    await director.getByRole('button', { name: 'Importér' }).click()
    const alert = director.getByRole('alert').filter({ hasText: 'Intet er importeret' })
    await expect(alert).toContainText(
      'Række 2: Anbefaling skal være et helt tal fra 0 til 10 (var «11»).',
    )
    await expect(alert).toContainText('Række 3: Ukendt segment «stor» (drift eller vækst).')
  })

  test('@kpi KKR opens the report and finds no company from the demo data in it', async ({
    browser,
  }) => {
    const kkr = await pageAs(browser, 'kkr@kkr.demo')
    await kkr.goto('/maal/rapport')
    await expect(kkr.getByRole('heading', { level: 1 })).toContainText(
      'Afrapportering til KKR Syddanmark',
    )
    await expect(kkr.getByRole('table', { name: 'Resultatkontraktens mål' })).toContainText(
      'Mål 9: Klynger',
    )
    await expect(kkr.getByText('Underskrift, direktør for Erhvervshus Sydjylland')).toBeVisible()
    const html = await kkr.content()
    for (const secret of DEMO_COMPANIES) expect(html).not.toContain(secret)
    // A period of three years: one section per year.
    await kkr.goto(`/maal/rapport?fra=${YEAR + 2}&til=${YEAR + 4}`)
    await expect(kkr.getByRole('heading', { level: 1 })).toContainText(`${YEAR + 2}–${YEAR + 4}`)
    await expect(kkr.getByRole('table', { name: /^Resultatkontraktens mål \d{4}$/ })).toHaveCount(3)
    for (const secret of DEMO_COMPANIES) expect(await kkr.content()).not.toContain(secret)
    const csv = await kkr.request.get('/maal/rapport.csv')
    expect(csv.status()).toBe(200)
    const text = await csv.text()
    expect(text).toContain('Mål 3: Kvalitet')
    for (const secret of DEMO_COMPANIES) expect(text).not.toContain(secret)
  })
})
