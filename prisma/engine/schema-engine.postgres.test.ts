// PostgreSQL tests of the wasm-backed stand-in for Prisma's native schema engine:
// the real `prisma` CLI against a throw-away database on a real server.
//
// vitest.config.ts only picks up *.postgres.test.ts files when TEST_POSTGRES_URL
// is set (a server whose role may create databases), so without a server this
// file is not collected at all instead of showing up as skipped tests.
import fs from 'node:fs'
import path from 'node:path'
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { splitPostgresUrl, withDatabaseName } from './datasource.js'
import {
  createProject,
  expectSuccess,
  migrationFolders,
  prisma,
  type Project,
  removeTempDirs,
  runEngine,
  SQLITE_SCHEMA,
} from './test-support'

// Should this file ever be collected without a server (another config, a changed
// exclude), fail loudly: a silently skipped suite would look like a passing one.
const postgresUrl = requirePostgresUrl()

function requirePostgresUrl(): string {
  const url = process.env.TEST_POSTGRES_URL
  if (!url) {
    throw new Error(
      'schema-engine.postgres.test.ts needs TEST_POSTGRES_URL (a PostgreSQL server whose role may CREATE DATABASE).',
    )
  }
  return url
}

afterAll(removeTempDirs)

describe(
  'prisma CLI on PostgreSQL through prisma/engine/schema-engine.js',
  { timeout: 60_000 },
  () => {
    const databaseUrl = withDatabaseName(
      postgresUrl,
      `knudepunkt_engine_test_${process.pid}_${Date.now()}`,
    )
    const adminUrl = splitPostgresUrl(postgresUrl).connectionString
    let project: Project

    beforeAll(() => {
      project = createProject({
        url: databaseUrl,
        schema: SQLITE_SCHEMA.replace('"sqlite"', '"postgresql"'),
      })
    })

    afterAll(async () => {
      await runEngine(
        ['--datasource', JSON.stringify({ url: databaseUrl }), 'cli', 'drop-database'],
        project.dir,
      )
    })

    async function databasesNamed(pattern: string): Promise<string[]> {
      const client = new pg.Client({ connectionString: adminUrl })
      await client.connect()
      try {
        const { rows } = await client.query<{ datname: string }>(
          'SELECT datname FROM pg_database WHERE datname LIKE $1',
          [pattern],
        )
        return rows.map((row) => row.datname)
      } finally {
        await client.end()
      }
    }

    it('migrate dev creates the database, uses and drops a temporary shadow database', async () => {
      expectSuccess(await prisma(project, ['migrate', 'dev', '--name', 'init']))
      fs.writeFileSync(
        path.join(project.dir, 'schema.prisma'),
        SQLITE_SCHEMA.replace('"sqlite"', '"postgresql"').replace(
          'name  String?',
          'name  String?\n  bio   String?',
        ),
      )
      expectSuccess(await prisma(project, ['migrate', 'dev', '--name', 'bio']))
      expect(migrationFolders(project)).toHaveLength(2)
      expect(await databasesNamed('prisma_migrate_shadow_db_%')).toEqual([])
      const status = expectSuccess(await prisma(project, ['migrate', 'status']))
      expect(status.stdout).toContain('Database schema is up to date!')
    })

    it('db pull introspects the database (catalog columns of type "char")', async () => {
      const pulled = path.join(project.dir, 'pulled.prisma')
      fs.copyFileSync(path.join(project.dir, 'schema.prisma'), pulled)
      expectSuccess(await prisma(project, ['db', 'pull', '--schema', pulled]))
      expect(fs.readFileSync(pulled, 'utf8')).toMatch(/model User \{[^}]*bio\s+String\?/)
    })

    it('migrate reset --force empties the database and re-applies the migrations', async () => {
      expectSuccess(
        await prisma(
          project,
          ['db', 'execute', '--stdin'],
          `INSERT INTO "User" (email) VALUES ('a@example.dk');`,
        ),
      )
      expectSuccess(await prisma(project, ['migrate', 'reset', '--force']))
      const diff = expectSuccess(
        await prisma(project, [
          'migrate',
          'diff',
          '--from-config-datasource',
          '--to-schema',
          'schema.prisma',
          '--exit-code',
        ]),
      )
      expect(diff.stdout).toContain('No difference detected.')
    })
  },
)
