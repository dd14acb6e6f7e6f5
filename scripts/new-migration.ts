// Makes one migration for both databases, under the same folder name:
//
//   npm run db:new-migration -- <name>
//
// prisma/schema.prisma (SQLite) is the source of truth. The SQLite migration comes
// from `prisma migrate dev` on a throw-away database; the PostgreSQL twin is the
// `prisma migrate diff` between prisma/postgres/schema.prisma before and after it
// is regenerated. Neither step needs a PostgreSQL server, and data/ is not touched.
// See docs/decisions/0002-prisma-wasm-schema-engine.md.
import { spawnSync, type StdioOptions } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import {
  POSTGRES_SCHEMA_PATH,
  SQLITE_SCHEMA_PATH,
  syncPostgresSchema,
} from './sync-postgres-schema'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const PRISMA_CLI = path.join(root, 'node_modules/prisma/build/index.js')
const SQLITE_MIGRATIONS = path.join(root, 'prisma/migrations')
const POSTGRES_MIGRATIONS = path.join(root, 'prisma/postgres/migrations')

// Prisma turns the name into a slug (lower case, `_` between words) and cuts it at
// 200 characters. Accepting only names that survive that unchanged lets us find
// the folder Prisma makes.
const MIGRATION_NAME = /^[a-z0-9]+(_[a-z0-9]+)*$/
const MAX_NAME_LENGTH = 200

/** A refusal or a failed Prisma command: the message says it all, so no stack trace. */
class ScriptError extends Error {}

/** Not a failure of this run: the regenerated PostgreSQL schema is kept. */
class NothingChangedError extends ScriptError {}

type Cli = { code: number; stdout: string; stderr: string }
type PostgresDiff = { changed: boolean; script: string }

export function parseMigrationName(argv: string[]): string {
  const [name, ...extra] = argv
  if (!name || extra.length > 0) {
    throw new ScriptError(
      'Give the migration one name: npm run db:new-migration -- add_event_table',
    )
  }
  if (!MIGRATION_NAME.test(name) || name.length > MAX_NAME_LENGTH) {
    throw new ScriptError(
      `"${name}" is not a valid migration name. Use snake_case (a-z, 0-9 and _ between words, at most ${MAX_NAME_LENGTH} characters), e.g. add_event_table.`,
    )
  }
  return name
}

/**
 * Runs the Prisma CLI from the repository root against a SQLite file in `workDir`,
 * so that prisma.config.ts picks the SQLite layout and never opens data/.
 */
function runPrisma(
  args: string[],
  workDir: string,
  dbName: string,
  stdio: StdioOptions = 'pipe',
): Cli {
  const env = {
    ...process.env,
    DATABASE_URL: `file:${path.join(workDir, dbName)}`,
    // Empty rather than unset: prisma.config.ts loads .env (without overriding what is
    // set), and a PostgreSQL shadow database from there must not reach this SQLite run.
    SHADOW_DATABASE_URL: '',
    CHECKPOINT_DISABLE: '1',
    PRISMA_HIDE_UPDATE_MESSAGE: '1',
  }
  const result = spawnSync(process.execPath, [PRISMA_CLI, ...args], {
    cwd: root,
    env,
    stdio,
    encoding: 'utf8',
    maxBuffer: 16 * 1024 * 1024,
  })
  if (result.error) throw result.error
  return { code: result.status ?? 1, stdout: result.stdout ?? '', stderr: result.stderr ?? '' }
}

function failIfUnexpected(result: Cli, what: string, okCodes: number[] = [0]): Cli {
  if (!okCodes.includes(result.code)) {
    const output = `${result.stdout}\n${result.stderr}`.trim()
    throw new ScriptError(`${what} failed (exit ${result.code}).${output ? `\n${output}` : ''}`)
  }
  return result
}

/** The PostgreSQL schema on disk still describes the last migration; keep a copy to diff from. */
function savePostgresSchema(workDir: string): string {
  const copy = path.join(workDir, 'previous-postgres.prisma')
  fs.copyFileSync(POSTGRES_SCHEMA_PATH, copy)
  return copy
}

function regeneratePostgresSchema(): void {
  syncPostgresSchema({
    sourcePath: SQLITE_SCHEMA_PATH,
    targetPath: POSTGRES_SCHEMA_PATH,
    check: false,
  })
}

function diffPostgresSchemas(previousSchema: string, workDir: string): PostgresDiff {
  const args = [
    'migrate',
    'diff',
    '--from-schema',
    previousSchema,
    '--to-schema',
    POSTGRES_SCHEMA_PATH,
  ]
  // --exit-code: 0 means no difference, 2 means there is one (and the script is still printed).
  const result = runPrisma([...args, '--script', '--exit-code'], workDir, 'diff.db')
  failIfUnexpected(result, 'prisma migrate diff (PostgreSQL)', [0, 2])
  return { changed: result.code === 2, script: result.stdout }
}

/** Whether prisma/schema.prisma differs from what the SQLite migrations build (in-memory shadow database). */
function hasSqliteChanges(workDir: string): boolean {
  const args = [
    'migrate',
    'diff',
    '--from-migrations',
    SQLITE_MIGRATIONS,
    '--to-schema',
    SQLITE_SCHEMA_PATH,
  ]
  const result = runPrisma([...args, '--exit-code'], workDir, 'diff.db')
  return failIfUnexpected(result, 'prisma migrate diff (SQLite)', [0, 2]).code === 2
}

function refuseWhenNothingToDo(
  sqliteChanged: boolean,
  postgres: PostgresDiff,
  previousSchema: string,
): void {
  if (!sqliteChanged && !postgres.changed) {
    throw new NothingChangedError(
      'Nothing changed: prisma/schema.prisma already matches the last migration.',
    )
  }
  const postgresSchemaUntouched =
    fs.readFileSync(previousSchema, 'utf8') === fs.readFileSync(POSTGRES_SCHEMA_PATH, 'utf8')
  // The SQLite schema moved on, but the PostgreSQL one was already regenerated
  // (db:sync-postgres) before this run, so we no longer know the state to diff from.
  if (sqliteChanged && !postgres.changed && postgresSchemaUntouched) {
    throw new ScriptError(
      'prisma/postgres/schema.prisma was already regenerated from the changed prisma/schema.prisma, so it no longer describes the last migration.\n' +
        'Put back the version that matches the last migration (e.g. `git checkout prisma/postgres/schema.prisma`) and run this again.',
    )
  }
}

function listMigrationFolders(dir: string): string[] {
  if (!fs.existsSync(dir)) return []
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort()
}

// For a change only PostgreSQL sees. Not just comments: prisma/engine replays
// migrations through better-sqlite3, which rejects a script without a statement.
const SQLITE_PLACEHOLDER_SQL = `-- Only PostgreSQL sees this change (e.g. a new enum value: SQLite stores enums as TEXT).
-- This migration keeps prisma/migrations and prisma/postgres/migrations in step.
SELECT 1;
`

/**
 * `migrate dev` on a throw-away database that first gets every existing migration,
 * so the only thing it creates is the new one. A change only PostgreSQL sees gets
 * a placeholder SQLite migration, so both histories keep the same folder names.
 */
function createSqliteMigration(name: string, sqliteChanged: boolean, workDir: string): string {
  failIfUnexpected(runPrisma(['migrate', 'deploy'], workDir, 'migrate.db'), 'prisma migrate deploy')
  const before = new Set(listMigrationFolders(SQLITE_MIGRATIONS))
  if (!sqliteChanged) {
    console.log('Only PostgreSQL sees this change; adding a placeholder SQLite migration.')
  }
  const createOnly = sqliteChanged ? [] : ['--create-only']
  // Inherited stdio: migrate dev may ask to confirm data-loss warnings.
  const result = runPrisma(
    ['migrate', 'dev', '--name', name, ...createOnly],
    workDir,
    'migrate.db',
    'inherit',
  )
  failIfUnexpected(result, 'prisma migrate dev')
  const folder = findNewFolder(before, name)
  if (!sqliteChanged) {
    fs.writeFileSync(path.join(SQLITE_MIGRATIONS, folder, 'migration.sql'), SQLITE_PLACEHOLDER_SQL)
  }
  return folder
}

function findNewFolder(before: Set<string>, name: string): string {
  const created = listMigrationFolders(SQLITE_MIGRATIONS).filter((folder) => !before.has(folder))
  if (created.length !== 1 || !created[0]?.endsWith(`_${name}`)) {
    throw new ScriptError(
      `Expected prisma migrate dev to create one folder ending in _${name} in prisma/migrations, found: ${created.join(', ') || 'none'}.`,
    )
  }
  return created[0]
}

function writePostgresMigration(folder: string, script: string): string {
  const file = path.join(POSTGRES_MIGRATIONS, folder, 'migration.sql')
  fs.mkdirSync(path.dirname(file), { recursive: true })
  fs.writeFileSync(file, script)
  return file
}

/** After a failure, leave the repository as it was so that the command can simply be run again. */
function restoreRepository(previousSchema: string, before: Set<string>): void {
  fs.copyFileSync(previousSchema, POSTGRES_SCHEMA_PATH)
  const created = listMigrationFolders(SQLITE_MIGRATIONS).filter((folder) => !before.has(folder))
  for (const folder of created) {
    fs.rmSync(path.join(SQLITE_MIGRATIONS, folder), { recursive: true, force: true })
    fs.rmSync(path.join(POSTGRES_MIGRATIONS, folder), { recursive: true, force: true })
  }
}

/** Writes both migrations; returns their paths. */
export function newMigration(name: string): string[] {
  const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'knudepunkt-new-migration-'))
  try {
    return writeBothMigrations(name, workDir)
  } finally {
    fs.rmSync(workDir, { recursive: true, force: true })
  }
}

function writeBothMigrations(name: string, workDir: string): string[] {
  const foldersBefore = new Set(listMigrationFolders(SQLITE_MIGRATIONS))
  const previousSchema = savePostgresSchema(workDir)
  try {
    // SQLite first: it also validates prisma/schema.prisma, the file the user edits.
    const sqliteChanged = hasSqliteChanges(workDir)
    regeneratePostgresSchema()
    const postgres = diffPostgresSchemas(previousSchema, workDir)
    refuseWhenNothingToDo(sqliteChanged, postgres, previousSchema)
    const folder = createSqliteMigration(name, sqliteChanged, workDir)
    const postgresFile = writePostgresMigration(folder, postgres.script)
    return [path.join(SQLITE_MIGRATIONS, folder, 'migration.sql'), postgresFile]
  } catch (error) {
    if (!(error instanceof NothingChangedError)) restoreRepository(previousSchema, foldersBefore)
    throw error
  }
}

function runFromCommandLine(argv: string[]): number {
  try {
    const written = newMigration(parseMigrationName(argv))
    console.log(
      `\nWrote\n${written.map((file) => `  ${path.relative(process.cwd(), file)}`).join('\n')}`,
    )
    console.log('Review both, then apply locally with: npm run db:migrate')
    return 0
  } catch (error) {
    if (!(error instanceof ScriptError)) throw error
    console.error(error.message)
    return 1
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  process.exitCode = runFromCommandLine(process.argv.slice(2))
}
