import { recordAudit } from '~/utils/audit.server.ts'
import {
  missingAgreementContent,
  optionalDate,
  parseAgreementContent,
  EMPTY_AGREEMENT_CONTENT,
  type AgreementContent,
  type AgreementContentInput,
  type InteractionKind,
} from '~/utils/agreement-content.ts'
import type { CurrentUser } from '~/utils/auth.server.ts'
import { db, type Tx } from '~/utils/db.server.ts'
import { StaleVersionError } from '~/utils/db-errors.server.ts'
import { dateFromIso } from '~/utils/dates.ts'
import { can } from '~/utils/permissions.ts'
import { publishInvalidation } from '~/utils/realtime.server.ts'
import { applyTransition, ForbiddenTransitionError, isSystemActor, NotFoundError, SYSTEM_ACTOR, type ProcessDefinition } from '~/utils/workflow.server.ts'
import {
  agreementMachine,
  initialAgreementContext,
  OPEN_AGREEMENT_STATES,
  type AgreementContext,
  type AgreementEvent,
  type AgreementForm,
  type AgreementParty,
  type Relevance,
} from '../../machines/agreement.machine.ts'
import { notifyUsers } from './notification.server.ts'

const DAY = 24 * 60 * 60 * 1000
export const RENEWAL_NOTICE_DAYS = 60
const EDITABLE_STATES = ['notContacted', 'contacted', 'inDialogue', 'assessed', 'drafting']

export type AgreementRow = {
  id: string
  state: string
  context: AgreementContext
  version: number
  content: AgreementContent
  startDate: Date | null
  endDate: Date | null
  ownerId: string | null
  partner: { id: string; name: string; kind: string }
}

async function loadRow(tx: Tx, id: string): Promise<AgreementRow | null> {
  const row = await tx.agreement.findUnique({ where: { id }, include: { partner: { select: { id: true, name: true, kind: true } } } })
  if (!row) return null
  return {
    id: row.id,
    state: row.state,
    context: JSON.parse(row.context) as AgreementContext,
    version: row.version,
    content: parseAgreementContent(row.content),
    startDate: row.startDate,
    endDate: row.endDate,
    ownerId: row.ownerId,
    partner: row.partner,
  }
}

export function isNearEnd(row: Pick<AgreementRow, 'endDate'>, now = new Date()) {
  return row.endDate !== null && row.endDate.getTime() - now.getTime() <= RENEWAL_NOTICE_DAYS * DAY
}

/** The Erhvervshus signs through its director; the partner's signature is recorded by whoever runs the agreement. */
export function partiesFor(actor: CurrentUser): AgreementParty[] {
  const parties: AgreementParty[] = []
  if (can(actor, 'sign', 'agreement')) parties.push('ERHVERVSHUS')
  if (can(actor, 'update', 'agreement')) parties.push('PARTNER')
  return parties
}

export const agreementProcess: ProcessDefinition<typeof agreementMachine, AgreementRow> = {
  entityType: 'agreement',
  machine: agreementMachine,
  load: loadRow,
  save: async (tx, { id, fromVersion, state, context }) =>
    (await tx.agreement.updateMany({ where: { id, version: fromVersion }, data: { state, context: JSON.stringify(context), version: { increment: 1 } } })).count,
  authorize(actor, _row, event) {
    if (event.type === 'EXPIRE') return isSystemActor(actor)
    if (event.type === 'SIGN') return event.party === 'ERHVERVSHUS' ? can(actor, 'sign', 'agreement') : can(actor, 'update', 'agreement')
    return can(actor, 'update', 'agreement')
  },
  async afterTransition(tx, row, { event, to, actor }) {
    if (event.type === 'RENEW') await tx.agreement.update({ where: { id: row.id }, data: { renewalFlaggedAt: null } })
    if (to === 'active' && row.ownerId && row.ownerId !== actor.id) {
      return notifyUsers(tx, [row.ownerId], { kind: 'agreement', title: `Samarbejdsaftalen med ${row.partner.name} er aktiv`, link: `/klyngeaftaler/${row.id}` })
    }
  },
  audience: () => ({ everyone: true }),
  sampleEvent(type, actor, row) {
    switch (type) {
      case 'ASSESS':
        return { type, relevance: 'HIGH', rationale: 'x'.repeat(20), form: 'INDIVIDUAL', partnerHouses: [] }
      case 'REQUEST_SIGNATURE':
        return { type, missing: missingAgreementContent(row.content, row) }
      case 'SIGN': {
        const party = partiesFor(actor).find((p) => !row.context.signatures[p]) ?? 'PARTNER'
        return { type, party, name: 'x', at: new Date().toISOString(), recordedBy: actor.id }
      }
      case 'DECLINE':
        return { type, reason: 'begrundelse' }
      case 'RENEW':
        return { type, nearEnd: isNearEnd(row) }
      default:
        return { type } as AgreementEvent
    }
  },
}

export const AGREEMENT_EVENTS = ['CONTACT', 'START_DIALOGUE', 'ASSESS', 'START_DRAFTING', 'REQUEST_SIGNATURE', 'SIGN', 'DECLINE', 'REOPEN', 'RENEW'] as const
export type AgreementEventType = (typeof AGREEMENT_EVENTS)[number]

export type TransitionInput = {
  reason?: string
  assessment?: { relevance: Relevance; rationale: string; form: AgreementForm; partnerHouses: string[] }
  signature?: { party: AgreementParty; name: string }
}

/** Completes the submitted event from the server's own facts (content, dates, who signs). */
export function buildAgreementEvent(type: AgreementEventType, actor: CurrentUser, row: AgreementRow, input: TransitionInput, now = new Date()): AgreementEvent | null {
  switch (type) {
    case 'CONTACT':
    case 'START_DIALOGUE':
    case 'START_DRAFTING':
    case 'REOPEN':
      return { type }
    case 'ASSESS':
      return input.assessment ? { type, ...input.assessment } : null
    case 'REQUEST_SIGNATURE':
      return { type, missing: missingAgreementContent(row.content, row) }
    case 'SIGN': {
      if (!input.signature) return null
      const name = input.signature.party === 'ERHVERVSHUS' ? actor.name : input.signature.name
      return { type, party: input.signature.party, name, at: now.toISOString(), recordedBy: actor.id }
    }
    case 'DECLINE':
      return { type, reason: input.reason ?? '' }
    case 'RENEW':
      return { type, nearEnd: isNearEnd(row, now) }
  }
}

export async function getAgreementRow(id: string) {
  return db.$transaction((tx) => loadRow(tx, id))
}

export async function transitionAgreement({ id, type, input, expectedVersion, actor }: { id: string; type: AgreementEventType; input: TransitionInput; expectedVersion: number; actor: CurrentUser }) {
  const row = await getAgreementRow(id)
  if (!row) throw new NotFoundError('agreement')
  const event = buildAgreementEvent(type, actor, row, input)
  if (!event) throw new ForbiddenTransitionError(type)
  return applyTransition({ process: agreementProcess, id, event, expectedVersion, actor })
}

export class DuplicateAgreementError extends Error {}

/** Opens an agreement with a partner; at most one open agreement per partner. */
export async function createAgreement({ actor, partnerId }: { actor: CurrentUser; partnerId: string }) {
  const created = await db.$transaction(async (tx) => {
    const open = await tx.agreement.count({ where: { partnerId, state: { in: [...OPEN_AGREEMENT_STATES] } } })
    if (open > 0) throw new DuplicateAgreementError()
    const agreement = await tx.agreement.create({
      data: { partnerId, ownerId: actor.id, context: JSON.stringify(initialAgreementContext), content: JSON.stringify(EMPTY_AGREEMENT_CONTENT) },
      include: { partner: true },
    })
    await recordAudit(tx, { actorId: actor.id, action: 'CREATE', entityType: 'agreement', entityId: agreement.id, summary: `Aftaleforløb med ${agreement.partner.name} oprettet` })
    return agreement
  })
  publishInvalidation({ topic: 'agreement', id: created.id, version: created.version }, { everyone: true })
  return created
}

export class AgreementLockedError extends Error {}

/** Saves content, period and next step if nobody saved them since `contentVersion`. */
export async function saveAgreementContent({ actor, id, contentVersion, input }: { actor: CurrentUser; id: string; contentVersion: number; input: AgreementContentInput }) {
  const result = await db.$transaction(async (tx) => {
    const row = await loadRow(tx, id)
    if (!row) throw new NotFoundError('agreement')
    if (!EDITABLE_STATES.includes(row.state)) throw new AgreementLockedError()
    const content: AgreementContent = { purpose: input.purpose, activities: input.activities, contactPersons: input.contactPersons }
    const { count } = await tx.agreement.updateMany({
      where: { id, contentVersion, state: { in: EDITABLE_STATES } },
      data: {
        content: JSON.stringify(content),
        contentVersion: { increment: 1 },
        startDate: optionalDate(input.startDate),
        endDate: optionalDate(input.endDate),
        nextStep: input.nextStep || null,
        nextStepDate: optionalDate(input.nextStepDate),
        version: { increment: 1 },
      },
    })
    if (count === 0) throw new StaleVersionError('agreement')
    await recordAudit(tx, { actorId: actor.id, action: 'UPDATE', entityType: 'agreement', entityId: id, summary: 'Aftalens indhold, periode eller næste skridt er ændret' })
    return row.version + 1
  })
  publishInvalidation({ topic: 'agreement', id, version: result }, { everyone: true })
}

export async function logInteraction({ actor, id, kind, date, note }: { actor: CurrentUser; id: string; kind: InteractionKind; date: string; note: string }) {
  await db.agreementInteraction.create({ data: { agreementId: id, kind, date: dateFromIso(date), note, authorId: actor.id } })
  publishInvalidation({ topic: 'agreement', id, version: Date.now() }, { everyone: true })
}

/** Goal 9: national clusters with an active agreement, out of all national clusters. */
export async function clusterCoverage() {
  const clusters = await db.organisation.findMany({
    where: { kind: 'CLUSTER', active: true },
    select: { id: true, name: true, agreements: { where: { state: 'active' }, select: { id: true } } },
    orderBy: { name: 'asc' },
  })
  const covered = clusters.filter((c) => c.agreements.length > 0)
  return { covered: covered.length, total: clusters.length, missing: clusters.filter((c) => c.agreements.length === 0).map((c) => c.name) }
}

const BOARD_KINDS = ['CLUSTER', 'EDUCATION', 'LABOUR_MARKET', 'EXTERNAL'] as const
export type BoardKind = (typeof BOARD_KINDS)[number]

/** One card per partner: its latest agreement, or (for a national cluster) a not-yet-contacted placeholder. */
export async function listBoard({ kind }: { kind?: BoardKind }) {
  const partners = await db.organisation.findMany({
    where: { active: true, kind: kind ? kind : { in: [...BOARD_KINDS] } },
    include: {
      agreements: {
        orderBy: { createdAt: 'desc' },
        take: 1,
        include: { owner: { select: { name: true } } },
      },
    },
    orderBy: { name: 'asc' },
  })
  return partners
    .filter((p) => p.kind === 'CLUSTER' || p.agreements.length > 0)
    .map((p) => {
      const agreement = p.agreements[0]
      return {
        partner: { id: p.id, name: p.name, kind: p.kind, description: p.description },
        agreement: agreement
          ? {
              id: agreement.id,
              state: agreement.state,
              owner: agreement.owner?.name ?? null,
              nextStep: agreement.nextStep,
              nextStepDate: agreement.nextStepDate,
              endDate: agreement.endDate,
              form: (JSON.parse(agreement.context) as AgreementContext).assessment?.form ?? null,
            }
          : null,
      }
    })
}

export async function getAgreementPage(id: string) {
  return db.agreement.findUnique({
    where: { id },
    include: {
      partner: true,
      owner: { select: { id: true, name: true } },
      interactions: { include: { author: { select: { name: true } } }, orderBy: [{ date: 'desc' }, { createdAt: 'desc' }] },
      documents: { include: { uploadedBy: { select: { name: true } } }, orderBy: { createdAt: 'desc' } },
    },
  })
}

/** The renewal job: flag agreements 60 days before their end (telling the owner) and expire those past it. */
export async function runAgreementRenewals(now: Date) {
  const soon = new Date(now.getTime() + RENEWAL_NOTICE_DAYS * DAY)
  const ending = await db.agreement.findMany({
    where: { state: 'active', renewalFlaggedAt: null, endDate: { gt: now, lte: soon } },
    include: { partner: true },
  })
  for (const agreement of ending) {
    const afterCommit = await db.$transaction(async (tx) => {
      const { count } = await tx.agreement.updateMany({ where: { id: agreement.id, renewalFlaggedAt: null }, data: { renewalFlaggedAt: now } })
      if (count === 0 || !agreement.ownerId) return () => {}
      const days = Math.ceil((agreement.endDate!.getTime() - now.getTime()) / DAY)
      return notifyUsers(tx, [agreement.ownerId], {
        kind: 'agreement',
        title: `Samarbejdsaftalen med ${agreement.partner.name} udløber om ${days} dage`,
        body: 'Forlæng aftalen, eller lad den udløbe.',
        link: `/klyngeaftaler/${agreement.id}`,
      })
    })
    afterCommit()
    publishInvalidation({ topic: 'agreement', id: agreement.id, version: agreement.version }, { everyone: true })
  }
  const past = await db.agreement.findMany({ where: { state: 'active', endDate: { lte: now } }, select: { id: true, version: true } })
  for (const agreement of past) {
    await applyTransition({ process: agreementProcess, id: agreement.id, event: { type: 'EXPIRE' }, expectedVersion: agreement.version, actor: SYSTEM_ACTOR, now })
  }
  return { flagged: ending.length, expired: past.length }
}
