import { afterAll, describe, expect, it } from 'vitest'
import { computeGoals } from '~/models/goals.server.ts'
import { db, Prisma } from '~/utils/db.server.ts'
import { sqliteFileOf } from '~/utils/env.server.ts'
import { forgetCachedFigures } from '~/utils/figures-cache.server.ts'
import { queryFigures, registerFiguresReader } from '~/utils/figures-query.server.ts'
import { startSqliteReader } from './sqlite-reader.ts'

const reader = startSqliteReader(sqliteFileOf(process.env.DATABASE_URL ?? ''))
afterAll(async () => {
  registerFiguresReader(null)
  await reader.close()
})

describe('the SQLite figures reader (a worker thread with a read-only connection)', () => {
  it('binds dates and booleans as the Prisma adapter stores them, and sees a commit made just before', async () => {
    const since = new Date(Date.now() - 60_000)
    const organisation = await db.organisation.findFirstOrThrow()
    await db.organisation.update({ where: { id: organisation.id }, data: { updatedAt: new Date() } })
    const query = Prisma.sql`SELECT COUNT(*) AS "n" FROM "Organisation" WHERE "updatedAt" >= ${since} AND "active" = ${true}`
    const [viaWorker] = await reader.read(query)
    const [viaPrisma] = await db.$queryRaw<{ n: number | bigint }[]>(query)
    expect(Number((viaWorker as { n: number }).n)).toBeGreaterThanOrEqual(1)
    expect(Number((viaWorker as { n: number }).n)).toBe(Number(viaPrisma!.n))
  })

  it('gives the same goals as the event loop does', async () => {
    const now = new Date('2026-11-27T12:00:00Z')
    forgetCachedFigures()
    const inProcess = await computeGoals(2026, now)
    registerFiguresReader(reader.read)
    forgetCachedFigures()
    const offThread = await computeGoals(2026, now)
    registerFiguresReader(null)
    expect(offThread).toEqual(inProcess)
    expect(inProcess.goals.length).toBeGreaterThan(0)
  })

  it('rejects a bad query with the database message and keeps answering', async () => {
    await expect(reader.read(Prisma.sql`SELECT "nope" FROM "Organisation"`)).rejects.toThrow(/no such column/)
    await expect(reader.read(Prisma.sql`SELECT 1 AS "one"`)).resolves.toEqual([{ one: 1 }])
  })

  it('starts a new thread after the old one stopped', async () => {
    await reader.close()
    await expect(reader.read(Prisma.sql`SELECT 2 AS "two"`)).resolves.toEqual([{ two: 2 }])
  })

  it('is what queryFigures uses once registered', async () => {
    registerFiguresReader(async () => [{ marker: 'worker' }])
    expect(await queryFigures(Prisma.sql`SELECT 1`)).toEqual([{ marker: 'worker' }])
    registerFiguresReader(null)
    expect(await queryFigures<{ one: number | bigint }>(Prisma.sql`SELECT 1 AS "one"`)).toEqual([{ one: expect.anything() }])
  })
})
