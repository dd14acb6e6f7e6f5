import Database from 'better-sqlite3'
import { describe, expect, it, vi } from 'vitest'
import { cacheStatements } from './sqlite-statements.server.ts'

/** A database as Prisma's adapter opens it, with the statement cache on, and a count of real prepares. */
function database() {
  const db = new Database(':memory:')
  db.defaultSafeIntegers(true)
  db.exec('CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT NOT NULL)')
  const prepare = vi.spyOn(db, 'prepare')
  cacheStatements(db)
  return { db, prepares: () => prepare.mock.calls.length }
}

describe('the SQLite statement cache', () => {
  it('prepares each SQL text once and binds each call’s own arguments, as the adapter calls it', () => {
    const { db, prepares } = database()
    const insert = 'INSERT INTO t (id, name) VALUES (?, ?)'
    db.prepare(insert).bind([1, 'en']).run()
    db.prepare(insert).bind([2, 'to']).run()
    const select = 'SELECT id, name FROM t WHERE id >= ? ORDER BY id'
    const first = db.prepare(select).bind([1])
    expect(first.reader).toBe(true)
    expect(first.columns().map((c) => c.name)).toEqual(['id', 'name'])
    expect(first.raw().all()).toEqual([[1n, 'en'], [2n, 'to']])
    expect(db.prepare(select).bind([2]).raw().all()).toEqual([[2n, 'to']])
    expect(prepares()).toBe(2)
  })

  it('runs statements without arguments (the adapter’s BEGIN) and reports SQL errors when the statement runs', () => {
    const { db } = database()
    db.prepare('BEGIN').run()
    db.prepare('INSERT INTO t (id, name) VALUES (?, ?)').bind([1, 'en']).run()
    db.prepare('COMMIT').run()
    expect(() => db.prepare('INSERT INTO t (id, name) VALUES (?, ?)').bind([1, 'igen']).run()).toThrow(/UNIQUE/)
    expect(() => db.prepare('SELECT nope FROM t')).toThrow(/no such column/)
  })
})
