import { recordAudit } from '~/utils/audit.server.ts'
import type { CurrentUser } from '~/utils/auth.server.ts'
import { addDaysIso, copenhagenDate, copenhagenInstant, dateFromIso } from '~/utils/dates.ts'
import { meetingTimes, occurrenceDates } from '~/utils/meeting-schedule.ts'
import { db, type Tx } from '~/utils/db.server.ts'
import { StaleVersionError } from '~/utils/db-errors.server.ts'
import { formatDate, formatTime } from '~/utils/format.ts'
import type { Attendance, ProposalInput } from '~/utils/meeting-fields.ts'
import { can, widestScope } from '~/utils/permissions.ts'
import { publishInvalidation } from '~/utils/realtime.server.ts'
import { applyTransition, isSystemActor, NotFoundError, SYSTEM_ACTOR, type ProcessDefinition } from '~/utils/workflow.server.ts'
import {
  initialMeetingContext,
  MINUTES_STATES,
  meetingMachine,
  PROPOSAL_STATES,
  type MeetingContext,
  type MeetingEvent,
  type MinutesApproval,
} from '../../machines/meeting.machine.ts'
import { notifyUsers } from './notification.server.ts'

const DAY = 24 * 60 * 60 * 1000

/** A refusal with its Danish message and HTTP status; routes show it as it is. */
export class MeetingError extends Error {
  constructor(
    message: string,
    readonly status = 409,
  ) {
    super(message)
  }
}

export type MeetingRow = {
  id: string
  state: string
  context: MeetingContext
  version: number
  chairId: string
  title: string
  startsAt: Date
  participantIds: string[]
  acceptedItems: number
  currentItemId: string | null
  currentItemStartedAt: Date | null
}

async function loadRow(tx: Tx, id: string): Promise<MeetingRow | null> {
  const row = await tx.meeting.findUnique({
    where: { id },
    include: { participants: { select: { userId: true } }, _count: { select: { items: { where: { status: 'ACCEPTED' } } } } },
  })
  if (!row) return null
  return {
    id: row.id,
    state: row.state,
    context: JSON.parse(row.context) as MeetingContext,
    version: row.version,
    chairId: row.chairId,
    title: row.title,
    startsAt: row.startsAt,
    participantIds: row.participants.map((p) => p.userId),
    acceptedItems: row._count.items,
    currentItemId: row.currentItemId,
    currentItemStartedAt: row.currentItemStartedAt,
  }
}

export async function getMeetingRow(id: string) {
  return db.$transaction((tx) => loadRow(tx, id))
}

export function isChair(actor: CurrentUser, meeting: { chairId: string }) {
  return actor.id === meeting.chairId && can(actor, 'update', 'meeting')
}

function when(meeting: { startsAt: Date }) {
  return `${formatDate(meeting.startsAt)} kl. ${formatTime(meeting.startsAt)}`
}

function publish(meetingId: string) {
  publishInvalidation({ topic: 'meeting', id: meetingId, version: Date.now() }, { everyone: true })
}

/** Adds the seconds since the current item began to its total (the per-item timer). */
async function stopCurrentItem(tx: Tx, row: Pick<MeetingRow, 'currentItemId' | 'currentItemStartedAt'>, now: Date) {
  if (!row.currentItemId || !row.currentItemStartedAt) return
  const seconds = Math.max(0, Math.round((now.getTime() - row.currentItemStartedAt.getTime()) / 1000))
  await tx.agendaItem.update({ where: { id: row.currentItemId }, data: { spentSeconds: { increment: seconds } } })
}

export const meetingProcess: ProcessDefinition<typeof meetingMachine, MeetingRow> = {
  entityType: 'meeting',
  machine: meetingMachine,
  load: loadRow,
  save: async (tx, { id, fromVersion, state, context }) =>
    (await tx.meeting.updateMany({ where: { id, version: fromVersion }, data: { state, context: JSON.stringify(context), version: { increment: 1 } } })).count,
  authorize(actor, row, event) {
    if (isSystemActor(actor)) return event.type === 'OPEN_AGENDA'
    return isChair(actor, row)
  },
  async afterTransition(tx, row, { event, actor, now }) {
    const others = row.participantIds.filter((id) => id !== actor.id)
    switch (event.type) {
      case 'PUBLISH_AGENDA':
        await tx.meeting.update({ where: { id: row.id }, data: { agendaPublishedAt: now } })
        return notifyUsers(tx, others, { kind: 'meeting', title: `Dagsordenen til ${row.title.toLowerCase()} ${when(row)} er udsendt`, link: `/direktoermoeder/${row.id}` })
      case 'START': {
        const first = await tx.agendaItem.findFirst({ where: { meetingId: row.id, status: 'ACCEPTED' }, orderBy: { position: 'asc' } })
        await tx.meeting.update({ where: { id: row.id }, data: { sessionStartedAt: now, currentItemId: first?.id ?? null, currentItemStartedAt: first ? now : null } })
        return
      }
      case 'END':
        await stopCurrentItem(tx, row, now)
        await tx.meeting.update({ where: { id: row.id }, data: { sessionEndedAt: now, currentItemId: null, currentItemStartedAt: null } })
        return
      case 'CANCEL':
        return notifyUsers(tx, others, { kind: 'meeting', title: `${row.title} ${when(row)} er aflyst`, body: event.reason, link: `/direktoermoeder/${row.id}` })
      default:
        return
    }
  },
  audience: () => ({ everyone: true }),
  sampleEvent(type, actor, row) {
    switch (type) {
      case 'PUBLISH_AGENDA':
        return { type, acceptedItems: row.acceptedItems }
      case 'APPROVE_MINUTES':
        return { type, by: actor.id, at: new Date().toISOString(), how: 'CIRCULATION' }
      case 'CANCEL':
        return { type, reason: 'begrundelse' }
      default:
        return { type } as MeetingEvent
    }
  },
}

export const MEETING_EVENTS = ['OPEN_AGENDA', 'PUBLISH_AGENDA', 'START', 'END', 'APPROVE_MINUTES', 'CANCEL'] as const
export type MeetingEventType = (typeof MEETING_EVENTS)[number]

export async function transitionMeeting({
  id,
  type,
  reason,
  how = 'CIRCULATION',
  expectedVersion,
  actor,
  now = new Date(),
}: {
  id: string
  type: MeetingEventType
  reason?: string
  how?: MinutesApproval
  expectedVersion: number
  actor: CurrentUser
  now?: Date
}) {
  const row = await getMeetingRow(id)
  if (!row) throw new NotFoundError('meeting')
  if (type === 'PUBLISH_AGENDA' && row.acceptedItems === 0 && isChair(actor, row) && row.state === 'agendaOpen') {
    throw new MeetingError('Dagsordenen er tom. Optag mindst ét punkt, før den udsendes.')
  }
  const event: MeetingEvent =
    type === 'PUBLISH_AGENDA'
      ? { type, acceptedItems: row.acceptedItems }
      : type === 'APPROVE_MINUTES'
        ? { type, by: actor.id, at: now.toISOString(), how }
        : type === 'CANCEL'
          ? { type, reason: reason ?? '' }
          : { type }
  return applyTransition({ process: meetingProcess, id, event, expectedVersion, actor, now })
}

// ---------------------------------------------------------------------------------------------
// Series: every 14 days on a weekday at a local time; meetings are generated ahead.

export const GENERATE_AHEAD_DAYS = 120

/** Creates the series' missing meetings up to GENERATE_AHEAD_DAYS ahead; idempotent. */
export async function generateMeetings({ now = new Date(), seriesId }: { now?: Date; seriesId?: string } = {}) {
  const series = await db.meetingSeries.findMany({ where: { active: true, ...(seriesId ? { id: seriesId } : {}) }, include: { participants: true } })
  const today = copenhagenDate(now)
  let created = 0
  for (const s of series) {
    const dates = occurrenceDates({ firstDate: copenhagenDate(s.firstDate), intervalDays: s.intervalDays }, today, addDaysIso(today, GENERATE_AHEAD_DAYS))
    const existing = new Set((await db.meeting.findMany({ where: { seriesId: s.id }, select: { occurrenceDate: true } })).map((m) => m.occurrenceDate && copenhagenDate(m.occurrenceDate)))
    for (const date of dates.filter((d) => !existing.has(d))) {
      const { startsAt, endsAt } = meetingTimes(date, s.startTime, s.durationMinutes)
      await db.meeting.create({
        data: {
          seriesId: s.id,
          occurrenceDate: dateFromIso(date),
          title: s.title,
          startsAt,
          endsAt,
          location: s.location,
          chairId: s.chairId,
          context: JSON.stringify(initialMeetingContext),
          participants: {
            create: [...new Set([s.chairId, ...s.participants.map((p) => p.userId)])].map((userId) => ({ userId, role: userId === s.chairId ? 'CHAIR' : 'MEMBER' })),
          },
        },
      })
      created++
    }
  }
  if (created > 0) publishInvalidation({ topic: 'meeting', id: 'series', version: Date.now() }, { everyone: true })
  return created
}

/** The agenda opens for proposals by itself two weeks before the meeting. */
export async function openUpcomingAgendas(now = new Date()) {
  const due = await db.meeting.findMany({ where: { state: 'planned', startsAt: { lte: new Date(now.getTime() + 14 * DAY), gt: now } }, select: { id: true, version: true } })
  let opened = 0
  for (const meeting of due) {
    try {
      await applyTransition({ process: meetingProcess, id: meeting.id, event: { type: 'OPEN_AGENDA' }, expectedVersion: meeting.version, actor: SYSTEM_ACTOR, now })
      opened++
    } catch (error) {
      // Changed by someone meanwhile (e.g. opened by the chair): the next run looks again.
      if (!(error instanceof StaleVersionError)) throw error
    }
  }
  return opened
}

export async function createSeries({
  actor,
  input,
  now = new Date(),
}: {
  actor: CurrentUser
  input: { title: string; firstDate: string; startTime: string; durationMinutes: number; location?: string; participantIds: string[] }
  now?: Date
}) {
  if (input.firstDate < copenhagenDate(now)) throw new MeetingError('Det første møde kan ikke ligge i fortiden.', 400)
  const users = await db.user.count({ where: { id: { in: input.participantIds }, active: true } })
  if (users !== new Set(input.participantIds).size) throw new MeetingError('En af deltagerne findes ikke.', 400)
  const series = await db.$transaction(async (tx) => {
    const created = await tx.meetingSeries.create({
      data: {
        title: input.title,
        firstDate: dateFromIso(input.firstDate),
        startTime: input.startTime,
        durationMinutes: input.durationMinutes,
        location: input.location || null,
        chairId: actor.id,
        participants: { create: [...new Set(input.participantIds)].map((userId) => ({ userId })) },
      },
    })
    await recordAudit(tx, { actorId: actor.id, action: 'CREATE', entityType: 'meetingSeries', entityId: created.id, summary: `Mødeserien «${input.title}» er oprettet` })
    return created
  })
  await generateMeetings({ now, seriesId: series.id })
  return series
}

/** Moves one meeting (not the series) and tells the participants why. */
export async function moveMeeting({ actor, id, version, date, time, note, now = new Date() }: { actor: CurrentUser; id: string; version: number; date: string; time: string; note: string; now?: Date }) {
  const afterCommit = await db.$transaction(async (tx) => {
    const row = await loadRow(tx, id)
    if (!row) throw new NotFoundError('meeting')
    if (!isChair(actor, row)) throw new MeetingError('Kun mødelederen kan flytte mødet.', 403)
    if (!PROPOSAL_STATES.includes(row.state as never)) throw new MeetingError('Mødet kan ikke flyttes, når det er i gang eller afholdt.')
    const meeting = await tx.meeting.findUniqueOrThrow({ where: { id } })
    const duration = meeting.endsAt.getTime() - meeting.startsAt.getTime()
    const startsAt = copenhagenInstant(date, time)
    if (startsAt.getTime() < now.getTime()) throw new MeetingError('Mødet kan ikke flyttes til et tidspunkt, der er passeret.', 400)
    const { count } = await tx.meeting.updateMany({
      where: { id, version },
      data: { startsAt, endsAt: new Date(startsAt.getTime() + duration), movedNote: note, version: { increment: 1 } },
    })
    if (count === 0) throw new StaleVersionError('meeting')
    await recordAudit(tx, { actorId: actor.id, action: 'MOVE', entityType: 'meeting', entityId: id, summary: `Mødet er flyttet fra ${when(meeting)} til ${when({ startsAt })}` })
    return notifyUsers(tx, row.participantIds.filter((u) => u !== actor.id), {
      kind: 'meeting',
      title: `${row.title} er flyttet til ${when({ startsAt })}`,
      body: note,
      link: `/direktoermoeder/${id}`,
    })
  })
  afterCommit()
  publish(id)
}

// ---------------------------------------------------------------------------------------------
// Agenda

async function participantOf(tx: Tx, meetingId: string, userId: string) {
  return tx.meetingParticipant.findUnique({ where: { meetingId_userId: { meetingId, userId } } })
}

async function requireMeeting(tx: Tx, id: string) {
  const row = await loadRow(tx, id)
  if (!row) throw new NotFoundError('meeting')
  return row
}

export async function proposeItem({ actor, meetingId, input }: { actor: CurrentUser; meetingId: string; input: ProposalInput }) {
  const afterCommit = await db.$transaction(async (tx) => {
    const row = await requireMeeting(tx, meetingId)
    const participant = await participantOf(tx, meetingId, actor.id)
    if (!participant || participant.role === 'GUEST') throw new MeetingError('Kun mødets deltagere kan foreslå punkter.', 403)
    if (!PROPOSAL_STATES.includes(row.state as never)) throw new MeetingError('Dagsordenen er lukket for forslag.')
    const chair = isChair(actor, row)
    const last = await tx.agendaItem.aggregate({ where: { meetingId }, _max: { position: true } })
    const requested = typeof input.requestedMinutes === 'number' ? input.requestedMinutes : null
    await tx.agendaItem.create({
      data: {
        meetingId,
        title: input.title,
        description: input.description || null,
        kind: input.kind,
        presenter: input.presenter || null,
        requestedMinutes: requested,
        plannedMinutes: chair ? requested : null,
        status: chair ? 'ACCEPTED' : 'PROPOSED',
        position: (last._max.position ?? 0) + 1,
        proposedById: actor.id,
        changedAt: row.state === 'agendaPublished' ? new Date() : null,
      },
    })
    if (chair) return () => {}
    return notifyUsers(tx, [row.chairId], { kind: 'meeting', title: `${actor.name} foreslår et punkt til ${row.title.toLowerCase()} ${when(row)}`, body: input.title, link: `/direktoermoeder/${meetingId}` })
  })
  afterCommit()
  publish(meetingId)
}

async function chairItem(tx: Tx, actor: CurrentUser, itemId: string) {
  const item = await tx.agendaItem.findUnique({ where: { id: itemId } })
  if (!item) throw new NotFoundError('agendaItem')
  const row = await requireMeeting(tx, item.meetingId)
  if (!isChair(actor, row)) throw new MeetingError('Kun mødelederen kan ændre dagsordenen.', 403)
  if (!PROPOSAL_STATES.includes(row.state as never)) throw new MeetingError('Dagsordenen kan ikke ændres, når mødet er i gang eller afholdt.')
  return { item, row }
}

/** The chair accepts or rejects a proposal, or sets its planned time. */
export async function decideItem({ actor, itemId, status, plannedMinutes }: { actor: CurrentUser; itemId: string; status?: 'ACCEPTED' | 'REJECTED'; plannedMinutes?: number | null }) {
  const meetingId = await db.$transaction(async (tx) => {
    const { item, row } = await chairItem(tx, actor, itemId)
    await tx.agendaItem.update({
      where: { id: itemId },
      data: {
        status,
        plannedMinutes: plannedMinutes === undefined ? (status === 'ACCEPTED' && item.plannedMinutes === null ? item.requestedMinutes : undefined) : plannedMinutes,
        changedAt: row.state === 'agendaPublished' ? new Date() : undefined,
      },
    })
    return item.meetingId
  })
  publish(meetingId)
}

/** The chair's new order of the agenda (drag and drop or the arrow buttons). */
export async function reorderItems({ actor, meetingId, orderedIds }: { actor: CurrentUser; meetingId: string; orderedIds: string[] }) {
  await db.$transaction(async (tx) => {
    const row = await requireMeeting(tx, meetingId)
    if (!isChair(actor, row)) throw new MeetingError('Kun mødelederen kan ændre dagsordenen.', 403)
    if (!PROPOSAL_STATES.includes(row.state as never)) throw new MeetingError('Dagsordenen kan ikke ændres, når mødet er i gang eller afholdt.')
    const items = await tx.agendaItem.findMany({ where: { meetingId }, select: { id: true, position: true } })
    const known = new Set(items.map((i) => i.id))
    if (orderedIds.length !== known.size || orderedIds.some((id) => !known.has(id))) throw new MeetingError('Dagsordenen er ændret i mellemtiden. Genindlæs siden og prøv igen.')
    const before = new Map(items.map((i) => [i.id, i.position]))
    for (const [index, id] of orderedIds.entries()) {
      if (before.get(id) === index + 1) continue
      await tx.agendaItem.update({ where: { id }, data: { position: index + 1, changedAt: row.state === 'agendaPublished' ? new Date() : undefined } })
    }
  })
  publish(meetingId)
}

/** Open action items from earlier meetings of the same series (for a one-off meeting: earlier one-off meetings) carry over. */
export async function carriedOverActions(meeting: { id: string; seriesId: string | null; startsAt: Date }) {
  return db.actionItem.findMany({
    where: { status: 'OPEN', meeting: { startsAt: { lt: meeting.startsAt }, seriesId: meeting.seriesId } },
    include: { owner: { select: { name: true } }, meeting: { select: { startsAt: true } } },
    orderBy: [{ dueDate: 'asc' }],
  })
}

// ---------------------------------------------------------------------------------------------
// The live session

async function writer(tx: Tx, actor: CurrentUser, meetingId: string) {
  const row = await requireMeeting(tx, meetingId)
  const participant = await participantOf(tx, meetingId, actor.id)
  const mayWrite = isChair(actor, row) || participant?.role === 'SECRETARY'
  if (!mayWrite) throw new MeetingError('Kun mødelederen og referenten kan skrive i referatet.', 403)
  return row
}

export async function setCurrentItem({ actor, meetingId, itemId, now = new Date() }: { actor: CurrentUser; meetingId: string; itemId: string; now?: Date }) {
  await db.$transaction(async (tx) => {
    const row = await requireMeeting(tx, meetingId)
    if (!isChair(actor, row)) throw new MeetingError('Kun mødelederen styrer mødet.', 403)
    if (row.state !== 'inSession') throw new MeetingError('Mødet er ikke i gang.')
    const item = await tx.agendaItem.findFirst({ where: { id: itemId, meetingId, status: 'ACCEPTED' } })
    if (!item) throw new NotFoundError('agendaItem')
    if (row.currentItemId === itemId) return
    await stopCurrentItem(tx, row, now)
    await tx.meeting.update({ where: { id: meetingId }, data: { currentItemId: itemId, currentItemStartedAt: now } })
  })
  publish(meetingId)
}

export async function setAttendance({ actor, meetingId, userId, attendance }: { actor: CurrentUser; meetingId: string; userId: string; attendance: Attendance }) {
  await db.$transaction(async (tx) => {
    const row = await writer(tx, actor, meetingId)
    // Attendance is part of the minutes: once they are approved, it is locked with them.
    if (row.state === 'closed') throw new MeetingError('Referatet er godkendt og låst; det kan ikke ændres.')
    const { count } = await tx.meetingParticipant.updateMany({ where: { meetingId, userId }, data: { attendance } })
    if (count === 0) throw new NotFoundError('participant')
  })
  publish(meetingId)
}

export async function addDecision({ actor, meetingId, agendaItemId, text }: { actor: CurrentUser; meetingId: string; agendaItemId: string | null; text: string }) {
  await db.$transaction(async (tx) => {
    const row = await writer(tx, actor, meetingId)
    if (!MINUTES_STATES.includes(row.state as never)) throw new MeetingError('Beslutninger kan kun skrives under mødet og i referatkladden.')
    if (agendaItemId && !(await tx.agendaItem.findFirst({ where: { id: agendaItemId, meetingId } }))) throw new NotFoundError('agendaItem')
    await tx.meetingDecision.create({ data: { meetingId, agendaItemId, text, createdById: actor.id } })
  })
  publish(meetingId)
}

export async function addActionItem({
  actor,
  meetingId,
  agendaItemId,
  text,
  ownerId,
  dueDate,
  now = new Date(),
}: {
  actor: CurrentUser
  meetingId: string
  agendaItemId?: string
  text: string
  ownerId: string
  dueDate: string
  now?: Date
}) {
  if (dueDate < copenhagenDate(now)) throw new MeetingError('Fristen kan ikke ligge i fortiden.', 400)
  const afterCommit = await db.$transaction(async (tx) => {
    const row = await writer(tx, actor, meetingId)
    if (!MINUTES_STATES.includes(row.state as never)) throw new MeetingError('Opgaver kan kun oprettes under mødet og i referatkladden.')
    const owner = await participantOf(tx, meetingId, ownerId)
    if (!owner || owner.role === 'GUEST') throw new MeetingError('Opgaven skal tildeles en af mødets deltagere.', 400)
    if (agendaItemId && !(await tx.agendaItem.findFirst({ where: { id: agendaItemId, meetingId } }))) throw new NotFoundError('agendaItem')
    await tx.actionItem.create({ data: { meetingId, agendaItemId: agendaItemId || null, text, ownerId, dueDate: dateFromIso(dueDate), createdById: actor.id } })
    if (ownerId === actor.id) return () => {}
    return notifyUsers(tx, [ownerId], { kind: 'meeting', title: `Ny opgave fra ${row.title.toLowerCase()}: ${text}`, body: `Frist ${formatDate(dateFromIso(dueDate))}`, link: '/direktoermoeder/opgaver' })
  })
  afterCommit()
  publish(meetingId)
  publishInvalidation({ topic: 'action-item', id: ownerId, version: Date.now() }, { userIds: [ownerId, actor.id] })
}

/** Done or dropped, with a note; by the owner, whoever created it, or the meeting's chair. */
export async function closeActionItem({ actor, id, version, status, note, now = new Date() }: { actor: CurrentUser; id: string; version: number; status: 'DONE' | 'DROPPED'; note: string; now?: Date }) {
  const item = await db.$transaction(async (tx) => {
    const found = await tx.actionItem.findUnique({ where: { id }, include: { meeting: { select: { chairId: true } } } })
    if (!found) throw new NotFoundError('actionItem')
    if (![found.ownerId, found.createdById, found.meeting.chairId].includes(actor.id)) throw new MeetingError('Kun den, opgaven er tildelt, og mødelederen kan afslutte den.', 403)
    if (found.status !== 'OPEN') throw new MeetingError('Opgaven er allerede afsluttet.')
    if (status === 'DROPPED' && note.trim().length < 3) throw new MeetingError('Skriv hvorfor opgaven droppes.', 400)
    const { count } = await tx.actionItem.updateMany({ where: { id, version, status: 'OPEN' }, data: { status, note: note || null, completedAt: now, version: { increment: 1 } } })
    if (count === 0) throw new StaleVersionError('actionItem')
    return found
  })
  publish(item.meetingId)
  publishInvalidation({ topic: 'action-item', id: item.ownerId, version: Date.now() }, { everyone: true })
}

function minutesClosedMessage(state: string) {
  if (state === 'closed') return 'Referatet er godkendt og låst; det kan ikke ændres.'
  if (state === 'cancelled') return 'Mødet er aflyst; der skrives ikke referat.'
  return 'Referatet kan skrives, når mødet er startet.'
}

/** Minutes per item, each with its own version: two writers on different items never collide. */
export async function saveItemMinutes({ actor, itemId, minutesVersion, text }: { actor: CurrentUser; itemId: string; minutesVersion: number; text: string }) {
  const meetingId = await db.$transaction(async (tx) => {
    const item = await tx.agendaItem.findUnique({ where: { id: itemId } })
    if (!item) throw new NotFoundError('agendaItem')
    const row = await writer(tx, actor, item.meetingId)
    if (!MINUTES_STATES.includes(row.state as never)) throw new MeetingError(minutesClosedMessage(row.state), 409)
    const { count } = await tx.agendaItem.updateMany({ where: { id: itemId, minutesVersion }, data: { minutes: text, minutesVersion: { increment: 1 } } })
    if (count === 0) throw new StaleVersionError('agendaItem')
    return item.meetingId
  })
  publish(meetingId)
  return minutesVersion + 1
}

export async function setSecretary({ actor, meetingId, userId }: { actor: CurrentUser; meetingId: string; userId: string | null }) {
  await db.$transaction(async (tx) => {
    const row = await requireMeeting(tx, meetingId)
    if (!isChair(actor, row)) throw new MeetingError('Kun mødelederen vælger referent.', 403)
    // The approved minutes name their secretary; they are locked.
    if (row.state === 'closed') throw new MeetingError('Referatet er godkendt og låst; det kan ikke ændres.')
    await tx.meetingParticipant.updateMany({ where: { meetingId, role: 'SECRETARY' }, data: { role: 'MEMBER' } })
    if (userId) {
      const { count } = await tx.meetingParticipant.updateMany({ where: { meetingId, userId, role: 'MEMBER' }, data: { role: 'SECRETARY' } })
      if (count === 0) throw new MeetingError('Referenten skal være en af mødets deltagere.', 400)
    }
  })
  publish(meetingId)
}

/** Guests are invited to one meeting and see its published agenda, nothing else. */
export async function inviteGuest({ actor, meetingId, userId }: { actor: CurrentUser; meetingId: string; userId: string }) {
  const afterCommit = await db.$transaction(async (tx) => {
    const row = await requireMeeting(tx, meetingId)
    if (!isChair(actor, row)) throw new MeetingError('Kun mødelederen inviterer gæster.', 403)
    if (['closed', 'cancelled'].includes(row.state)) throw new MeetingError('Mødet er afholdt eller aflyst.')
    const user = await tx.user.findUnique({ where: { id: userId }, select: { active: true } })
    if (!user?.active) throw new MeetingError('Brugeren findes ikke.', 400)
    if (await participantOf(tx, meetingId, userId)) throw new MeetingError('Personen deltager allerede i mødet.', 400)
    await tx.meetingParticipant.create({ data: { meetingId, userId, role: 'GUEST' } })
    return notifyUsers(tx, [userId], { kind: 'meeting', title: `Du er inviteret som gæst til ${row.title.toLowerCase()} ${when(row)}`, link: `/direktoermoeder/${meetingId}` })
  })
  afterCommit()
  publish(meetingId)
}

export async function listActionItems(user: CurrentUser, which: 'assigned' | 'created') {
  return db.actionItem.findMany({
    where: which === 'assigned' ? { ownerId: user.id } : { createdById: user.id },
    include: { owner: { select: { name: true } }, meeting: { select: { id: true, title: true, startsAt: true } }, createdBy: { select: { name: true } } },
    // Open ones first: OPEN > DROPPED > DONE as text, so descending (ascending put the done ones on top).
    orderBy: [{ status: 'desc' }, { dueDate: 'asc' }],
  })
}

/** May this user see the meeting at all, and how much? Guests see the published agenda only. */
export async function meetingAccess(user: CurrentUser, meetingId: string): Promise<'full' | 'guest' | null> {
  if (widestScope(user, 'view', 'meeting') === 'any') return 'full'
  const participant = await db.meetingParticipant.findUnique({ where: { meetingId_userId: { meetingId, userId: user.id } } })
  if (!participant) return null
  return participant.role === 'GUEST' ? 'guest' : 'full'
}

// ---------------------------------------------------------------------------------------------
// Pages

const PUBLISHED_STATES = ['agendaPublished', 'inSession', 'minutesDraft', 'closed']

/** What a guest sees: the meeting and its published agenda, nothing else. */
export async function getGuestView(meetingId: string) {
  const meeting = await db.meeting.findUnique({
    where: { id: meetingId },
    include: { items: { where: { status: 'ACCEPTED' }, orderBy: { position: 'asc' }, select: { id: true, title: true, description: true, kind: true, presenter: true, plannedMinutes: true } } },
  })
  if (!meeting) return null
  const published = PUBLISHED_STATES.includes(meeting.state)
  return {
    id: meeting.id,
    title: meeting.title,
    startsAt: meeting.startsAt,
    endsAt: meeting.endsAt,
    location: meeting.location,
    cancelled: meeting.state === 'cancelled',
    published,
    items: published ? meeting.items : [],
  }
}

export async function getMeetingPage(meetingId: string) {
  const meeting = await db.meeting.findUnique({
    where: { id: meetingId },
    include: {
      chair: { select: { id: true, name: true } },
      participants: {
        include: { user: { select: { id: true, name: true, memberships: { select: { organisation: { select: { name: true } } }, take: 1 } } } },
      },
      items: { orderBy: { position: 'asc' }, include: { proposedBy: { select: { name: true } } } },
      decisions: { orderBy: { createdAt: 'asc' }, include: { createdBy: { select: { name: true } } } },
      actionItems: { orderBy: { createdAt: 'asc' }, include: { owner: { select: { name: true } } } },
    },
  })
  if (!meeting) return null
  const carriedOver = await carriedOverActions(meeting)
  const order: Record<string, number> = { CHAIR: 0, SECRETARY: 1, MEMBER: 2, GUEST: 3 }
  return {
    ...meeting,
    context: JSON.parse(meeting.context) as MeetingContext,
    participants: meeting.participants
      .map((p) => ({ userId: p.userId, name: p.user.name, organisation: p.user.memberships[0]?.organisation.name ?? null, role: p.role, attendance: p.attendance as Attendance | null }))
      .sort((a, b) => (order[a.role] ?? 9) - (order[b.role] ?? 9) || a.name.localeCompare(b.name, 'da')),
    carriedOver: carriedOver.map((a) => ({ id: a.id, text: a.text, owner: a.owner.name, dueDate: a.dueDate, fromMeeting: a.meeting.startsAt, version: a.version })),
  }
}

export async function listMeetings(user: CurrentUser, { now = new Date(), full }: { now?: Date; full: boolean }) {
  const mine = full ? {} : { participants: { some: { userId: user.id } } }
  const select = { id: true, title: true, startsAt: true, location: true, state: true, _count: { select: { items: { where: { status: 'ACCEPTED' } } } } } as const
  const [upcoming, past] = await Promise.all([
    db.meeting.findMany({ where: { ...mine, endsAt: { gte: now } }, orderBy: { startsAt: 'asc' }, take: 20, select }),
    db.meeting.findMany({ where: { ...mine, endsAt: { lt: now } }, orderBy: { startsAt: 'desc' }, take: 12, select }),
  ])
  return { upcoming, past }
}
