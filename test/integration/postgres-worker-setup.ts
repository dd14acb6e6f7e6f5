import pg from 'pg'
import { POSTGRES_TEMPLATE, postgresAdminUrl, withDatabase } from '../support/postgres.ts'

// Runs before each test file of the PostgreSQL project, before anything imports the database
// client: a database of the file's own, copied from the migrated and seeded template.
const admin = postgresAdminUrl()
const name = `kp_test_${process.env.VITEST_POOL_ID ?? '0'}_${process.pid}_${Date.now()}`
const client = new pg.Client({ connectionString: admin })
await client.connect()
try {
  await client.query(`CREATE DATABASE "${name}" TEMPLATE "${POSTGRES_TEMPLATE}"`)
} finally {
  await client.end()
}
process.env.DATABASE_URL = withDatabase(admin, name)
process.env.LOG_LEVEL ??= 'silent'
