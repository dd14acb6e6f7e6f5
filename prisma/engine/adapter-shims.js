/**
 * Wraps a driver adapter connection (before Prisma's error-capturing binding)
 * to absorb behaviour differences between driver adapters and the native
 * engine's own drivers.
 */
import { MIGRATIONS_TABLE_NAME, SQLITE_MIGRATIONS_TABLE_DDL } from './migrations-table.js'

/**
 * @typedef {import('@prisma/driver-adapter-utils').SqlDriverAdapter} SqlDriverAdapter
 * @typedef {import('@prisma/driver-adapter-utils').SqlQuery} SqlQuery
 */

/**
 * @param {SqlDriverAdapter} adapter
 * @returns {SqlDriverAdapter}
 */
export function addQuirkFixes(adapter) {
  /** @type {SqlDriverAdapter} */
  const wrapped = {
    provider: adapter.provider,
    adapterName: adapter.adapterName,
    queryRaw: (query) => queryRawCreatingMigrationsTable(adapter, query),
    executeRaw: (query) => executeRawAllowingScripts(adapter, query),
    executeScript: (script) => adapter.executeScript(script),
    startTransaction: (isolationLevel) => adapter.startTransaction(isolationLevel),
    dispose: () => adapter.dispose(),
  }
  if (adapter.getConnectionInfo) {
    wrapped.getConnectionInfo = () => /** @type {any} */ (adapter).getConnectionInfo()
  }
  return wrapped
}

/**
 * SQLite only: create the migrations table when reading it fails because it is
 * missing, then read again (an empty table reads as "no migration applied").
 * @param {SqlDriverAdapter} adapter
 * @param {SqlQuery} query
 */
async function queryRawCreatingMigrationsTable(adapter, query) {
  try {
    return await adapter.queryRaw(query)
  } catch (error) {
    if (!(adapter.provider === 'sqlite' && isMissingMigrationsTable(error, query.sql))) throw error
    await adapter.executeScript(SQLITE_MIGRATIONS_TABLE_DDL)
    return adapter.queryRaw(query)
  }
}

/**
 * The engine sends whole migration scripts through `executeRaw` when it
 * replays migrations (shadow database) and for `db execute`; better-sqlite3's
 * prepared statements take one statement only. A parameterless script can run
 * through `executeScript` instead.
 * @param {SqlDriverAdapter} adapter
 * @param {SqlQuery} query
 */
async function executeRawAllowingScripts(adapter, query) {
  try {
    return await adapter.executeRaw(query)
  } catch (error) {
    if (query.args.length > 0 || !isMultipleStatementsError(error)) throw error
    await adapter.executeScript(query.sql)
    return 0
  }
}

/**
 * @param {unknown} error
 * @param {string} sql
 */
export function isMissingMigrationsTable(error, sql) {
  const cause = /** @type {{ cause?: { kind?: string, table?: string } }} */ (error)?.cause
  return cause?.kind === 'TableDoesNotExist' && sql.includes(MIGRATIONS_TABLE_NAME)
}

/** @param {unknown} error */
export function isMultipleStatementsError(error) {
  // A comments-only migration ("-- This is an empty migration.") has no statement for prepare().
  return /more than one statement|contains no statements/i.test(String(/** @type {Error} */ (error)?.message ?? error))
}
