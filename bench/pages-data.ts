/**
 * Data for the page benchmark (bench/pages.ts): a throw-away copy of the goals benchmark's
 * national-scale file (logins, sessions and consent access logs write to it), with what the
 * bulk generator leaves out: the demo accounts (prisma/demo-accounts.js, password
 * `knudepunkt-demo`) and ten years of director meetings, so /direktoermoeder and the overview's
 * agenda have something to show. Also picks the company and case pages the users open.
 */
import { copyFileSync, rmSync } from 'node:fs'
import { PrismaBetterSqlite3 } from '@prisma/adapter-better-sqlite3'
import Database from 'better-sqlite3'
import { addDaysIso, copenhagenDate, dateFromIso } from '../app/utils/dates.ts'
import { meetingTimes, occurrenceDates } from '../app/utils/meeting-schedule.ts'
import { PrismaClient } from '../prisma/generated/sqlite/client.ts'
import { seedDemoAccounts } from '../prisma/seed-lib.ts'
import { FIRST_YEAR } from './goals-data.ts'

/** A company page and a case page the owning LES may open in full. */
export type PageTarget = { kommune: string; companyId: string; companyCases: number; caseId: string }

const MEETING_PEOPLE = [
  'direktor@ehsyd.demo',
  'lesdir.kolding@kolding.demo',
  'lesdir.vejle@vejle.demo',
  'br.trekant@trekant.demo',
]

export function removeDatabase(file: string) {
  for (const f of [file, `${file}-journal`, `${file}-wal`, `${file}-shm`]) rmSync(f, { force: true })
}

/** A director-meeting series every other Thursday from the first data year to four months ahead. */
async function seedMeetings(client: PrismaClient, now: Date) {
  const users = await client.user.findMany({ where: { email: { in: MEETING_PEOPLE } } })
  const byEmail = new Map(users.map((u) => [u.email, u]))
  const chair = byEmail.get('direktor@ehsyd.demo')
  if (!chair) throw new Error('demo director missing')
  const owners = users.filter((u) => u.id !== chair.id)
  const today = copenhagenDate(now)
  // 5 January 2017 is a Thursday.
  const firstDate = `${FIRST_YEAR}-01-05`
  const series = await client.meetingSeries.create({
    data: {
      title: 'Direktørmøde',
      firstDate: dateFromIso(firstDate),
      startTime: '09:00',
      durationMinutes: 120,
      location: 'Erhvervshus Sydjylland, Kolding',
      chairId: chair.id,
      participants: { create: users.map((u) => ({ userId: u.id })) },
    },
  })
  const dates = occurrenceDates({ firstDate, intervalDays: 14 }, firstDate, addDaysIso(today, 120))
  let n = 0
  for (const date of dates) {
    const { startsAt, endsAt } = meetingTimes(date, '09:00', 120)
    const held = date < today
    const recent = date >= addDaysIso(today, -60)
    await client.meeting.create({
      data: {
        seriesId: series.id,
        occurrenceDate: dateFromIso(date),
        title: 'Direktørmøde',
        startsAt,
        endsAt,
        location: series.location,
        chairId: chair.id,
        state: held ? 'closed' : 'planned',
        context: JSON.stringify({
          cancelReason: null,
          minutesApproval: held
            ? { by: chair.id, at: endsAt.toISOString(), how: 'CIRCULATION' }
            : null,
        }),
        participants: {
          create: users.map((u) => ({
            userId: u.id,
            role: u.id === chair.id ? 'CHAIR' : 'MEMBER',
            attendance: held ? 'PRESENT' : null,
          })),
        },
        items: held
          ? {
              create: ['Status på hensigtserklæringerne', 'Fælles besøgsmetode', 'Eventuelt'].map(
                (title, position) => ({
                  title,
                  kind: position === 1 ? 'METHOD' : 'ORIENTATION',
                  status: 'ACCEPTED',
                  position,
                  plannedMinutes: 30,
                  minutes: 'Drøftet (benchmarkdata).',
                }),
              ),
            }
          : undefined,
        actionItems:
          held && owners.length > 0
            ? {
                create: {
                  text: 'Følg op på punktet til næste møde (benchmarkdata)',
                  ownerId: owners[n % owners.length]!.id,
                  dueDate: dateFromIso(addDaysIso(date, 14)),
                  status: recent ? 'OPEN' : 'DONE',
                  completedAt: recent ? null : endsAt,
                  createdById: chair.id,
                },
              }
            : undefined,
      },
    })
    n++
  }
  return n
}

/** The busiest company owned by each kommune's LES, and its most recent case owned by that LES. */
function pickTargets(file: string, kommuner: readonly string[]): PageTarget[] {
  const db = new Database(file, { readonly: true })
  try {
    return kommuner.map((kommune) => {
      const company = db
        .prepare(
          `SELECT c.id, COUNT(*) AS n FROM "Company" c
             JOIN "Kommune" k ON k.id = c.kommuneId
             JOIN "CaseCompany" cc ON cc.companyId = c.id
            WHERE k.name = ? AND c.ownerOrganisationId = k.lesId
            GROUP BY c.id ORDER BY n DESC, c.id LIMIT 1`,
        )
        .get(kommune) as { id: string; n: number } | undefined
      if (!company) throw new Error(`no company owned by the LES of ${kommune}`)
      const kase = db
        .prepare(
          `SELECT ca.id FROM "Case" ca
             JOIN "CaseCompany" cc ON cc.caseId = ca.id
             JOIN "Kommune" k ON k.name = ?
            WHERE cc.companyId = ? AND ca.ownerOrganisationId = k.lesId
            ORDER BY ca.openedAt DESC LIMIT 1`,
        )
        .get(kommune, company.id) as { id: string } | undefined
      if (!kase) throw new Error(`no case owned by the LES of ${kommune}`)
      return { kommune, companyId: company.id, companyCases: company.n, caseId: kase.id }
    })
  } finally {
    db.close()
  }
}

export type RunDatabase = {
  file: string
  demoUsers: number
  meetings: number
  targets: Map<string, PageTarget>
  prepareMs: number
}

/** Copies `source` to `file` and adds demo accounts and meetings when the copy has none. */
export async function prepareRunDatabase(
  source: string,
  file: string,
  kommuner: readonly string[],
): Promise<RunDatabase> {
  const t0 = performance.now()
  removeDatabase(file)
  copyFileSync(source, file)
  const client = new PrismaClient({ adapter: new PrismaBetterSqlite3({ url: file }) })
  let meetings = 0
  let demoUsers = 0
  try {
    const hadDemo = (await client.user.count({ where: { email: { endsWith: '.demo' } } })) > 0
    if (!hadDemo) {
      await seedDemoAccounts(client)
      meetings = await seedMeetings(client, new Date())
    } else meetings = await client.meeting.count()
    demoUsers = await client.user.count({ where: { email: { endsWith: '.demo' } } })
  } finally {
    await client.$disconnect()
  }
  const targets = new Map(pickTargets(file, kommuner).map((t) => [t.kommune, t]))
  return { file, demoUsers, meetings, targets, prepareMs: performance.now() - t0 }
}
