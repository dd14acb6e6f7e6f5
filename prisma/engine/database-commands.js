/**
 * The one-shot `cli` commands (`can-connect-to-database`, `create-database`,
 * `drop-database`). The CLI runs them before `migrate dev`/`deploy`/`db push`
 * and creates the database when the check answers P1003. They talk to the
 * database directly; the wasm engine has no equivalent.
 */
import fs from 'node:fs'
import path from 'node:path'
import Database from 'better-sqlite3'
import pg from 'pg'
import { UserFacingError } from './errors.js'
import {
  detectProvider,
  postgresDatabaseName,
  quoteIdentifier,
  splitPostgresUrl,
  sqliteFilePath,
  withDatabaseName,
} from './datasource.js'
import { removeSqliteFiles } from './sqlite-adapter.js'

/** PostgreSQL SQLSTATEs and socket errors with a Prisma error code. */
const PG_ERROR_CODES = /** @type {Record<string, string>} */ ({
  '28P01': 'P1000',
  28000: 'P1000',
  '3D000': 'P1003',
  '42P04': 'P1009',
  42501: 'P1010',
  ECONNREFUSED: 'P1001',
  ENOTFOUND: 'P1001',
  ETIMEDOUT: 'P1001',
  EHOSTUNREACH: 'P1001',
})

/**
 * @param {string} url
 * @param {string} baseDir
 */
export async function canConnectToDatabase(url, baseDir) {
  if (detectProvider(url) === 'sqlite') {
    const filePath = sqliteFilePath(url, baseDir)
    if (!fs.existsSync(filePath)) {
      throw new UserFacingError(
        'P1003',
        `Database ${path.basename(filePath)} does not exist at ${filePath}`,
      )
    }
    new Database(filePath, { fileMustExist: true }).close()
    return
  }
  await withPostgresClient(url, (client) => client.query('SELECT 1'))
}

/**
 * @param {string} url
 * @param {string} baseDir
 * @returns {Promise<string>} the database name
 */
export async function createDatabase(url, baseDir) {
  if (detectProvider(url) === 'sqlite') {
    const filePath = sqliteFilePath(url, baseDir)
    fs.mkdirSync(path.dirname(filePath), { recursive: true })
    new Database(filePath).close()
    return path.basename(filePath)
  }
  const name = postgresDatabaseName(url)
  // CREATE DATABASE cannot run in the database being created: use the maintenance database.
  await withPostgresClient(withDatabaseName(url, 'postgres'), (client) =>
    client.query(`CREATE DATABASE ${quoteIdentifier(name)}`),
  )
  return name
}

/**
 * @param {string} url
 * @param {string} baseDir
 */
export async function dropDatabase(url, baseDir) {
  if (detectProvider(url) === 'sqlite') {
    removeSqliteFiles(sqliteFilePath(url, baseDir))
    return
  }
  const name = postgresDatabaseName(url)
  await withPostgresClient(withDatabaseName(url, 'postgres'), (client) =>
    client.query(`DROP DATABASE IF EXISTS ${quoteIdentifier(name)}`),
  )
}

/**
 * @template T
 * @param {string} url
 * @param {(client: pg.Client) => Promise<T>} work
 * @returns {Promise<T>}
 */
async function withPostgresClient(url, work) {
  const client = new pg.Client({ connectionString: splitPostgresUrl(url).connectionString })
  try {
    await client.connect()
    return await work(client)
  } catch (error) {
    throw toUserFacingPostgresError(error, url)
  } finally {
    await client.end().catch(() => {})
  }
}

/**
 * @param {unknown} error
 * @param {string} url
 */
export function toUserFacingPostgresError(error, url) {
  const { code, message } = /** @type {{ code?: string, message?: string }} */ (error ?? {})
  const prismaCode = code ? PG_ERROR_CODES[code] : undefined
  if (!prismaCode) return error
  const { hostname, port } = new URL(url)
  const where = `${hostname}:${port || 5432}`
  if (prismaCode === 'P1003') {
    return new UserFacingError(
      prismaCode,
      `Database \`${postgresDatabaseName(url)}\` does not exist on the database server at \`${where}\`.`,
    )
  }
  if (prismaCode === 'P1001') {
    return new UserFacingError(
      prismaCode,
      `Can't reach database server at \`${where}\`: ${message}`,
    )
  }
  return new UserFacingError(prismaCode, message ?? String(error))
}
