import { recordAudit } from '~/utils/audit.server.ts'
import type { CurrentUser } from '~/utils/auth.server.ts'
import { loadCompanyFacts, logAccess } from '~/utils/consent-gate.server.ts'
import { consentCovers, decide, HIDDEN, type GateDecision } from '~/utils/consent-gate.ts'
import { copenhagenDate, copenhagenYear, startOfCopenhagenDay } from '~/utils/dates.ts'
import { db, Prisma, type Tx } from '~/utils/db.server.ts'
import { cachedFigures } from '~/utils/figures-cache.server.ts'
import { can } from '~/utils/permissions.ts'
import { publishInvalidation } from '~/utils/realtime.server.ts'
import { RECIPIENT_KIND_LABELS, RECIPIENT_KINDS, recipientKindOf, type RecipientKind } from '~/utils/referral-fields.ts'
import { designReferrals, referralFiguresByYear, uptakeOfCounts, type ReferralFact } from '~/utils/referral-figures.ts'
import { applyTransition, isSystemActor, NotFoundError, SYSTEM_ACTOR, type ProcessDefinition } from '~/utils/workflow.server.ts'
import { initialReferralContext, referralMachine, type Outcome, type ReferralContext, type ReferralEvent } from '../../machines/referral.machine.ts'
import { companyRowSelect, presentCompany } from './company.server.ts'
import { notifyUsers } from './notification.server.ts'

export const FOLLOW_UP_MONTHS = 6
/** A follow-up more than 30 days past its due date counts as overdue. */
export const OVERDUE_DAYS = 30
const DAY = 24 * 60 * 60 * 1000

export { RECIPIENT_KIND_LABELS, RECIPIENT_KINDS, recipientKindOf, type RecipientKind }

const RECIPIENT_WHERE = { active: true, OR: [{ designEcosystem: true }, { kind: { in: ['DESIGN_ACTOR', 'EXTERNAL', 'CLUSTER', 'EDUCATION', 'LABOUR_MARKET'] as never[] } }] }

export async function listRecipients() {
  const rows = await db.organisation.findMany({ where: RECIPIENT_WHERE, orderBy: [{ designEcosystem: 'desc' }, { name: 'asc' }], select: { id: true, name: true, kind: true, designEcosystem: true, description: true } })
  return rows.map((r) => ({ ...r, recipientKind: recipientKindOf(r) }))
}

/** Six calendar months on in Copenhagen's calendar (31 August + 6 months = 28/29 February), at the same time of day. */
export function followUpDate(sentAt: Date) {
  const sentDate = copenhagenDate(sentAt)
  const [year, month, day] = sentDate.split('-').map(Number) as [number, number, number]
  const first = new Date(Date.UTC(year, month - 1 + FOLLOW_UP_MONTHS, 1))
  const lastDay = new Date(Date.UTC(first.getUTCFullYear(), first.getUTCMonth() + 1, 0)).getUTCDate()
  first.setUTCDate(Math.min(day, lastDay))
  const dueDate = first.toISOString().slice(0, 10)
  return new Date(startOfCopenhagenDay(dueDate).getTime() + (sentAt.getTime() - startOfCopenhagenDay(sentDate).getTime()))
}

export type ReferralRow = {
  id: string
  state: string
  context: ReferralContext
  version: number
  ownerOrganisationId: string
  ownerId: string | null
  companyId: string
  recipient: { id: string; name: string; designEcosystem: boolean }
  /** An active consent covers referral of this company to this recipient. */
  consentCovers: boolean
}

async function loadRow(tx: Tx, id: string, now = new Date()): Promise<ReferralRow | null> {
  const row = await tx.referral.findUnique({ where: { id }, include: { recipient: { select: { id: true, name: true, designEcosystem: true } } } })
  if (!row) return null
  const [facts] = await loadCompanyFacts([row.companyId], now, tx)
  return {
    id: row.id,
    state: row.state,
    context: JSON.parse(row.context) as ReferralContext,
    version: row.version,
    ownerOrganisationId: row.ownerOrganisationId,
    ownerId: row.ownerId,
    companyId: row.companyId,
    recipient: row.recipient,
    consentCovers: Boolean(facts && !facts.erased && facts.consents.some((c) => consentCovers(c, row.recipientId, 'REFERRAL', now))),
  }
}

export async function getReferralRow(id: string) {
  return db.$transaction((tx) => loadRow(tx, id))
}

async function recipientUserIds(tx: Tx, organisationId: string) {
  const members = await tx.membership.findMany({ where: { organisationId, user: { active: true } }, select: { userId: true } })
  return members.map((m) => m.userId)
}

export const referralProcess: ProcessDefinition<typeof referralMachine, ReferralRow> = {
  entityType: 'referral',
  machine: referralMachine,
  load: (tx, id) => loadRow(tx, id),
  save: async (tx, { id, fromVersion, state, context }) =>
    (await tx.referral.updateMany({ where: { id, version: fromVersion }, data: { state, context: JSON.stringify(context), version: { increment: 1 } } })).count,
  authorize(actor, row, event) {
    if (event.type === 'FOLLOW_UP_DUE') return isSystemActor(actor)
    return can(actor, 'update', 'referral', { organisationIds: [row.ownerOrganisationId] })
  },
  async afterTransition(tx, row, { event, now }) {
    switch (event.type) {
      case 'SEND': {
        // Checked again inside the transaction: a consent revoked a moment ago stops the sending.
        if (!row.consentCovers) throw new MissingReferralConsentError(row.companyId, row.recipient.name)
        await tx.referral.update({ where: { id: row.id }, data: { sentAt: now, followUpDueAt: followUpDate(now), designEcosystem: row.recipient.designEcosystem } })
        const owner = await tx.organisation.findUniqueOrThrow({ where: { id: row.ownerOrganisationId }, select: { name: true } })
        // No company name: the recipient sees it on the referral page, through the gate.
        return notifyUsers(tx, await recipientUserIds(tx, row.recipient.id), { kind: 'referral', title: `Ny henvisning fra ${owner.name}`, link: `/henvisninger/${row.id}` })
      }
      case 'FOLLOW_UP_DUE':
        if (!row.ownerId) return
        return notifyUsers(tx, [row.ownerId], {
          kind: 'referral',
          title: `Opfølgning på en henvisning til ${row.recipient.name} er forfalden`,
          body: 'Spørg virksomheden, om den har brugt henvisningen, og registrér svaret.',
          link: `/henvisninger/${row.id}`,
        })
      case 'RECORD_OUTCOME':
        await tx.referral.update({ where: { id: row.id }, data: { outcome: event.outcome, outcomeAt: now } })
        return
      default:
        return
    }
  },
  audience: () => ({ everyone: true }),
  sampleEvent(type, _actor, row) {
    switch (type) {
      case 'SEND':
        return { type, consentCovers: row.consentCovers }
      case 'RECORD_OUTCOME':
        return { type, outcome: 'USED', note: '' }
      case 'CANCEL':
        return { type, reason: 'begrundelse' }
      default:
        return { type } as ReferralEvent
    }
  },
}

export const REFERRAL_EVENTS = ['SEND', 'RECORD_OUTCOME', 'CANCEL'] as const
export type ReferralEventType = (typeof REFERRAL_EVENTS)[number]

/** SEND without consent covering referral to this recipient. */
export class MissingReferralConsentError extends Error {
  constructor(
    readonly companyId: string,
    readonly recipientName: string,
  ) {
    super('consent missing for referral')
  }
}

export async function transitionReferral({
  id,
  type,
  outcome,
  note,
  reason,
  expectedVersion,
  actor,
  now = new Date(),
}: {
  id: string
  type: ReferralEventType
  outcome?: Outcome
  note?: string
  reason?: string
  expectedVersion: number
  actor: CurrentUser
  now?: Date
}) {
  const row = await getReferralRow(id)
  if (!row) throw new NotFoundError('referral')
  if (type === 'SEND' && row.state === 'draft' && !row.consentCovers && referralProcess.authorize(actor, row, { type, consentCovers: true })) {
    throw new MissingReferralConsentError(row.companyId, row.recipient.name)
  }
  const event: ReferralEvent =
    type === 'SEND'
      ? { type, consentCovers: row.consentCovers }
      : type === 'RECORD_OUTCOME'
        ? { type, outcome: outcome as Outcome, note: note ?? '' }
        : { type, reason: reason ?? '' }
  return applyTransition({ process: referralProcess, id, event, expectedVersion, actor, now })
}

export class ReferralRefusedError extends Error {}

export async function createReferral({
  actor,
  caseId,
  companyId,
  recipientId,
  purpose,
  noteToRecipient,
  companyContact,
}: {
  actor: CurrentUser
  caseId: string
  companyId: string
  recipientId: string
  purpose: string
  noteToRecipient?: string
  companyContact?: string
}) {
  const created = await db.$transaction(async (tx) => {
    const kase = await tx.case.findUnique({ where: { id: caseId }, select: { ownerOrganisationId: true, companies: { select: { companyId: true } } } })
    if (!kase) throw new NotFoundError('case')
    if (!can(actor, 'create', 'referral', { organisationIds: [kase.ownerOrganisationId] })) throw new ReferralRefusedError('Kun den organisation, der ejer forløbet, kan henvise virksomheden.')
    if (!kase.companies.some((c) => c.companyId === companyId)) throw new ReferralRefusedError('Virksomheden er ikke med i forløbet.')
    const recipient = await tx.organisation.findFirst({ where: { id: recipientId, ...RECIPIENT_WHERE }, select: { id: true, name: true } })
    if (!recipient) throw new ReferralRefusedError('Modtageren findes ikke på listen over modtagere af henvisninger.')
    const referral = await tx.referral.create({
      data: {
        caseId,
        companyId,
        recipientId,
        ownerOrganisationId: kase.ownerOrganisationId,
        ownerId: actor.id,
        purpose,
        noteToRecipient: noteToRecipient || null,
        companyContact: companyContact || null,
        context: JSON.stringify(initialReferralContext),
      },
    })
    await recordAudit(tx, { actorId: actor.id, action: 'CREATE', entityType: 'referral', entityId: referral.id, summary: `Henvisning til ${recipient.name} oprettet` })
    return referral
  })
  publishInvalidation({ topic: 'referral', id: created.id, version: created.version }, { everyone: true })
  return created
}

/** The recipient confirms it has received the referral. */
export async function acknowledgeReferral({ actor, id, now = new Date() }: { actor: CurrentUser; id: string; now?: Date }) {
  const afterCommit = await db.$transaction(async (tx) => {
    const row = await tx.referral.findUnique({ where: { id }, include: { recipient: { select: { name: true } } } })
    if (!row) throw new NotFoundError('referral')
    if (!actor.organisationIds.includes(row.recipientId) || !can(actor, 'update', 'referral', { organisationIds: [row.recipientId] })) {
      throw new ReferralRefusedError('Kun modtageren kan kvittere for henvisningen.')
    }
    if (!row.sentAt || row.state === 'cancelled') throw new ReferralRefusedError('Henvisningen er ikke sendt.')
    const { count } = await tx.referral.updateMany({ where: { id, acknowledgedAt: null }, data: { acknowledgedAt: now, acknowledgedById: actor.id } })
    if (count === 0) throw new ReferralRefusedError('Der er allerede kvitteret for henvisningen.')
    if (!row.ownerId) return () => {}
    return notifyUsers(tx, [row.ownerId], { kind: 'referral', title: `${row.recipient.name} har kvitteret for en henvisning`, link: `/henvisninger/${id}` })
  })
  afterCommit()
  publishInvalidation({ topic: 'referral', id, version: now.getTime() }, { everyone: true })
}

/** The follow-up job: sent referrals whose six months have passed fall due, and their owners are told. */
export async function runReferralFollowUps(now: Date) {
  const due = await db.referral.findMany({ where: { state: 'sent', followUpDueAt: { lte: now } }, select: { id: true, version: true } })
  for (const referral of due) {
    await applyTransition({ process: referralProcess, id: referral.id, event: { type: 'FOLLOW_UP_DUE' }, expectedVersion: referral.version, actor: SYSTEM_ACTOR, now })
  }
  return due.length
}

// ---------------------------------------------------------------------------------------------
// Pages: every company shown through the gate; the recipient sees it through a referral consent.

/** What a list row shows; the case itself is not read, its id is on the referral. */
const listSelect = {
  id: true,
  state: true,
  version: true,
  caseId: true,
  companyId: true,
  recipientId: true,
  ownerOrganisationId: true,
  ownerId: true,
  sentAt: true,
  followUpDueAt: true,
  outcome: true,
  acknowledgedAt: true,
  createdAt: true,
  company: { select: companyRowSelect },
  recipient: { select: { id: true, name: true, kind: true, designEcosystem: true } },
  ownerOrganisation: { select: { id: true, name: true } },
  owner: { select: { id: true, name: true } },
} as const satisfies Prisma.ReferralSelect

/** The referral page shows the details too (identifying: only where the gate allows). */
const pageSelect = { ...listSelect, purpose: true, noteToRecipient: true, companyContact: true, context: true } as const satisfies Prisma.ReferralSelect

type ListRecord = Prisma.ReferralGetPayload<{ select: typeof listSelect }>
type PageRecord = Prisma.ReferralGetPayload<{ select: typeof pageSelect }>

const NEWEST_FIRST = [{ updatedAt: 'desc' }, { id: 'desc' }] satisfies Prisma.ReferralOrderByWithRelationInput[]

/** The owner sees it as the case's owner; the recipient through a consent for referral; others through guidance consent. */
async function decideForViewer(user: CurrentUser, rows: { companyId: string; recipientId: string }[], now: Date) {
  const facts = new Map((await loadCompanyFacts(rows.map((r) => r.companyId), now)).map((f) => [f.id, f]))
  return rows.map((r) => {
    const company = facts.get(r.companyId)
    if (!company) return HIDDEN
    // The recipient sees what a consent for referral to it allows; everyone else the usual guidance rule.
    if (user.organisationIds.includes(r.recipientId)) return decide({ organisationIds: [r.recipientId] }, company, 'REFERRAL', now)
    return decide(user, company, 'GUIDANCE', now)
  })
}

/** Decides and logs the views of these rows (a view allowed by a consent is logged). */
async function gateRows(user: CurrentUser, rows: ListRecord[], now: Date) {
  const decisions = await decideForViewer(user, rows, now)
  await logAccess(user, rows.map((r, i) => [r.companyId, decisions[i]!] as [string, GateDecision]), 'henvisning', now)
  return decisions
}

function presentRow(row: ListRecord, decision: GateDecision, user: CurrentUser, now: Date) {
  const overdueAt = row.followUpDueAt ? new Date(row.followUpDueAt.getTime() + OVERDUE_DAYS * DAY) : null
  return {
    id: row.id,
    state: row.state,
    version: row.version,
    recipient: { ...row.recipient, recipientKind: recipientKindOf(row.recipient) },
    ownerOrganisation: row.ownerOrganisation,
    owner: row.owner,
    caseId: row.caseId,
    company: presentCompany(row.company, decision),
    sentAt: row.sentAt,
    followUpDueAt: row.followUpDueAt,
    overdue: row.state === 'followUpDue' && overdueAt !== null && overdueAt < now,
    outcome: row.outcome as Outcome | null,
    acknowledgedAt: row.acknowledgedAt,
    createdAt: row.createdAt,
    mine: row.ownerId === user.id,
  }
}

function presentPage(row: PageRecord, decision: GateDecision, user: CurrentUser, now: Date) {
  const details = decision.identified ? { purpose: row.purpose, noteToRecipient: row.noteToRecipient, companyContact: row.companyContact, context: JSON.parse(row.context) as ReferralContext } : null
  return { ...presentRow(row, decision, user, now), details }
}

export async function getReferralPage(user: CurrentUser, id: string, now = new Date()) {
  const row = await db.referral.findUnique({ where: { id }, select: pageSelect })
  if (!row) return null
  // A recipient (who may view only its own) does not see a referral until it has been sent.
  if (row.sentAt === null && !can(user, 'view', 'referral', { organisationIds: [row.ownerOrganisationId] })) return null
  const [decision] = await gateRows(user, [row], now)
  return presentPage(row, decision!, user, now)
}

/** The newest 100; list rows leave the details out (the referral page shows them). */
function findListRows(where: Prisma.ReferralWhereInput, take = 100) {
  return db.referral.findMany({ where, select: listSelect, orderBy: NEWEST_FIRST, take })
}

async function gatedList(user: CurrentUser, rows: ListRecord[], now: Date) {
  const decisions = await gateRows(user, rows, now)
  return rows.map((row, i) => presentRow(row, decisions[i]!, user, now))
}

/** The referrals the user's organisations made (empty for who may not refer). */
function madeWhere(user: CurrentUser): Prisma.ReferralWhereInput | null {
  return can(user, 'create', 'referral') ? { ownerOrganisationId: { in: [...user.organisationIds] } } : null
}

/** The referrals sent to the user's organisations. */
function receivedWhere(user: CurrentUser): Prisma.ReferralWhereInput {
  return { recipientId: { in: [...user.organisationIds] }, sentAt: { not: null } }
}

/** Follow-ups due (and overdue) for the user's organisations. */
function followUpsWhere(user: CurrentUser): Prisma.ReferralWhereInput {
  return { state: 'followUpDue', ownerOrganisationId: { in: [...user.organisationIds] } }
}

/** The lists of /henvisninger, one per tab. */
export const REFERRAL_LISTS = ['followups', 'made', 'received'] as const
export type ReferralList = (typeof REFERRAL_LISTS)[number]

function listWhere(user: CurrentUser, list: ReferralList) {
  return list === 'made' ? madeWhere(user) : list === 'received' ? receivedWhere(user) : followUpsWhere(user)
}

/** How many referrals each list holds: the tabs' counts. */
export async function referralListTotals(user: CurrentUser): Promise<Record<ReferralList, number>> {
  const [followups, made, received] = await Promise.all(REFERRAL_LISTS.map((list) => countWhere(listWhere(user, list))))
  return { followups: followups!, made: made!, received: received! }
}

function countWhere(where: Prisma.ReferralWhereInput | null) {
  return where ? db.referral.count({ where }) : Promise.resolve(0)
}

/** One list's newest `take` rows, identified where the gate allows. */
export async function listReferralRows(user: CurrentUser, list: ReferralList, { take = 100 }: { take?: number } = {}, now = new Date()) {
  const where = listWhere(user, list)
  return where ? gatedList(user, await findListRows(where, take), now) : []
}

/** The referrals the user's organisations made, and those sent to them. */
export async function listReferrals(user: CurrentUser, { take = 100 }: { take?: number } = {}, now = new Date()) {
  const [made, received, totals] = await Promise.all([listReferralRows(user, 'made', { take }, now), listReferralRows(user, 'received', { take }, now), referralListTotals(user)])
  return { made, received, totals: { made: totals.made, received: totals.received } }
}

/** Follow-ups due (and overdue) for the user, and for the user's organisations. */
export async function listFollowUps(user: CurrentUser, { take = 100 }: { take?: number } = {}, now = new Date()) {
  const where = followUpsWhere(user)
  const [list, total] = await Promise.all([listReferralRows(user, 'followups', { take }, now), db.referral.count({ where })])
  return { mine: list.filter((r) => r.mine), organisation: list, total }
}

/** `onlyYear`: read only the referrals sent in the year of `now` (the goals dashboard needs no history). */
export type FigureFilter = { organisationId?: string; recipientKind?: RecipientKind; onlyYear?: boolean }

/** The Copenhagen calendar year as instants (as goals.server.ts counts its years). */
function yearBounds(year: number) {
  return { start: startOfCopenhagenDay(`${year}-01-01`), end: startOfCopenhagenDay(`${year + 1}-01-01`) }
}

/** The recipients of one kind, by the rule the lists show (`recipientKindOf`); organisations are few. */
async function recipientIdsOfKind(kind: RecipientKind) {
  const organisations = await db.organisation.findMany({ select: { id: true, kind: true, designEcosystem: true } })
  return organisations.filter((o) => recipientKindOf(o) === kind).map((o) => o.id)
}

/** The Copenhagen years from the first referral sent to the last (years without any drop out later). */
async function sentYears(filter: FigureFilter, now: Date) {
  if (filter.onlyYear) return [copenhagenYear(now)]
  // Two index look-ups on sentAt: min and max in one query would read the whole index.
  const [first, last] = await Promise.all(
    (['asc', 'desc'] as const).map((order) => db.referral.findFirst({ where: { sentAt: { not: null } }, orderBy: { sentAt: order }, select: { sentAt: true } })),
  )
  if (!first?.sentAt || !last?.sentAt) return []
  const from = copenhagenYear(first.sentAt)
  return Array.from({ length: copenhagenYear(last.sentAt) - from + 1 }, (_, i) => from + i)
}

/**
 * The Copenhagen year of "sentAt" in SQL, as a CASE over the year bounds (portable: SQLite and
 * PostgreSQL). The year is a literal (an integer computed here), so PostgreSQL knows its type.
 */
function sentYearSql(years: readonly number[]) {
  const branches = years.map((year) => Prisma.sql`WHEN r."sentAt" < ${yearBounds(year).end} THEN ${Prisma.raw(String(year))}`)
  return Prisma.sql`CASE ${Prisma.join(branches, ' ')} END`
}

/**
 * The referrals sent in these years, counted per year, design ecosystem and outcome, in one pass
 * over the rows: one query per year made SQLite read an organisation's referrals (or a recipient
 * kind's) once per year (bench, the clusters: 100 ms, 15 ms in one pass).
 */
async function countsPerYear(years: readonly number[], filter: FigureFilter): Promise<ReferralFact[]> {
  const recipientIds = filter.recipientKind ? await recipientIdsOfKind(filter.recipientKind) : null
  if (years.length === 0 || recipientIds?.length === 0) return []
  const conditions = [
    // All years: SQLite then reads the table in order, not through the sentAt index (bench: 16 against 22 ms).
    filter.onlyYear ? Prisma.sql`r."sentAt" >= ${yearBounds(years[0]!).start} AND r."sentAt" < ${yearBounds(years.at(-1)!).end}` : Prisma.sql`r."sentAt" IS NOT NULL`,
    // A referral cancelled after sending was not a referral after all: it counts nowhere.
    Prisma.sql`r."state" <> 'cancelled'`,
    ...(filter.organisationId ? [Prisma.sql`r."ownerOrganisationId" = ${filter.organisationId}`] : []),
    ...(recipientIds ? [Prisma.sql`r."recipientId" IN (${Prisma.join(recipientIds)})`] : []),
  ]
  const rows = await db.$queryRaw<{ year: number | bigint | null; designEcosystem: boolean | number | bigint; outcome: string | null; n: number | bigint }[]>`
    SELECT ${sentYearSql(years)} AS "year", r."designEcosystem" AS "designEcosystem", r."outcome" AS "outcome", COUNT(*) AS "n"
    FROM "Referral" r
    WHERE ${Prisma.join(conditions, ' AND ')}
    GROUP BY 1, 2, 3`
  // A referral sent after `sentYears` looked, in a year it did not see, has no year: left for the next reading.
  return rows
    .filter((r) => r.year !== null)
    .map((r) => ({ sentYear: Number(r.year), designEcosystem: Boolean(r.designEcosystem), outcome: r.outcome as Outcome | null, count: Number(r.n) }))
}

/**
 * Goal 8c and goal 4 per year, from sent referrals (no company data at all). Counted in the
 * database: reading the 18,600 sent referrals of the national-scale bench into JavaScript to
 * find their year took 77–110 ms.
 */
export function referralFigures(filter: FigureFilter, now = new Date()) {
  // Kept until the next published write, as the goals are (docs/decisions/0018): the counts per
  // year were most of /henvisninger's loader at national scale (bench/pages.ts).
  const key = `referrals:${filter.organisationId ?? ''}:${filter.recipientKind ?? ''}:${filter.onlyYear ? 'year' : 'all'}`
  return cachedFigures(key, () => computeReferralFigures(filter, now), now)
}

async function computeReferralFigures(filter: FigureFilter, now: Date) {
  const facts = await countsPerYear(await sentYears(filter, now), filter)
  const year = copenhagenYear(now)
  const thisYear = facts.filter((f) => f.sentYear === year)
  return { year, design: designReferrals(facts, year), uptake: uptakeOfCounts(thisYear), byYear: referralFiguresByYear(facts) }
}
