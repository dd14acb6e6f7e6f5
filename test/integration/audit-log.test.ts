// The audit log is append-only (issue 11): the database itself refuses to change or remove a row
// of "AuditEntry" (triggers from the migration *_audit_log_append_only), whether the statement comes
// through Prisma, through Prisma's raw SQL or through a connection of its own; and no source file
// of the app even tries. Runs on SQLite and, with TEST_POSTGRES_URL, on PostgreSQL.
import fs from 'node:fs'
import path from 'node:path'
import Database from 'better-sqlite3'
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { recordAudit } from '~/utils/audit.server.ts'
import { db } from '~/utils/db.server.ts'
import { usesPostgres } from '../support/postgres.ts'

const APPEND_ONLY = /audit log is append-only/

/** A statement on a connection of its own, not Prisma's: the refusal must not depend on the client. */
type RawConnection = {
  run: (sql: string, values?: unknown[]) => Promise<unknown>
  close: () => Promise<void>
}

async function openRawConnection(): Promise<RawConnection> {
  const url = process.env.DATABASE_URL ?? ''
  if (usesPostgres()) {
    const client = new pg.Client({ connectionString: url })
    await client.connect()
    return {
      run: (sql, values = []) => client.query(numberedPlaceholders(sql), values),
      close: () => client.end(),
    }
  }
  const sqlite = new Database(url.replace(/^file:/, ''), { timeout: 5000 })
  return {
    run: async (sql, values = []) => sqlite.prepare(sql).run(...values),
    close: async () => void sqlite.close(),
  }
}

/** SQLite's `?` placeholders as PostgreSQL's `$1, $2, …`. */
function numberedPlaceholders(sql: string): string {
  let n = 0
  return sql.replace(/\?/g, () => `$${++n}`)
}

async function addEntry(summary: string) {
  const admin = await db.user.findUniqueOrThrow({ where: { email: 'admin@knudepunkt.demo' } })
  await db.$transaction((tx) =>
    recordAudit(tx, {
      actorId: admin.id,
      action: 'TEST',
      entityType: 'auditTest',
      entityId: summary,
      summary,
      changes: { field: ['before', 'after'] },
    }),
  )
  return db.auditEntry.findFirstOrThrow({ where: { entityType: 'auditTest', entityId: summary } })
}

type DriverFailure = {
  message?: string
  meta?: { driverAdapterError?: { cause?: { originalMessage?: string; message?: string } } }
}

/**
 * What the database said. Prisma's SQLite adapter reports a trigger's RAISE as a foreign-key
 * violation and keeps the trigger's own words in the driver error's cause.
 */
async function errorOf(run: () => Promise<unknown>): Promise<string> {
  try {
    await run()
  } catch (error) {
    const failure = error as DriverFailure
    const cause = failure.meta?.driverAdapterError?.cause
    return [failure.message ?? String(error), cause?.originalMessage, cause?.message]
      .filter(Boolean)
      .join(' | ')
  }
  return 'no error: the statement went through'
}

let raw: RawConnection
beforeAll(async () => {
  raw = await openRawConnection()
})
afterAll(async () => {
  await raw.close()
})

describe('the audit log is append-only in the database', () => {
  it('still takes new entries, through the app and through a raw INSERT', async () => {
    const before = await db.auditEntry.count()
    const entry = await addEntry('insert through the app')
    expect(entry).toMatchObject({
      action: 'TEST',
      summary: 'insert through the app',
      changes: '{"field":["before","after"]}',
    })
    await raw.run(
      'INSERT INTO "AuditEntry" ("id", "action", "entityType", "entityId", "summary") VALUES (?, ?, ?, ?, ?)',
      ['raw-insert-1', 'TEST', 'auditTest', 'raw insert', 'insert through a connection of its own'],
    )
    expect(await db.auditEntry.count()).toBe(before + 2)
    expect(await db.auditEntry.findUnique({ where: { id: 'raw-insert-1' } })).toMatchObject({
      summary: 'insert through a connection of its own',
    })
  })

  it('refuses every update and delete through Prisma and leaves the row as it was', async () => {
    const entry = await addEntry('prisma target')
    const count = await db.auditEntry.count()
    const attempts: [string, () => Promise<unknown>][] = [
      [
        'update',
        () => db.auditEntry.update({ where: { id: entry.id }, data: { summary: 'rewritten' } }),
      ],
      [
        'updateMany',
        () => db.auditEntry.updateMany({ where: { id: entry.id }, data: { summary: 'rewritten' } }),
      ],
      ['updateMany of everything', () => db.auditEntry.updateMany({ data: { actorId: null } })],
      [
        'upsert of an existing row',
        () =>
          db.auditEntry.upsert({
            where: { id: entry.id },
            create: { action: 'X', entityType: 'x', entityId: 'x', summary: 'x' },
            update: { summary: 'rewritten' },
          }),
      ],
      ['delete', () => db.auditEntry.delete({ where: { id: entry.id } })],
      ['deleteMany', () => db.auditEntry.deleteMany({ where: { id: entry.id } })],
      ['deleteMany of everything', () => db.auditEntry.deleteMany()],
      [
        'update inside a transaction',
        () =>
          db.$transaction((tx) =>
            tx.auditEntry.update({ where: { id: entry.id }, data: { at: new Date(0) } }),
          ),
      ],
    ]
    for (const [what, attempt] of attempts)
      expect(await errorOf(attempt), what).toMatch(APPEND_ONLY)
    expect(await db.auditEntry.findUniqueOrThrow({ where: { id: entry.id } })).toEqual(entry)
    expect(await db.auditEntry.count()).toBe(count)
  })

  it("refuses every update and delete through Prisma's raw SQL and leaves the row as it was", async () => {
    const entry = await addEntry('prisma raw target')
    const count = await db.auditEntry.count()
    const attempts: [string, () => Promise<unknown>][] = [
      [
        'UPDATE one row',
        () =>
          db.$executeRaw`UPDATE "AuditEntry" SET "summary" = ${'rewritten'} WHERE "id" = ${entry.id}`,
      ],
      ['UPDATE every row', () => db.$executeRawUnsafe('UPDATE "AuditEntry" SET "actorId" = NULL')],
      ['DELETE one row', () => db.$executeRaw`DELETE FROM "AuditEntry" WHERE "id" = ${entry.id}`],
      ['DELETE every row', () => db.$executeRawUnsafe('DELETE FROM "AuditEntry"')],
    ]
    for (const [what, attempt] of attempts)
      expect(await errorOf(attempt), what).toMatch(APPEND_ONLY)
    expect(await db.auditEntry.findUniqueOrThrow({ where: { id: entry.id } })).toEqual(entry)
    expect(await db.auditEntry.count()).toBe(count)
  })

  it('refuses every update and delete on a connection of its own and leaves the row as it was', async () => {
    const entry = await addEntry('own connection target')
    const count = await db.auditEntry.count()
    const attempts: [string, () => Promise<unknown>][] = [
      [
        'UPDATE one row',
        () =>
          raw.run('UPDATE "AuditEntry" SET "summary" = ? WHERE "id" = ?', ['rewritten', entry.id]),
      ],
      ['DELETE one row', () => raw.run('DELETE FROM "AuditEntry" WHERE "id" = ?', [entry.id])],
      ['DELETE every row', () => raw.run('DELETE FROM "AuditEntry"')],
      // PostgreSQL's TRUNCATE skips row triggers; it has a statement trigger of its own. SQLite has no TRUNCATE.
      ...(usesPostgres()
        ? [['TRUNCATE', () => raw.run('TRUNCATE "AuditEntry"')] as [string, () => Promise<unknown>]]
        : []),
    ]
    for (const [what, attempt] of attempts)
      expect(await errorOf(attempt), what).toMatch(APPEND_ONLY)
    expect(await db.auditEntry.findUniqueOrThrow({ where: { id: entry.id } })).toEqual(entry)
    expect(await db.auditEntry.count()).toBe(count)
  })

  it('lets a statement that touches no audit row through (the triggers are per row)', async () => {
    expect(
      await db.auditEntry.updateMany({ where: { id: 'no-such-entry' }, data: { summary: 'x' } }),
    ).toEqual({ count: 0 })
    expect(await db.auditEntry.deleteMany({ where: { id: 'no-such-entry' } })).toEqual({ count: 0 })
  })

  it('refuses to delete a user who has audit entries, since that would blank their name on the entries; users are deactivated instead', async () => {
    const withEntry = await db.user.create({
      data: { email: 'revisor@audit.test', name: 'Revisor Test' },
    })
    await db.$transaction((tx) =>
      recordAudit(tx, {
        actorId: withEntry.id,
        action: 'TEST',
        entityType: 'auditTest',
        entityId: 'actor',
        summary: 'by a user',
      }),
    )
    const entry = await db.auditEntry.findFirstOrThrow({ where: { actorId: withEntry.id } })
    expect(await errorOf(() => db.user.delete({ where: { id: withEntry.id } }))).toMatch(
      APPEND_ONLY,
    )
    expect(await db.user.findUnique({ where: { id: withEntry.id } })).not.toBeNull()
    expect(await db.auditEntry.findUniqueOrThrow({ where: { id: entry.id } })).toEqual(entry)
    // Control: the refusal comes from the audit entry, not from deleting users as such.
    const withoutEntry = await db.user.create({
      data: { email: 'uden-spor@audit.test', name: 'Uden Spor' },
    })
    await db.user.delete({ where: { id: withoutEntry.id } })
    expect(await db.user.findUnique({ where: { id: withoutEntry.id } })).toBeNull()
  })
})

// --- No update or delete path in the source -------------------------------------------------------

const ROOT = path.resolve(import.meta.dirname, '../..')
const SOURCE_DIRS = ['app', 'server']
const SOURCE_FILE = /\.(ts|tsx|js|jsx|mjs|cjs)$/

/** Calls and statements that would change or remove audit rows, however the code is spaced. */
const FORBIDDEN = [
  /\bauditEntry\s*\??\.\s*(update|updateMany|updateManyAndReturn|upsert|delete|deleteMany)\b/,
  /\b(UPDATE|DELETE\s+FROM|TRUNCATE(\s+TABLE)?)\s+(ONLY\s+)?["'`]?AuditEntry\b/i,
]

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name)
    if (entry.isDirectory()) return entry.name === 'node_modules' ? [] : sourceFiles(full)
    return SOURCE_FILE.test(entry.name) ? [full] : []
  })
}

function forbiddenUses(text: string): string[] {
  return FORBIDDEN.flatMap((pattern) =>
    [...text.matchAll(new RegExp(pattern.source, `${pattern.flags}g`))].map((m) => m[0]),
  )
}

describe('no source file changes or removes audit entries', () => {
  it('finds the forbidden calls and statements it looks for (control)', () => {
    expect(forbiddenUses('await tx.auditEntry.update({ where })')).toEqual(['auditEntry.update'])
    expect(forbiddenUses('db.auditEntry\n    .deleteMany()')).toHaveLength(1)
    expect(forbiddenUses('db.auditEntry?.upsert(')).toHaveLength(1)
    expect(forbiddenUses('db.$executeRaw`DELETE FROM "AuditEntry" WHERE 1`')).toHaveLength(1)
    expect(forbiddenUses("'update AuditEntry set summary = 1'")).toHaveLength(1)
    expect(forbiddenUses('TRUNCATE TABLE "AuditEntry"')).toHaveLength(1)
    expect(
      forbiddenUses(
        'tx.auditEntry.create({ data }); db.auditEntry.findMany(); db.auditEntryView.update()',
      ),
    ).toEqual([])
  })

  it('reads the files where audit entries are written (control)', () => {
    const files = SOURCE_DIRS.flatMap((dir) => sourceFiles(path.join(ROOT, dir)))
    const audit = files.find((file) => file.endsWith(path.join('app', 'utils', 'audit.server.ts')))
    expect(audit).toBeDefined()
    expect(fs.readFileSync(audit!, 'utf8')).toContain('tx.auditEntry.create(')
    expect(files.some((file) => file.startsWith(path.join(ROOT, 'server')))).toBe(true)
  })

  it('has no update, upsert or delete of AuditEntry under app/ or server/', () => {
    const found = SOURCE_DIRS.flatMap((dir) => sourceFiles(path.join(ROOT, dir))).flatMap((file) =>
      forbiddenUses(fs.readFileSync(file, 'utf8')).map(
        (use) => `${path.relative(ROOT, file)}: ${use}`,
      ),
    )
    expect(found).toEqual([])
  })
})
