import { data } from '@remix-run/node'
import { PrismaClient } from '../../prisma/generated/sqlite/client.ts'
import { getDatabaseUrl, isPostgresUrl, sqliteFileOf } from './env.server.ts'
import { singleton } from './singleton.server.ts'
import { PrismaSqliteWithStatementCache } from './sqlite-statements.server.ts'

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

const UNSTORABLE_TEXT = 'Teksten indeholder et tegn, som ikke kan gemmes (et NUL-tegn). Ret teksten og prøv igen.'

/** Whether a query's arguments carry text with a NUL character, however deep. */
function containsNul(value: unknown, depth = 0): boolean {
  if (typeof value === 'string') return value.includes('\u0000')
  if (depth > 10 || value === null || typeof value !== 'object' || value instanceof Date || value instanceof Uint8Array) return false
  return (Array.isArray(value) ? value : Object.values(value)).some((v) => containsNul(v, depth + 1))
}

/**
 * PostgreSQL cannot store text with a NUL character: a form field or an id in the address with one
 * gave a 500 there (test/integration/hostile-input*.test.ts). On PostgreSQL every query is checked
 * before it runs and such text is refused as bad input: a 400 with a Danish message, nothing
 * written. SQLite stores the character like any other, and is left without the check: a query
 * extension costs about a tenth of a transition (bench/transitions.ts), and SQLite is where the
 * 1,000 transitions a second are measured.
 */
function refuseUnstorableText(client: PrismaClient): PrismaClient {
  return client.$extends({
    query: {
      $allOperations({ args, query }) {
        if (containsNul(args)) throw data({ message: UNSTORABLE_TEXT }, { status: 400 })
        return query(args)
      },
    },
  }) as unknown as PrismaClient
}

async function createClient(url: string): Promise<PrismaClient> {
  if (isPostgresUrl(url)) {
    // Loaded lazily so that an SQLite installation never touches the PostgreSQL client.
    const [{ PrismaPg }, pg] = await Promise.all([
      import('@prisma/adapter-pg'),
      import('../../prisma/generated/postgres/client.ts'),
    ])
    const adapter = new PrismaPg({ connectionString: url })
    return refuseUnstorableText(new pg.PrismaClient({ adapter }) as unknown as PrismaClient)
  }
  const adapter = new PrismaSqliteWithStatementCache({ url: sqliteFileOf(url), timeout: 5000 })
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
