import { spawnSync } from 'node:child_process'
import pg from 'pg'
import { POSTGRES_TEMPLATE, postgresAdminUrl, withDatabase } from '../support/postgres.ts'

/**
 * The PostgreSQL half of the integration suite (issue 10): one migrated and seeded template
 * database per run; each test file gets a database of its own created from it
 * (postgres-worker-setup.ts), as the SQLite half copies a template file.
 */
export default async function setup() {
  const admin = postgresAdminUrl()
  await dropTestDatabases(admin)
  await query(admin, `CREATE DATABASE "${POSTGRES_TEMPLATE}"`)
  const env = { ...process.env, DATABASE_URL: withDatabase(admin, POSTGRES_TEMPLATE), LOG_LEVEL: 'silent' }
  for (const [command, args] of [
    ['node_modules/.bin/prisma', ['migrate', 'deploy']],
    ['node_modules/.bin/tsx', ['prisma/seed.ts']],
  ] as const) {
    const result = spawnSync(command, args, { env, encoding: 'utf8' })
    if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} failed:\n${result.stdout}\n${result.stderr}`)
  }
  return () => dropTestDatabases(admin)
}

async function query(url: string, sql: string) {
  const client = new pg.Client({ connectionString: url })
  await client.connect()
  try {
    return await client.query<{ datname: string }>(sql)
  } finally {
    await client.end()
  }
}

async function dropTestDatabases(admin: string) {
  const { rows } = await query(admin, `SELECT datname FROM pg_database WHERE datname LIKE 'kp\\_test\\_%' OR datname = '${POSTGRES_TEMPLATE}'`)
  for (const { datname } of rows) await query(admin, `DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`)
}
