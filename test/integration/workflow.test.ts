import { beforeAll, describe, expect, it } from 'vitest'
import type { CurrentUser } from '~/utils/auth.server.ts'
import { db, type Tx } from '~/utils/db.server.ts'
import { StaleVersionError } from '~/utils/db-errors.server.ts'
import {
  allowedEvents,
  applyTransition,
  ForbiddenTransitionError,
  NotFoundError,
  RefusedTransitionError,
  type ProcessDefinition,
  type StoredProcess,
} from '~/utils/workflow.server.ts'
import { reviewMachine, type ReviewEvent } from '../fixtures/review-machine.ts'

/*
 * The engine against a real database (SQLite file or PostgreSQL): the test process stores its rows in a table of its own,
 * made here with plain SQL, and the engine writes WorkflowEvent rows through Prisma, all in the
 * engine's one transaction.
 */
type ReviewRow = StoredProcess & { ownerOrgId: string }

async function loadRow(tx: Tx, id: string): Promise<ReviewRow | null> {
  const rows = await tx.$queryRaw<{ id: string; state: string; context: string; version: number | bigint; ownerOrgId: string }[]>`
    SELECT "id", "state", "context", "version", "ownerOrgId" FROM "review_item" WHERE "id" = ${id}`
  const row = rows[0]
  return row ? { ...row, version: Number(row.version), context: JSON.parse(row.context) } : null
}

let failAfterTransition = false

const reviewProcess: ProcessDefinition<typeof reviewMachine, ReviewRow> = {
  entityType: 'review',
  machine: reviewMachine,
  load: loadRow,
  save: (tx, { id, fromVersion, state, context }) =>
    tx.$executeRaw`UPDATE "review_item" SET "state" = ${state}, "context" = ${JSON.stringify(context)}, "version" = "version" + 1 WHERE "id" = ${id} AND "version" = ${fromVersion}`,
  authorize: (actor, row, event) => (event.type === 'APPROVE' ? actor.roles.includes('DIRECTOR') : actor.organisationIds.includes(row.ownerOrgId)),
  async afterTransition() {
    if (failAfterTransition) throw new Error('domain effect failed')
  },
  audience: (row) => ({ organisationIds: [row.ownerOrgId] }),
  sampleEvent: (type) => (type === 'REJECT' ? { type, reason: 'prøve' } : ({ type } as ReviewEvent)),
}

function actor(overrides: Partial<CurrentUser>): CurrentUser {
  return { id: '', email: '', name: '', title: null, sessionId: '', organisations: [], roles: [], organisationIds: ['org-a'], assignedKommuneIds: [], ...overrides }
}

let staff: CurrentUser
let director: CurrentUser

beforeAll(async () => {
  await db.$executeRawUnsafe('CREATE TABLE "review_item" ("id" TEXT PRIMARY KEY, "state" TEXT NOT NULL, "context" TEXT NOT NULL, "version" INTEGER NOT NULL, "ownerOrgId" TEXT NOT NULL)')
  const users = await db.user.findMany({ where: { email: { in: ['les.kolding@kolding.demo', 'direktor@ehsyd.demo'] } } })
  staff = actor({ id: users.find((u) => u.email.startsWith('les'))!.id, roles: ['LES_STAFF'] })
  director = actor({ id: users.find((u) => u.email.startsWith('direktor'))!.id, roles: ['DIRECTOR'], organisationIds: ['org-eh'] })
})

let counter = 0
async function newItem(state = 'draft', context = { rounds: 0, lastReason: null }) {
  const id = `item-${++counter}`
  await db.$executeRaw`INSERT INTO "review_item" VALUES (${id}, ${state}, ${JSON.stringify(context)}, 1, 'org-a')`
  return id
}

async function snapshotOf(id: string) {
  const row = await db.$transaction((tx) => loadRow(tx, id))
  const events = await db.workflowEvent.findMany({ where: { entityType: 'review', entityId: id }, orderBy: { at: 'asc' } })
  return { row, events }
}

describe('applyTransition', () => {
  it('moves the row, bumps the version, keeps the context and writes the history', async () => {
    const id = await newItem()
    const result = await applyTransition({ process: reviewProcess, id, event: { type: 'SUBMIT' }, expectedVersion: 1, actor: staff })
    expect(result).toEqual({ id, from: 'draft', to: 'submitted', version: 2 })
    const { row, events } = await snapshotOf(id)
    expect(row).toMatchObject({ state: 'submitted', version: 2, context: { rounds: 1, lastReason: null } })
    expect(events).toHaveLength(1)
    expect(events[0]).toMatchObject({ event: 'SUBMIT', fromState: 'draft', toState: 'submitted', actorId: staff.id, version: 2, payload: null })
  })

  it('stores the event payload (a reason) in the history', async () => {
    const id = await newItem('submitted')
    await applyTransition({ process: reviewProcess, id, event: { type: 'REJECT', reason: 'Mangler mål' }, expectedVersion: 1, actor: staff })
    const { row, events } = await snapshotOf(id)
    expect(row?.context).toEqual({ rounds: 0, lastReason: 'Mangler mål' })
    expect(JSON.parse(events[0]!.payload!)).toEqual({ reason: 'Mangler mål' })
  })

  it('refuses an event the machine cannot take, and writes nothing', async () => {
    const id = await newItem()
    await expect(applyTransition({ process: reviewProcess, id, event: { type: 'APPROVE' }, expectedVersion: 1, actor: director })).rejects.toBeInstanceOf(
      RefusedTransitionError,
    )
    expect(await snapshotOf(id)).toMatchObject({ row: { state: 'draft', version: 1 }, events: [] })
  })

  it('refuses when a guard fails (a reason too short)', async () => {
    const id = await newItem('submitted')
    await expect(applyTransition({ process: reviewProcess, id, event: { type: 'REJECT', reason: ' ' }, expectedVersion: 1, actor: staff })).rejects.toBeInstanceOf(
      RefusedTransitionError,
    )
    expect((await snapshotOf(id)).row?.state).toBe('submitted')
  })

  it('refuses a user without the permission, and writes nothing', async () => {
    const id = await newItem('submitted')
    await expect(applyTransition({ process: reviewProcess, id, event: { type: 'APPROVE' }, expectedVersion: 1, actor: staff })).rejects.toBeInstanceOf(
      ForbiddenTransitionError,
    )
    expect(await snapshotOf(id)).toMatchObject({ row: { state: 'submitted', version: 1 }, events: [] })
  })

  it('gives a stale version a StaleVersionError (409), and writes nothing', async () => {
    const id = await newItem()
    await applyTransition({ process: reviewProcess, id, event: { type: 'SUBMIT' }, expectedVersion: 1, actor: staff })
    await expect(applyTransition({ process: reviewProcess, id, event: { type: 'APPROVE' }, expectedVersion: 1, actor: director })).rejects.toBeInstanceOf(
      StaleVersionError,
    )
    expect((await snapshotOf(id)).events).toHaveLength(1)
  })

  it('says not found for an unknown id', async () => {
    await expect(applyTransition({ process: reviewProcess, id: 'nope', event: { type: 'SUBMIT' }, expectedVersion: 1, actor: staff })).rejects.toBeInstanceOf(NotFoundError)
  })

  it('rolls everything back when a domain effect fails inside the transaction', async () => {
    const id = await newItem()
    failAfterTransition = true
    try {
      await expect(applyTransition({ process: reviewProcess, id, event: { type: 'SUBMIT' }, expectedVersion: 1, actor: staff })).rejects.toThrow('domain effect failed')
    } finally {
      failAfterTransition = false
    }
    expect(await snapshotOf(id)).toMatchObject({ row: { state: 'draft', version: 1 }, events: [] })
  })

  it('lets exactly one of two concurrent transitions win', async () => {
    const id = await newItem()
    const results = await Promise.allSettled([
      applyTransition({ process: reviewProcess, id, event: { type: 'SUBMIT' }, expectedVersion: 1, actor: staff }),
      applyTransition({ process: reviewProcess, id, event: { type: 'SUBMIT' }, expectedVersion: 1, actor: staff }),
    ])
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1)
    const rejected = results.find((r) => r.status === 'rejected') as PromiseRejectedResult
    expect(rejected.reason).toBeInstanceOf(StaleVersionError)
    const { row, events } = await snapshotOf(id)
    expect(row).toMatchObject({ state: 'submitted', version: 2, context: { rounds: 1 } })
    expect(events).toHaveLength(1)
  })
})

describe('allowedEvents', () => {
  it('lists what the machine can take now and the user may send', async () => {
    const id = await newItem('submitted')
    const row = (await db.$transaction((tx) => loadRow(tx, id)))!
    expect(allowedEvents(reviewProcess, row, staff)).toEqual(['REJECT'])
    expect(allowedEvents(reviewProcess, row, director)).toEqual(['APPROVE'])
  })
})
