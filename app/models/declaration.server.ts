import { recordAudit } from '~/utils/audit.server.ts'
import type { CurrentUser } from '~/utils/auth.server.ts'
import { db, type Tx } from '~/utils/db.server.ts'
import { StaleVersionError, uniqueViolationFields } from '~/utils/db-errors.server.ts'
import { missingContent, parseContent, type DeclarationContent } from '~/utils/declaration-content.ts'
import { can, type Actor, type Target } from '~/utils/permissions.ts'
import { publishInvalidation } from '~/utils/realtime.server.ts'
import { applyTransition, ForbiddenTransitionError, isSystemActor, NotFoundError, SYSTEM_ACTOR, type ProcessDefinition } from '~/utils/workflow.server.ts'
import {
  declarationLabels,
  declarationMachine,
  initialDeclarationContext,
  PARTIES,
  PARTY_LABELS,
  type DeclarationContext,
  type DeclarationEvent,
  type Party,
} from '../../machines/declaration.machine.ts'
import { notifyUsers, type NewNotification } from './notification.server.ts'

const EDITABLE_STATES = ['draft', 'inDialogue']

type KommuneRef = { id: string; name: string; organisationId: string; lesId: string | null; keyAccountManagerId: string | null }

export type DeclarationRow = {
  id: string
  year: number
  state: string
  context: DeclarationContext
  version: number
  content: DeclarationContent
  contentRevision: number
  kommune: KommuneRef
}

/** A declaration belongs to its kommune, the kommune's LES and (through the KAM) the kommune. */
export function declarationTarget(kommune: KommuneRef): Target {
  return { organisationIds: [kommune.organisationId, ...(kommune.lesId ? [kommune.lesId] : [])], kommuneIds: [kommune.id] }
}

/** The parties this user may sign for on this kommune's declaration. */
export function partiesOf(actor: Actor, kommune: KommuneRef): Party[] {
  if (!can(actor, 'sign', 'declaration', declarationTarget(kommune))) return []
  const parties: Party[] = []
  if (actor.roles.includes('KOMMUNE_SIGNATORY') && actor.organisationIds.includes(kommune.organisationId)) parties.push('KOMMUNE')
  if (actor.roles.includes('LES_DIRECTOR') && kommune.lesId && actor.organisationIds.includes(kommune.lesId)) parties.push('LES')
  if (actor.roles.includes('DIRECTOR')) parties.push('ERHVERVSHUS')
  return parties
}

export function canEditContent(actor: Actor, row: Pick<DeclarationRow, 'state' | 'kommune'>) {
  return EDITABLE_STATES.includes(row.state) && can(actor, 'update', 'declaration', declarationTarget(row.kommune))
}

/** Editors and signatories take part in the dialogue. */
export function canTakePart(actor: Actor, kommune: KommuneRef) {
  return can(actor, 'update', 'declaration', declarationTarget(kommune)) || partiesOf(actor, kommune).length > 0
}

const kommuneSelect = { id: true, name: true, organisationId: true, lesId: true, keyAccountManagerId: true } as const

async function loadRow(tx: Tx, id: string): Promise<DeclarationRow | null> {
  const row = await tx.declaration.findUnique({ where: { id }, include: { kommune: { select: kommuneSelect } } })
  if (!row) return null
  return {
    id: row.id,
    year: row.year,
    state: row.state,
    context: JSON.parse(row.context) as DeclarationContext,
    version: row.version,
    content: parseContent(row.content),
    contentRevision: row.contentRevision,
    kommune: row.kommune,
  }
}

/** Everyone who takes part in a kommune's declaration: its KAM, the directors and the signatories. */
async function participantIds(tx: Tx, kommune: KommuneRef): Promise<string[]> {
  const memberships = await tx.membership.findMany({
    where: {
      user: { active: true },
      OR: [
        { roleKey: 'DIRECTOR' },
        { roleKey: 'KOMMUNE_SIGNATORY', organisationId: kommune.organisationId },
        ...(kommune.lesId ? [{ roleKey: 'LES_DIRECTOR', organisationId: kommune.lesId }] : []),
      ],
    },
    select: { userId: true },
  })
  return [...new Set([...memberships.map((m) => m.userId), ...(kommune.keyAccountManagerId ? [kommune.keyAccountManagerId] : [])])]
}

function describeDeclaration(row: Pick<DeclarationRow, 'kommune' | 'year'>) {
  return `hensigtserklæringen for ${row.kommune.name} ${row.year}`
}

async function notifyParticipants(tx: Tx, row: DeclarationRow, actor: CurrentUser, notification: Omit<NewNotification, 'kind' | 'link'>) {
  const recipients = (await participantIds(tx, row.kommune)).filter((id) => id !== actor.id)
  return notifyUsers(tx, recipients, { kind: 'declaration', link: `/hensigtserklaeringer/${row.id}`, ...notification })
}

async function createRenewal(tx: Tx, row: DeclarationRow, year: number, actor: CurrentUser) {
  const renewal = await tx.declaration.create({
    data: {
      kommuneId: row.kommune.id,
      year,
      context: JSON.stringify(initialDeclarationContext),
      content: JSON.stringify(row.content),
      renewedFromId: row.id,
      revisions: { create: { revision: 1, content: JSON.stringify(row.content), authorId: actor.id || null } },
    },
  })
  await recordAudit(tx, { actorId: actor.id || null, action: 'CREATE', entityType: 'declaration', entityId: renewal.id, summary: `Oprettet som fornyelse af ${row.year}` })
}

/** What happens beside the state change, in the same transaction. Returns the after-commit work. */
async function effectsOf(tx: Tx, row: DeclarationRow, event: DeclarationEvent, to: string, actor: CurrentUser): Promise<() => void> {
  const name = describeDeclaration(row)
  switch (event.type) {
    case 'REQUEST_SIGNATURES':
      return notifyParticipants(tx, row, actor, { title: `Underskriv ${name}`, body: `${actor.name} har sendt erklæringen til underskrift.` })
    case 'SIGN':
      return notifyParticipants(
        tx,
        row,
        actor,
        to === 'active'
          ? { title: `${capitalise(name)} er underskrevet og aktiv`, body: 'Alle tre parter har underskrevet.' }
          : { title: `${PARTY_LABELS[event.party]} har underskrevet ${name}`, body: `Underskrevet af ${event.name}.` },
      )
    case 'REJECT':
      return notifyParticipants(tx, row, actor, { title: `${capitalise(name)} er sendt tilbage til dialog`, body: `${actor.name}: ${event.reason}` })
    case 'REOPEN':
      return notifyParticipants(tx, row, actor, { title: `${capitalise(name)} er genåbnet`, body: `${actor.name}: ${event.reason}` })
    case 'RENEW':
      await createRenewal(tx, row, event.year, actor)
      return () => publishInvalidation({ topic: 'declaration', id: 'new', version: Date.now() }, { everyone: true })
    default:
      return () => {}
  }
}

function capitalise(text: string) {
  return text.charAt(0).toUpperCase() + text.slice(1)
}

export const declarationProcess: ProcessDefinition<typeof declarationMachine, DeclarationRow> = {
  entityType: 'declaration',
  machine: declarationMachine,
  load: loadRow,
  save: async (tx, { id, fromVersion, state, context }) =>
    (await tx.declaration.updateMany({ where: { id, version: fromVersion }, data: { state, context: JSON.stringify(context), version: { increment: 1 } } })).count,
  authorize(actor, row, event) {
    const target = declarationTarget(row.kommune)
    switch (event.type) {
      case 'START_DIALOGUE':
      case 'REQUEST_SIGNATURES':
      case 'REOPEN':
        return can(actor, 'update', 'declaration', target)
      case 'SIGN':
        return partiesOf(actor, row.kommune).includes(event.party) && event.userId === actor.id
      case 'REJECT':
        return partiesOf(actor, row.kommune).length > 0 || can(actor, 'update', 'declaration', target)
      case 'EXPIRE':
        return isSystemActor(actor)
      case 'RENEW':
        return can(actor, 'create', 'declaration', target)
    }
  },
  afterTransition: (tx, row, { event, to, actor }) => effectsOf(tx, row, event, to, actor),
  audience: () => ({ everyone: true }),
  sampleEvent(type, actor, row) {
    switch (type) {
      case 'REQUEST_SIGNATURES':
        return { type, missing: missingContent(row.content) }
      case 'SIGN': {
        const party = partiesOf(actor, row.kommune).find((p) => !row.context.signatures[p]) ?? 'KOMMUNE'
        return { type, party, userId: actor.id, name: actor.name, at: new Date().toISOString() }
      }
      case 'REJECT':
      case 'REOPEN':
        return { type, reason: 'begrundelse' }
      case 'RENEW':
        return { type, year: row.year + 1 }
      default:
        return { type } as DeclarationEvent
    }
  },
}

/** Turns the submitted event name (and reason) into a full event, filled in from the server's facts. */
export function buildEvent(type: string, actor: CurrentUser, row: DeclarationRow, reason: string | undefined, now = new Date()): DeclarationEvent | null {
  switch (type) {
    case 'START_DIALOGUE':
    case 'EXPIRE':
      return { type }
    case 'REQUEST_SIGNATURES':
      return { type, missing: missingContent(row.content) }
    case 'SIGN': {
      const party = partiesOf(actor, row.kommune).find((p) => !row.context.signatures[p])
      return party ? { type, party, userId: actor.id, name: actor.name, at: now.toISOString() } : null
    }
    case 'REJECT':
    case 'REOPEN':
      return { type, reason: reason ?? '' }
    case 'RENEW':
      return { type, year: row.year + 1 }
    default:
      return null
  }
}

/** The user's party (or parties) have all signed already. */
export class AlreadySignedError extends Error {}

export const DECLARATION_EVENTS = ['START_DIALOGUE', 'REQUEST_SIGNATURES', 'SIGN', 'REJECT', 'REOPEN', 'RENEW'] as const

/** Moves a declaration on behalf of a user; the event is completed from the server's own facts. */
export async function transitionDeclaration({
  id,
  type,
  reason,
  expectedVersion,
  actor,
}: {
  id: string
  type: (typeof DECLARATION_EVENTS)[number]
  reason?: string
  expectedVersion: number
  actor: CurrentUser
}) {
  const row = await getDeclarationRow(id)
  if (!row) throw new NotFoundError('declaration')
  const event = buildEvent(type, actor, row, reason)
  if (!event && type === 'SIGN' && partiesOf(actor, row.kommune).length > 0) throw new AlreadySignedError()
  if (!event) throw new ForbiddenTransitionError(type)
  return applyTransition({ process: declarationProcess, id, event, expectedVersion, actor })
}

export async function getDeclarationRow(id: string) {
  return db.$transaction((tx) => loadRow(tx, id))
}

export class DuplicateDeclarationError extends Error {}

/** Starts this year's declaration for a kommune as an empty draft. */
export async function createDeclaration({ actor, kommuneId, year, content }: { actor: CurrentUser; kommuneId: string; year: number; content: DeclarationContent }) {
  try {
    const created = await db.$transaction(async (tx) => {
      const declaration = await tx.declaration.create({
        data: {
          kommuneId,
          year,
          context: JSON.stringify(initialDeclarationContext),
          content: JSON.stringify(content),
          revisions: { create: { revision: 1, content: JSON.stringify(content), authorId: actor.id } },
        },
        include: { kommune: true },
      })
      await recordAudit(tx, { actorId: actor.id, action: 'CREATE', entityType: 'declaration', entityId: declaration.id, summary: `Kladde for ${declaration.kommune.name} ${year} oprettet` })
      return declaration
    })
    publishInvalidation({ topic: 'declaration', id: created.id, version: created.version }, { everyone: true })
    return created
  } catch (error) {
    if (uniqueViolationFields(error)) throw new DuplicateDeclarationError()
    throw error
  }
}

export class NotEditableError extends Error {}

/**
 * Saves new content as the next revision, if nobody saved since `contentRevision` and the
 * declaration can still be edited.
 */
export async function saveContent({ actor, id, contentRevision, content }: { actor: CurrentUser; id: string; contentRevision: number; content: DeclarationContent }) {
  const result = await db.$transaction(async (tx) => {
    const row = await loadRow(tx, id)
    if (!row) throw new NotEditableError('not found')
    if (!EDITABLE_STATES.includes(row.state)) throw new NotEditableError(row.state)
    const { count } = await tx.declaration.updateMany({
      where: { id, contentRevision, state: { in: EDITABLE_STATES } },
      data: { content: JSON.stringify(content), contentRevision: { increment: 1 }, version: { increment: 1 } },
    })
    if (count === 0) throw new StaleVersionError('declaration')
    const revision = contentRevision + 1
    await tx.declarationRevision.create({ data: { declarationId: id, revision, content: JSON.stringify(content), authorId: actor.id } })
    await recordAudit(tx, { actorId: actor.id, action: 'UPDATE', entityType: 'declaration', entityId: id, summary: `Indholdet er gemt som version ${revision}` })
    return { revision, version: row.version + 1 }
  })
  publishInvalidation({ topic: 'declaration', id, version: result.version }, { everyone: true })
  return result
}

/** Users that can be @-mentioned in a kommune's dialogue, with the text that mentions them. */
export async function listMentionable(kommune: KommuneRef) {
  const ids = await db.$transaction((tx) => participantIds(tx, kommune))
  const users = await db.user.findMany({ where: { id: { in: ids } }, select: { id: true, name: true }, orderBy: { name: 'asc' } })
  return users.map((u) => ({ id: u.id, name: u.name, mention: `@${u.name}` }))
}

export function findMentions(body: string, candidates: { id: string; mention: string }[]) {
  const lower = body.toLocaleLowerCase('da')
  return candidates.filter((c) => lower.includes(c.mention.toLocaleLowerCase('da'))).map((c) => c.id)
}

export async function addComment({ actor, id, body }: { actor: CurrentUser; id: string; body: string }) {
  const row = await getDeclarationRow(id)
  if (!row) throw new NotEditableError('not found')
  const mentioned = findMentions(body, await listMentionable(row.kommune)).filter((userId) => userId !== actor.id)
  const afterCommit = await db.$transaction(async (tx) => {
    await tx.declarationComment.create({ data: { declarationId: id, authorId: actor.id, body } })
    return notifyUsers(tx, mentioned, {
      kind: 'mention',
      title: `${actor.name} nævnte dig i ${describeDeclaration(row)}`,
      body: body.length > 300 ? `${body.slice(0, 300)} …` : body,
      link: `/hensigtserklaeringer/${id}#dialog`,
    })
  })
  publishInvalidation({ topic: 'declaration', id, version: row.version }, { everyone: true })
  afterCommit()
}

export async function listComments(id: string) {
  return db.declarationComment.findMany({ where: { declarationId: id }, include: { author: { select: { name: true } } }, orderBy: { createdAt: 'asc' } })
}

export async function listRevisions(id: string) {
  return db.declarationRevision.findMany({ where: { declarationId: id }, include: { author: { select: { name: true } } }, orderBy: { revision: 'desc' } })
}

export async function getDeclarationPage(id: string) {
  return db.declaration.findUnique({
    where: { id },
    include: {
      kommune: { include: { les: true, organisation: true, keyAccountManager: { select: { id: true, name: true } } } },
      renewedFrom: { select: { id: true, year: true } },
      renewedTo: { select: { id: true, year: true } },
    },
  })
}

/**
 * The date of each kommune's latest local workday, from the (kommuneId, date) index. As a nested
 * `workdays: { take: 1 }` Prisma read every workday of every kommune and kept the first
 * (bench/pages.ts: a third of the overview's time).
 */
async function lastWorkdays() {
  const groups = await db.localWorkday.groupBy({ by: ['kommuneId'], _max: { date: true } })
  return new Map(groups.map((g) => [g.kommuneId, g._max.date]))
}

/** The kommuner this user may see declarations for, each with its declaration of `year`. */
export async function listYearOverview({ actor, year }: { actor: CurrentUser; year: number }) {
  const [kommuner, lastWorkday] = await Promise.all([
    db.kommune.findMany({
      include: {
        les: { select: { id: true, name: true } },
        keyAccountManager: { select: { id: true, name: true } },
        declarations: { where: { year }, select: { id: true, state: true, context: true, version: true } },
      },
      orderBy: { name: 'asc' },
    }),
    lastWorkdays(),
  ])
  return kommuner
    .filter((k) => can(actor, 'view', 'declaration', declarationTarget(k)))
    .map((k) => {
      const declaration = k.declarations[0]
      const context = declaration ? (JSON.parse(declaration.context) as DeclarationContext) : null
      return {
        kommune: { id: k.id, name: k.name, area: k.area, areaIsDefault: k.areaIsDefault },
        les: k.les,
        keyAccountManager: k.keyAccountManager,
        mine: k.keyAccountManagerId === actor.id,
        declaration: declaration ? { id: declaration.id, state: declaration.state } : null,
        signed: PARTIES.filter((p) => context?.signatures[p]),
        lastWorkday: lastWorkday.get(k.id) ?? null,
        canCreate: !declaration && can(actor, 'create', 'declaration', declarationTarget(k)),
      }
    })
}

/** Year end: active declarations of past years expire (the `declarations-year-end` job). */
export async function expirePastDeclarations(now: Date, currentYear: number) {
  const due = await db.declaration.findMany({ where: { state: 'active', year: { lt: currentYear } }, select: { id: true, version: true } })
  let expired = 0
  for (const declaration of due) {
    await applyTransition({ process: declarationProcess, id: declaration.id, event: { type: 'EXPIRE' }, expectedVersion: declaration.version, actor: SYSTEM_ACTOR, now })
    expired++
  }
  return expired
}

export { declarationLabels }
