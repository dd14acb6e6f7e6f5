/**
 * SQLite driver adapter factory for the wasm schema engine.
 */
import fs from 'node:fs'
import path from 'node:path'
import { PrismaBetterSqlite3 } from '@prisma/adapter-better-sqlite3'
import { quoteIdentifier, sqliteFilePath } from './datasource.js'

/**
 * @typedef {import('@prisma/driver-adapter-utils').SqlDriverAdapter} SqlDriverAdapter
 * @typedef {import('@prisma/driver-adapter-utils').SqlMigrationAwareDriverAdapterFactory} MigrationAwareFactory
 */

/**
 * @param {{ url: string, shadowDatabaseUrl?: string, baseDir: string }} options `url` may be `:memory:`
 * @returns {MigrationAwareFactory}
 */
export function createSqliteFactory({ url, shadowDatabaseUrl, baseDir }) {
  const filePath = url === ':memory:' ? url : sqliteFilePath(url, baseDir)
  // A fresh checkout has no data/ folder; SQLite creates the file but not its directory.
  if (filePath !== ':memory:') fs.mkdirSync(path.dirname(filePath), { recursive: true })
  const main = new PrismaBetterSqlite3({ url: filePath })
  const shadowPath = shadowDatabaseUrl ? sqliteFilePath(shadowDatabaseUrl, baseDir) : ':memory:'
  return {
    provider: 'sqlite',
    adapterName: main.adapterName,
    connect: () => main.connect(),
    connectToShadowDb: () => connectSqliteShadow(shadowPath),
  }
}

/**
 * The wasm SQLite flavour cannot create its own shadow database; it asks the
 * factory. An in-memory database is the natural choice; a configured shadow
 * file is emptied first, like the native engine resets a shadow database.
 * @param {string} shadowPath
 * @returns {Promise<SqlDriverAdapter>}
 */
function connectSqliteShadow(shadowPath) {
  if (shadowPath !== ':memory:') removeSqliteFiles(shadowPath)
  return new PrismaBetterSqlite3({ url: shadowPath }).connect()
}

/**
 * @param {string} filePath
 */
export function removeSqliteFiles(filePath) {
  for (const suffix of ['', '-journal', '-wal', '-shm'])
    fs.rmSync(filePath + suffix, { force: true })
}

/**
 * `reset` of the wasm SQLite flavour only deletes rows (it cannot delete the
 * file it does not own), so `migrate reset` would keep stale tables. Drop every
 * schema object instead, over the engine's own connection: the engine holds
 * the database in exclusive locking mode, a second connection would be refused.
 * Tables listed as external in prisma.config.ts are kept.
 * @param {SqlDriverAdapter} adapter the engine's main connection
 * @param {string[]} externalTables
 */
export async function dropAllSqliteObjects(adapter, externalTables = []) {
  const objects = await adapter.queryRaw({
    sql: "SELECT type, name FROM sqlite_master WHERE type IN ('view', 'table', 'trigger') AND name NOT LIKE 'sqlite_%'",
    args: [],
    argTypes: [],
  })
  const drops = objects.rows
    .map(([type, name]) => ({ type: String(type), name: String(name) }))
    .filter(({ type, name }) => !(type === 'table' && externalTables.includes(name)))
    .sort((a, b) => dropOrder(a.type) - dropOrder(b.type))
    .map(({ type, name }) => `DROP ${type.toUpperCase()} IF EXISTS ${quoteIdentifier(name)};`)
  // Foreign keys would make the drop order matter; the pragma is a no-op inside a transaction, and we are not in one.
  await adapter.executeScript(
    ['PRAGMA foreign_keys = OFF;', ...drops, 'PRAGMA foreign_keys = ON;'].join('\n'),
  )
  await adapter.executeScript('VACUUM;')
}

/** @param {string} type */
function dropOrder(type) {
  return ['trigger', 'view', 'table'].indexOf(type)
}
