import { transition, type AnyMachineSnapshot, type AnyStateMachine, type EventFromLogic, type StateValue } from 'xstate'
import { eventTypes } from '../../machines/describe.ts'
import type { CurrentUser } from './auth.server.ts'
import { db, type Tx } from './db.server.ts'
import { StaleVersionError } from './db-errors.server.ts'
import { publishInvalidation, type Audience } from './realtime.server.ts'

/**
 * The one way a process moves (docs/decisions/0006): load the row, restore the machine, refuse
 * what the machine or the permissions do not allow, then in one transaction write the new state,
 * context and version (only if the version is still the one the user saw) and append a workflow
 * event. After the commit, publish an invalidation. Deadlines are columns read by scheduled jobs,
 * never XState delays: XState does not restore delayed transitions from a stored snapshot.
 */

export type StoredProcess = { id: string; state: string; context: unknown; version: number }

export type TransitionInfo<M extends AnyStateMachine> = {
  event: EventFromLogic<M>
  from: string
  to: string
  actor: CurrentUser
  now: Date
}

export type ProcessDefinition<M extends AnyStateMachine, R extends StoredProcess = StoredProcess> = {
  entityType: string
  machine: M
  /** Reads the row inside the transaction, as much of it as this event needs; null when it does not exist. */
  load(tx: Tx, id: string, event: EventFromLogic<M>): Promise<R | null>
  /** Writes state, context and version + 1 where the version is still `fromVersion`; returns rows changed.
   *  Columns that follow from the new state alone (closedAt, say) belong here: one statement, not two. */
  save(tx: Tx, change: { id: string; fromVersion: number; state: string; context: unknown; now: Date }): Promise<number>
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

export async function applyTransition<M extends AnyStateMachine, R extends StoredProcess>({
  process,
  id,
  event,
  expectedVersion,
  actor,
  now = new Date(),
}: {
  process: ProcessDefinition<M, R>
  id: string
  event: EventFromLogic<M>
  expectedVersion: number
  actor: CurrentUser
  now?: Date
}): Promise<TransitionResult> {
  const { result, audience, afterCommit } = await db.$transaction(async (tx) => {
    const row = await process.load(tx, id, event)
    if (!row) throw new NotFoundError(process.entityType)
    if (row.version !== expectedVersion) throw new StaleVersionError(process.entityType)
    if (!process.authorize(actor, row, event)) throw new ForbiddenTransitionError(event.type)
    const snapshot = restoreSnapshot(process.machine, row)
    if (!snapshot.can(event)) throw new RefusedTransitionError(event.type, row.state)

    const [next] = transition(process.machine as AnyStateMachine, snapshot as never, event) as [AnyMachineSnapshot, unknown]
    const to = serialiseState(next.value)
    const changed = await process.save(tx, { id, fromVersion: row.version, state: to, context: next.context, now })
    if (changed === 0) throw new StaleVersionError(process.entityType)
    const version = row.version + 1
    await tx.workflowEvent.create({
      data: {
        entityType: process.entityType,
        entityId: id,
        actorId: actor.id || null,
        event: event.type,
        fromState: row.state,
        toState: to,
        payload: payloadOf(event),
        version,
        at: now,
      },
    })
    const afterCommit = await process.afterTransition?.(tx, row, { event, from: row.state, to, actor, now })
    return { result: { id, from: row.state, to, version }, audience: process.audience(row), afterCommit }
  })
  publishInvalidation({ topic: process.entityType, id, version: result.version }, audience)
  afterCommit?.()
  return result
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
