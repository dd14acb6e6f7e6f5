import { beforeAll, describe, expect, it, vi } from 'vitest'
import { caseProcess } from '~/models/case.server.ts'
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
import { initialCaseContext } from '../../machines/case.machine.ts'
import { reviewMachine, type ReviewEvent } from '../fixtures/review-machine.ts'
import { actorFor } from '../support/actors.ts'

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

/*
 * The batched path (ProcessDefinition.batch): read outside a transaction, then the conditional
 * update and the event insert in one batch. Its guard is Prisma's `update` throwing P2025 when the
 * version moved, which only a model raises (not raw SQL on review_item), so it runs on the case
 * process, CLOSE and REOPEN on fresh cases of Business Kolding.
 */
describe('applyTransition, batched path', () => {
  let owner: CurrentUser
  const place = { ownerOrganisationId: '', kommuneId: '' }

  beforeAll(async () => {
    owner = await actorFor('les.kolding@kolding.demo')
    place.ownerOrganisationId = (await db.organisation.findUniqueOrThrow({ where: { name: 'Business Kolding' } })).id
    place.kommuneId = (await db.kommune.findUniqueOrThrow({ where: { name: 'Kolding' } })).id
  })

  async function newCase() {
    const kase = await db.case.create({ data: { title: 'Batch', form: 'ONE_TO_ONE', state: 'inProgress', context: JSON.stringify(initialCaseContext), ...place } })
    return kase.id
  }

  /** The case process with its batched save counted, so a test knows the batch was written. */
  function countingBatch(process: typeof caseProcess = caseProcess) {
    const save = vi.fn(process.batch!.save)
    return { process: { ...process, batch: { ...process.batch!, save } }, save }
  }

  async function caseOf(id: string) {
    const row = await db.case.findUniqueOrThrow({ where: { id }, select: { state: true, context: true, version: true, closedAt: true } })
    const events = await db.workflowEvent.findMany({ where: { entityType: 'case', entityId: id }, orderBy: { version: 'asc' } })
    return { row: { ...row, context: JSON.parse(row.context) as unknown }, events }
  }

  it('moves the row (closedAt with the state) and writes the event in one batch', async () => {
    const id = await newCase()
    const { process, save } = countingBatch()
    const closedAt = new Date('2026-05-04T10:00:00Z')
    expect(await applyTransition({ process, id, event: { type: 'CLOSE' }, expectedVersion: 1, actor: owner, now: closedAt })).toEqual({ id, from: 'inProgress', to: 'closed', version: 2 })
    expect((await caseOf(id)).row).toMatchObject({ state: 'closed', version: 2, closedAt })
    await applyTransition({ process, id, event: { type: 'REOPEN', reason: 'Ringede igen' }, expectedVersion: 2, actor: owner })
    expect(save).toHaveBeenCalledTimes(2)
    const { row, events } = await caseOf(id)
    expect(row).toMatchObject({ state: 'inProgress', version: 3, closedAt: null, context: { reopenReason: 'Ringede igen' } })
    expect(events).toEqual([
      expect.objectContaining({ event: 'CLOSE', fromState: 'inProgress', toState: 'closed', actorId: owner.id, version: 2, payload: null, at: closedAt }),
      expect.objectContaining({ event: 'REOPEN', fromState: 'closed', toState: 'inProgress', version: 3, payload: JSON.stringify({ reason: 'Ringede igen' }) }),
    ])
  })

  it('gives a stale version a StaleVersionError, and writes nothing', async () => {
    const id = await newCase()
    const { process, save } = countingBatch()
    await expect(applyTransition({ process, id, event: { type: 'CLOSE' }, expectedVersion: 2, actor: owner })).rejects.toBeInstanceOf(StaleVersionError)
    expect(save).not.toHaveBeenCalled()
    expect(await caseOf(id)).toMatchObject({ row: { state: 'inProgress', version: 1 }, events: [] })
  })

  it('lets exactly one of two concurrent batched transitions win', async () => {
    const id = await newCase()
    const results = await Promise.allSettled([
      applyTransition({ process: caseProcess, id, event: { type: 'CLOSE' }, expectedVersion: 1, actor: owner }),
      applyTransition({ process: caseProcess, id, event: { type: 'CLOSE' }, expectedVersion: 1, actor: owner }),
    ])
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1)
    expect((results.find((r) => r.status === 'rejected') as PromiseRejectedResult).reason).toBeInstanceOf(StaleVersionError)
    const { row, events } = await caseOf(id)
    expect(row).toMatchObject({ state: 'closed', version: 2 })
    expect(events).toHaveLength(1)
  })

  it('answers a version that moved between the read and the batch with StaleVersionError, and writes nothing', async () => {
    const id = await newCase()
    let moved = false
    // Someone else's write lands right after the read outside the transaction.
    const { process, save } = countingBatch({
      ...caseProcess,
      async load(tx, caseId, event) {
        const row = await caseProcess.load(tx, caseId, event)
        if (!moved) {
          moved = true
          await db.case.update({ where: { id: caseId }, data: { version: { increment: 1 } } })
        }
        return row
      },
    })
    await expect(applyTransition({ process, id, event: { type: 'CLOSE' }, expectedVersion: 1, actor: owner })).rejects.toBeInstanceOf(StaleVersionError)
    expect(save).toHaveBeenCalledTimes(1)
    expect(await caseOf(id)).toMatchObject({ row: { state: 'inProgress', version: 2, closedAt: null }, events: [] })
  })

  it('refuses what the machine or the permissions do not allow before writing, and says not found for an unknown id', async () => {
    const id = await newCase()
    const { process, save } = countingBatch()
    const stranger = { ...owner, organisationIds: [], organisations: [], roles: [] }
    await expect(applyTransition({ process, id, event: { type: 'CLOSE' }, expectedVersion: 1, actor: stranger })).rejects.toBeInstanceOf(ForbiddenTransitionError)
    await expect(applyTransition({ process, id, event: { type: 'REOPEN', reason: 'Ringede igen' }, expectedVersion: 1, actor: owner })).rejects.toBeInstanceOf(RefusedTransitionError)
    await expect(applyTransition({ process, id: 'nope', event: { type: 'CLOSE' }, expectedVersion: 1, actor: owner })).rejects.toBeInstanceOf(NotFoundError)
    expect(save).not.toHaveBeenCalled()
    expect(await caseOf(id)).toMatchObject({ row: { state: 'inProgress', version: 1 }, events: [] })
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
