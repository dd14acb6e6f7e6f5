import ICAL from 'ical.js'
import { beforeAll, describe, expect, it } from 'vitest'
import { feedIcs, meetingIcs, regenerateFeedToken } from '~/models/calendar.server.ts'
import {
  addActionItem,
  addDecision,
  carriedOverActions,
  closeActionItem,
  createSeries,
  decideItem,
  generateMeetings,
  getMeetingRow,
  inviteGuest,
  listActionItems,
  MeetingError,
  meetingAccess,
  moveMeeting,
  proposeItem,
  reorderItems,
  saveItemMinutes,
  setAttendance,
  setCurrentItem,
  setSecretary,
  transitionMeeting,
  type MeetingEventType,
} from '~/models/meeting.server.ts'
import type { MinutesApproval } from '../../machines/meeting.machine.ts'
import type { CurrentUser } from '~/utils/auth.server.ts'
import { copenhagenInstant, copenhagenTime } from '~/utils/dates.ts'
import { db } from '~/utils/db.server.ts'
import { StaleVersionError } from '~/utils/db-errors.server.ts'
import { ForbiddenTransitionError, RefusedTransitionError } from '~/utils/workflow.server.ts'
import { actorFor } from '../support/actors.ts'
import { planMeetings } from '../../server/jobs.ts'
import { Scheduler } from '../../server/scheduler.ts'

/*
 * Director meetings (issue 8, DOMAIN.md process 5) against the real migrated and seeded SQLite
 * file of this test file. Each test makes its own series, in 2035 (the job test in 2036), so the
 * demo series around today never mixes in; times that matter are passed in as `now`.
 */

let director: CurrentUser, kolding: CurrentUser, vejle: CurrentUser, trekant: CurrentUser, lesStaff: CurrentUser, guest: CurrentUser

beforeAll(async () => {
  const kkr = await db.organisation.findUniqueOrThrow({ where: { name: 'KKR Syddanmark' } })
  await db.user.create({ data: { email: 'gaest@kkr.test', name: 'Gitte Gæst', memberships: { create: { organisationId: kkr.id, roleKey: 'GUEST' } } } })
  const actors = await Promise.all(
    ['direktor@ehsyd.demo', 'lesdir.kolding@kolding.demo', 'lesdir.vejle@vejle.demo', 'br.trekant@trekant.demo', 'les.kolding@kolding.demo', 'gaest@kkr.test'].map(actorFor),
  )
  ;[director, kolding, vejle, trekant, lesStaff, guest] = actors as [CurrentUser, CurrentUser, CurrentUser, CurrentUser, CurrentUser, CurrentUser]
  expect(guest.roles).toEqual(['GUEST'])
})

const MINUTE = 60 * 1000
const DAY = 24 * 60 * MINUTE
/** "Today" for the 2035 series: Tuesday 2 January 2035; the first meeting is Thursday 4 January. */
const N0 = new Date('2035-01-02T08:00:00.000Z')
const FIRST = '2035-01-04'
const LOCATION = 'Erhvervshus Sydjylland, Vojens'

let seriesCount = 0

async function newSeries({ firstDate = FIRST, now = N0, participants }: { firstDate?: string; now?: Date; participants?: string[] } = {}) {
  seriesCount++
  const series = await createSeries({
    actor: director,
    now,
    input: { title: `Direktørmøde ${seriesCount}`, firstDate, startTime: '09:00', durationMinutes: 120, location: LOCATION, participantIds: participants ?? [kolding.id, vejle.id, trekant.id] },
  })
  const meetings = await db.meeting.findMany({ where: { seriesId: series.id }, orderBy: { startsAt: 'asc' } })
  return { series, meetings }
}

async function versionOf(id: string) {
  return (await getMeetingRow(id))!.version
}

async function send(id: string, type: MeetingEventType, { actor = director, ...rest }: { actor?: CurrentUser; reason?: string; how?: MinutesApproval; now?: Date } = {}) {
  return transitionMeeting({ id, type, actor, expectedVersion: await versionOf(id), ...rest })
}

async function propose(meetingId: string, actor: CurrentUser, title: string, requestedMinutes = 15) {
  await proposeItem({ actor, meetingId, input: { title, kind: 'DISCUSSION', requestedMinutes } })
  return db.agendaItem.findFirstOrThrow({ where: { meetingId, title } })
}

/** The first meeting of a new series, in session since `start` with two accepted items (in order a, b). */
async function meetingInSession(start = new Date(`${FIRST}T08:00:00.000Z`)) {
  const { series, meetings } = await newSeries()
  const meeting = meetings[0]!
  await send(meeting.id, 'OPEN_AGENDA')
  const a = await propose(meeting.id, director, 'Status på de fælles forløb', 20)
  const b = await propose(meeting.id, director, 'Kompetenceudvikling i LES', 30)
  await send(meeting.id, 'PUBLISH_AGENDA')
  await send(meeting.id, 'START', { now: start })
  return { series, meetings, meeting, a, b }
}

function notificationsFor(userId: string, meetingLink: string, titleContains: string) {
  return db.notification.findMany({ where: { userId, link: meetingLink, title: { contains: titleContains } } })
}

const linkOf = (meetingId: string) => `/direktoermoeder/${meetingId}`

/** The rows a failed action must leave untouched. */
async function footprint(meetingId: string) {
  const [meeting, items, actions, decisions, notifications, events] = await Promise.all([
    db.meeting.findUniqueOrThrow({ where: { id: meetingId } }),
    db.agendaItem.findMany({ where: { meetingId }, orderBy: { id: 'asc' } }),
    db.actionItem.count({ where: { meetingId } }),
    db.meetingDecision.count({ where: { meetingId } }),
    db.notification.count(),
    db.workflowEvent.count({ where: { entityType: 'meeting', entityId: meetingId } }),
  ])
  return { meeting, items, actions, decisions, notifications, events }
}

function parseEvents(ics: string) {
  const calendar = new ICAL.Component(ICAL.parse(ics) as unknown[])
  return { calendar, events: calendar.getAllSubcomponents('vevent') }
}

describe('the demo series from the seed', () => {
  it('has upcoming meetings chaired by the director, and the held meeting’s open action item carries over', async () => {
    const chair = await db.user.findUniqueOrThrow({ where: { email: 'direktor@ehsyd.demo' } })
    const series = await db.meetingSeries.findFirstOrThrow({ where: { chairId: chair.id, title: 'Direktørmøde' }, include: { participants: { include: { user: true } } } })
    expect(series.participants.map((p) => p.user.email).sort()).toEqual(['br.trekant@trekant.demo', 'direktor@ehsyd.demo', 'lesdir.kolding@kolding.demo', 'lesdir.vejle@vejle.demo'])
    const meetings = await db.meeting.findMany({ where: { seriesId: series.id }, orderBy: { startsAt: 'asc' }, include: { participants: true } })
    const [held, next] = meetings
    expect(held!.state).toBe('closed')
    expect(next!.state).toBe('planned')
    expect(next!.startsAt.getTime() - held!.startsAt.getTime()).toBe(14 * DAY)
    expect(next!.startsAt.getTime()).toBeGreaterThan(Date.now())
    expect(copenhagenTime(next!.startsAt)).toBe('09:00')
    expect(next!.participants.find((p) => p.userId === chair.id)?.role).toBe('CHAIR')
    expect(next!.participants.filter((p) => p.role === 'MEMBER')).toHaveLength(3)

    const carried = await carriedOverActions(next!)
    expect(carried.map((a) => [a.text, a.owner.name, a.status, a.meetingId])).toEqual([['Beskriv erfaringerne med den fælles besøgsmetode', 'Lars Larsen', 'OPEN', held!.id]])
    // The seed wrote exactly what the generator would: running it now adds nothing.
    expect(await generateMeetings({ seriesId: series.id })).toBe(0)
  })
})

describe('a series', () => {
  it('generates its meetings 120 days ahead at 09:00 Copenhagen time, with the chair as CHAIR', async () => {
    const { series, meetings } = await newSeries()
    expect(series.chairId).toBe(director.id)
    expect(meetings.map((m) => m.startsAt.toISOString())).toEqual([
      '2035-01-04T08:00:00.000Z',
      '2035-01-18T08:00:00.000Z',
      '2035-02-01T08:00:00.000Z',
      '2035-02-15T08:00:00.000Z',
      '2035-03-01T08:00:00.000Z',
      '2035-03-15T08:00:00.000Z',
      // Summer time from Sunday 25 March 2035.
      '2035-03-29T07:00:00.000Z',
      '2035-04-12T07:00:00.000Z',
      '2035-04-26T07:00:00.000Z',
    ])
    for (const m of meetings) {
      expect(copenhagenTime(m.startsAt)).toBe('09:00')
      expect(m.endsAt.getTime() - m.startsAt.getTime()).toBe(120 * MINUTE)
      expect(m).toMatchObject({ state: 'planned', version: 1, chairId: director.id, location: LOCATION, title: series.title })
      expect(JSON.parse(m.context)).toEqual({ cancelReason: null, minutesApproval: null })
    }
    const participants = await db.meetingParticipant.findMany({ where: { meetingId: meetings[0]!.id } })
    expect(participants.map((p) => [p.userId, p.role]).sort()).toEqual(
      [
        [director.id, 'CHAIR'],
        [kolding.id, 'MEMBER'],
        [vejle.id, 'MEMBER'],
        [trekant.id, 'MEMBER'],
      ].sort(),
    )
    expect(await db.auditEntry.count({ where: { entityType: 'meetingSeries', entityId: series.id, action: 'CREATE' } })).toBe(1)
  })

  it('is idempotent: a second run adds nothing, a later run only the new occurrences', async () => {
    const { series, meetings } = await newSeries()
    expect(await generateMeetings({ now: N0, seriesId: series.id })).toBe(0)
    expect(await generateMeetings({ now: N0, seriesId: series.id })).toBe(0)
    expect(await db.meeting.count({ where: { seriesId: series.id } })).toBe(meetings.length)
    // Two weeks later the horizon reaches one more occurrence (10 May 2035), once.
    const later = new Date(N0.getTime() + 14 * DAY)
    expect(await generateMeetings({ now: later, seriesId: series.id })).toBe(1)
    await generateMeetings({ now: later }) // every series: still nothing twice
    const after = await db.meeting.findMany({ where: { seriesId: series.id }, orderBy: { startsAt: 'asc' } })
    expect(after).toHaveLength(meetings.length + 1)
    expect(after.at(-1)!.startsAt.toISOString()).toBe('2035-05-10T07:00:00.000Z')
    expect(new Set(after.map((m) => m.occurrenceDate!.toISOString())).size).toBe(after.length)
  })

  it('does not regenerate a moved or a cancelled meeting', async () => {
    const { series, meetings } = await newSeries()
    const [first, second] = meetings
    await moveMeeting({ actor: director, id: first!.id, version: 1, date: '2035-01-05', time: '10:00', note: 'Flyttet en dag' })
    await send(second!.id, 'CANCEL', { reason: 'Sammenfald med KKR-mødet' })
    expect(await generateMeetings({ now: N0, seriesId: series.id })).toBe(0)
    expect(await db.meeting.count({ where: { seriesId: series.id } })).toBe(meetings.length)
  })

  it('refuses a first meeting in the past and an unknown participant, creating nothing', async () => {
    const before = await db.meetingSeries.count()
    const input = { title: 'Direktørmøde', firstDate: '2035-01-01', startTime: '09:00', durationMinutes: 120, participantIds: [kolding.id] }
    await expect(createSeries({ actor: director, now: N0, input })).rejects.toMatchObject({ status: 400, message: 'Det første møde kan ikke ligge i fortiden.' })
    await expect(createSeries({ actor: director, now: N0, input: { ...input, firstDate: FIRST, participantIds: [kolding.id, 'ingen-saadan'] } })).rejects.toThrow(
      'En af deltagerne findes ikke.',
    )
    expect(await db.meetingSeries.count()).toBe(before)
  })
})

describe('the planMeetings job', () => {
  it('with an injected clock generates ahead and opens the agendas of meetings within 14 days', async () => {
    const { series, meetings } = await newSeries({ firstDate: '2035-12-06', now: new Date('2035-12-01T08:00:00.000Z') })
    expect(meetings).toHaveLength(9) // 6 December 2035 … 27 March 2036
    const clock = new Date('2036-01-07T06:00:00.000Z')
    const scheduler = new Scheduler([planMeetings], { holder: 'meetings-test', clock: () => clock })
    const outcome = await scheduler.runJob('meetings-plan', { force: true })
    expect(outcome).toMatchObject({ status: 'ran', ok: true })
    expect(outcome.status === 'ran' && outcome.result).toMatch(/^\d+ møder oprettet, [1-9]\d* dagsordener åbnet$/)

    const after = await db.meeting.findMany({ where: { seriesId: series.id }, orderBy: { startsAt: 'asc' } })
    expect(after).toHaveLength(11) // and 10 and 24 April 2036
    const states = Object.fromEntries(after.map((m) => [m.startsAt.toISOString().slice(0, 10), m.state]))
    expect(states).toEqual({
      '2035-12-06': 'planned',
      '2035-12-20': 'planned',
      '2036-01-03': 'planned',
      '2036-01-17': 'agendaOpen',
      '2036-01-31': 'planned',
      '2036-02-14': 'planned',
      '2036-02-28': 'planned',
      '2036-03-13': 'planned',
      '2036-03-27': 'planned',
      '2036-04-10': 'planned',
      '2036-04-24': 'planned',
    })
    const opened = after.find((m) => m.state === 'agendaOpen')!
    const events = await db.workflowEvent.findMany({ where: { entityType: 'meeting', entityId: opened.id } })
    expect(events.map((e) => [e.event, e.fromState, e.toState, e.actorId, e.at.toISOString()])).toEqual([['OPEN_AGENDA', 'planned', 'agendaOpen', null, clock.toISOString()]])

    // Run again at the same time: nothing more to create or open, in any series.
    const again = await scheduler.runJob('meetings-plan', { force: true })
    expect(again).toEqual({ status: 'ran', ok: true, result: '0 møder oprettet, 0 dagsordener åbnet' })
    expect(await db.meeting.count({ where: { seriesId: series.id } })).toBe(11)
  })
})

describe('a meeting from agenda to approved minutes', () => {
  it('runs the whole flow', async () => {
    const { meetings } = await newSeries()
    const meeting = meetings[0]!
    const link = linkOf(meeting.id)
    await send(meeting.id, 'OPEN_AGENDA')
    expect((await getMeetingRow(meeting.id))!.state).toBe('agendaOpen')

    // A LES director proposes; the chair hears of it.
    await proposeItem({
      actor: kolding,
      meetingId: meeting.id,
      input: { title: 'Fælles metode til virksomhedsbesøg', description: 'Erfaringer fra Kolding', kind: 'METHOD', presenter: 'Lars Larsen', requestedMinutes: 25 },
    })
    const proposal = await db.agendaItem.findFirstOrThrow({ where: { meetingId: meeting.id } })
    expect(proposal).toMatchObject({ status: 'PROPOSED', kind: 'METHOD', requestedMinutes: 25, plannedMinutes: null, proposedById: kolding.id, presenter: 'Lars Larsen', position: 1 })
    const proposed = await notificationsFor(director.id, link, 'foreslår et punkt')
    expect(proposed).toHaveLength(1)
    expect(proposed[0]!.title).toContain('Lars Larsen')
    expect(proposed[0]!.body).toBe('Fælles metode til virksomhedsbesøg')
    expect(await db.outboxEmail.count({ where: { toEmail: 'direktor@ehsyd.demo', subject: { contains: 'foreslår et punkt' } } })).toBeGreaterThanOrEqual(1)

    // The chair's own item goes straight on; the chair accepts the proposal and puts it first.
    const own = await propose(meeting.id, director, 'Status på resultatkontrakten', 15)
    expect(own).toMatchObject({ status: 'ACCEPTED', plannedMinutes: 15, position: 2 })
    await decideItem({ actor: director, itemId: proposal.id, status: 'ACCEPTED' })
    expect(await db.agendaItem.findUniqueOrThrow({ where: { id: proposal.id } })).toMatchObject({ status: 'ACCEPTED', plannedMinutes: 25, changedAt: null })
    await reorderItems({ actor: director, meetingId: meeting.id, orderedIds: [own.id, proposal.id] })
    expect((await db.agendaItem.findMany({ where: { meetingId: meeting.id }, orderBy: { position: 'asc' } })).map((i) => i.id)).toEqual([own.id, proposal.id])

    // Publishing tells every other participant.
    const published = await send(meeting.id, 'PUBLISH_AGENDA')
    expect(published).toMatchObject({ from: 'agendaOpen', to: 'agendaPublished' })
    expect((await db.meeting.findUniqueOrThrow({ where: { id: meeting.id } })).agendaPublishedAt).not.toBeNull()
    for (const user of [kolding, vejle, trekant]) expect(await notificationsFor(user.id, link, 'er udsendt')).toHaveLength(1)
    expect(await notificationsFor(director.id, link, 'er udsendt')).toHaveLength(0)

    // A change after publishing is marked as changed.
    await decideItem({ actor: director, itemId: proposal.id, plannedMinutes: 20 })
    expect(await db.agendaItem.findUniqueOrThrow({ where: { id: proposal.id } })).toMatchObject({ plannedMinutes: 20, changedAt: expect.any(Date) })

    // The session: the first accepted item is current; moving on adds the time spent.
    const t0 = new Date('2035-01-04T08:00:00.000Z')
    const at = (seconds: number) => new Date(t0.getTime() + seconds * 1000)
    await send(meeting.id, 'START', { now: t0 })
    expect(await db.meeting.findUniqueOrThrow({ where: { id: meeting.id } })).toMatchObject({ state: 'inSession', currentItemId: own.id, currentItemStartedAt: t0, sessionStartedAt: t0 })
    await setCurrentItem({ actor: director, meetingId: meeting.id, itemId: proposal.id, now: at(300) })
    await setCurrentItem({ actor: director, meetingId: meeting.id, itemId: own.id, now: at(420) })
    await setCurrentItem({ actor: director, meetingId: meeting.id, itemId: proposal.id, now: at(480) })
    await setCurrentItem({ actor: director, meetingId: meeting.id, itemId: proposal.id, now: at(540) }) // already current: nothing changes
    const spent = async () => Object.fromEntries((await db.agendaItem.findMany({ where: { meetingId: meeting.id } })).map((i) => [i.id, i.spentSeconds]))
    expect(await spent()).toEqual({ [own.id]: 360, [proposal.id]: 120 })
    expect(await db.meeting.findUniqueOrThrow({ where: { id: meeting.id } })).toMatchObject({ currentItemId: proposal.id, currentItemStartedAt: at(480) })

    await setAttendance({ actor: director, meetingId: meeting.id, userId: kolding.id, attendance: 'PRESENT' })
    await setAttendance({ actor: director, meetingId: meeting.id, userId: vejle.id, attendance: 'EXCUSED' })
    expect(Object.fromEntries((await db.meetingParticipant.findMany({ where: { meetingId: meeting.id } })).map((p) => [p.userId, p.attendance]))).toEqual({
      [director.id]: null,
      [kolding.id]: 'PRESENT',
      [vejle.id]: 'EXCUSED',
      [trekant.id]: null,
    })

    await addDecision({ actor: director, meetingId: meeting.id, agendaItemId: proposal.id, text: 'Metoden afprøves i alle 13 LES' })
    expect(await db.meetingDecision.findMany({ where: { meetingId: meeting.id } })).toMatchObject([{ agendaItemId: proposal.id, text: 'Metoden afprøves i alle 13 LES', createdById: director.id }])

    await addActionItem({ actor: director, meetingId: meeting.id, agendaItemId: proposal.id, text: 'Saml erfaringerne fra afprøvningen', ownerId: kolding.id, dueDate: '2035-01-18', now: at(500) })
    const action = await db.actionItem.findFirstOrThrow({ where: { meetingId: meeting.id } })
    expect(action).toMatchObject({ ownerId: kolding.id, createdById: director.id, status: 'OPEN', agendaItemId: proposal.id, dueDate: new Date('2035-01-18T12:00:00.000Z') })
    const told = await db.notification.findMany({ where: { userId: kolding.id, title: { contains: 'Saml erfaringerne fra afprøvningen' } } })
    expect(told).toHaveLength(1)
    expect(told[0]!.title).toMatch(/^Ny opgave fra direktørmøde \d+: /)

    // The end stops the clock on the current item; the minutes go into draft.
    await send(meeting.id, 'END', { now: at(600) })
    expect(await spent()).toEqual({ [own.id]: 360, [proposal.id]: 240 })
    expect(await db.meeting.findUniqueOrThrow({ where: { id: meeting.id } })).toMatchObject({ state: 'minutesDraft', currentItemId: null, currentItemStartedAt: null, sessionEndedAt: at(600) })

    expect(await saveItemMinutes({ actor: director, itemId: proposal.id, minutesVersion: 1, text: 'Lars fortalte om metoden.' })).toBe(2)
    expect(await db.agendaItem.findUniqueOrThrow({ where: { id: proposal.id } })).toMatchObject({ minutes: 'Lars fortalte om metoden.', minutesVersion: 2 })

    const approvedAt = new Date('2035-01-06T10:00:00.000Z')
    const approved = await send(meeting.id, 'APPROVE_MINUTES', { now: approvedAt })
    expect(approved).toMatchObject({ from: 'minutesDraft', to: 'closed' })
    const row = (await getMeetingRow(meeting.id))!
    expect(row.state).toBe('closed')
    expect(row.context.minutesApproval).toEqual({ by: director.id, at: approvedAt.toISOString(), how: 'CIRCULATION' })
    expect((await db.workflowEvent.findMany({ where: { entityType: 'meeting', entityId: meeting.id }, orderBy: { version: 'asc' } })).map((e) => e.event)).toEqual([
      'OPEN_AGENDA',
      'PUBLISH_AGENDA',
      'START',
      'END',
      'APPROVE_MINUTES',
    ])
  })

  it('lets a secretary write the minutes, but not an ordinary member', async () => {
    const { meeting, a } = await meetingInSession()
    await expect(saveItemMinutes({ actor: vejle, itemId: a.id, minutesVersion: 1, text: 'Uden lov' })).rejects.toMatchObject({ status: 403 })
    await setSecretary({ actor: director, meetingId: meeting.id, userId: vejle.id })
    expect((await db.meetingParticipant.findUniqueOrThrow({ where: { meetingId_userId: { meetingId: meeting.id, userId: vejle.id } } })).role).toBe('SECRETARY')
    expect(await saveItemMinutes({ actor: vejle, itemId: a.id, minutesVersion: 1, text: 'Referentens tekst' })).toBe(2)
    await expect(setSecretary({ actor: director, meetingId: meeting.id, userId: lesStaff.id })).rejects.toThrow('Referenten skal være en af mødets deltagere.')
  })
})

describe('bad input writes nothing', () => {
  it('refuses to publish an empty agenda with a Danish message', async () => {
    const { meetings } = await newSeries()
    const meeting = meetings[0]!
    await send(meeting.id, 'OPEN_AGENDA')
    await propose(meeting.id, kolding, 'Kun et forslag') // proposed, not accepted
    const before = await footprint(meeting.id)
    const attempt = send(meeting.id, 'PUBLISH_AGENDA')
    await expect(attempt).rejects.toBeInstanceOf(MeetingError)
    await expect(attempt).rejects.toThrow('Dagsordenen er tom. Optag mindst ét punkt, før den udsendes.')
    expect(await footprint(meeting.id)).toEqual(before)
    expect(before.meeting).toMatchObject({ state: 'agendaOpen', agendaPublishedAt: null })
  })

  it('refuses an action item for someone outside the meeting, for a guest, without owner, or due in the past', async () => {
    const { meeting } = await meetingInSession()
    await inviteGuest({ actor: director, meetingId: meeting.id, userId: guest.id })
    const now = new Date('2035-01-04T08:30:00.000Z')
    const before = await footprint(meeting.id)
    const koldingNotifications = await db.notification.count({ where: { userId: kolding.id } })
    const base = { actor: director, meetingId: meeting.id, text: 'En opgave', dueDate: '2035-01-18', now }
    for (const ownerId of [lesStaff.id, guest.id, '', 'ingen-saadan']) {
      const attempt = addActionItem({ ...base, ownerId })
      await expect(attempt).rejects.toBeInstanceOf(MeetingError)
      await expect(attempt).rejects.toMatchObject({ status: 400, message: 'Opgaven skal tildeles en af mødets deltagere.' })
    }
    const past = addActionItem({ ...base, ownerId: kolding.id, dueDate: '2035-01-03' })
    await expect(past).rejects.toMatchObject({ status: 400, message: 'Fristen kan ikke ligge i fortiden.' })
    expect(await footprint(meeting.id)).toEqual(before)
    expect(await db.notification.count({ where: { userId: kolding.id } })).toBe(koldingNotifications)
    // Today is fine.
    await addActionItem({ ...base, ownerId: kolding.id, dueDate: '2035-01-04' })
    expect(await db.actionItem.count({ where: { meetingId: meeting.id } })).toBe(1)
  })

  it('locks the minutes once approved', async () => {
    const { meeting, a } = await meetingInSession()
    await send(meeting.id, 'END')
    expect(await saveItemMinutes({ actor: director, itemId: a.id, minutesVersion: 1, text: 'Kladde' })).toBe(2)
    await send(meeting.id, 'APPROVE_MINUTES')
    const before = await footprint(meeting.id)
    const attempt = saveItemMinutes({ actor: director, itemId: a.id, minutesVersion: 2, text: 'Ændret bagefter' })
    await expect(attempt).rejects.toBeInstanceOf(MeetingError)
    await expect(attempt).rejects.toThrow('Referatet er godkendt og låst; det kan ikke ændres.')
    await expect(addDecision({ actor: director, meetingId: meeting.id, agendaItemId: a.id, text: 'For sent' })).rejects.toBeInstanceOf(MeetingError)
    await expect(addActionItem({ actor: director, meetingId: meeting.id, text: 'For sent', ownerId: kolding.id, dueDate: '2035-02-01', now: N0 })).rejects.toBeInstanceOf(MeetingError)
    // Attendance and the secretary are printed in the approved minutes, so they are locked too.
    const participantsBefore = await db.meetingParticipant.findMany({ where: { meetingId: meeting.id }, orderBy: { userId: 'asc' } })
    await expect(setAttendance({ actor: director, meetingId: meeting.id, userId: kolding.id, attendance: 'ABSENT' })).rejects.toThrow('Referatet er godkendt og låst; det kan ikke ændres.')
    await expect(setSecretary({ actor: director, meetingId: meeting.id, userId: vejle.id })).rejects.toThrow('Referatet er godkendt og låst; det kan ikke ændres.')
    expect(await db.meetingParticipant.findMany({ where: { meetingId: meeting.id }, orderBy: { userId: 'asc' } })).toEqual(participantsBefore)
    expect(await footprint(meeting.id)).toEqual(before)
    expect(before.items.find((i) => i.id === a.id)!.minutes).toBe('Kladde')
  })

  it('saves two writers on different items at once, and refuses a stale save on the same item', async () => {
    const { meeting, a, b } = await meetingInSession()
    await setSecretary({ actor: director, meetingId: meeting.id, userId: vejle.id })
    const versions = await Promise.all([
      saveItemMinutes({ actor: director, itemId: a.id, minutesVersion: 1, text: 'Mødelederens referat af a' }),
      saveItemMinutes({ actor: vejle, itemId: b.id, minutesVersion: 1, text: 'Referentens referat af b' }),
    ])
    expect(versions).toEqual([2, 2])
    const saved = async (id: string) => db.agendaItem.findUniqueOrThrow({ where: { id }, select: { minutes: true, minutesVersion: true } })
    expect(await saved(a.id)).toEqual({ minutes: 'Mødelederens referat af a', minutesVersion: 2 })
    expect(await saved(b.id)).toEqual({ minutes: 'Referentens referat af b', minutesVersion: 2 })

    // Both start from version 2 of item a: one wins, the other is told it is stale.
    const race = await Promise.allSettled([
      saveItemMinutes({ actor: director, itemId: a.id, minutesVersion: 2, text: 'Mødelederens rettelse' }),
      saveItemMinutes({ actor: vejle, itemId: a.id, minutesVersion: 2, text: 'Referentens rettelse' }),
    ])
    const won = race.filter((r) => r.status === 'fulfilled')
    const lost = race.filter((r): r is PromiseRejectedResult => r.status === 'rejected')
    expect(won).toHaveLength(1)
    expect(lost).toHaveLength(1)
    expect(lost[0]!.reason).toBeInstanceOf(StaleVersionError)
    const winner = race[0]!.status === 'fulfilled' ? 'Mødelederens rettelse' : 'Referentens rettelse'
    expect(await saved(a.id)).toEqual({ minutes: winner, minutesVersion: 3 })

    // A late save from a page that still shows version 1 is refused, and changes nothing.
    await expect(saveItemMinutes({ actor: vejle, itemId: a.id, minutesVersion: 1, text: 'Gammel side' })).rejects.toBeInstanceOf(StaleVersionError)
    expect(await saved(a.id)).toEqual({ minutes: winner, minutesVersion: 3 })
    expect(await saved(b.id)).toEqual({ minutes: 'Referentens referat af b', minutesVersion: 2 })
  })

  it('lets only the chair publish, accept, reorder, move, run the session and invite', async () => {
    const { meetings } = await newSeries()
    const meeting = meetings[0]!
    await expect(send(meeting.id, 'OPEN_AGENDA', { actor: kolding })).rejects.toBeInstanceOf(ForbiddenTransitionError)
    await send(meeting.id, 'OPEN_AGENDA')
    const proposal = await propose(meeting.id, kolding, 'Et forslag fra Kolding')
    const own = await propose(meeting.id, director, 'Mødelederens punkt')
    const before = await footprint(meeting.id)

    await expect(send(meeting.id, 'PUBLISH_AGENDA', { actor: kolding })).rejects.toBeInstanceOf(ForbiddenTransitionError)
    await expect(send(meeting.id, 'CANCEL', { actor: vejle, reason: 'Jeg kan ikke' })).rejects.toBeInstanceOf(ForbiddenTransitionError)
    // One at a time: started together, the later refusals would reject before anything awaits them.
    for (const attempt of [
      () => decideItem({ actor: kolding, itemId: proposal.id, status: 'ACCEPTED' }),
      () => decideItem({ actor: trekant, itemId: proposal.id, plannedMinutes: 60 }),
      () => reorderItems({ actor: vejle, meetingId: meeting.id, orderedIds: [own.id, proposal.id] }),
      () => moveMeeting({ actor: kolding, id: meeting.id, version: before.meeting.version, date: '2035-01-05', time: '09:00', note: 'Passer bedre' }),
      () => inviteGuest({ actor: kolding, meetingId: meeting.id, userId: guest.id }),
      () => setSecretary({ actor: kolding, meetingId: meeting.id, userId: kolding.id }),
    ]) {
      const refusal = attempt()
      await expect(refusal).rejects.toBeInstanceOf(MeetingError)
      await expect(refusal).rejects.toMatchObject({ status: 403 })
    }
    expect(await footprint(meeting.id)).toEqual(before)
    expect(before.items.find((i) => i.id === proposal.id)!.status).toBe('PROPOSED')
    expect(await db.meetingParticipant.count({ where: { meetingId: meeting.id } })).toBe(4)

    // In session, too, only the chair moves the current item, and a member cannot record.
    await decideItem({ actor: director, itemId: proposal.id, status: 'ACCEPTED' })
    await send(meeting.id, 'PUBLISH_AGENDA')
    await send(meeting.id, 'START')
    await expect(setCurrentItem({ actor: kolding, meetingId: meeting.id, itemId: proposal.id })).rejects.toMatchObject({ status: 403 })
    await expect(addDecision({ actor: kolding, meetingId: meeting.id, agendaItemId: null, text: 'Besluttet af mig' })).rejects.toMatchObject({ status: 403 })
    await expect(setAttendance({ actor: trekant, meetingId: meeting.id, userId: trekant.id, attendance: 'PRESENT' })).rejects.toMatchObject({ status: 403 })
    await expect(send(meeting.id, 'END', { actor: kolding })).rejects.toBeInstanceOf(ForbiddenTransitionError)
    expect((await getMeetingRow(meeting.id))!.state).toBe('inSession')
    expect(await db.meetingDecision.count({ where: { meetingId: meeting.id } })).toBe(0)
  })

  it('refuses a cancellation without a reason, and changes to the agenda once the session has begun', async () => {
    const { meeting, a, b } = await meetingInSession()
    const { meetings } = await newSeries()
    const planned = meetings[0]!
    await expect(send(planned.id, 'CANCEL', { reason: ' ' })).rejects.toBeInstanceOf(RefusedTransitionError)
    expect((await getMeetingRow(planned.id))!.state).toBe('planned')
    await expect(send(meeting.id, 'CANCEL', { reason: 'For sent at aflyse' })).rejects.toBeInstanceOf(RefusedTransitionError)
    await expect(reorderItems({ actor: director, meetingId: meeting.id, orderedIds: [b.id, a.id] })).rejects.toThrow('Dagsordenen kan ikke ændres, når mødet er i gang eller afholdt.')
    await expect(proposeItem({ actor: kolding, meetingId: meeting.id, input: { title: 'For sent', kind: 'ORIENTATION' } })).rejects.toThrow('Dagsordenen er lukket for forslag.')
    expect((await db.agendaItem.findMany({ where: { meetingId: meeting.id }, orderBy: { position: 'asc' } })).map((i) => i.id)).toEqual([a.id, b.id])
  })
})

describe('action items', () => {
  it('carry over to the next meetings of the series until done', async () => {
    const { series, meetings, meeting, a } = await meetingInSession()
    const [, second, third] = meetings
    await addActionItem({ actor: director, meetingId: meeting.id, agendaItemId: a.id, text: 'Udarbejd fælles tjekliste', ownerId: kolding.id, dueDate: '2035-01-25', now: N0 })
    await addActionItem({ actor: director, meetingId: meeting.id, text: 'Send oplæg til KKR', ownerId: vejle.id, dueDate: '2035-01-11', now: N0 })
    await send(meeting.id, 'END')
    await send(meeting.id, 'APPROVE_MINUTES', { how: 'NEXT_MEETING' })
    expect((await getMeetingRow(meeting.id))!.context.minutesApproval).toMatchObject({ by: director.id, how: 'NEXT_MEETING' })
    const [checklist, kkrNote] = await Promise.all(['Udarbejd fælles tjekliste', 'Send oplæg til KKR'].map((text) => db.actionItem.findFirstOrThrow({ where: { text, meetingId: meeting.id } })))

    const carried = async (m: { id: string; seriesId: string | null; startsAt: Date }) => (await carriedOverActions(m)).map((x) => x.id)
    // Ordered by due date; not on the meeting where they were made; on every later one.
    expect(await carried(second!)).toEqual([kkrNote!.id, checklist!.id])
    expect(await carried(third!)).toEqual([kkrNote!.id, checklist!.id])
    expect(await carried(meeting)).toEqual([])
    const withOwner = await carriedOverActions(second!)
    expect(withOwner.map((x) => [x.owner.name, x.meeting.startsAt.toISOString()])).toEqual([
      ['Villads Vinther', meeting.startsAt.toISOString()],
      ['Lars Larsen', meeting.startsAt.toISOString()],
    ])
    // Another series' meeting at the same time does not get them.
    const other = (await newSeries()).meetings[1]!
    expect(await carried(other)).toEqual([])
    expect(other.seriesId).not.toBe(series.id)

    // Dropping needs a note; only the owner, its creator or the chair may close it.
    await expect(closeActionItem({ actor: vejle, id: kkrNote!.id, version: 1, status: 'DROPPED', note: '' })).rejects.toMatchObject({ status: 400, message: 'Skriv hvorfor opgaven droppes.' })
    await expect(closeActionItem({ actor: kolding, id: kkrNote!.id, version: 1, status: 'DONE', note: '' })).rejects.toMatchObject({ status: 403 })
    expect(await db.actionItem.findUniqueOrThrow({ where: { id: kkrNote!.id } })).toMatchObject({ status: 'OPEN', version: 1, note: null, completedAt: null })

    const doneAt = new Date('2035-01-10T12:00:00.000Z')
    await closeActionItem({ actor: kolding, id: checklist!.id, version: 1, status: 'DONE', note: '', now: doneAt })
    expect(await db.actionItem.findUniqueOrThrow({ where: { id: checklist!.id } })).toMatchObject({ status: 'DONE', completedAt: doneAt, version: 2, note: null })
    expect(await carried(second!)).toEqual([kkrNote!.id])
    await expect(closeActionItem({ actor: kolding, id: checklist!.id, version: 2, status: 'DONE', note: '' })).rejects.toThrow('Opgaven er allerede afsluttet.')

    await closeActionItem({ actor: vejle, id: kkrNote!.id, version: 1, status: 'DROPPED', note: 'KKR har aflyst mødet' })
    expect(await db.actionItem.findUniqueOrThrow({ where: { id: kkrNote!.id } })).toMatchObject({ status: 'DROPPED', note: 'KKR har aflyst mødet' })
    expect(await carried(second!)).toEqual([])
    expect(await carried(third!)).toEqual([])
  })

  it('are listed as assigned to the owner and created by whoever recorded them', async () => {
    const { meeting } = await meetingInSession()
    await setSecretary({ actor: director, meetingId: meeting.id, userId: trekant.id })
    await addActionItem({ actor: director, meetingId: meeting.id, text: 'Opgave til Kolding', ownerId: kolding.id, dueDate: '2035-02-01', now: N0 })
    await addActionItem({ actor: trekant, meetingId: meeting.id, text: 'Opgave til Vejle', ownerId: vejle.id, dueDate: '2035-02-01', now: N0 })
    const [toKolding, toVejle] = await Promise.all(['Opgave til Kolding', 'Opgave til Vejle'].map((text) => db.actionItem.findFirstOrThrow({ where: { text, meetingId: meeting.id } })))

    const ids = async (user: CurrentUser, which: 'assigned' | 'created') => (await listActionItems(user, which)).map((x) => x.id)
    const koldingAssigned = await listActionItems(kolding, 'assigned')
    expect(koldingAssigned.every((x) => x.ownerId === kolding.id)).toBe(true)
    expect(koldingAssigned.map((x) => x.id)).toContain(toKolding!.id)
    expect(koldingAssigned.map((x) => x.id)).not.toContain(toVejle!.id)
    expect(koldingAssigned.find((x) => x.id === toKolding!.id)).toMatchObject({ owner: { name: 'Lars Larsen' }, createdBy: { name: 'Dorthe Damgaard' }, meeting: { id: meeting.id } })
    expect(await ids(vejle, 'assigned')).toContain(toVejle!.id)
    expect(await ids(vejle, 'assigned')).not.toContain(toKolding!.id)

    const directorCreated = await listActionItems(director, 'created')
    expect(directorCreated.every((x) => x.createdById === director.id)).toBe(true)
    expect(directorCreated.map((x) => x.id)).toContain(toKolding!.id)
    expect(directorCreated.map((x) => x.id)).not.toContain(toVejle!.id)
    expect(await ids(trekant, 'created')).toEqual([toVejle!.id])
    expect(await ids(kolding, 'created')).toEqual([])

    // Open ones first, by due date; done and dropped ones after them.
    await closeActionItem({ actor: kolding, id: toKolding!.id, version: 1, status: 'DONE', note: 'Klaret' })
    const after = await listActionItems(kolding, 'assigned')
    const statuses = after.map((x) => x.status)
    expect(statuses).toContain('OPEN')
    expect(statuses.lastIndexOf('OPEN')).toBeLessThan(statuses.findIndex((s) => s !== 'OPEN'))
    expect(after.find((x) => x.id === toKolding!.id)!.status).toBe('DONE')
    const openDue = after.filter((x) => x.status === 'OPEN').map((x) => x.dueDate.getTime())
    expect(openDue).toEqual([...openDue].sort((x, y) => x - y))
  })
})

describe('guests', () => {
  it('see the meeting they are invited to and nothing else', async () => {
    const { meetings } = await newSeries()
    const [invited, other] = meetings
    await inviteGuest({ actor: director, meetingId: invited!.id, userId: guest.id })
    expect(await db.meetingParticipant.findUniqueOrThrow({ where: { meetingId_userId: { meetingId: invited!.id, userId: guest.id } } })).toMatchObject({ role: 'GUEST' })
    expect(await notificationsFor(guest.id, linkOf(invited!.id), 'Du er inviteret som gæst')).toHaveLength(1)

    expect(await meetingAccess(guest, invited!.id)).toBe('guest')
    expect(await meetingAccess(guest, other!.id)).toBeNull()
    for (const user of [director, kolding, vejle, trekant]) {
      expect(await meetingAccess(user, invited!.id)).toBe('full')
      expect(await meetingAccess(user, other!.id)).toBe('full')
    }
    // LES staff have no part in the director meetings.
    expect(await meetingAccess(lesStaff, invited!.id)).toBeNull()

    // A guest cannot propose, and is not invited twice.
    await expect(proposeItem({ actor: guest, meetingId: invited!.id, input: { title: 'Gæstens punkt', kind: 'ORIENTATION' } })).rejects.toMatchObject({ status: 403 })
    await expect(inviteGuest({ actor: director, meetingId: invited!.id, userId: guest.id })).rejects.toThrow('Personen deltager allerede i mødet.')
    await expect(inviteGuest({ actor: director, meetingId: invited!.id, userId: kolding.id })).rejects.toThrow('Personen deltager allerede i mødet.')
    expect(await db.agendaItem.count({ where: { meetingId: invited!.id } })).toBe(0)
    expect(await db.meetingParticipant.count({ where: { meetingId: invited!.id } })).toBe(5)
  })
})

describe('moving and cancelling a single meeting', () => {
  it('moves a meeting keeping its duration and tells the participants why', async () => {
    const { series, meetings } = await newSeries()
    const [meeting, next] = meetings
    await moveMeeting({ actor: director, id: meeting!.id, version: 1, date: '2035-01-05', time: '13:30', note: 'Flyttet pga. KKR-mødet' })
    const moved = await db.meeting.findUniqueOrThrow({ where: { id: meeting!.id } })
    expect(moved.startsAt.toISOString()).toBe('2035-01-05T12:30:00.000Z')
    expect(moved.endsAt.toISOString()).toBe('2035-01-05T14:30:00.000Z')
    expect(moved).toMatchObject({ movedNote: 'Flyttet pga. KKR-mødet', version: 2, occurrenceDate: meeting!.occurrenceDate, seriesId: series.id })
    for (const user of [kolding, vejle, trekant]) {
      const told = await notificationsFor(user.id, linkOf(meeting!.id), 'er flyttet til')
      expect(told).toHaveLength(1)
      expect(told[0]!.body).toBe('Flyttet pga. KKR-mødet')
    }
    expect(await notificationsFor(director.id, linkOf(meeting!.id), 'er flyttet til')).toHaveLength(0)
    expect(await db.auditEntry.count({ where: { entityType: 'meeting', entityId: meeting!.id, action: 'MOVE' } })).toBe(1)
    // The rest of the series stays where it was.
    expect((await db.meeting.findUniqueOrThrow({ where: { id: next!.id } })).startsAt).toEqual(next!.startsAt)

    // A page that still shows version 1, and a time already passed, are refused.
    await expect(moveMeeting({ actor: director, id: meeting!.id, version: 1, date: '2035-01-06', time: '09:00', note: 'Igen' })).rejects.toBeInstanceOf(StaleVersionError)
    await expect(moveMeeting({ actor: director, id: meeting!.id, version: 2, date: '2020-01-06', time: '09:00', note: 'Fortid' })).rejects.toMatchObject({ status: 400 })
    expect((await db.meeting.findUniqueOrThrow({ where: { id: meeting!.id } })).startsAt.toISOString()).toBe('2035-01-05T12:30:00.000Z')
  })

  it('moves across daylight saving to the same local time', async () => {
    const { meetings } = await newSeries()
    const winter = meetings[0]!
    await moveMeeting({ actor: director, id: winter.id, version: 1, date: '2035-04-03', time: '09:00', note: 'Efter påske' })
    const moved = await db.meeting.findUniqueOrThrow({ where: { id: winter.id } })
    expect(moved.startsAt.toISOString()).toBe('2035-04-03T07:00:00.000Z')
    expect(moved.startsAt).toEqual(copenhagenInstant('2035-04-03', '09:00'))
    expect(moved.endsAt.getTime() - moved.startsAt.getTime()).toBe(120 * MINUTE)
  })

  it('cancels with a reason that goes to the participants', async () => {
    const { meetings } = await newSeries()
    const meeting = meetings[2]!
    const result = await send(meeting.id, 'CANCEL', { reason: 'Sammenfald med KKR-mødet' })
    expect(result).toMatchObject({ from: 'planned', to: 'cancelled', version: 2 })
    const row = (await getMeetingRow(meeting.id))!
    expect(row.state).toBe('cancelled')
    expect(row.context.cancelReason).toBe('Sammenfald med KKR-mødet')
    for (const user of [kolding, vejle, trekant]) {
      const told = await notificationsFor(user.id, linkOf(meeting.id), 'er aflyst')
      expect(told).toHaveLength(1)
      expect(told[0]!.body).toBe('Sammenfald med KKR-mødet')
    }
    expect(await notificationsFor(director.id, linkOf(meeting.id), 'er aflyst')).toHaveLength(0)
    await expect(moveMeeting({ actor: director, id: meeting.id, version: 2, date: '2035-02-02', time: '09:00', note: 'Alligevel' })).rejects.toBeInstanceOf(MeetingError)
    await expect(send(meeting.id, 'OPEN_AGENDA')).rejects.toBeInstanceOf(RefusedTransitionError)
  })
})

describe('calendar files', () => {
  const BASE = 'https://knudepunkt.example'

  it('writes one meeting as an .ics that reads back with the same facts', async () => {
    const { meetings } = await newSeries()
    const meeting = await db.meeting.findUniqueOrThrow({ where: { id: meetings[6]!.id } }) // 29 March 2035, summer time
    const ics = meetingIcs(meeting, BASE)
    expect(ics).toMatch(/\r\nDTSTART:20350329T070000Z\r\n/)
    const { calendar, events } = parseEvents(ics)
    expect(calendar.getFirstPropertyValue('version')).toBe('2.0')
    expect(calendar.getFirstPropertyValue('prodid')).toContain('Knudepunkt')
    expect(events).toHaveLength(1)
    const vevent = events[0]!
    expect(vevent.getFirstPropertyValue('uid')).toBe(`meeting-${meeting.id}@knudepunkt`)
    expect(vevent.getFirstPropertyValue('summary')).toBe(meeting.title)
    expect(vevent.getFirstPropertyValue('location')).toBe(LOCATION)
    expect(vevent.getFirstPropertyValue('status')).toBe('CONFIRMED')
    expect(vevent.getFirstPropertyValue('sequence')).toBe(1)
    expect(vevent.getFirstPropertyValue('url')).toBe(`${BASE}/direktoermoeder/${meeting.id}`)
    expect(String(vevent.getFirstPropertyValue('description'))).toContain('Planlagt')
    const start = vevent.getFirstPropertyValue('dtstart') as ICAL.Time
    const end = vevent.getFirstPropertyValue('dtend') as ICAL.Time
    expect(start.toJSDate().toISOString()).toBe(meeting.startsAt.toISOString())
    expect(end.toJSDate().toISOString()).toBe(meeting.endsAt.toISOString())
    expect(start.zone.tzid).toBe('UTC')
    const event = new ICAL.Event(vevent)
    expect(event.startDate.toJSDate()).toEqual(meeting.startsAt)
    expect(event.duration.toSeconds()).toBe(120 * 60)
  })

  it('marks a cancelled meeting CANCELLED and a moved one with a higher SEQUENCE', async () => {
    const { meetings } = await newSeries()
    const [first, second] = meetings
    await send(first!.id, 'CANCEL', { reason: 'Aflyst grundet sygdom' })
    const cancelled = await db.meeting.findUniqueOrThrow({ where: { id: first!.id } })
    const cancelledEvent = parseEvents(meetingIcs(cancelled, BASE)).events[0]!
    expect(cancelledEvent.getFirstPropertyValue('status')).toBe('CANCELLED')
    expect(cancelledEvent.getFirstPropertyValue('sequence')).toBe(2)
    expect(cancelledEvent.getFirstPropertyValue('uid')).toBe(`meeting-${first!.id}@knudepunkt`)

    await moveMeeting({ actor: director, id: second!.id, version: 1, date: '2035-01-19', time: '10:00', note: 'En dag senere' })
    const moved = await db.meeting.findUniqueOrThrow({ where: { id: second!.id } })
    const movedEvent = new ICAL.Event(parseEvents(meetingIcs(moved, BASE)).events[0]!)
    expect(movedEvent.sequence).toBe(moved.version)
    expect(movedEvent.sequence).toBe(2)
    expect(movedEvent.startDate.toJSDate().toISOString()).toBe('2035-01-19T09:00:00.000Z')
    expect(movedEvent.endDate.toJSDate().toISOString()).toBe('2035-01-19T11:00:00.000Z')
    expect(movedEvent.uid).toBe(`meeting-${second!.id}@knudepunkt`)
  })

  it('feeds a user’s own meetings through a secret token that can be regenerated', async () => {
    const mine = await newSeries()
    const notMine = await newSeries({ participants: [vejle.id] })
    await send(mine.meetings[1]!.id, 'CANCEL', { reason: 'Aflyst i denne uge' })
    const token = await regenerateFeedToken(kolding.id)
    expect(token.length).toBeGreaterThanOrEqual(20)
    expect(JSON.stringify(await db.calendarFeed.findUniqueOrThrow({ where: { userId: kolding.id } }))).not.toContain(token)

    const feed = await feedIcs(token, N0, BASE)
    expect(feed).not.toBeNull()
    const events = parseEvents(feed!).events.map((e) => new ICAL.Event(e))
    const uids = events.map((e) => e.uid)
    for (const m of mine.meetings) expect(uids).toContain(`meeting-${m.id}@knudepunkt`)
    for (const m of notMine.meetings) expect(uids).not.toContain(`meeting-${m.id}@knudepunkt`)
    // Meetings more than three months back (the demo series around 2026) are left out.
    const demo = await db.meeting.findMany({ where: { participants: { some: { userId: kolding.id } }, startsAt: { lt: new Date('2030-01-01') } } })
    expect(demo.length).toBeGreaterThan(0)
    for (const m of demo) expect(uids).not.toContain(`meeting-${m.id}@knudepunkt`)
    // Every entry is one of Kolding's, in time order, and the cancelled one says so.
    const koldingMeetingIds = new Set((await db.meetingParticipant.findMany({ where: { userId: kolding.id } })).map((p) => `meeting-${p.meetingId}@knudepunkt`))
    for (const uid of uids) expect(koldingMeetingIds.has(uid)).toBe(true)
    const starts = events.map((e) => e.startDate.toJSDate().getTime())
    expect(starts).toEqual([...starts].sort((x, y) => x - y))
    const cancelled = events.find((e) => e.uid === `meeting-${mine.meetings[1]!.id}@knudepunkt`)!
    expect(cancelled.component.getFirstPropertyValue('status')).toBe('CANCELLED')
    const first = events.find((e) => e.uid === `meeting-${mine.meetings[0]!.id}@knudepunkt`)!
    expect(first.startDate.toJSDate()).toEqual(mine.meetings[0]!.startsAt)
    expect(first.summary).toBe(mine.series.title)

    // A new token: the old URL stops working at once.
    const renewed = await regenerateFeedToken(kolding.id)
    expect(renewed).not.toBe(token)
    expect(await feedIcs(token, N0, BASE)).toBeNull()
    expect(await feedIcs(renewed, N0, BASE)).toContain(`meeting-${mine.meetings[0]!.id}@knudepunkt`)
    expect(await feedIcs('ikke-et-token', N0, BASE)).toBeNull()
    expect(await db.calendarFeed.count({ where: { userId: kolding.id } })).toBe(1)
  })

  it('feeds a guest only the meeting they are invited to', async () => {
    const { meetings } = await newSeries()
    await inviteGuest({ actor: director, meetingId: meetings[3]!.id, userId: guest.id })
    const token = await regenerateFeedToken(guest.id)
    const events = parseEvents((await feedIcs(token, N0, BASE))!).events.map((e) => new ICAL.Event(e))
    // The guest may have been invited to meetings of earlier tests; this series shows only the one.
    const fromThisSeries = events.filter((e) => meetings.some((m) => e.uid === `meeting-${m.id}@knudepunkt`))
    expect(fromThisSeries.map((e) => e.uid)).toEqual([`meeting-${meetings[3]!.id}@knudepunkt`])
    const invitedTo = new Set((await db.meetingParticipant.findMany({ where: { userId: guest.id, role: 'GUEST' } })).map((p) => `meeting-${p.meetingId}@knudepunkt`))
    expect(events.every((e) => invitedTo.has(e.uid))).toBe(true)
  })
})
