import pg from 'pg'

/** Where the PostgreSQL half of the tests finds its server (scripts/services.sh prints it). */
export const POSTGRES_TEMPLATE = 'kp_template'

export function postgresAdminUrl(): string {
  const url = process.env.TEST_POSTGRES_URL
  if (!url) throw new Error('TEST_POSTGRES_URL is not set (eval "$(bash scripts/services.sh start)")')
  return url
}

/** The same server and role, another database. */
export function withDatabase(url: string, database: string): string {
  const parsed = new URL(url)
  parsed.pathname = `/${database}`
  return parsed.toString()
}

export const usesPostgres = () => /^postgres(ql)?:\/\//.test(process.env.DATABASE_URL ?? '')

/** One statement on its own connection (CREATE/DROP DATABASE cannot run inside a pool's transaction). */
export async function adminQuery<T extends pg.QueryResultRow = pg.QueryResultRow>(url: string, sql: string, values: unknown[] = []): Promise<T[]> {
  const client = new pg.Client({ connectionString: url })
  await client.connect()
  try {
    return (await client.query<T>(sql, values)).rows
  } finally {
    await client.end()
  }
}
