import { PrismaBetterSqlite3 } from '@prisma/adapter-better-sqlite3'
import { PrismaClient } from '../../prisma/generated/sqlite/client.ts'
import { getDatabaseUrl, isPostgresUrl } from './env.server.ts'
import { singleton } from './singleton.server.ts'

export { Prisma } from '../../prisma/generated/sqlite/client.ts'
export type Db = PrismaClient
/** The client inside `db.$transaction(async (tx) => …)`. */
export type Tx = Parameters<Parameters<PrismaClient['$transaction']>[0]>[0]

/**
 * One client per process. SQLite (embedded, the default) and PostgreSQL (production) have a
 * generated client each; both come from the same schema, so the SQLite client's types describe
 * either (docs/decisions/0003).
 */
const databaseUrl = getDatabaseUrl()
export const db: PrismaClient = await singleton(`prisma:${databaseUrl}`, () => createClient(databaseUrl))

async function createClient(url: string): Promise<PrismaClient> {
  if (isPostgresUrl(url)) {
    // Loaded lazily so that an SQLite installation never touches the PostgreSQL client.
    const [{ PrismaPg }, pg] = await Promise.all([
      import('@prisma/adapter-pg'),
      import('../../prisma/generated/postgres/client.ts'),
    ])
    const adapter = new PrismaPg({ connectionString: url })
    return new pg.PrismaClient({ adapter }) as unknown as PrismaClient
  }
  const adapter = new PrismaBetterSqlite3({ url: url.replace(/^file:/, ''), timeout: 5000 })
  const client = new PrismaClient({ adapter })
  await enableWriteAheadLog(client)
  return client
}

/**
 * SQLite in WAL mode with synchronous=NORMAL (docs/decisions/0017): readers no longer wait for a
 * writer, and a commit no longer waits for a disk flush of its own. A commit survives a crash of
 * the process; only a power cut can lose the last commits, never the file's integrity.
 * journal_mode is stored in the file; synchronous holds for this (the adapter's one) connection.
 */
async function enableWriteAheadLog(client: PrismaClient) {
  await client.$queryRawUnsafe('PRAGMA journal_mode = WAL')
  await client.$executeRawUnsafe('PRAGMA synchronous = NORMAL')
}
