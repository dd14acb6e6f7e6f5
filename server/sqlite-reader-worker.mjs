// @ts-check
/**
 * A thread with a read-only connection of its own to the SQLite file (server/sqlite-reader.ts,
 * docs/decisions/0024). better-sqlite3 runs a query synchronously on the thread that asks, so
 * the figures' aggregates (hundreds of milliseconds at national scale) run here instead of on the
 * event loop that serves every other request. Plain JavaScript: the worker needs no TypeScript
 * loader, and with only the driver loaded it costs about 20 MB.
 */
import Database from 'better-sqlite3'
import { parentPort, workerData } from 'node:worker_threads'

const port = /** @type {import('node:worker_threads').MessagePort} */ (parentPort)
const db = new Database(workerData.file, { readonly: true, fileMustExist: true, timeout: 5000 })
/** @type {Map<string, import('better-sqlite3').Statement>} */
const statements = new Map()

port.on('message', (/** @type {{ id: number; sql: string; values: unknown[] }} */ { id, sql, values }) => {
  try {
    let statement = statements.get(sql)
    if (!statement) statements.set(sql, (statement = db.prepare(sql)))
    port.postMessage({ id, rows: statement.all(...values) })
  } catch (error) {
    port.postMessage({ id, error: error instanceof Error ? error.message : String(error) })
  }
})
