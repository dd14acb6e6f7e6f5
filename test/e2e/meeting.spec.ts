import { expect, test, type Browser, type BrowserContext, type Page } from '@playwright/test'
import {
  expectNotReloaded,
  inDays,
  live,
  pageAs,
  setMarker,
  takeStep,
  uniqueToken,
} from './helpers.ts'

/**
 * Director meetings (issue 8, DOMAIN.md process 5): participants propose agenda items, the chair
 * accepts and publishes them, runs the session live (everyone's page follows the current item),
 * records action items, and the owner finds them under "Tildelt mig".
 *
 * The database is shared by every spec of a run, so each test works on the first meeting of a
 * series of its own, created through the page with a title no other test uses.
 */

const CHAIR = 'direktor@ehsyd.demo'
const LES_KOLDING = 'lesdir.kolding@kolding.demo'
const LES_VEJLE = 'lesdir.vejle@vejle.demo'
const KKR = 'kkr@kkr.demo'
const KOLDING_NAME = 'Lars Larsen'
const VEJLE_NAME = 'Villads Vinther'

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')

/** Logged-in pages whose contexts are closed after each test, so open live pages do not pile up in the worker. */
const opened: BrowserContext[] = []
async function as(browser: Browser, email: string) {
  const page = await pageAs(browser, email)
  opened.push(page.context())
  return page
}
test.afterEach(async () => {
  await Promise.all(opened.splice(0).map((context) => context.close()))
})

const currentState = (page: Page) => page.locator('[aria-current="step"]')

/**
 * The chair creates a series through "Ny mødeserie" (the standing participants preselected),
 * opens its first meeting and, unless the agenda job already did, opens the agenda for proposals.
 * Returns the meeting's path and other meetings' paths, best candidates first.
 */
async function newSeriesMeeting(chair: Page, title: string) {
  await chair.goto('/direktoermoeder')
  await live(chair)
  await chair.getByRole('button', { name: 'Ny mødeserie' }).click()
  const form = chair.locator('form').filter({ has: chair.getByLabel('Første møde') })
  await form.getByLabel('Titel').fill(title)
  await form.getByLabel('Første møde').fill(inDays(1))
  await expect(form.getByLabel('Tidspunkt')).toHaveValue('09:00')
  await form.getByLabel('Sted').fill('Erhvervshus Sydjylland, mødelokale 2')
  // Preselected: the standing participants, the two LES directors among them.
  await expect(form.getByText(`${KOLDING_NAME} (Business Kolding)`)).toBeVisible()
  await expect(form.getByText(`${VEJLE_NAME} (Business Vejle)`)).toBeVisible()
  await form.getByRole('button', { name: 'Opret serie' }).click()
  await expect(
    chair.getByText('Mødeserien er oprettet, og møderne er lagt ind.').last(),
  ).toBeVisible()

  // Our first meeting is tomorrow, ahead of the demo series (two days ahead at the earliest).
  const table = chair.getByRole('table', { name: 'Kommende møder' })
  const mine = table.getByRole('link', { name: new RegExp(`^${escapeRegExp(title)} `) })
  await expect(mine.first()).toBeVisible()
  const path = (await mine.first().getAttribute('href'))!
  // Other meetings for a guest's attempt at one not theirs: this series' next ones first, then
  // meetings no other test of this file (which may have invited the same guest) created.
  const rank = (text: string) =>
    text.startsWith(`${title} `) ? 0 : /^Direktørmøde [B-Z]{8} /.test(text) ? 2 : 1
  const others = (
    await chair
      .getByRole('table', { name: /^(Kommende|Afholdte) møder$/ })
      .getByRole('link')
      .evaluateAll((anchors) =>
        anchors.map((a) => ({ href: a.getAttribute('href')!, text: a.textContent ?? '' })),
      )
  )
    .filter((link) => link.href !== path)
    .sort((a, b) => rank(a.text) - rank(b.text))
    .map((link) => link.href)
  await mine.first().click()
  await expect(chair).toHaveURL(new RegExp(`${escapeRegExp(path)}$`))
  await expect(chair.getByRole('heading', { level: 1 })).toContainText(title)
  await expect(
    chair.getByText(/kl\. 09[.:]00–11[.:]00 · Erhvervshus Sydjylland, mødelokale 2$/),
  ).toBeVisible()
  await live(chair)
  // The agenda job opens agendas two weeks ahead, but only when it runs; a new series starts planned.
  await expect(currentState(chair)).toHaveText(/^(Planlagt|Dagsorden åben for forslag)$/)
  if ((await currentState(chair).textContent()) === 'Planlagt')
    await takeStep(chair, 'Åbn dagsordenen for forslag')
  await expect(currentState(chair)).toHaveText('Dagsorden åben for forslag')
  return { path, others }
}

/** A participant proposes an item through "Foreslå et punkt". */
async function propose(
  page: Page,
  item: { title: string; description: string; kind: string; minutes: string },
) {
  const form = page.locator('form[aria-label="Foreslå et punkt"]')
  await form.getByLabel('Overskrift').fill(item.title)
  await form.getByLabel('Beskrivelse').fill(item.description)
  await form.getByLabel('Slags punkt').selectOption({ label: item.kind })
  await form.getByLabel('Ønsket tid (min.)').fill(item.minutes)
  await form.getByRole('button', { name: 'Foreslå punkt' }).click()
  await expect(page.getByText('Punktet er foreslået.').last()).toBeVisible()
  // The form is emptied for the next proposal.
  await expect(form.getByLabel('Overskrift')).toHaveValue('')
}

test.describe('@meeting director meetings', () => {
  test('@meeting the chair and two LES directors: proposals arrive live, the agenda is published, the session is followed live and an action item reaches its owner', async ({
    browser,
  }) => {
    test.setTimeout(90_000)
    const token = uniqueToken()
    const title = `Direktørmøde ${token}`
    const first = {
      title: `Fælles besøgsmetode ${token}`,
      description: 'Erfaringer fra Kolding med opsøgende besøg',
      kind: 'Fælles metode og kompetenceudvikling',
      minutes: '20',
    }
    const second = {
      title: `Eksportindsats ${token}`,
      description: 'Skal Vejle og Kolding gå sammen om eksportrådgivning?',
      kind: 'Beslutning',
      minutes: '15',
    }
    const task = `Saml erfaringerne fra besøgene ${token}`

    const [chair, kolding, vejle] = await Promise.all([
      as(browser, CHAIR),
      as(browser, LES_KOLDING),
      as(browser, LES_VEJLE),
    ])
    const { path } = await newSeriesMeeting(chair, title)
    // With nothing accepted there is nothing to publish.
    await expect(chair.getByRole('button', { name: 'Udsend dagsordenen' })).toHaveCount(0)
    await setMarker(chair)

    // 1. The LES directors open the meeting and propose; the proposals appear on the chair's open page.
    await Promise.all([kolding.goto(path), vejle.goto(path)])
    await Promise.all([live(kolding), live(vejle)])
    await expect(kolding.getByRole('heading', { level: 1 })).toContainText(title)
    // A participant proposes; only the chair decides.
    await expect(kolding.getByRole('heading', { name: 'Foreslå et punkt' })).toBeVisible()
    await expect(kolding.getByRole('button', { name: 'Åbn dagsordenen for forslag' })).toHaveCount(
      0,
    )
    await setMarker(kolding)
    await setMarker(vejle)

    await propose(kolding, first)
    const proposals = chair.getByRole('region', { name: 'Forslag til dagsordenen' })
    await expect(proposals.locator(`[data-proposal="${first.title}"]`)).toContainText(
      `Foreslået af ${KOLDING_NAME} · ønsker 20 min.`,
    )
    await propose(vejle, second)
    await expect(proposals.locator(`[data-proposal="${second.title}"]`)).toContainText(
      `Foreslået af ${VEJLE_NAME} · ønsker 15 min.`,
    )
    await expect(proposals).toContainText('Forslag (2)')
    await expectNotReloaded(chair)
    // The proposers see each other's proposals too, without the chair's buttons.
    await expect(
      kolding
        .getByRole('region', { name: 'Forslag til dagsordenen' })
        .locator(`[data-proposal="${second.title}"]`),
    ).toBeVisible()
    await expect(kolding.getByRole('button', { name: 'Optag' })).toHaveCount(0)

    // 2. The chair accepts both (the requested time becomes the planned time) and publishes.
    const agenda = (page: Page) => page.getByRole('list', { name: 'Dagsorden' })
    for (const item of [first, second]) {
      await proposals
        .locator(`[data-proposal="${item.title}"]`)
        .getByRole('button', { name: 'Optag' })
        .click()
      await expect(agenda(chair).locator(`[data-agenda-item="${item.title}"]`)).toBeVisible()
    }
    await expect(proposals).toHaveCount(0)
    await expect(chair.getByText('2 punkter · 35 min. planlagt')).toBeVisible()
    await expect(agenda(chair).locator('[data-agenda-item]')).toHaveText([
      new RegExp(`^1\\. ${first.title}`),
      new RegExp(`^2\\. ${second.title}`),
    ])
    // The accepted agenda reaches the participants' open pages.
    await expect(agenda(vejle).locator(`[data-agenda-item="${first.title}"]`)).toBeVisible()
    await expect(vejle.getByText('2 punkter · 35 min. planlagt')).toBeVisible()

    await takeStep(chair, 'Udsend dagsordenen', { confirm: true })
    await expect(currentState(chair)).toHaveText('Dagsorden udsendt')
    await expect(currentState(kolding)).toHaveText('Dagsorden udsendt')
    await expect(currentState(vejle)).toHaveText('Dagsorden udsendt')

    // 3. The chair starts the meeting: everyone's page shows the first item as current.
    await takeStep(chair, 'Start mødet')
    await expect(currentState(chair)).toHaveText('Mødet er i gang')
    const now = (page: Page) => page.getByRole('region', { name: 'Mødet lige nu' })
    for (const page of [chair, kolding, vejle]) {
      await expect(now(page).locator('[data-current-item]')).toHaveText(first.title)
      await expect(now(page)).toContainText('punkt 1 af 2')
    }
    // Only the chair steers.
    await expect(now(kolding).getByRole('button', { name: 'Næste punkt' })).toHaveCount(0)
    await expect(now(chair).getByRole('button', { name: 'Forrige punkt' })).toBeDisabled()

    // 4. The chair moves the current item; the others follow without a reload.
    await now(chair).getByRole('button', { name: 'Næste punkt' }).click()
    for (const page of [chair, kolding, vejle]) {
      await expect(now(page).locator('[data-current-item]')).toHaveText(second.title)
      await expect(now(page)).toContainText('punkt 2 af 2')
    }
    await expect(now(chair).getByRole('button', { name: 'Næste punkt' })).toBeDisabled()
    await now(chair).getByRole('button', { name: 'Forrige punkt' }).click()
    for (const page of [chair, kolding, vejle])
      await expect(now(page).locator('[data-current-item]')).toHaveText(first.title)
    await expect(
      kolding.locator(`[data-item-work="${first.title}"]`).getByText('nu', { exact: true }),
    ).toBeVisible()
    await expectNotReloaded(kolding)
    await expectNotReloaded(vejle)
    await expectNotReloaded(chair)

    // 5. The owner keeps "Tildelt mig" open in another tab while the chair records the action item.
    const koldingTasks = await kolding.context().newPage()
    await koldingTasks.goto('/direktoermoeder/opgaver')
    await live(koldingTasks)
    await expect(koldingTasks.getByRole('tab', { name: /Tildelt mig/ })).toHaveAttribute(
      'aria-selected',
      'true',
    )
    await expect(koldingTasks.locator(`[data-action-item="${task}"]`)).toHaveCount(0)
    await setMarker(koldingTasks)

    const work = chair.locator(`[data-item-work="${first.title}"]`)
    await work
      .getByRole('textbox', { name: 'Beslutning' })
      .fill('Metoden afprøves i Kolding og Vejle frem til næste møde.')
    await work.getByRole('button', { name: 'Tilføj' }).click()
    await expect(
      work.getByRole('list', { name: `Beslutninger under ${first.title}` }),
    ).toContainText('Metoden afprøves i Kolding og Vejle')
    const due = inDays(10)
    await work.getByRole('textbox', { name: 'Opgave', exact: true }).fill(task)
    const owner = work.getByRole('textbox', { name: `Ansvarlig for opgaven under ${first.title}` })
    await owner.click()
    await owner.fill('Lars')
    await chair
      .getByRole('listbox', { name: 'Ansvarlig' })
      .getByRole('option', { name: KOLDING_NAME, exact: true })
      .click()
    await expect(owner).toHaveValue(KOLDING_NAME)
    await work.getByRole('textbox', { name: 'Frist' }).fill(due)
    await work.getByRole('button', { name: 'Opret opgave' }).click()
    await expect(chair.getByText('Opgaven er oprettet.').last()).toBeVisible()
    const recorded = (page: Page) =>
      page
        .locator(`[data-item-work="${first.title}"]`)
        .getByRole('list', { name: `Opgaver under ${first.title}` })
    await expect(recorded(chair)).toContainText(`Opgave: ${task} · ${KOLDING_NAME}`)
    await expect(recorded(chair)).toContainText('Åben')
    // The participants' meeting pages show it as it is recorded.
    await expect(recorded(vejle)).toContainText(`${task} · ${KOLDING_NAME}`)
    await expect(recorded(kolding)).toContainText(`${task} · ${KOLDING_NAME}`)

    // 6. It is in the owner's "Tildelt mig", live, with the meeting it came from.
    const row = koldingTasks
      .getByRole('table', { name: 'Tildelt mig' })
      .locator(`[data-action-item="${task}"]`)
    await expect(row).toBeVisible()
    await expect(row).toContainText(KOLDING_NAME)
    await expect(row).toContainText('Åben')
    await expect(
      row.getByRole('link', { name: new RegExp(`^${escapeRegExp(title)} `) }),
    ).toHaveAttribute('href', path)
    await expect(row.getByRole('button', { name: 'Udført' })).toBeVisible()
    await expectNotReloaded(koldingTasks)
    await expectNotReloaded(kolding)
    await expectNotReloaded(vejle)

    // An action item without an owner, or due in the past, is refused with a Danish message.
    const ownerId = (await chair
      .getByLabel('Referent')
      .locator('option', { hasText: KOLDING_NAME })
      .getAttribute('value'))!
    const invalid = `Ugyldig opgave ${token}`
    for (const [fields, message] of [
      [{ ownerId: '', dueDate: due }, 'Vælg hvem opgaven er tildelt.'],
      [{ ownerId, dueDate: inDays(-1) }, 'Fristen kan ikke ligge i fortiden.'],
    ] as const) {
      const response = await chair.request.post(path, {
        form: { intent: 'action-item', text: invalid, ...fields },
        headers: { Origin: new URL(chair.url()).origin },
      })
      expect(response.status()).toBe(400)
      expect(await response.text()).toContain(message)
    }

    // The chair finds it under "Oprettet af mig" (and nothing of the refused ones); Vejle's director has not been given it.
    await chair.goto('/direktoermoeder/opgaver')
    await chair.getByRole('tab', { name: 'Oprettet af mig' }).click()
    await expect(
      chair.getByRole('table', { name: 'Oprettet af mig' }).locator(`[data-action-item="${task}"]`),
    ).toContainText(KOLDING_NAME)
    await expect(chair.locator(`[data-action-item="${invalid}"]`)).toHaveCount(0)
    await vejle.goto('/direktoermoeder/opgaver')
    await expect(vejle.getByRole('tab', { name: /Tildelt mig/ })).toHaveAttribute(
      'aria-selected',
      'true',
    )
    await expect(vejle.locator(`[data-action-item="${task}"]`)).toHaveCount(0)
  })

  test('@meeting an empty agenda cannot be published, and an invited guest sees only the published agenda of that meeting', async ({
    browser,
  }) => {
    test.setTimeout(60_000)
    const token = uniqueToken()
    const title = `Direktørmøde ${token}`
    const itemTitle = `Regional vækstplan ${token}`
    const [chair, guest] = await Promise.all([as(browser, CHAIR), as(browser, KKR)])
    const { path, others } = await newSeriesMeeting(chair, title)

    // 1. Zero accepted items: no "Udsend dagsordenen" among the next steps…
    await expect(chair.getByRole('button', { name: 'Aflys mødet' })).toBeVisible()
    await expect(chair.getByRole('button', { name: 'Udsend dagsordenen' })).toHaveCount(0)
    await expect(chair.getByText('Ingen punkter på dagsordenen endnu.')).toBeVisible()
    // …and a publication sent anyway is refused with a Danish message, nothing written.
    const version = await chair
      .locator('form:has(input[name="intent"][value="move"]) input[name="version"]')
      .inputValue()
    const refused = await chair.request.post(path, {
      form: { intent: 'transition', event: 'PUBLISH_AGENDA', version },
      headers: { Origin: new URL(chair.url()).origin },
    })
    expect(refused.status()).toBe(409)
    expect(await refused.text()).toContain(
      'Dagsordenen er tom. Optag mindst ét punkt, før den udsendes.',
    )
    await chair.reload()
    await expect(currentState(chair)).toHaveText('Dagsorden åben for forslag')
    await expect(
      chair.locator('form:has(input[name="intent"][value="move"]) input[name="version"]'),
    ).toHaveValue(version)

    // 2. The chair invites KKR (no access to director meetings of its own) as a guest of this meeting.
    await live(chair)
    const invite = chair.getByRole('textbox', { name: 'Invitér gæst til dette møde' })
    await invite.click()
    await invite.fill('Karl')
    await chair
      .getByRole('listbox', { name: 'Invitér gæst til dette møde' })
      .getByRole('option', { name: 'Karl Krogh (kkr@kkr.demo)' })
      .click()
    await chair.getByRole('button', { name: 'Invitér', exact: true }).click()
    await expect(chair.getByText('Gæsten er inviteret.').last()).toBeVisible()
    await expect(
      chair
        .getByRole('list', { name: 'Deltagere' })
        .getByRole('listitem')
        .filter({ hasText: 'Karl Krogh' }),
    ).toContainText('Gæst')

    // 3. Before publication the guest sees that the agenda is not out, and nothing else.
    await guest.goto(path)
    await live(guest)
    await expect(guest.getByRole('heading', { level: 1 })).toContainText(title)
    await expect(guest.getByText('Dagsordenen er ikke udsendt endnu')).toBeVisible()
    await expect(guest.locator('form[aria-label="Foreslå et punkt"]')).toHaveCount(0)
    await expect(guest.getByRole('heading', { name: 'Deltagere og fremmøde' })).toHaveCount(0)
    await setMarker(guest)

    // 4. The chair adds an item (accepted at once) and publishes; the guest's page shows the agenda live.
    const form = chair.locator('form[aria-label="Tilføj et punkt"]')
    await form.getByLabel('Overskrift').fill(itemTitle)
    await form.getByLabel('Oplægsholder').fill('Dorthe Damgaard')
    await form.getByRole('button', { name: 'Tilføj punkt' }).click()
    await expect(
      chair.getByRole('list', { name: 'Dagsorden' }).locator(`[data-agenda-item="${itemTitle}"]`),
    ).toBeVisible()
    await expect(guest.getByText('Dagsordenen er ikke udsendt endnu')).toBeVisible() // accepted, not yet published
    await takeStep(chair, 'Udsend dagsordenen', { confirm: true })
    await expect(currentState(chair)).toHaveText('Dagsorden udsendt')
    const guestAgenda = guest.getByRole('list', { name: 'Dagsorden' })
    await expect(guestAgenda).toContainText(itemTitle)
    await expect(guestAgenda).toContainText('Oplæg: Dorthe Damgaard')
    await expect(guest.getByText('Dagsordenen er ikke udsendt endnu')).toHaveCount(0)
    await expectNotReloaded(guest)

    // 5. A guest cannot write, and another meeting (this series' next one, if listed) is closed to them.
    const proposal = await guest.request.post(path, {
      form: { intent: 'propose', title: 'Gæstens punkt', kind: 'ORIENTATION' },
      headers: { Origin: new URL(guest.url()).origin },
    })
    expect(proposal.status()).toBe(403)
    expect(await proposal.text()).toContain('Som gæst kan du kun læse dagsordenen.')
    const other = others[0]!
    expect(other, 'another meeting to try').toBeTruthy()
    const response = await guest.goto(other)
    expect(response?.status()).toBe(403)
    await expect(guest.getByText(title)).toHaveCount(0)
    await guest.goto(path)
    await expect(guest.getByRole('list', { name: 'Dagsorden' })).toHaveCount(1)
    await expect(guest.getByRole('list', { name: 'Dagsorden' }).getByRole('listitem')).toHaveCount(
      1,
    )
  })
})
