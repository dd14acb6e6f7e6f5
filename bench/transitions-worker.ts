/**
 * One flavour of benchmark 2 (bench/transitions.ts starts it with DATABASE_URL set): the app's
 * case transitions against its floors, on a migrated and seeded database. The target's floor is
 * Prisma's interactive transaction (issue 10); CLOSE/REOPEN take the app's batched path, so the
 * read + batched row is what that path itself is bound by.
 */
import { randomUUID } from 'node:crypto'
import { flavourArg } from './databases.ts'
import { args, numberArg, report, short, type BenchRow } from './lib.ts'

const flavour = flavourArg(args)
const url = process.env.DATABASE_URL!
const COUNT = short ? 200 : numberArg('transitions', 3000)
const CASES = 50

const { db } = await import('../app/utils/db.server.ts')
const { transitionCase } = await import('../app/models/case.server.ts')
const { actorFor } = await import('../test/support/actors.ts')


/** Cases of Business Kolding, in progress, each with one company: what the transitions work on. */
async function makeCases(count: number, label: string) {
  const owner = await db.organisation.findUniqueOrThrow({ where: { name: 'Business Kolding' } })
  const kommune = await db.kommune.findUniqueOrThrow({ where: { name: 'Kolding' } })
  const company = await db.company.create({
    data: { cvr: String(10_000_000 + Math.floor(Math.random() * 89_999_999)), name: `Bench ${label}`, segment: 'GROWTH', kommuneId: kommune.id, ownerOrganisationId: owner.id, searchText: 'bench' },
  })
  const ids = Array.from({ length: count }, () => randomUUID())
  await db.case.createMany({
    data: ids.map((id, i) => ({ id, title: `${label} ${i}`, form: 'ONE_TO_ONE', ownerOrganisationId: owner.id, kommuneId: kommune.id, state: 'inProgress', context: JSON.stringify({ handOvers: 0, reopenReason: null }) })),
  })
  await db.caseCompany.createMany({ data: ids.map((caseId) => ({ caseId, companyId: company.id })) })
  return ids.map((id) => ({ id, state: 'inProgress', version: 1 }))
}

type Cursor = { id: string; state: string; version: number }
type EventType = 'CLOSE' | 'REOPEN'
/** One transition of one case from `c.state` to `to`, written the way the variant writes it. */
type Write = (c: Cursor, type: EventType, to: string) => Promise<void> | void

const nextEvent = (c: Cursor) => (c.state === 'closed' ? { type: 'REOPEN' as const, to: 'inProgress' } : { type: 'CLOSE' as const, to: 'closed' })

/** Transitions per second over fresh cases, round-robin, after a short warm-up. */
async function rateOf(label: string, write: Write) {
  const cases = await makeCases(CASES, label)
  const run = async (count: number) => {
    const started = performance.now()
    for (let i = 0; i < count; i++) {
      const c = cases[i % cases.length]!
      const { type, to } = nextEvent(c)
      await write(c, type, to)
      c.state = to
      c.version += 1
    }
    return count / ((performance.now() - started) / 1000)
  }
  await run(Math.min(100, COUNT))
  return run(COUNT)
}

async function appTransitions() {
  const actor = await actorFor('les.kolding@kolding.demo')
  return rateOf('app', async (c, type) => {
    await transitionCase({ id: c.id, type, reason: type === 'REOPEN' ? 'Virksomheden vendte tilbage' : undefined, expectedVersion: c.version, actor })
  })
}

type Client = Pick<typeof db, 'case' | 'workflowEvent'>
const minimalUpdate = (client: Client, c: Cursor, to: string) => client.case.updateMany({ where: { id: c.id, version: c.version }, data: { state: to, version: { increment: 1 } } })
const minimalEvent = (client: Client, c: Cursor, type: EventType, to: string) =>
  client.workflowEvent.create({ data: { entityType: 'case', entityId: c.id, event: type, fromState: c.state, toState: to, version: c.version + 1 } })

/** Prisma's own minimal transaction: the conditional row update and the event insert, nothing else. */
function prismaInteractive() {
  return rateOf('prisma', async (c, type, to) => {
    await db.$transaction(async (tx) => {
      const { count: changed } = await minimalUpdate(tx, c, to)
      if (changed !== 1) throw new Error('lost update')
      await minimalEvent(tx, c, type, to)
    })
  })
}

function prismaBatched() {
  return rateOf('batched', async (c, type, to) => {
    await db.$transaction([minimalUpdate(db, c, to), minimalEvent(db, c, type, to)])
  })
}

/**
 * The floor of the app's batched path (applyTransition with `batch`): the row read outside a
 * transaction, then the update that throws when the version moved (`update`, P2025) and the event
 * insert in one batch.
 */
function prismaReadThenBatched() {
  return rateOf('read-batched', async (c, type, to) => {
    const row = await db.case.findUnique({ where: { id: c.id }, select: { state: true, version: true } })
    if (row?.version !== c.version) throw new Error('lost update')
    const guardedUpdate = db.case.update({ where: { id: c.id, version: c.version }, data: { state: to, version: { increment: 1 } }, select: { id: true } })
    await db.$transaction([guardedUpdate, minimalEvent(db, c, type, to)])
  })
}

async function bareSqlite() {
  const Database = (await import('better-sqlite3')).default
  const sqlite = new Database(url.slice('file:'.length), { timeout: 5000 })
  const update = sqlite.prepare(`UPDATE "Case" SET "state" = ?, "version" = "version" + 1, "updatedAt" = ? WHERE "id" = ? AND "version" = ?`)
  const insert = sqlite.prepare(`INSERT INTO "WorkflowEvent" ("id", "at", "entityType", "entityId", "event", "fromState", "toState", "version") VALUES (?, ?, 'case', ?, ?, ?, ?, ?)`)
  const transact = sqlite.transaction((c: Cursor, type: string, to: string) => {
    const now = new Date().toISOString()
    if (update.run(to, now, c.id, c.version).changes !== 1) throw new Error('lost update')
    insert.run(randomUUID(), now, c.id, type, c.state, to, c.version + 1)
  })
  try {
    return await rateOf('bare', (c, type, to) => transact(c, type, to))
  } finally {
    sqlite.close()
  }
}

async function barePostgres() {
  const pg = (await import('pg')).default
  const client = new pg.Client({ connectionString: url })
  await client.connect()
  try {
    return await rateOf('bare', async (c, type, to) => {
      const now = new Date()
      await client.query('BEGIN')
      try {
        const { rowCount } = await client.query(`UPDATE "Case" SET "state" = $1, "version" = "version" + 1, "updatedAt" = $2 WHERE "id" = $3 AND "version" = $4`, [to, now, c.id, c.version])
        if (rowCount !== 1) throw new Error('lost update')
        await client.query(`INSERT INTO "WorkflowEvent" ("id", "at", "entityType", "entityId", "event", "fromState", "toState", "version") VALUES ($1, $2, 'case', $3, $4, $5, $6, $7)`, [randomUUID(), now, c.id, type, c.state, to, c.version + 1])
        await client.query('COMMIT')
      } catch (error) {
        await client.query('ROLLBACK')
        throw error
      }
    })
  } finally {
    await client.end()
  }
}

const bare = await (flavour === 'PostgreSQL' ? barePostgres() : bareSqlite())
const interactive = await prismaInteractive()
const batched = await prismaBatched()
const readThenBatched = await prismaReadThenBatched()
const app = await appTransitions()
await db.$disconnect()

const benchmark = '2 transitions'
const counted = short ? ` (${COUNT})` : ''
const rows: BenchRow[] = [
  {
    benchmark,
    measure: `${flavour}: case CLOSE/REOPEN${counted}`,
    value: app,
    unit: '/s',
    floor: { label: 'Prisma interactive tx', value: interactive },
    target: {
      text: flavour === 'SQLite' ? '≤ 1.5× Prisma floor and ≥ 1000/s' : '≤ 1.5× Prisma floor',
      met: interactive / app <= 1.5 && (flavour !== 'SQLite' || app >= 1000),
    },
  },
  { benchmark, measure: `${flavour}: Prisma interactive tx${counted}`, value: interactive, unit: '/s', floor: { label: 'bare driver', value: bare } },
  { benchmark, measure: `${flavour}: Prisma batched tx${counted}`, value: batched, unit: '/s', floor: { label: 'bare driver', value: bare } },
  { benchmark, measure: `${flavour}: Prisma read + batched tx${counted}`, value: readThenBatched, unit: '/s', floor: { label: 'bare driver', value: bare } },
]
await report(rows)
