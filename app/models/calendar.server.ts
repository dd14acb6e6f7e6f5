import ical, { ICalEventStatus } from 'ical-generator'
import { db } from '~/utils/db.server.ts'
import { publicUrl } from '~/utils/env.server.ts'
import { generateToken, hashToken } from '~/utils/session.server.ts'
import { meetingLabels } from '../../machines/meeting.machine.ts'

/**
 * Calendar files (RFC 5545) through ical-generator: one .ics per meeting and a personal
 * subscription feed of the user's meetings. Times are written in UTC, so every calendar shows
 * them in its own zone; the sequence number follows the meeting's version, so a moved meeting
 * updates the entry already in the calendar.
 */

type IcsMeeting = { id: string; title: string; startsAt: Date; endsAt: Date; location: string | null; state: string; version: number; updatedAt: Date }

const HOST = 'knudepunkt'

function addMeeting(calendar: ReturnType<typeof ical>, meeting: IcsMeeting, baseUrl: string) {
  calendar.createEvent({
    id: `meeting-${meeting.id}@${HOST}`,
    start: meeting.startsAt,
    end: meeting.endsAt,
    summary: meeting.title,
    location: meeting.location ?? null,
    description: `${meetingLabels.states[meeting.state] ?? meeting.state}. Dagsorden og referat: ${baseUrl}/direktoermoeder/${meeting.id}`,
    url: `${baseUrl}/direktoermoeder/${meeting.id}`,
    status: meeting.state === 'cancelled' ? ICalEventStatus.CANCELLED : ICalEventStatus.CONFIRMED,
    sequence: meeting.version,
    lastModified: meeting.updatedAt,
  })
}

export function meetingIcs(meeting: IcsMeeting, baseUrl = publicUrl()) {
  const calendar = ical({ name: meeting.title, prodId: { company: 'Erhvervshus Sydjylland', product: 'Knudepunkt', language: 'DA' } })
  addMeeting(calendar, meeting, baseUrl)
  return calendar.toString()
}

const FEED_PAST_DAYS = 90

/** The user's meetings from three months back and all ahead, for a calendar subscription. */
export async function feedIcs(token: string, now = new Date(), baseUrl = publicUrl()) {
  const feed = await db.calendarFeed.findUnique({ where: { tokenHash: hashToken(token) }, include: { user: { select: { id: true, active: true, name: true } } } })
  if (!feed?.user.active) return null
  const meetings = await db.meeting.findMany({
    where: { participants: { some: { userId: feed.userId } }, startsAt: { gte: new Date(now.getTime() - FEED_PAST_DAYS * 24 * 60 * 60 * 1000) } },
    orderBy: { startsAt: 'asc' },
  })
  const calendar = ical({ name: 'Direktørmøder (Knudepunkt)', prodId: { company: 'Erhvervshus Sydjylland', product: 'Knudepunkt', language: 'DA' }, ttl: 60 * 60 })
  for (const meeting of meetings) addMeeting(calendar, meeting, baseUrl)
  return calendar.toString()
}

/** A new secret subscription token; the old URL stops working at once. Only the hash is kept. */
export async function regenerateFeedToken(userId: string) {
  const token = generateToken()
  await db.calendarFeed.upsert({ where: { userId }, create: { userId, tokenHash: hashToken(token) }, update: { tokenHash: hashToken(token), createdAt: new Date() } })
  return token
}

export async function hasFeed(userId: string) {
  return (await db.calendarFeed.count({ where: { userId } })) > 0
}
