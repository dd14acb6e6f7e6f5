// Drift between prisma/schema.prisma, its PostgreSQL twin and the two migration
// histories. `npm run db:new-migration -- <name>` keeps them in step; this test
// catches a schema edited without a migration, a migration made for one database
// only, or a hand-edited prisma/postgres/schema.prisma.
//
// PostgreSQL is checked without a server (table and enum names only); replaying the
// PostgreSQL migrations needs one, see docs/decisions/0002-prisma-wasm-schema-engine.md.
import { execFile } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, describe, expect, it } from 'vitest'
import {
  POSTGRES_SCHEMA_PATH,
  SQLITE_SCHEMA_PATH,
  toPostgresSchema,
} from '../../scripts/sync-postgres-schema.ts'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..')
const PRISMA_CLI = path.join(root, 'node_modules/prisma/build/index.js')
const SQLITE_MIGRATIONS = path.join(root, 'prisma/migrations')
const POSTGRES_MIGRATIONS = path.join(root, 'prisma/postgres/migrations')

type CliResult = { code: number; stdout: string; output: string }

// The CLI's SQLite URL points here, not at data/: with a SQLite URL configured,
// every engine start creates the database file.
const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'knudepunkt-migrations-test-'))
afterAll(() => fs.rmSync(workDir, { recursive: true, force: true }))

function prismaCli(args: string[]): Promise<CliResult> {
  const env = {
    ...process.env,
    DATABASE_URL: `file:${path.join(workDir, 'drift.db')}`,
    SHADOW_DATABASE_URL: '',
    CHECKPOINT_DISABLE: '1',
    PRISMA_HIDE_UPDATE_MESSAGE: '1',
    NO_COLOR: '1',
  }
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [PRISMA_CLI, ...args],
      { cwd: root, env, timeout: 30_000, maxBuffer: 16 * 1024 * 1024 },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0
        resolve({ code, stdout, output: `${stdout}\n${stderr}` })
      },
    )
  })
}

function migrationFolders(dir: string): string[] {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort()
}

function readMigrations(dir: string): string {
  return migrationFolders(dir)
    .map((folder) => fs.readFileSync(path.join(dir, folder, 'migration.sql'), 'utf8'))
    .join('\n')
}

/** Names in `CREATE TABLE "X"` / `CREATE TYPE "X"` statements. */
function createdNames(sql: string, kind: 'TABLE' | 'TYPE'): string[] {
  const pattern = new RegExp(`CREATE ${kind} "([^"]+)"`, 'g')
  return [...new Set([...sql.matchAll(pattern)].map((match) => match[1] ?? ''))].sort()
}

/** The table of every `model X { … }`: X, or the name in `@@map("…")`. */
function modelTables(schema: string): string[] {
  return [...schema.matchAll(/^model\s+(\w+)\s*\{([^}]*)\}/gm)]
    .map(([, model = '', body = '']) => /@@map\("([^"]+)"\)/.exec(body)?.[1] ?? model)
    .sort()
}

describe('migrations and schemas are in step', { timeout: 30_000 }, () => {
  it('prisma/postgres/schema.prisma is generated from prisma/schema.prisma (npm run db:sync-postgres)', () => {
    const expected = toPostgresSchema(fs.readFileSync(SQLITE_SCHEMA_PATH, 'utf8'))
    expect(fs.readFileSync(POSTGRES_SCHEMA_PATH, 'utf8')).toBe(expected)
  })

  it('both databases have the same migration folders, each with a migration.sql', () => {
    const sqlite = migrationFolders(SQLITE_MIGRATIONS)
    expect(sqlite.length).toBeGreaterThan(0)
    expect(migrationFolders(POSTGRES_MIGRATIONS)).toEqual(sqlite)
    for (const dir of [SQLITE_MIGRATIONS, POSTGRES_MIGRATIONS]) {
      const missing = sqlite.filter(
        (folder) => !fs.existsSync(path.join(dir, folder, 'migration.sql')),
      )
      expect(missing, `folders without migration.sql in ${path.relative(root, dir)}`).toEqual([])
    }
  })

  it('each migrations folder has a migration_lock.toml for its provider', () => {
    const lock = (dir: string) => fs.readFileSync(path.join(dir, 'migration_lock.toml'), 'utf8')
    expect(lock(SQLITE_MIGRATIONS)).toMatch(/^provider = "sqlite"$/m)
    expect(lock(POSTGRES_MIGRATIONS)).toMatch(/^provider = "postgresql"$/m)
  })

  it('the SQLite migrations build exactly prisma/schema.prisma', async () => {
    // The wasm engine's SQLite shadow database is in memory: no server, nothing on disk but drift.db.
    const result = await prismaCli([
      'migrate',
      'diff',
      '--from-migrations',
      SQLITE_MIGRATIONS,
      '--to-schema',
      SQLITE_SCHEMA_PATH,
      '--exit-code',
    ])
    // Exit code 2 means a difference: run `npm run db:new-migration -- <name>`.
    expect(result.code, result.output).toBe(0)
  })

  it('every model of the PostgreSQL schema has a CREATE TABLE in some PostgreSQL migration', () => {
    const created = createdNames(readMigrations(POSTGRES_MIGRATIONS), 'TABLE')
    const tables = modelTables(fs.readFileSync(POSTGRES_SCHEMA_PATH, 'utf8'))
    expect(tables.length).toBeGreaterThan(0)
    expect(
      tables.filter((table) => !created.includes(table)),
      'models without a CREATE TABLE in prisma/postgres/migrations',
    ).toEqual([])
  })

  it('every table and enum that `migrate diff --from-empty` creates for PostgreSQL is created by some PostgreSQL migration', async () => {
    // Also covers what the model list does not show: enums and implicit many-to-many tables.
    const result = await prismaCli([
      'migrate',
      'diff',
      '--from-empty',
      '--to-schema',
      POSTGRES_SCHEMA_PATH,
      '--script',
    ])
    expect(result.code, result.output).toBe(0)
    const migrations = readMigrations(POSTGRES_MIGRATIONS)
    const notCreated = (kind: 'TABLE' | 'TYPE') =>
      createdNames(result.stdout, kind).filter(
        (name) => !createdNames(migrations, kind).includes(name),
      )
    expect(createdNames(result.stdout, 'TABLE').length).toBeGreaterThan(0)
    expect(notCreated('TABLE'), 'tables missing from prisma/postgres/migrations').toEqual([])
    expect(notCreated('TYPE'), 'enums missing from prisma/postgres/migrations').toEqual([])
  })
})
