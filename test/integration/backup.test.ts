// `npm run backup` and `npm run restore` (issue 11), run as the operator runs them: the two
// scripts as child processes against a scratch database of the project's kind (SQLite files in
// the sqlite project, a scratch PostgreSQL database in the postgres project).
//
// The round trip: writes → backup while another connection holds an open read transaction (on
// SQLite in WAL mode, with the latest commits still only in the -wal file) → more writes → restore
// → the database equals the state at backup time and passes its integrity check.
import { spawnSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import Database from 'better-sqlite3'
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  assertSqliteNotInUse,
  copenhagenTimestamp,
  formatSize,
  libpqConnection,
} from '../../scripts/backup-lib.ts'
import {
  adminQuery,
  POSTGRES_TEMPLATE,
  postgresAdminUrl,
  usesPostgres,
  withDatabase,
} from '../support/postgres.ts'

const root = path.resolve(import.meta.dirname, '../..')
const scratch = path.resolve(root, `.tmp/backup-test/${process.pid}-${Date.now()}`)

/** One connection to a scratch database, the same few calls on both kinds. */
interface Connection {
  exec(sql: string): Promise<void>
  rows<T>(sql: string): Promise<T[]>
  /** Opens a read transaction and reads in it, so it holds a snapshot until close. */
  holdReadTransaction(): Promise<void>
  close(): Promise<void>
}

interface Backend {
  name: string
  backupExtension: string
  /** A fresh database with the seeded data; returns its DATABASE_URL. */
  create(): Promise<string>
  connect(url: string): Promise<Connection>
  tableNames(connection: Connection): Promise<string[]>
  drop(url: string): Promise<void>
}

const sqlite: Backend = {
  name: 'SQLite',
  backupExtension: 'db',
  async create() {
    const file = path.join(scratch, `db-${Math.random().toString(36).slice(2)}.db`)
    fs.copyFileSync(sqliteTemplate, file)
    return `file:${file}`
  },
  async connect(url) {
    const db = new Database(sqliteFile(url), { fileMustExist: true })
    // As the app opens it (app/utils/db.server.ts, docs/decisions/0017).
    db.pragma('journal_mode = WAL')
    db.pragma('synchronous = NORMAL')
    return {
      exec: async (sql) => void db.exec(sql),
      rows: async <T>(sql: string) => db.prepare(sql).all() as T[],
      holdReadTransaction: async () => {
        db.exec('BEGIN')
        db.prepare('SELECT COUNT(*) FROM "Company"').get()
      },
      close: async () => void db.close(),
    }
  },
  async tableNames(connection) {
    const rows = await connection.rows<{ name: string }>(
      `SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name`,
    )
    return rows.map((row) => row.name)
  },
  async drop(url) {
    for (const suffix of ['', '-wal', '-shm']) fs.rmSync(sqliteFile(url) + suffix, { force: true })
  },
}

const postgres: Backend = {
  name: 'PostgreSQL',
  backupExtension: 'dump',
  async create() {
    const name = `kp_test_backup_${process.pid}_${Date.now()}_${Math.random().toString(36).slice(2, 8)}`
    await adminQuery(
      postgresAdminUrl(),
      `CREATE DATABASE "${name}" TEMPLATE "${POSTGRES_TEMPLATE}"`,
    )
    return withDatabase(postgresAdminUrl(), name)
  },
  async connect(url) {
    const client = new pg.Client({ connectionString: url })
    await client.connect()
    return {
      exec: async (sql) => void (await client.query(sql)),
      rows: async <T>(sql: string) => (await client.query(sql)).rows as T[],
      holdReadTransaction: async () => {
        await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ')
        await client.query('SELECT COUNT(*) FROM "Company"')
      },
      close: () => client.end(),
    }
  },
  async tableNames(connection) {
    const rows = await connection.rows<{ name: string }>(
      `SELECT table_name AS name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' ORDER BY table_name`,
    )
    return rows.map((row) => row.name)
  },
  async drop(url) {
    await adminQuery(
      postgresAdminUrl(),
      `DROP DATABASE IF EXISTS "${new URL(url).pathname.slice(1)}" WITH (FORCE)`,
    )
  },
}

/** A private copy of the test file's own database (worker-setup.ts: the migrated, seeded template). */
const sqliteTemplate = path.join(scratch, 'template.db')

function sqliteFile(url: string) {
  return url.replace(/^file:/, '')
}

type Snapshot = { counts: Record<string, number>; rows: Record<string, unknown[]> }

/** Row counts of every table and every row of a few, read on a connection of its own. */
async function snapshot(backend: Backend, url: string): Promise<Snapshot> {
  const connection = await backend.connect(url)
  try {
    const counts: Record<string, number> = {}
    for (const table of await backend.tableNames(connection)) {
      const [row] = await connection.rows<{ n: number | string }>(
        `SELECT COUNT(*) AS n FROM "${table}"`,
      )
      counts[table] = Number(row?.n)
    }
    const rows: Record<string, unknown[]> = {}
    for (const table of ['Company', 'Kommune', 'AuditEntry', 'User'])
      rows[table] = await connection.rows(`SELECT * FROM "${table}" ORDER BY "id"`)
    return { counts, rows }
  } finally {
    await connection.close()
  }
}

let cvrCounter = 0

/** Inserts, updates and (given ids) deletes, in plain SQL that both databases accept. */
async function writeChanges(
  connection: Connection,
  tag: string,
  { deleteCompanyIds = [] as string[] } = {},
) {
  for (let i = 0; i < 3; i++) {
    const id = `backup-${tag}-${i}`
    await connection.exec(
      `INSERT INTO "Company" ("id", "cvr", "name", "segment", "kommuneId", "ownerOrganisationId", "updatedAt")
       VALUES ('${id}', '${98_000_000 + ++cvrCounter}', 'Backup ${tag} ${i} ApS', 'DRIFT',
               (SELECT "id" FROM "Kommune" ORDER BY "code" LIMIT 1), (SELECT "id" FROM "Organisation" ORDER BY "name" LIMIT 1), CURRENT_TIMESTAMP)`,
    )
    await connection.exec(
      `INSERT INTO "AuditEntry" ("id", "action", "entityType", "entityId", "summary") VALUES ('audit-${id}', 'CREATE', 'company', '${id}', 'Backup-test ${tag}')`,
    )
  }
  await connection.exec(
    `UPDATE "Kommune" SET "name" = "name" || ' ${tag}', "version" = "version" + 1 WHERE "code" = (SELECT MIN("code") FROM "Kommune")`,
  )
  for (const id of deleteCompanyIds)
    await connection.exec(`DELETE FROM "Company" WHERE "id" = '${id}'`)
}

type CommandResult = { status: number | null; stdout: string; stderr: string }

/** `npm run backup` / `npm run restore` exactly as package.json runs them, on this database. */
function runScript(
  script: 'backup' | 'restore',
  args: string[],
  databaseUrl: string,
): CommandResult {
  const result = spawnSync(
    path.join(root, 'node_modules/.bin/tsx'),
    [`scripts/${script}.ts`, ...args],
    {
      cwd: root,
      env: { ...process.env, DATABASE_URL: databaseUrl },
      encoding: 'utf8',
      timeout: 60_000,
    },
  )
  return { status: result.status, stdout: result.stdout, stderr: result.stderr }
}

function sha256(file: string) {
  return fs.existsSync(file)
    ? createHash('sha256').update(fs.readFileSync(file)).digest('hex')
    : null
}

function sqliteIntegrity(file: string) {
  const db = new Database(file, { readonly: true, fileMustExist: true })
  try {
    return db.pragma('integrity_check')
  } finally {
    db.close()
  }
}

const backend = usesPostgres() ? postgres : sqlite
const created: string[] = []

async function scratchDatabase() {
  const url = await backend.create()
  created.push(url)
  return url
}

function backupPath(name: string) {
  return path.join(
    scratch,
    `${name}-${Math.random().toString(36).slice(2)}.${backend.backupExtension}`,
  )
}

beforeAll(() => {
  fs.mkdirSync(scratch, { recursive: true })
  if (backend === sqlite)
    fs.copyFileSync(sqliteFile(process.env.DATABASE_URL ?? ''), sqliteTemplate)
})
afterAll(async () => {
  for (const url of created) await backend.drop(url)
  fs.rmSync(scratch, { recursive: true, force: true })
})

describe(`npm run backup and npm run restore on ${backend.name}`, () => {
  it('restores exactly the state at backup time, taken online while another connection reads and writes', async () => {
    const url = await scratchDatabase()
    const writer = await backend.connect(url)
    const reader = await backend.connect(url)
    await writeChanges(writer, 'before')
    await reader.holdReadTransaction()
    await writeChanges(writer, 'during')
    const atBackup = await snapshot(backend, url)
    expect(atBackup.rows.Company).toEqual(
      expect.arrayContaining([expect.objectContaining({ id: 'backup-during-2' })]),
    )
    if (backend === sqlite) {
      // Online for real: the newest commits are still only in the -wal file, behind the open reader.
      expect(fs.statSync(`${sqliteFile(url)}-wal`).size).toBeGreaterThan(0)
    }

    const file = backupPath('roundtrip')
    const backup = runScript('backup', [file], url)
    expect(backup, backup.stderr).toMatchObject({ status: 0 })
    expect(backup.stdout).toContain(`Sikkerhedskopi gemt i ${path.relative(root, file)} (`)
    if (backend === sqlite) {
      expect(backup.stdout).toContain('integritetstjek ok')
      expect(sqliteIntegrity(file)).toEqual([{ integrity_check: 'ok' }])
      // One self-contained file, nothing left half-written beside it.
      expect(
        fs.readdirSync(scratch).filter((name) => name.startsWith(path.basename(file))),
      ).toEqual([path.basename(file)])
    }

    await writeChanges(writer, 'after', { deleteCompanyIds: ['backup-before-0'] })
    const changed = await snapshot(backend, url)
    expect(changed).not.toEqual(atBackup)

    // With the database still open elsewhere (the app, say), restore refuses and changes nothing.
    const busy = runScript('restore', [file, '--ja'], url)
    expect(busy.status).toBe(1)
    expect(busy.stderr).toContain('er i brug')
    await reader.close()
    await writer.close()
    expect(await snapshot(backend, url)).toEqual(changed)

    const restore = runScript('restore', [file, '--ja'], url)
    expect(restore, restore.stderr).toMatchObject({ status: 0 })
    expect(restore.stdout).toContain('er gendannet fra')
    if (backend === sqlite) {
      expect(fs.existsSync(`${sqliteFile(url)}-wal`)).toBe(false)
      expect(sqliteIntegrity(sqliteFile(url))).toEqual([{ integrity_check: 'ok' }])
    } else {
      const [check] = await adminQuery<{ n: string }>(
        url,
        `SELECT COUNT(*) AS n FROM "_prisma_migrations" WHERE "finished_at" IS NOT NULL`,
      )
      expect(Number(check?.n)).toBeGreaterThan(0)
    }
    expect(await snapshot(backend, url)).toEqual(atBackup)
  })

  it('restore without --ja says what it would do, exits non-zero and changes nothing', async () => {
    const url = await scratchDatabase()
    const file = backupPath('unconfirmed')
    expect(runScript('backup', [file], url).status).toBe(0)
    const connection = await backend.connect(url)
    await writeChanges(connection, 'later')
    await connection.close()
    const before = await snapshot(backend, url)
    const bytes = backend === sqlite ? sha256(sqliteFile(url)) : null

    const result = runScript('restore', [file], url)
    expect(result.status).toBe(1)
    expect(result.stderr).toContain('Gendannelsen vil erstatte alt indhold')
    expect(result.stderr).toContain('Intet er ændret')
    expect(result.stderr).toContain('--ja')
    expect(await snapshot(backend, url)).toEqual(before)
    if (backend === sqlite) expect(sha256(sqliteFile(url))).toBe(bytes)
    // Positive control: the same command with --ja does change it back.
    expect(runScript('restore', [file, '--ja'], url).status).toBe(0)
    expect(await snapshot(backend, url)).not.toEqual(before)
  })

  it('restore refuses a damaged backup and leaves the database as it was', async () => {
    const url = await scratchDatabase()
    const good = backupPath('good')
    expect(runScript('backup', [good], url).status).toBe(0)
    const damaged = backupPath('damaged')
    // The first half of a real backup: what a disk that filled up or a broken copy leaves.
    fs.writeFileSync(
      damaged,
      fs.readFileSync(good).subarray(0, Math.floor(fs.statSync(good).size / 2)),
    )
    const before = await snapshot(backend, url)

    const result = runScript('restore', [damaged, '--ja'], url)
    expect(result.status).toBe(1)
    expect(result.stderr).toMatch(
      backend === sqlite
        ? /✗ Gendannelsen mislykkedes: (Sikkerhedskopien .* er ikke en brugbar SQLite-database|Integritetstjekket af sikkerhedskopien .* fandt fejl)/
        : /✗ Gendannelsen mislykkedes: .* er ikke en brugbar pg_dump-sikkerhedskopi/,
    )
    expect(await snapshot(backend, url)).toEqual(before)
    if (backend === sqlite)
      expect(
        fs
          .readdirSync(path.dirname(sqliteFile(url)))
          .filter((name) => name.includes('.gendannes-')),
      ).toEqual([])
  })

  it('backup of a database that is not there fails with a message and writes nothing', async () => {
    const file = backupPath('missing')
    const missingUrl =
      backend === sqlite
        ? `file:${path.join(scratch, 'findes-ikke.db')}`
        : withDatabase(postgresAdminUrl(), `kp_test_backup_missing_${process.pid}`)
    const result = runScript('backup', [file], missingUrl)
    expect(result.status).toBe(1)
    expect(result.stderr).toContain('✗ Sikkerhedskopieringen mislykkedes')
    expect(result.stderr).toMatch(
      backend === sqlite
        ? /Databasefilen .*findes-ikke\.db findes ikke/
        : /pg_dump mislykkedes[\s\S]*does not exist/,
    )
    expect(fs.existsSync(file)).toBe(false)
    if (backend === sqlite) expect(fs.existsSync(sqliteFile(missingUrl))).toBe(false)
  })

  if (backend === sqlite) {
    it('backup of a corrupt SQLite file fails with a message and leaves no backup behind', async () => {
      const garbage = path.join(scratch, 'garbage.db')
      fs.writeFileSync(garbage, Buffer.alloc(64 * 1024, 'ikke en database '))
      const fromGarbage = backupPath('garbage')
      const unreadable = runScript('backup', [fromGarbage], `file:${garbage}`)
      expect(unreadable.status).toBe(1)
      expect(unreadable.stderr).toMatch(
        /✗ Sikkerhedskopieringen mislykkedes: Databasen .* kunne ikke læses: file is not a database/,
      )
      expect(fs.existsSync(fromGarbage)).toBe(false)

      // Readable, but an index no longer matches its table (its definition is rewritten behind
      // SQLite's back): the copy succeeds, and the integrity check must catch it.
      const url = await scratchDatabase()
      const damaged = new Database(sqliteFile(url))
      damaged.unsafeMode(true) // lifts SQLite's defensive mode, which forbids writing sqlite_master
      damaged.pragma('writable_schema = ON')
      damaged
        .prepare(
          `UPDATE sqlite_master SET sql = replace(sql, '("email")', '("name")') WHERE name = 'User_email_key'`,
        )
        .run()
      damaged.close()
      const fromDamaged = backupPath('damaged')
      const result = runScript('backup', [fromDamaged], url)
      expect(result.status).toBe(1)
      expect(result.stderr).toContain(
        `✗ Sikkerhedskopieringen mislykkedes: Integritetstjekket af kopien af ${sqliteFile(url)} fandt fejl:`,
      )
      expect(result.stderr).toMatch(
        /missing from index User_email_key|wrong # of entries in index User_email_key/,
      )
      expect(
        fs.readdirSync(scratch).filter((name) => name.startsWith(path.basename(fromDamaged))),
      ).toEqual([])
    })

    it('sees a connection that holds the database open, even an idle one', async () => {
      const url = await scratchDatabase()
      const connection = await backend.connect(url)
      await connection.rows('SELECT 1')
      expect(() => assertSqliteNotInUse(sqliteFile(url))).toThrow(/er i brug/)
      await connection.close()
      expect(() => assertSqliteNotInUse(sqliteFile(url))).not.toThrow()
    })
  }
})

describe('backup helpers', () => {
  it('names backups by the time in Copenhagen, summer and winter', () => {
    expect(copenhagenTimestamp(new Date('2025-07-01T10:00:05Z'))).toBe('2025-07-01-120005')
    expect(copenhagenTimestamp(new Date('2025-12-31T23:30:00Z'))).toBe('2026-01-01-003000')
  })

  it('writes sizes the Danish way', () => {
    expect(formatSize(512)).toBe('512 byte')
    expect(formatSize(1_450_000)).toBe('1,5 MB')
  })

  it('keeps the password off the pg_dump command line and drops parameters libpq refuses', () => {
    const connection = libpqConnection(
      'postgresql://knudepunkt:h%40mmelig@db.example:5432/knudepunkt?schema=public&sslmode=require',
    )
    expect(connection.dbname).toBe(
      'postgresql://knudepunkt@db.example:5432/knudepunkt?sslmode=require',
    )
    expect(connection.env).toEqual({ PGPASSWORD: 'h@mmelig' })
  })
})
