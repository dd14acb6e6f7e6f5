import { recordAudit } from '~/utils/audit.server.ts'
import type { CurrentUser } from '~/utils/auth.server.ts'
import { loadCompanyFacts, logAccess } from '~/utils/consent-gate.server.ts'
import { consentCovers, decide, HIDDEN, type GateDecision } from '~/utils/consent-gate.ts'
import { copenhagenDate, copenhagenYear, startOfCopenhagenDay } from '~/utils/dates.ts'
import { db, type Tx } from '~/utils/db.server.ts'
import { can } from '~/utils/permissions.ts'
import { publishInvalidation } from '~/utils/realtime.server.ts'
import { RECIPIENT_KIND_LABELS, RECIPIENT_KINDS, recipientKindOf, type RecipientKind } from '~/utils/referral-fields.ts'
import { referralFiguresByYear, uptake, designReferrals, type ReferralFact } from '~/utils/referral-figures.ts'
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

const referralInclude = {
  company: { select: companyRowSelect },
  recipient: { select: { id: true, name: true, kind: true, designEcosystem: true } },
  ownerOrganisation: { select: { id: true, name: true } },
  owner: { select: { id: true, name: true } },
  case: { select: { id: true, kommuneId: true } },
} as const

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

function present(row: Awaited<ReturnType<typeof findReferrals>>[number], decision: GateDecision, user: CurrentUser, now: Date) {
  const identified = decision.identified
  const overdueAt = row.followUpDueAt ? new Date(row.followUpDueAt.getTime() + OVERDUE_DAYS * DAY) : null
  return {
    id: row.id,
    state: row.state,
    version: row.version,
    recipient: { ...row.recipient, recipientKind: recipientKindOf(row.recipient) },
    ownerOrganisation: row.ownerOrganisation,
    owner: row.owner,
    caseId: row.case.id,
    company: presentCompany(row.company, decision),
    sentAt: row.sentAt,
    followUpDueAt: row.followUpDueAt,
    overdue: row.state === 'followUpDue' && overdueAt !== null && overdueAt < now,
    outcome: row.outcome as Outcome | null,
    acknowledgedAt: row.acknowledgedAt,
    createdAt: row.createdAt,
    mine: row.ownerId === user.id,
    details: identified ? { purpose: row.purpose, noteToRecipient: row.noteToRecipient, companyContact: row.companyContact, context: JSON.parse(row.context) as ReferralContext } : null,
  }
}

function findReferrals(where: NonNullable<Parameters<typeof db.referral.findMany>[0]>['where'], take = 100) {
  return db.referral.findMany({ where, include: referralInclude, orderBy: [{ updatedAt: 'desc' }, { id: 'desc' }], take })
}

async function gatedList(user: CurrentUser, rows: Awaited<ReturnType<typeof findReferrals>>, now: Date) {
  const decisions = await decideForViewer(user, rows, now)
  await logAccess(user, rows.map((r, i) => [r.companyId, decisions[i]!] as [string, GateDecision]), 'henvisning', now)
  return rows.map((row, i) => present(row, decisions[i]!, user, now))
}

export async function getReferralPage(user: CurrentUser, id: string, now = new Date()) {
  const rows = await findReferrals({ id }, 1)
  if (rows.length === 0) return null
  // A recipient (who may view only its own) does not see a referral until it has been sent.
  if (rows[0]!.sentAt === null && !can(user, 'view', 'referral', { organisationIds: [rows[0]!.ownerOrganisationId] })) return null
  const [view] = await gatedList(user, rows, now)
  return view!
}

/** The referrals the user's organisations made, and those sent to them. */
export async function listReferrals(user: CurrentUser, now = new Date()) {
  const organisationIds = [...user.organisationIds]
  const [made, received] = await Promise.all([
    can(user, 'create', 'referral') ? findReferrals({ ownerOrganisationId: { in: organisationIds } }) : Promise.resolve([]),
    findReferrals({ recipientId: { in: organisationIds }, sentAt: { not: null } }),
  ])
  return { made: await gatedList(user, made, now), received: await gatedList(user, received, now) }
}

/** Follow-ups due (and overdue) for the user, and for the user's organisations. */
export async function listFollowUps(user: CurrentUser, now = new Date()) {
  const rows = await findReferrals({ state: 'followUpDue', ownerOrganisationId: { in: [...user.organisationIds] } })
  const list = await gatedList(user, rows, now)
  return { mine: list.filter((r) => r.mine), organisation: list }
}

/** `onlyYear`: read only the referrals sent in the year of `now` (the goals dashboard needs no history). */
export type FigureFilter = { organisationId?: string; recipientKind?: RecipientKind; onlyYear?: boolean }

/** Goal 8c and goal 4 per year, from sent referrals (no company data at all). */
export async function referralFigures(filter: FigureFilter, now = new Date()) {
  const rows = await db.referral.findMany({
    // A referral cancelled after sending was not a referral after all: it counts nowhere.
    where: {
      sentAt: filter.onlyYear ? { gte: startOfCopenhagenDay(`${copenhagenYear(now)}-01-01`), lt: startOfCopenhagenDay(`${copenhagenYear(now) + 1}-01-01`) } : { not: null },
      state: { not: 'cancelled' },
      ...(filter.organisationId ? { ownerOrganisationId: filter.organisationId } : {}),
    },
    select: { sentAt: true, designEcosystem: true, outcome: true, recipient: filter.recipientKind ? { select: { kind: true, designEcosystem: true } } : false },
  })
  const facts: ReferralFact[] = rows
    .filter((r) => !filter.recipientKind || (r.recipient && recipientKindOf(r.recipient) === filter.recipientKind))
    .map((r) => ({ sentYear: r.sentAt ? copenhagenYear(r.sentAt) : null, designEcosystem: r.designEcosystem, outcome: r.outcome as Outcome | null }))
  const year = copenhagenYear(now)
  const thisYear = facts.filter((f) => f.sentYear === year)
  return { year, design: designReferrals(facts, year), uptake: uptake(thisYear.map((f) => f.outcome)), byYear: referralFiguresByYear(facts) }
}
