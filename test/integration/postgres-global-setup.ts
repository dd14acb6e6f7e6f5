import { spawnSync } from 'node:child_process'
import { adminQuery, POSTGRES_TEMPLATE, postgresAdminUrl, withDatabase } from '../support/postgres.ts'

/**
 * The PostgreSQL half of the integration suite (issue 10): one migrated and seeded template
 * database per run; each test file gets a database of its own created from it
 * (postgres-worker-setup.ts), as the SQLite half copies a template file.
 */
export default async function setup() {
  const admin = postgresAdminUrl()
  await dropTestDatabases(admin)
  await adminQuery(admin, `CREATE DATABASE "${POSTGRES_TEMPLATE}"`)
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

async function dropTestDatabases(admin: string) {
  const rows = await adminQuery<{ datname: string }>(admin, `SELECT datname FROM pg_database WHERE datname LIKE 'kp\\_test\\_%' OR datname = '${POSTGRES_TEMPLATE}'`)
  for (const { datname } of rows) await adminQuery(admin, `DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`)
}
