import { recordAudit } from '~/utils/audit.server.ts'
import type { CurrentUser } from '~/utils/auth.server.ts'
import { db } from '~/utils/db.server.ts'
import { copenhagenDate, copenhagenMonth, copenhagenYear, dateFromIso } from '~/utils/dates.ts'
import { can } from '~/utils/permissions.ts'
import { publishInvalidation } from '~/utils/realtime.server.ts'

/** Local workdays: the key account manager works at the kommune's LES at least once a month (goal 8d). */

export class WorkdayNotAllowedError extends Error {}

export async function logWorkday({
  actor,
  kommuneId,
  date,
  notes,
  companiesMet,
}: {
  actor: CurrentUser
  kommuneId: string
  date: string
  notes: string | null
  companiesMet: number
}) {
  const kommune = await db.kommune.findUnique({ where: { id: kommuneId } })
  if (!kommune || !can(actor, 'create', 'workday', { kommuneIds: [kommune.id] })) throw new WorkdayNotAllowedError()
  const workday = await db.$transaction(async (tx) => {
    const created = await tx.localWorkday.create({ data: { kommuneId, userId: actor.id, date: dateFromIso(date), lesId: kommune.lesId, notes, companiesMet } })
    await recordAudit(tx, { actorId: actor.id, action: 'CREATE', entityType: 'kommune', entityId: kommuneId, summary: `Lokal arbejdsdag ${date} registreret` })
    return created
  })
  publishInvalidation({ topic: 'workday', id: workday.id, version: 1 }, { everyone: true })
  return workday
}

type KommuneFilter = { kommuneIds?: string[] }

/** Kommune × month counts of workdays in `year`, for the kommuner given (all when omitted). */
export async function workdayGrid({ year, kommuneIds }: { year: number } & KommuneFilter) {
  const kommuner = await db.kommune.findMany({
    where: kommuneIds ? { id: { in: kommuneIds } } : {},
    select: { id: true, name: true, keyAccountManager: { select: { name: true } } },
    orderBy: { name: 'asc' },
  })
  const workdays = await db.localWorkday.findMany({
    where: { kommuneId: { in: kommuner.map((k) => k.id) }, date: { gte: dateFromIso(`${year}-01-01`), lte: dateFromIso(`${year}-12-31`) } },
    select: { kommuneId: true, date: true },
  })
  return kommuner.map((k) => {
    const months = Array.from({ length: 12 }, () => 0)
    for (const w of workdays) if (w.kommuneId === k.id) months[copenhagenMonth(w.date) - 1]! += 1
    return { kommune: { id: k.id, name: k.name }, keyAccountManager: k.keyAccountManager?.name ?? null, months }
  })
}

/** Kommuner (of those given) with no workday logged in the current Copenhagen month. */
export async function kommunerWithoutWorkdayThisMonth({ now = new Date(), kommuneIds }: { now?: Date } & KommuneFilter) {
  const grid = await workdayGrid({ year: copenhagenYear(now), kommuneIds })
  return grid.filter((row) => row.months[copenhagenMonth(now) - 1] === 0).map((row) => ({ ...row.kommune, keyAccountManager: row.keyAccountManager }))
}

export async function listRecentWorkdays({ kommuneIds, take = 30 }: KommuneFilter & { take?: number }) {
  const rows = await db.localWorkday.findMany({
    where: kommuneIds ? { kommuneId: { in: kommuneIds } } : {},
    include: { kommune: { select: { name: true } }, user: { select: { name: true } } },
    orderBy: [{ date: 'desc' }, { createdAt: 'desc' }],
    take,
  })
  return rows.map((r) => ({ id: r.id, date: copenhagenDate(r.date), kommune: r.kommune.name, user: r.user.name, notes: r.notes, companiesMet: r.companiesMet }))
}
