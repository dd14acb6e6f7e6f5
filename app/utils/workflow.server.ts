import { transition, type AnyMachineSnapshot, type AnyStateMachine, type EventFromLogic, type StateValue } from 'xstate'
import { eventTypes } from '../../machines/describe.ts'
import type { CurrentUser } from './auth.server.ts'
import { db, type Db, type Prisma, type Tx } from './db.server.ts'
import { isRecordNotFound, StaleVersionError } from './db-errors.server.ts'
import { publishInvalidation, type Audience } from './realtime.server.ts'

/**
 * The one way a process moves (docs/decisions/0006): load the row, restore the machine, refuse
 * what the machine or the permissions do not allow, then in one transaction write the new state,
 * context and version (only if the version is still the one the user saw) and append a workflow
 * event. After the commit, publish an invalidation. Deadlines are columns read by scheduled jobs,
 * never XState delays: XState does not restore delayed transitions from a stored snapshot.
 * A transition that needs nothing but its own row is written in one batched transaction instead
 * of an interactive one (`ProcessDefinition.batch`, the amendment to 0006).
 */

export type StoredProcess = { id: string; state: string; context: unknown; version: number }

export type TransitionInfo<M extends AnyStateMachine> = {
  event: EventFromLogic<M>
  from: string
  to: string
  actor: CurrentUser
  now: Date
}

/** What a transition writes to its row: state, context and version + 1, where the version is still `fromVersion`. */
export type StateChange = { id: string; fromVersion: number; state: string; context: unknown; now: Date }

/**
 * The batched path for transitions that need nothing but their own row: the row is read outside
 * a transaction, and the conditional update and the event insert go to the database as one batch
 * (`db.$transaction([…])`), which costs about half of Prisma's interactive transaction. The
 * version in the update's WHERE is the only guard, so it is safe only where everything the
 * transition decides on is covered by that version.
 */
export type BatchedTransition<M extends AnyStateMachine, R extends StoredProcess> = {
  /** True when the row as read (outside a transaction) is all this transition decides on, and
   *  `afterTransition` has nothing to do for it. Otherwise the interactive path runs. */
  applies(row: R, event: EventFromLogic<M>): boolean
  /** `save` as one statement for a batch: the same columns, and it throws when the version is no
   *  longer `fromVersion`, which rolls the batch back. Prisma's `update` with the version in its
   *  `where` throws P2025 (record not found); the engine answers that with StaleVersionError. */
  save(client: Db, change: StateChange): Prisma.PrismaPromise<unknown>
}

export type ProcessDefinition<M extends AnyStateMachine, R extends StoredProcess = StoredProcess> = {
  entityType: string
  machine: M
  /** Reads the row inside the transaction, as much of it as this event needs; null when it does not exist.
   *  On the batched path it reads outside a transaction (`db` serves as `tx`). */
  load(tx: Tx, id: string, event: EventFromLogic<M>): Promise<R | null>
  /** Writes state, context and version + 1 where the version is still `fromVersion`; returns rows changed.
   *  Columns that follow from the new state alone (closedAt, say) belong here: one statement, not two. */
  save(tx: Tx, change: StateChange): Promise<number>
  /** The batched path, for the transitions it `applies` to; without it every transition is interactive. */
  batch?: BatchedTransition<M, R>
  /** Whether this user may send this event to this row (the machine is asked separately). */
  authorize(actor: CurrentUser, row: R, event: EventFromLogic<M>): boolean
  /** Domain effects in the same transaction: deadline columns, notifications. May return work
   *  to do after the commit (sending what `notifyUsers` wrote). */
  afterTransition?(tx: Tx, row: R, info: TransitionInfo<M>): Promise<void | (() => void)>
  /** Who is told to reload after the commit. */
  audience(row: R): Audience
  /** An event of this type with placeholder input, for asking the machine whether it is possible
   *  before the user has typed the input (e.g. a reason). Defaults to `{ type }`. */
  sampleEvent?(type: string, actor: CurrentUser, row: R): EventFromLogic<M>
}

/** The actor for what the system does by itself (scheduled jobs); recorded without a person. */
export const SYSTEM_ACTOR: CurrentUser = {
  id: '',
  email: '',
  name: 'Systemet',
  title: null,
  sessionId: '',
  organisations: [],
  roles: [],
  organisationIds: [],
  assignedKommuneIds: [],
}

export function isSystemActor(actor: CurrentUser) {
  return actor === SYSTEM_ACTOR
}

export class NotFoundError extends Error {
  constructor(entityType: string) {
    super(`${entityType} not found`)
    this.name = 'NotFoundError'
  }
}

export class ForbiddenTransitionError extends Error {
  constructor(event: string) {
    super(`not allowed to send ${event}`)
    this.name = 'ForbiddenTransitionError'
  }
}

export class RefusedTransitionError extends Error {
  constructor(
    readonly event: string,
    readonly state: string,
  ) {
    super(`${event} is not possible in ${state}`)
    this.name = 'RefusedTransitionError'
  }
}

/** Stored as text: a flat machine's state is its name, a nested one its JSON. */
export function serialiseState(value: StateValue): string {
  return typeof value === 'string' ? value : JSON.stringify(value)
}

export function parseState(stored: string): StateValue {
  return stored.startsWith('{') ? (JSON.parse(stored) as StateValue) : stored
}

export function restoreSnapshot(machine: AnyStateMachine, row: StoredProcess): AnyMachineSnapshot {
  return machine.resolveState({ value: parseState(row.state), context: row.context as never })
}

function payloadOf(event: { type: string }): string | null {
  const { type: _type, ...payload } = event
  return Object.keys(payload).length > 0 ? JSON.stringify(payload) : null
}

export type TransitionResult = { id: string; from: string; to: string; version: number }

export type TransitionRequest<M extends AnyStateMachine, R extends StoredProcess> = {
  process: ProcessDefinition<M, R>
  id: string
  event: EventFromLogic<M>
  expectedVersion: number
  actor: CurrentUser
  now?: Date
}

/** A transition the checks allowed: the row as read, and the state and context to write. */
type Step<R> = { row: R; to: string; context: unknown }

/** What a committed transition leaves to do: publish, and the process's after-commit work. */
type Committed = { result: TransitionResult; audience: Audience; afterCommit?: void | (() => void) }

export async function applyTransition<M extends AnyStateMachine, R extends StoredProcess>(request: TransitionRequest<M, R>): Promise<TransitionResult> {
  const now = request.now ?? new Date()
  const { result, audience, afterCommit } = (await transitionInBatch(request, now)) ?? (await transitionInTransaction(request, now))
  publishInvalidation({ topic: request.process.entityType, id: request.id, version: result.version }, audience)
  afterCommit?.()
  return result
}

/** The checks every transition passes, on the row as read, and the next snapshot. */
function step<M extends AnyStateMachine, R extends StoredProcess>(row: R | null, { process, event, expectedVersion, actor }: TransitionRequest<M, R>): Step<R> {
  if (!row) throw new NotFoundError(process.entityType)
  if (row.version !== expectedVersion) throw new StaleVersionError(process.entityType)
  if (!process.authorize(actor, row, event)) throw new ForbiddenTransitionError(event.type)
  const snapshot = restoreSnapshot(process.machine, row)
  if (!snapshot.can(event)) throw new RefusedTransitionError(event.type, row.state)
  const [next] = transition(process.machine as AnyStateMachine, snapshot as never, event) as [AnyMachineSnapshot, unknown]
  return { row, to: serialiseState(next.value), context: next.context }
}

function stateChange({ row, to, context }: Step<StoredProcess>, now: Date): StateChange {
  return { id: row.id, fromVersion: row.version, state: to, context, now }
}

/** The WorkflowEvent row of a transition: who, when, from, to, event, payload, version after. */
function historyEntry<M extends AnyStateMachine, R extends StoredProcess>({ process, id, event, actor }: TransitionRequest<M, R>, { row, to }: Step<R>, now: Date) {
  return {
    entityType: process.entityType,
    entityId: id,
    actorId: actor.id || null,
    event: event.type,
    fromState: row.state,
    toState: to,
    payload: payloadOf(event),
    version: row.version + 1,
    at: now,
  }
}

function resultOf({ row, to }: Step<StoredProcess>): TransitionResult {
  return { id: row.id, from: row.state, to, version: row.version + 1 }
}

/**
 * The batched path (`ProcessDefinition.batch`): read outside a transaction, check, then the
 * conditional update and the event insert in one batch. Null when the process has no batched
 * path or it does not apply to this row and event; the interactive path then reads the row again,
 * inside its transaction. That second read happens only for those rarer transitions.
 */
async function transitionInBatch<M extends AnyStateMachine, R extends StoredProcess>(request: TransitionRequest<M, R>, now: Date): Promise<Committed | null> {
  const { process, id, event } = request
  if (!process.batch) return null
  const read = await process.load(db, id, event)
  if (read && !process.batch.applies(read, event)) return null
  const allowed = step(read, request)
  await writeBatch(process, process.batch, stateChange(allowed, now), historyEntry(request, allowed, now))
  return { result: resultOf(allowed), audience: process.audience(allowed.row) }
}

/** One batched transaction; the update throws when the version moved since the read, and that is a stale version. */
async function writeBatch<M extends AnyStateMachine, R extends StoredProcess>(
  process: ProcessDefinition<M, R>,
  batch: BatchedTransition<M, R>,
  change: StateChange,
  history: Prisma.WorkflowEventUncheckedCreateInput,
) {
  try {
    await db.$transaction([batch.save(db, change), db.workflowEvent.create({ data: history, select: { id: true } })])
  } catch (error) {
    if (isRecordNotFound(error)) throw new StaleVersionError(process.entityType)
    throw error
  }
}

/** The interactive path: read, check, write and the domain effects, all in one transaction. */
async function transitionInTransaction<M extends AnyStateMachine, R extends StoredProcess>(request: TransitionRequest<M, R>, now: Date): Promise<Committed> {
  const { process, id, event, actor } = request
  return db.$transaction(async (tx) => {
    const allowed = step(await process.load(tx, id, event), request)
    const changed = await process.save(tx, stateChange(allowed, now))
    if (changed === 0) throw new StaleVersionError(process.entityType)
    await tx.workflowEvent.create({ data: historyEntry(request, allowed, now), select: { id: true } })
    const afterCommit = await process.afterTransition?.(tx, allowed.row, { event, from: allowed.row.state, to: allowed.to, actor, now })
    return { result: resultOf(allowed), audience: process.audience(allowed.row), afterCommit }
  })
}

/** The events the machine can take now and this user may send: the process map's buttons. */
export function allowedEvents<M extends AnyStateMachine, R extends StoredProcess>(
  process: ProcessDefinition<M, R>,
  row: R,
  actor: CurrentUser,
): string[] {
  const snapshot = restoreSnapshot(process.machine, row)
  return eventTypes(process.machine).filter((type) => {
    const event = process.sampleEvent?.(type, actor, row) ?? ({ type } as EventFromLogic<M>)
    return snapshot.can(event) && process.authorize(actor, row, event)
  })
}
