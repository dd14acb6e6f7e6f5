import { recordAudit } from '~/utils/audit.server.ts'
import type { CurrentUser } from '~/utils/auth.server.ts'
import type { ActivityKind, CaseForm } from '~/utils/company-fields.ts'
import { gateAndLogWithFacts, gateWithFacts, loadCompanyFacts, logAccess } from '~/utils/consent-gate.server.ts'
import { caseDetailsVisible, consentCovers, decide } from '~/utils/consent-gate.ts'
import { copenhagenDate, dateFromIso } from '~/utils/dates.ts'
import { db, type Prisma, type Tx } from '~/utils/db.server.ts'
import { StaleVersionError } from '~/utils/db-errors.server.ts'
import { can } from '~/utils/permissions.ts'
import { listProcessHistory } from '~/utils/process-history.server.ts'
import { publishInvalidation } from '~/utils/realtime.server.ts'
import { ROWS_STEP } from '~/utils/paging.ts'
import { TOPICS, type Topic } from '~/utils/topics.ts'
import { applyTransition, ForbiddenTransitionError, NotFoundError, type ProcessDefinition, type StateChange } from '~/utils/workflow.server.ts'
import { caseLabels, caseMachine, initialCaseContext, type CaseContext, type CaseEvent } from '../../machines/case.machine.ts'
import { companyRowSelect, owningOrganisation, presentCompany } from './company.server.ts'
import { newestPerKommune } from './newest-per-kommune.server.ts'
import { notifyUsers } from './notification.server.ts'

export type CaseRow = {
  id: string
  state: string
  context: CaseContext
  version: number
  ownerOrganisationId: string
  ownerIsErhvervshus: boolean
  kommuneId: string
  companyIds: string[]
  /** Companies whose consent does not cover the Erhvervshus for joint guidance (hand-over). */
  missingConsent: string[]
}

/** The case as a transition reads it: the consent facts only where they decide (see loadForTransition). */
export type CaseTransitionRow = Omit<CaseRow, 'ownerIsErhvervshus' | 'companyIds' | 'missingConsent'> & Partial<CaseRow>

/**
 * The one row a case transition reads, in plain SQL: the hottest read of the app, and Prisma's
 * query building was a sixth of a transition's cost (bench/transitions.ts).
 */
type LeanCaseRow = { id: string; state: string; context: string; version: number; ownerOrganisationId: string; kommuneId: string }

async function erhvervshusId(tx: Tx | typeof db) {
  const house = await tx.organisation.findFirst({ where: { kind: 'ERHVERVSHUS' }, select: { id: true } })
  return house?.id ?? null
}

async function loadRow(tx: Tx, id: string, now = new Date()): Promise<CaseRow | null> {
  const row = await tx.case.findUnique({ where: { id }, include: { companies: { select: { companyId: true } }, ownerOrganisation: { select: { kind: true } } } })
  if (!row) return null
  const houseId = await erhvervshusId(tx)
  const companyIds = row.companies.map((c) => c.companyId)
  const facts = await loadCompanyFacts(companyIds, now, tx)
  const covered = new Set(facts.filter((f) => !f.erased && houseId && f.consents.some((c) => consentCovers(c, houseId, 'GUIDANCE', now))).map((f) => f.id))
  return {
    id: row.id,
    state: row.state,
    context: JSON.parse(row.context) as CaseContext,
    version: row.version,
    ownerOrganisationId: row.ownerOrganisationId,
    ownerIsErhvervshus: row.ownerOrganisation.kind === 'ERHVERVSHUS',
    kommuneId: row.kommuneId,
    companyIds,
    missingConsent: companyIds.filter((id) => !covered.has(id)),
  }
}

/**
 * One row read for most transitions. The consent facts (the companies and their consents) decide
 * only a hand-over and the Erhvervshus's work on a handed-over case, so only those read them
 * (measured in bench/transitions.ts: the full read made a transition five times Prisma's floor).
 */
async function loadForTransition(tx: Tx, id: string, event: CaseEvent): Promise<CaseTransitionRow | null> {
  const [row] = await tx.$queryRaw<LeanCaseRow[]>`SELECT "id", "state", "context", "version", "ownerOrganisationId", "kommuneId" FROM "Case" WHERE "id" = ${id}`
  if (!row) return null
  if (event.type === 'HAND_OVER' || row.state === 'handedOver') return loadRow(tx, id)
  return { ...row, context: JSON.parse(row.context) as CaseContext }
}

export async function getCaseRow(id: string) {
  return db.$transaction((tx) => loadRow(tx, id))
}

function inErhvervshus(actor: CurrentUser) {
  return actor.organisations.some((o) => o.kind === 'ERHVERVSHUS')
}

/** The owner organisation works on its case; after a hand-over the Erhvervshus does too, while the consent lasts. */
export function mayWorkOnCase(actor: CurrentUser, row: Pick<CaseTransitionRow, 'ownerOrganisationId' | 'state' | 'missingConsent'>) {
  if (can(actor, 'update', 'case', { organisationIds: [row.ownerOrganisationId] })) return true
  const consentCoversHouse = row.missingConsent !== undefined && row.missingConsent.length === 0
  return row.state === 'handedOver' && consentCoversHouse && inErhvervshus(actor) && can(actor, 'update', 'case')
}

/** The columns a transition writes: state, context, version + 1, and closedAt, which follows from the state. */
function transitionData({ state, context, now }: StateChange) {
  return { state, context: JSON.stringify(context), version: { increment: 1 }, closedAt: state === 'closed' ? now : null }
}

/**
 * The row as read decides the transition alone when it carries no consent facts (see
 * loadForTransition): not a hand-over, not work on a handed-over case. Those read the consents
 * inside the transaction, which the case's version does not cover; and only a hand-over has an
 * afterTransition effect. Those fall back to the interactive path and read again (the consent
 * facts too): twice for rare transitions, once for the frequent ones.
 */
function decidedByRowAlone(row: CaseTransitionRow, event: CaseEvent) {
  return event.type !== 'HAND_OVER' && row.missingConsent === undefined
}

export const caseProcess: ProcessDefinition<typeof caseMachine, CaseTransitionRow> = {
  entityType: 'case',
  machine: caseMachine,
  load: loadForTransition,
  save: async (tx, change) => (await tx.case.updateMany({ where: { id: change.id, version: change.fromVersion }, data: transitionData(change) })).count,
  batch: {
    applies: decidedByRowAlone,
    // `update` (not updateMany) throws P2025 when the version moved, which rolls the batch back.
    save: (client, change) => client.case.update({ where: { id: change.id, version: change.fromVersion }, data: transitionData(change), select: { id: true } }),
  },
  authorize(actor, row, event) {
    if (event.type === 'HAND_OVER') return can(actor, 'update', 'case', { organisationIds: [row.ownerOrganisationId] })
    return mayWorkOnCase(actor, row)
  },
  async afterTransition(tx, row, { to }) {
    if (to === 'handedOver') {
      const kommune = await tx.kommune.findUnique({ where: { id: row.kommuneId }, select: { name: true, keyAccountManagerId: true } })
      if (kommune?.keyAccountManagerId) {
        // No company name: the notification and its e-mail say only where and what.
        return notifyUsers(tx, [kommune.keyAccountManagerId], {
          kind: 'case',
          title: `Et forløb i ${kommune.name} er overdraget til Erhvervshuset`,
          body: 'Virksomheden har givet samtykke til, at Erhvervshuset overtager den specialiserede vejledning.',
          link: `/virksomheder/forloeb/${row.id}`,
        })
      }
    }
  },
  audience: () => ({ everyone: true }),
  sampleEvent(type, _actor, row) {
    switch (type) {
      case 'HAND_OVER':
        return { type, missingConsent: row.missingConsent ?? [], ownedByErhvervshus: row.ownerIsErhvervshus ?? false }
      case 'REOPEN':
        return { type, reason: 'begrundelse' }
      default:
        return { type } as CaseEvent
    }
  },
}

export const CASE_EVENTS = ['START', 'HAND_OVER', 'CLOSE', 'REOPEN'] as const
export type CaseEventType = (typeof CASE_EVENTS)[number]

/** HAND_OVER without consent: which companies lack it (ids; the page names those the user may see). */
export class MissingConsentError extends Error {
  constructor(readonly companyIds: string[]) {
    super('consent missing for hand-over')
  }
}

export async function transitionCase({ id, type, reason, expectedVersion, actor }: { id: string; type: CaseEventType; reason?: string; expectedVersion: number; actor: CurrentUser }) {
  const event: CaseEvent = type === 'HAND_OVER' ? await handOverEvent(id, actor) : type === 'REOPEN' ? { type, reason: reason ?? '' } : { type }
  return applyTransition({ process: caseProcess, id, event, expectedVersion, actor })
}

/** A hand-over carries the consent facts the machine's guard decides on; without consent it is refused with the companies named. */
async function handOverEvent(id: string, actor: CurrentUser): Promise<CaseEvent> {
  const row = await getCaseRow(id)
  if (!row) throw new NotFoundError('case')
  if (!row.ownerIsErhvervshus && row.missingConsent.length > 0 && caseProcess.authorize(actor, row, { type: 'HAND_OVER', missingConsent: [], ownedByErhvervshus: false })) {
    throw new MissingConsentError(row.missingConsent)
  }
  return { type: 'HAND_OVER', missingConsent: row.missingConsent, ownedByErhvervshus: row.ownerIsErhvervshus }
}

export class CaseCompaniesError extends Error {}

export type NewCase = { title: string; form: CaseForm; topics: Topic[]; companyIds: string[]; kommuneId?: string; nextStep?: string; nextStepDue?: string }

/** Opens a case for companies the user may see identified (one for 1:1, one or more for 1:many). */
export async function createCase({ actor, input, now = new Date() }: { actor: CurrentUser; input: NewCase; now?: Date }) {
  const owner = owningOrganisation(actor)
  const companyIds = [...new Set(input.companyIds)]
  if (companyIds.length === 0 || (input.form === 'ONE_TO_ONE' && companyIds.length !== 1)) throw new CaseCompaniesError()
  const created = await db.$transaction(async (tx) => {
    const facts = await loadCompanyFacts(companyIds, now, tx)
    if (facts.length !== companyIds.length || facts.some((f) => !decide(actor, f, 'GUIDANCE', now).identified)) throw new CaseCompaniesError()
    const first = await tx.company.findUniqueOrThrow({ where: { id: companyIds[0] }, select: { kommuneId: true } })
    const kase = await tx.case.create({
      data: {
        title: input.title,
        form: input.form,
        ownerOrganisationId: owner.id,
        kommuneId: input.kommuneId || first.kommuneId,
        context: JSON.stringify(initialCaseContext),
        nextStep: input.nextStep || null,
        nextStepDue: input.nextStepDue ? dateFromIso(input.nextStepDue) : null,
        createdById: actor.id,
        openedAt: now,
        companies: { create: companyIds.map((companyId) => ({ companyId })) },
        topics: { create: [...new Set(input.topics)].map((topic) => ({ topic })) },
      },
    })
    await recordAudit(tx, { actorId: actor.id, action: 'CREATE', entityType: 'case', entityId: kase.id, summary: `Forløb oprettet af ${owner.name}` })
    return kase
  })
  publishInvalidation({ topic: 'case', id: created.id, version: created.version }, { everyone: true })
  for (const companyId of companyIds) publishInvalidation({ topic: 'company', id: companyId, version: created.version }, { everyone: true })
  return created
}

export class ActivityRejectedError extends Error {}

export async function addActivity({ actor, caseId, kind, date, note, now = new Date() }: { actor: CurrentUser; caseId: string; kind: ActivityKind; date: string; note: string; now?: Date }) {
  if (date > copenhagenDate(now)) throw new ActivityRejectedError('Aktiviteten kan ikke ligge i fremtiden; skriv den som næste skridt.')
  const version = await db.$transaction(async (tx) => {
    const row = await loadRow(tx, caseId, now)
    if (!row) throw new NotFoundError('case')
    if (!mayWorkOnCase(actor, row)) throw new ForbiddenTransitionError('ADD_ACTIVITY')
    if (row.state === 'closed') throw new ActivityRejectedError('Forløbet er afsluttet. Genåbn det for at tilføje aktiviteter.')
    await tx.caseActivity.create({ data: { caseId, kind, date: dateFromIso(date), note, authorId: actor.id } })
    const updated = await tx.case.update({ where: { id: caseId }, data: { version: { increment: 1 }, state: row.state === 'open' ? 'inProgress' : undefined }, select: { version: true } })
    return updated.version
  })
  publishInvalidation({ topic: 'case', id: caseId, version }, { everyone: true })
}

export async function saveNextStep({ actor, caseId, version, nextStep, nextStepDue }: { actor: CurrentUser; caseId: string; version: number; nextStep: string; nextStepDue: string }) {
  const next = await db.$transaction(async (tx) => {
    const row = await loadRow(tx, caseId)
    if (!row) throw new NotFoundError('case')
    if (!mayWorkOnCase(actor, row)) throw new ForbiddenTransitionError('NEXT_STEP')
    const { count } = await tx.case.updateMany({
      where: { id: caseId, version },
      data: { nextStep: nextStep || null, nextStepDue: nextStepDue ? dateFromIso(nextStepDue) : null, version: { increment: 1 } },
    })
    if (count === 0) throw new StaleVersionError('case')
    return version + 1
  })
  publishInvalidation({ topic: 'case', id: caseId, version: next }, { everyone: true })
}

const caseInclude = {
  companies: { select: { company: { select: companyRowSelect } } },
  topics: { select: { topic: true } },
  kommune: { select: { id: true, name: true } },
  ownerOrganisation: { select: { id: true, name: true, kind: true } },
} as const

/**
 * Activities per case, counted for these cases only. `_count` in an include makes Prisma 7 group
 * the whole CaseActivity table first (500,000 rows at national scale, bench/pages.ts: 290–560 ms
 * per feed of 50 cases, 75–130 ms per case page).
 */
async function activityCounts(caseIds: string[]) {
  if (caseIds.length === 0) return new Map<string, number>()
  const groups = await db.caseActivity.groupBy({ by: ['caseId'], where: { caseId: { in: caseIds } }, _count: { _all: true } })
  return new Map(groups.map((g) => [g.caseId, g._count._all]))
}

/** Everything a case page shows; the title, notes, next step and history only where the gate allows. */
export async function getCasePage(user: CurrentUser, id: string, now = new Date()) {
  const [row, activityCount] = await Promise.all([db.case.findUnique({ where: { id }, include: caseInclude }), db.caseActivity.count({ where: { caseId: id } })])
  if (!row) return null
  const companyIds = row.companies.map((c) => c.company.id)
  const { decisions, facts } = await gateAndLogWithFacts(user, companyIds, 'forløb', 'GUIDANCE', now)
  const detailsVisible = caseDetailsVisible(user, { ownerOrganisationId: row.ownerOrganisationId, companies: facts }, 'GUIDANCE', now)
  const base = {
    id: row.id,
    state: row.state,
    version: row.version,
    form: row.form as CaseForm,
    kommune: row.kommune,
    ownerOrganisation: row.ownerOrganisation,
    topics: row.topics.map((t) => t.topic as Topic),
    openedAt: row.openedAt,
    closedAt: row.closedAt,
    activityCount,
    companies: row.companies.map((c) => presentCompany(c.company, decisions.get(c.company.id)!)),
  }
  if (!detailsVisible) return { ...base, details: null }
  const [activities, history] = await Promise.all([
    db.caseActivity.findMany({ where: { caseId: id }, include: { author: { select: { name: true } } }, orderBy: [{ date: 'desc' }, { createdAt: 'desc' }] }),
    listProcessHistory({ entityType: 'case', entityId: id, labels: caseLabels }),
  ])
  return {
    ...base,
    details: {
      title: row.title,
      nextStep: row.nextStep,
      nextStepDue: row.nextStepDue,
      activities: activities.map((a) => ({ id: a.id, kind: a.kind as ActivityKind, date: a.date, note: a.note, author: a.author?.name ?? null })),
      history,
    },
  }
}

export type CaseFeedFilter = { kommuneIds?: string[]; state?: 'open' | 'closed'; companyId?: string; take?: number }

const newestFirst = [{ updatedAt: 'desc' }, { id: 'desc' }] satisfies Prisma.CaseOrderByWithRelationInput[]

/**
 * The cases linked to a company, from CaseCompany's companyId index. As `companies: { some: {
 * companyId } }` the filter became a correlated EXISTS that walked every case (45–60 ms at
 * national scale, bench/pages.ts).
 */
async function caseIdsOfCompany(companyId: string) {
  const links = await db.caseCompany.findMany({ where: { companyId }, select: { caseId: true } })
  return links.map((link) => link.caseId)
}

async function feedWhere({ state, companyId }: CaseFeedFilter): Promise<Prisma.CaseWhereInput> {
  return {
    ...(state === 'open' ? { state: { not: 'closed' } } : state === 'closed' ? { state: 'closed' } : {}),
    ...(companyId ? { id: { in: await caseIdsOfCompany(companyId) } } : {}),
  }
}

/** The newest `take` cases matching `where` in these kommuner (all when none are given). */
async function newestCases(where: Prisma.CaseWhereInput, kommuneIds: string[] | undefined, take: number) {
  const scoped = await newestPerKommune(where, kommuneIds, (kommuneId) => db.case.findMany({ where: { AND: [where, { kommuneId }] }, select: { id: true }, orderBy: newestFirst, take }))
  return db.case.findMany({ where: scoped, include: caseInclude, orderBy: newestFirst, take })
}

type FeedRow = Awaited<ReturnType<typeof newestCases>>[number]
type CaseRowFacts = Awaited<ReturnType<typeof loadCompanyFacts>>

/** The facts of a case's companies, from the facts loaded for a whole list. */
const factsOfCase = (companyIds: string[], facts: Map<string, CaseRowFacts[number]>) => companyIds.flatMap((id) => facts.get(id) ?? [])

/** What a row of a case list shows of the case itself: the title and next step only where the case's gate allows. */
function presentCaseRow(
  user: CurrentUser,
  row: Omit<FeedRow, 'companies'>,
  { companies, activityCount }: { companies: CaseRowFacts; activityCount: number },
  now: Date,
) {
  const detailsVisible = caseDetailsVisible(user, { ownerOrganisationId: row.ownerOrganisationId, companies }, 'GUIDANCE', now)
  return {
    id: row.id,
    state: row.state,
    form: row.form as CaseForm,
    kommune: row.kommune,
    ownerOrganisation: row.ownerOrganisation,
    topics: row.topics.map((t) => t.topic as Topic),
    openedAt: row.openedAt,
    updatedAt: row.updatedAt,
    activityCount,
    title: detailsVisible ? row.title : null,
    nextStepDue: detailsVisible ? row.nextStepDue : null,
  }
}

/** Feed rows as the user may see them: identified where the gate allows, details where the case's gate does.
 *  Views through consent are logged. */
async function presentFeed(user: CurrentUser, rows: FeedRow[], now: Date) {
  const companyIds = rows.flatMap((r) => r.companies.map((c) => c.company.id))
  const [{ decisions, facts }, activities] = await Promise.all([gateWithFacts(user, companyIds, 'GUIDANCE', now), activityCounts(rows.map((r) => r.id))])
  await logAccess(user, decisions, 'oversigt', now)
  const factsById = new Map(facts.map((f) => [f.id, f]))
  return rows.map((row) => ({
    ...presentCaseRow(user, row, { companies: factsOfCase(row.companies.map((c) => c.company.id), factsById), activityCount: activities.get(row.id) ?? 0 }, now),
    companies: row.companies.map((c) => presentCompany(c.company, decisions.get(c.company.id)!)),
  }))
}

/** The "keep each other informed" feed: cases in an area, newest first, identified where allowed. */
export async function listCases(user: CurrentUser, filter: CaseFeedFilter, now = new Date()) {
  const rows = await newestCases(await feedWhere(filter), filter.kommuneIds, filter.take ?? 50)
  return presentFeed(user, rows, now)
}

/** How many of a company's cases its page shows: 200 made a 588 kB page at national scale (bench/pages.ts). */
export const COMPANY_PAGE_CASES = ROWS_STEP

/** The company page's case rows name no companies: the companies of a case count only for whether its title shows. */
const companyPageCaseInclude = { ...caseInclude, companies: { select: { companyId: true } } } as const

/** A company page's cases: the newest `take`, how many there are in all, and the topics of all of them.
 *  The rows name no companies, so only the page's own view of the company is logged (by the page). */
export async function listCompanyCases(user: CurrentUser, companyId: string, take = COMPANY_PAGE_CASES, now = new Date()) {
  const caseIds = await caseIdsOfCompany(companyId)
  const [rows, topics] = await Promise.all([
    db.case.findMany({ where: { id: { in: caseIds } }, include: companyPageCaseInclude, orderBy: newestFirst, take }),
    topicsOf(caseIds),
  ])
  const [companyFacts, activities] = await Promise.all([loadCompanyFacts(rows.flatMap((r) => r.companies.map((c) => c.companyId)), now), activityCounts(rows.map((r) => r.id))])
  const facts = new Map(companyFacts.map((f) => [f.id, f]))
  const cases = rows.map((row) =>
    presentCaseRow(user, row, { companies: factsOfCase(row.companies.map((c) => c.companyId), facts), activityCount: activities.get(row.id) ?? 0 }, now),
  )
  return { cases, total: caseIds.length, topics }
}

/** The distinct topics of these cases, in the order of TOPICS. */
async function topicsOf(caseIds: string[]) {
  const groups = await db.caseTopic.groupBy({ by: ['topic'], where: { caseId: { in: caseIds } } })
  const found = new Set(groups.map((g) => g.topic))
  return (Object.keys(TOPICS) as Topic[]).filter((topic) => found.has(topic))
}

/** The kommuner a user's feed starts with: their LES's kommune, or those they are key account manager for. */
export async function homeKommuneIds(user: CurrentUser) {
  if (user.assignedKommuneIds.length > 0) return [...user.assignedKommuneIds]
  const kommuner = await db.kommune.findMany({ where: { OR: [{ lesId: { in: [...user.organisationIds] } }, { organisationId: { in: [...user.organisationIds] } }] }, select: { id: true } })
  return kommuner.map((k) => k.id)
}
