/**
 * PostgreSQL driver adapter factory for the wasm schema engine.
 */
import { randomUUID } from 'node:crypto'
import pg from 'pg'
import { PrismaPg } from '@prisma/adapter-pg'
import { quoteIdentifier, splitPostgresUrl, withDatabaseName } from './datasource.js'

/**
 * @typedef {import('@prisma/driver-adapter-utils').SqlDriverAdapter} SqlDriverAdapter
 * @typedef {import('@prisma/driver-adapter-utils').SqlMigrationAwareDriverAdapterFactory} MigrationAwareFactory
 */

/** OID of PostgreSQL's internal one-byte `"char"` type (pg_class.relkind, pg_constraint.contype, …). */
const INTERNAL_CHAR_OID = 18
const TEXT_OID = 25

/**
 * The engine's introspection queries read catalog columns of type `"char"`,
 * which @prisma/adapter-pg rejects ("Column type 'char' could not be
 * deserialized"). Its values arrive as one-character strings, so reporting the
 * column as `text` is lossless.
 */
export class CharAsTextClient extends pg.Client {
  /** @param {any[]} args */
  query(...args) {
    /** @type {(...queryArgs: any[]) => any} */
    const query = super.query
    const callbackIndex = args.findIndex((arg) => typeof arg === 'function')
    if (callbackIndex >= 0) {
      // pg.Pool#query calls the client with a callback.
      const callback = args[callbackIndex]
      args[callbackIndex] = (/** @type {unknown} */ error, /** @type {unknown} */ result) =>
        callback(error, error ? result : reportCharColumnsAsText(result))
      return query.apply(this, args)
    }
    const pending = query.apply(this, args)
    return typeof pending?.then === 'function' ? pending.then(reportCharColumnsAsText) : pending
  }
}

/**
 * @template T
 * @param {T} result a pg result, or an array of them for multi-statement queries
 * @returns {T}
 */
export function reportCharColumnsAsText(result) {
  for (const single of Array.isArray(result) ? result : [result]) {
    for (const field of single?.fields ?? []) {
      if (field.dataTypeID === INTERNAL_CHAR_OID) field.dataTypeID = TEXT_OID
    }
  }
  return result
}

/**
 * @param {{ url: string, shadowDatabaseUrl?: string }} options
 * @returns {MigrationAwareFactory}
 */
export function createPostgresFactory({ url, shadowDatabaseUrl }) {
  const main = createPrismaPg(url)
  return {
    provider: 'postgres',
    adapterName: main.adapterName,
    connect: () => main.connect(),
    connectToShadowDb: () =>
      shadowDatabaseUrl ? connectConfiguredShadow(shadowDatabaseUrl) : connectTemporaryShadow(url),
  }
}

/**
 * @param {string} url
 */
export function createPrismaPg(url) {
  const { connectionString, schema } = splitPostgresUrl(url)
  /** @type {import('pg').PoolConfig} */
  const config = { connectionString, Client: CharAsTextClient }
  // The engine writes unqualified names (`CREATE TABLE _prisma_migrations`), so a
  // non-default `?schema=` must also be the search_path, as with the native engine.
  if (schema !== 'public') config.options = `-c search_path=${quoteIdentifier(schema)}`
  // Cast: @prisma/adapter-pg bundles its own, slightly different @types/pg.
  return new PrismaPg(/** @type {any} */ (config), { schema })
}

/**
 * `PrismaPg.connectToShadowDb()` creates a database but then connects with
 * `{ ...config, database }`, where our connection string wins: it would replay
 * migrations on the main database. So create the temporary database ourselves
 * and connect with a URL that names it; it is dropped on dispose.
 * @param {string} url
 * @returns {Promise<SqlDriverAdapter>}
 */
async function connectTemporaryShadow(url) {
  const admin = await createPrismaPg(url).connect()
  const name = `prisma_migrate_shadow_db_${randomUUID()}`
  const dropShadow = async () => {
    try {
      await admin.executeScript(`DROP DATABASE IF EXISTS ${quoteIdentifier(name)}`)
    } finally {
      await admin.dispose()
    }
  }
  try {
    await admin.executeScript(`CREATE DATABASE ${quoteIdentifier(name)}`)
    const shadow = await createPrismaPg(withDatabaseName(url, name)).connect()
    return addDisposeStep(shadow, dropShadow)
  } catch (error) {
    await dropShadow().catch(() => {})
    throw error
  }
}

/**
 * A configured shadow database is reused; empty its schema first, as the
 * native engine resets it before replaying migrations.
 * @param {string} shadowUrl
 * @returns {Promise<SqlDriverAdapter>}
 */
async function connectConfiguredShadow(shadowUrl) {
  const { schema } = splitPostgresUrl(shadowUrl)
  const shadow = await createPrismaPg(shadowUrl).connect()
  await shadow.executeScript(
    `DROP SCHEMA IF EXISTS ${quoteIdentifier(schema)} CASCADE; CREATE SCHEMA ${quoteIdentifier(schema)};`,
  )
  return shadow
}

/**
 * @param {SqlDriverAdapter} adapter
 * @param {() => Promise<void>} step runs after the adapter's own dispose
 * @returns {SqlDriverAdapter}
 */
function addDisposeStep(adapter, step) {
  const disposeAdapter = adapter.dispose.bind(adapter)
  adapter.dispose = async () => {
    try {
      await disposeAdapter()
    } finally {
      await step()
    }
  }
  return adapter
}
