// `npm run backup` and `npm run restore` (scripts/backup.ts, scripts/restore.ts), as small
// functions the tests call directly.
//
// SQLite: an online backup through SQLite's backup API, safe while the app writes (WAL mode,
// docs/decisions/0017), checked with PRAGMA integrity_check before it counts as a backup. A restore
// refuses while anything has the database open and swaps the file in with a rename, so the
// database is at every moment either the old file or the whole backup.
// PostgreSQL: pg_dump in its custom format and pg_restore in one transaction.
import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import Database from 'better-sqlite3'
import pg from 'pg'
import { getDatabaseUrl, isPostgresUrl } from '../app/utils/env.server.ts'

/** A refusal or a failure whose Danish message says it all: printed without a stack trace. */
export class BackupError extends Error {}

export type DatabaseTarget = { kind: 'sqlite'; file: string } | { kind: 'postgres'; url: string }

/** Flag that confirms a restore; without it `npm run restore` only says what it would do. */
export const CONFIRM_FLAG = '--ja'

/** The database the app uses: the SQLite file (resolved as the app does, from the working directory) or the PostgreSQL URL. */
export function databaseTarget(url = getDatabaseUrl()): DatabaseTarget {
  if (isPostgresUrl(url)) return { kind: 'postgres', url }
  if (!url.startsWith('file:'))
    throw new BackupError(
      `DATABASE_URL skal begynde med file: eller postgresql:// (den er "${redactUrl(url)}").`,
    )
  return { kind: 'sqlite', file: path.resolve(url.slice('file:'.length)) }
}

/** 2025-03-04-101530: the wall-clock time in Copenhagen, sortable and safe in a file name. */
export function copenhagenTimestamp(now = new Date()): string {
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone: 'Europe/Copenhagen',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(now)
  const part = (type: Intl.DateTimeFormatPartTypes) =>
    parts.find((p) => p.type === type)?.value ?? '00'
  return `${part('year')}-${part('month')}-${part('day')}-${part('hour')}${part('minute')}${part('second')}`
}

/** backups/knudepunkt-<time>.db (SQLite) or .dump (PostgreSQL), under the working directory. */
export function defaultBackupFile(target: DatabaseTarget, now = new Date()): string {
  return path.resolve(
    'backups',
    `knudepunkt-${copenhagenTimestamp(now)}.${target.kind === 'sqlite' ? 'db' : 'dump'}`,
  )
}

/** 1,4 MB — sizes as a Danish reader writes them. */
export function formatSize(bytes: number): string {
  const units = ['byte', 'kB', 'MB', 'GB', 'TB']
  let value = bytes
  let unit = 0
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000
    unit++
  }
  return `${new Intl.NumberFormat('da-DK', { maximumFractionDigits: unit === 0 ? 0 : 1 }).format(value)} ${units[unit]}`
}

/** A path as the operator typed it when it lies under the working directory, else absolute. */
export function displayPath(file: string): string {
  const relative = path.relative(process.cwd(), file)
  return relative && !relative.startsWith('..') && !path.isAbsolute(relative) ? relative : file
}

// ---------------------------------------------------------------------------------------------
// SQLite

/**
 * Copies the live database to `destination` with SQLite's online backup and checks the copy.
 * The copy is written next to its final name and renamed only once it passes the integrity
 * check, so a file under the final name is always a good backup.
 */
export async function backupSqlite(source: string, destination: string): Promise<void> {
  requireFile(source, 'Databasefilen')
  refuseExisting(destination)
  fs.mkdirSync(path.dirname(destination), { recursive: true })
  const partial = `${destination}.delvis`
  try {
    await copyOnline(source, partial)
    const name = `kopien af ${source}`
    makeSelfContained(partial, name)
    checkSqliteIntegrity(partial, name)
    fs.chmodSync(partial, 0o600)
    fs.renameSync(partial, destination)
  } catch (error) {
    removeWithSideFiles(partial)
    throw error
  }
}

async function copyOnline(source: string, destination: string) {
  let db: Database.Database | undefined
  try {
    db = new Database(source, { readonly: true, fileMustExist: true })
    // All remaining pages in one step, i.e. one read transaction: writes the app commits meanwhile
    // cannot restart the copy over and over (they do between steps of a few pages).
    await db.backup(destination, { progress: () => 0x7fffffff })
  } catch (error) {
    throw new BackupError(`Databasen ${source} kunne ikke læses: ${sqliteMessage(error)}`)
  } finally {
    db?.close()
  }
}

/**
 * One file, no -wal beside it: the copy inherits WAL mode from the live database, and a backup
 * that needs a second file to be whole is easy to break by copying it. The app turns WAL on
 * again when it opens a restored file.
 */
function makeSelfContained(file: string, name: string) {
  withSqlite(file, {}, name, (db) => db.pragma('journal_mode = DELETE'))
}

/**
 * PRAGMA integrity_check on the file; throws with SQLite's findings unless it says ok. Damage bad
 * enough that SQLite stops reading counts as a finding too. `name` is how messages call the file.
 */
export function checkSqliteIntegrity(file: string, name = file): void {
  const findings = withSqlite(file, { readonly: true }, name, (db) => {
    try {
      return (db.pragma('integrity_check') as { integrity_check: string }[]).map(
        (row) => row.integrity_check,
      )
    } catch (error) {
      if (isSqliteDamage(error)) return [sqliteMessage(error)]
      throw error
    }
  })
  if (findings.length === 1 && findings[0] === 'ok') return
  throw new BackupError(
    `Integritetstjekket af ${name} fandt fejl:\n  ${findings.slice(0, 10).join('\n  ')}`,
  )
}

/** A backup of some other SQLite database must not replace Knudepunkt's. */
function assertKnudepunktDatabase(file: string, name: string) {
  const tables = withSqlite(
    file,
    { readonly: true },
    name,
    (db) =>
      (
        db
          .prepare(
            `SELECT name FROM sqlite_master WHERE type = 'table' AND name IN ('_prisma_migrations', 'Company', 'User')`,
          )
          .all() as { name: string }[]
      ).length,
  )
  if (tables < 3)
    throw new BackupError(
      `${capitalise(name)} er en SQLite-database, men ikke en Knudepunkt-database (tabellerne _prisma_migrations, User og Company mangler).`,
    )
}

/**
 * Refuses while another connection has the database open. In WAL mode every open connection
 * holds a shared lock for as long as it is open, so an exclusive lock is refused while the app
 * runs, even idle. Replacing the file under a running app would not stop it: it would keep
 * writing to the old file, and those writes would be lost without a word.
 */
export function assertSqliteNotInUse(file: string): void {
  if (!fs.existsSync(file)) return
  let db: Database.Database | undefined
  try {
    db = new Database(file, { timeout: 0, fileMustExist: true })
    db.pragma('locking_mode = EXCLUSIVE')
    db.exec('BEGIN EXCLUSIVE; COMMIT')
  } catch (error) {
    if (isSqliteBusy(error)) {
      throw new BackupError(
        `Databasen ${file} er i brug. Kører appen? Stop den (og andre programmer, der har databasen åben), og prøv igen.`,
      )
    }
    // A file too damaged to lock is not in use by the app either; replacing it is the point.
  } finally {
    // As the last connection, closing folds a -wal left by a crash into the file and removes it.
    db?.close()
  }
}

/**
 * Replaces the database file with the backup: copy to a temporary file in the same folder,
 * check it, then rename it over the database (atomic on one file system). The old database's
 * -wal and -shm go first: a stale -wal beside the new file would be replayed into it.
 */
export function restoreSqlite(backup: string, file: string): void {
  requireFile(backup, 'Sikkerhedskopien')
  fs.mkdirSync(path.dirname(file), { recursive: true })
  assertSqliteNotInUse(file)
  const temp = path.join(path.dirname(file), `.${path.basename(file)}.gendannes-${process.pid}`)
  try {
    fs.copyFileSync(backup, temp)
    const name = `sikkerhedskopien ${backup}`
    makeSelfContained(temp, name)
    checkSqliteIntegrity(temp, name)
    assertKnudepunktDatabase(temp, name)
    keepOwnerAndMode(file, temp)
    fsyncPath(temp)
    removeSideFiles(file)
    fs.renameSync(temp, file)
    fsyncPath(path.dirname(file))
  } catch (error) {
    removeWithSideFiles(temp)
    throw error
  }
}

function withSqlite<T>(
  file: string,
  options: Database.Options,
  name: string,
  read: (db: Database.Database) => T,
): T {
  let db: Database.Database | undefined
  try {
    db = new Database(file, { ...options, fileMustExist: true })
    return read(db)
  } catch (error) {
    if (error instanceof BackupError) throw error
    throw new BackupError(
      `${capitalise(name)} er ikke en brugbar SQLite-database: ${sqliteMessage(error)}`,
    )
  } finally {
    db?.close()
  }
}

function isSqliteDamage(error: unknown) {
  const code = String((error as { code?: unknown }).code)
  return code.startsWith('SQLITE_CORRUPT') || code === 'SQLITE_NOTADB'
}

function isSqliteBusy(error: unknown) {
  const code = (error as { code?: unknown }).code
  return code === 'SQLITE_BUSY' || code === 'SQLITE_LOCKED'
}

function sqliteMessage(error: unknown) {
  return error instanceof Error ? error.message : String(error)
}

const SIDE_FILES = ['-wal', '-shm', '-journal']

function removeSideFiles(file: string) {
  for (const suffix of SIDE_FILES) fs.rmSync(file + suffix, { force: true })
}

function removeWithSideFiles(file: string) {
  fs.rmSync(file, { force: true })
  removeSideFiles(file)
}

/** The restored file keeps the old database's mode and owner (a restore run as root must not lock the app out). */
function keepOwnerAndMode(original: string, replacement: string) {
  if (!fs.existsSync(original)) return
  const stat = fs.statSync(original)
  fs.chmodSync(replacement, stat.mode & 0o777)
  if (process.getuid?.() === 0) fs.chownSync(replacement, stat.uid, stat.gid)
}

/** Flushes a file (or a folder's entries, after a rename) to disk before we report success. */
function fsyncPath(target: string) {
  const fd = fs.openSync(target, 'r')
  try {
    fs.fsyncSync(fd)
  } finally {
    fs.closeSync(fd)
  }
}

// ---------------------------------------------------------------------------------------------
// PostgreSQL

/** pg_dump or pg_restore: on PATH, else the newest under /usr/lib/postgresql/<version>/bin (Debian). */
export function findPgTool(name: 'pg_dump' | 'pg_restore'): string {
  const dirs = [
    ...(process.env.PATH ?? '').split(path.delimiter).filter(Boolean),
    ...debianPostgresBinDirs(),
  ]
  for (const dir of dirs) {
    const candidate = path.join(dir, name)
    if (isExecutable(candidate)) return candidate
  }
  throw new BackupError(
    `${name} findes hverken på PATH eller under /usr/lib/postgresql/*/bin. Installér PostgreSQL-klienten (Debian: apt-get install -y postgresql-client) i samme version som serveren eller nyere.`,
  )
}

function debianPostgresBinDirs(): string[] {
  const root = '/usr/lib/postgresql'
  if (!fs.existsSync(root)) return []
  return fs
    .readdirSync(root)
    .sort((a, b) => Number.parseFloat(b) - Number.parseFloat(a))
    .map((version) => path.join(root, version, 'bin'))
}

function isExecutable(file: string) {
  try {
    fs.accessSync(file, fs.constants.X_OK)
    return fs.statSync(file).isFile()
  } catch {
    return false
  }
}

/** Query parameters Prisma understands and libpq refuses ("invalid URI query parameter"). */
const PRISMA_ONLY_PARAMETERS = [
  'schema',
  'connection_limit',
  'pool_timeout',
  'socket_timeout',
  'pgbouncer',
  'statement_cache_size',
  'sslaccept',
  'sslidentity',
]

/**
 * The URL for pg_dump/pg_restore without its password, which goes in PGPASSWORD instead: a
 * password on the command line is visible to every user of the machine (ps).
 */
export function libpqConnection(url: string): { dbname: string; env: Record<string, string> } {
  const parsed = new URL(url)
  const password = decodeURIComponent(parsed.password)
  parsed.password = ''
  for (const name of PRISMA_ONLY_PARAMETERS) parsed.searchParams.delete(name)
  return { dbname: parsed.toString(), env: password ? { PGPASSWORD: password } : {} }
}

/** The URL with its password hidden, for messages. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url)
    if (parsed.password) parsed.password = '***'
    return parsed.toString()
  } catch {
    return url.replace(/:\/\/([^:/@]+):[^@]*@/, '://$1:***@')
  }
}

function runPgTool(
  name: 'pg_dump' | 'pg_restore',
  args: string[],
  env: Record<string, string> = {},
) {
  const result = spawnSync(findPgTool(name), args, {
    env: { ...process.env, ...env },
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  })
  if (result.error) throw new BackupError(`${name} kunne ikke startes: ${result.error.message}`)
  if (result.status !== 0) {
    const output = `${result.stderr}`.trim().split('\n').slice(-15).join('\n')
    throw new BackupError(
      `${name} mislykkedes (exit ${result.status ?? result.signal}):\n${output}`,
    )
  }
  return result.stdout
}

/** pg_dump --format=custom to a file beside the destination, checked by reading its table of contents. */
export function backupPostgres(url: string, destination: string): void {
  refuseExisting(destination)
  fs.mkdirSync(path.dirname(destination), { recursive: true })
  const partial = `${destination}.delvis`
  const connection = libpqConnection(url)
  try {
    runPgTool(
      'pg_dump',
      ['--format=custom', '--no-password', `--file=${partial}`, `--dbname=${connection.dbname}`],
      connection.env,
    )
    checkPostgresArchive(partial)
    fs.chmodSync(partial, 0o600)
    fs.renameSync(partial, destination)
  } catch (error) {
    fs.rmSync(partial, { force: true })
    throw error
  }
}

/** pg_restore --list reads the archive's table of contents: a truncated or foreign file fails it. */
export function checkPostgresArchive(file: string): void {
  try {
    runPgTool('pg_restore', ['--list', file])
  } catch (error) {
    if (!(error instanceof BackupError)) throw error
    throw new BackupError(
      `${file} er ikke en brugbar pg_dump-sikkerhedskopi (custom-format):\n${error.message}`,
    )
  }
}

/** Refuses while other sessions are connected to the database: the app would work on while its data is replaced. */
export async function assertPostgresNotInUse(url: string): Promise<void> {
  const client = new pg.Client({ connectionString: url })
  try {
    await client.connect()
  } catch (error) {
    throw new BackupError(`Kunne ikke forbinde til ${redactUrl(url)}: ${sqliteMessage(error)}`)
  }
  try {
    const { rows } = await client.query<{ application_name: string; client_addr: string | null }>(
      `SELECT application_name, client_addr::text FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid() AND backend_type = 'client backend'`,
    )
    if (rows.length === 0) return
    const who = rows.map((row) => row.application_name || row.client_addr || 'ukendt').join(', ')
    throw new BackupError(
      `Databasen er i brug: ${rows.length} andre forbindelser (${who}). Kører appen? Stop den, og prøv igen.`,
    )
  } finally {
    await client.end()
  }
}

/**
 * pg_restore --clean --if-exists --no-owner into the database, in one transaction: a restore
 * that fails part-way leaves the database as it was.
 */
export async function restorePostgres(file: string, url: string): Promise<void> {
  requireFile(file, 'Sikkerhedskopien')
  checkPostgresArchive(file)
  await assertPostgresNotInUse(url)
  const connection = libpqConnection(url)
  runPgTool(
    'pg_restore',
    [
      '--clean',
      '--if-exists',
      '--no-owner',
      '--single-transaction',
      '--exit-on-error',
      '--no-password',
      `--dbname=${connection.dbname}`,
      file,
    ],
    connection.env,
  )
}

// ---------------------------------------------------------------------------------------------
// Shared

function requireFile(file: string, what: string) {
  if (!fs.existsSync(file)) throw new BackupError(`${what} ${file} findes ikke.`)
  if (!fs.statSync(file).isFile()) throw new BackupError(`${what} ${file} er ikke en fil.`)
}

/** A backup never overwrites a file: an earlier backup under the same name is worth keeping. */
function refuseExisting(destination: string) {
  if (fs.existsSync(destination))
    throw new BackupError(`${destination} findes allerede. Vælg et andet filnavn.`)
}

// ---------------------------------------------------------------------------------------------
// The two commands

type Output = { log: (line: string) => void; error: (line: string) => void }
const consoleOutput: Output = {
  log: (line) => console.log(line),
  error: (line) => console.error(line),
}

/** `npm run backup [-- <fil>]`; returns the exit code. */
export async function runBackupCommand(
  args: string[],
  output: Output = consoleOutput,
): Promise<number> {
  const files = args.filter((arg) => !arg.startsWith('-'))
  if (files.length > 1 || files.length < args.length) {
    output.error('Brug: npm run backup [-- <fil>]')
    return 2
  }
  try {
    const target = databaseTarget()
    const destination = files[0] ? path.resolve(files[0]) : defaultBackupFile(target)
    if (target.kind === 'sqlite') await backupSqlite(target.file, destination)
    else backupPostgres(target.url, destination)
    const check = target.kind === 'sqlite' ? 'integritetstjek ok' : 'indholdsfortegnelsen kan læses'
    output.log(
      `✓ Sikkerhedskopi gemt i ${displayPath(destination)} (${formatSize(fs.statSync(destination).size)}; ${check}).`,
    )
    return 0
  } catch (error) {
    return reportFailure(error, 'Sikkerhedskopieringen mislykkedes', output)
  }
}

/** `npm run restore -- <fil> --ja`; without --ja it says what it would do and changes nothing. */
export async function runRestoreCommand(
  args: string[],
  output: Output = consoleOutput,
): Promise<number> {
  const confirmed = args.includes(CONFIRM_FLAG)
  const rest = args.filter((arg) => arg !== CONFIRM_FLAG)
  if (rest.length !== 1 || rest[0]!.startsWith('-')) {
    output.error(`Brug: npm run restore -- <fil> ${CONFIRM_FLAG}`)
    return 2
  }
  try {
    const backup = path.resolve(rest[0]!)
    const target = databaseTarget()
    requireFile(backup, 'Sikkerhedskopien')
    const where =
      target.kind === 'sqlite'
        ? `databasefilen ${target.file}`
        : `databasen ${redactUrl(target.url)}`
    if (!confirmed) {
      output.error(
        [
          `Gendannelsen vil erstatte alt indhold i ${where} med sikkerhedskopien ${displayPath(backup)} (${formatSize(fs.statSync(backup).size)}).`,
          'Alt, der er skrevet i databasen, siden sikkerhedskopien blev taget, går tabt.',
          `Intet er ændret. Stop appen, og kør: npm run restore -- ${rest[0]} ${CONFIRM_FLAG}`,
        ].join('\n'),
      )
      return 1
    }
    if (target.kind === 'sqlite') restoreSqlite(backup, target.file)
    else await restorePostgres(backup, target.url)
    output.log(
      `✓ ${capitalise(where)} er gendannet fra ${displayPath(backup)}. Start appen igen (npm start kører også migreringerne).`,
    )
    return 0
  } catch (error) {
    return reportFailure(error, 'Gendannelsen mislykkedes', output)
  }
}

/** Our own refusals need no stack trace; anything else keeps it, for whoever has to look into it. */
function reportFailure(error: unknown, title: string, output: Output) {
  const detail =
    error instanceof BackupError
      ? error.message
      : error instanceof Error
        ? (error.stack ?? error.message)
        : String(error)
  output.error(`✗ ${title}: ${detail}`)
  return 1
}

function capitalise(text: string) {
  return text.charAt(0).toUpperCase() + text.slice(1)
}
