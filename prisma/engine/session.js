/**
 * One engine session per process: the CLI starts a fresh engine for every
 * command, so the wasm engine and its driver adapter are created lazily on
 * the first request that needs them and live until stdin closes.
 */
import fs from 'node:fs'
import { bindMigrationAwareSqlAdapterFactory } from '@prisma/driver-adapter-utils'
import { addQuirkFixes } from './adapter-shims.js'
import { detectProvider, detectProviderInSchema } from './datasource.js'
import { createPostgresFactory } from './postgres-adapter.js'
import { createSqliteFactory } from './sqlite-adapter.js'
import { loadSchemaEngineClass } from './wasm-engine.js'

/**
 * @typedef {import('@prisma/driver-adapter-utils').SqlDriverAdapter} SqlDriverAdapter
 * @typedef {import('@prisma/driver-adapter-utils').SqlMigrationAwareDriverAdapterFactory} MigrationAwareFactory
 * @typedef {import('@prisma/driver-adapter-utils').ErrorRegistry} ErrorRegistry
 * @typedef {import('./wasm-engine.js').WasmSchemaEngine} WasmSchemaEngine
 * @typedef {import('./datasource.js').Provider} Provider
 *
 * @typedef {object} Engine
 * @property {WasmSchemaEngine} wasm
 * @property {Provider} provider
 * @property {SqlDriverAdapter} mainConnection the connection the engine itself uses
 * @property {ErrorRegistry} errorRegistry
 *
 * @typedef {object} SessionOptions
 * @property {string[]} datamodels
 * @property {{ url?: string, shadowDatabaseUrl?: string } | undefined} datasource
 * @property {string} baseDir
 * @property {(line: string) => void} log receives the engine's JSON log lines
 */

/**
 * @param {SessionOptions} options
 */
export function createSession(options) {
  /** @type {Promise<Engine> | undefined} */
  let starting
  /** @type {Engine | undefined} */
  let started
  /** @type {SqlDriverAdapter[]} */
  const connections = []
  let poisoned = ''

  return {
    /**
     * @param {unknown} [requestParams] used to find the provider when no URL is configured
     * @returns {Promise<Engine>}
     */
    getEngine(requestParams) {
      if (poisoned) return Promise.reject(new Error(poisoned))
      starting ??= startEngine(options, requestParams, connections).then(
        (engine) => (started = engine),
      )
      return starting
    },
    /**
     * Where the engine's "External error id#N" errors can be looked up.
     * @returns {ErrorRegistry | undefined}
     */
    errorRegistry() {
      return started?.errorRegistry
    },
    /**
     * A wasm panic or an error thrown outside a call leaves the engine unusable;
     * later requests fail with this message.
     * @param {string} reason
     */
    poison(reason) {
      poisoned = `The schema engine cannot be used after a previous failure: ${reason}`
    },
    /** Closes every connection this session opened (releases SQLite's exclusive lock). */
    async close() {
      await Promise.allSettled(connections.map((connection) => connection.dispose()))
      connections.length = 0
    },
  }
}

/**
 * @param {SessionOptions} options
 * @param {unknown} requestParams
 * @param {SqlDriverAdapter[]} connections collects opened connections for close()
 * @returns {Promise<Engine>}
 */
async function startEngine(options, requestParams, connections) {
  const { factory, provider } = createFactory(options, requestParams)
  /** @type {SqlDriverAdapter | undefined} */
  let mainConnection
  const recordingFactory = {
    provider: factory.provider,
    adapterName: factory.adapterName,
    connect: async () => {
      const connection = addQuirkFixes(await factory.connect())
      mainConnection ??= connection
      connections.push(connection)
      return connection
    },
    connectToShadowDb: async () => addQuirkFixes(await factory.connectToShadowDb()),
  }
  const bound = bindMigrationAwareSqlAdapterFactory(recordingFactory)
  const SchemaEngine = await loadSchemaEngineClass()
  const datamodels = readDatamodels(options.datamodels)
  const wasm = await SchemaEngine.new(
    { datamodels },
    (/** @type {string} */ line) => options.log(line),
    bound,
  )
  if (!mainConnection) throw new Error('The schema engine did not open a database connection.')
  return { wasm, provider, mainConnection, errorRegistry: bound.errorRegistry }
}

/**
 * @param {SessionOptions} options
 * @param {unknown} requestParams
 * @returns {{ factory: MigrationAwareFactory, provider: Provider }}
 */
function createFactory({ datasource, baseDir, datamodels }, requestParams) {
  const url = datasource?.url
  if (url) {
    const provider = detectProvider(url)
    const factory =
      provider === 'sqlite'
        ? createSqliteFactory({ url, shadowDatabaseUrl: datasource?.shadowDatabaseUrl, baseDir })
        : createPostgresFactory({ url, shadowDatabaseUrl: datasource?.shadowDatabaseUrl })
    return { factory, provider }
  }
  // Without a datasource URL (e.g. `migrate diff --from-empty --to-schema …` and no
  // DATABASE_URL) the engine still needs a connection of the right flavour.
  const schemaTexts = [
    ...(readDatamodels(datamodels) ?? []),
    ...collectSchemaFiles(requestParams),
  ].map(([, text]) => text)
  const provider = schemaTexts.map(detectProviderInSchema).find(Boolean)
  if (provider === 'sqlite') {
    return { factory: createSqliteFactory({ url: ':memory:', baseDir }), provider }
  }
  throw new Error(
    'This command needs a database connection: set `datasource.url` in prisma.config.ts (DATABASE_URL).',
  )
}

/**
 * @param {string[]} paths
 * @returns {[string, string][] | undefined} the engine wants undefined, never an empty list
 */
function readDatamodels(paths) {
  if (paths.length === 0) return undefined
  return paths.map((filePath) => [filePath, fs.readFileSync(filePath, 'utf8')])
}

/**
 * Finds `{ path, content }` schema files anywhere in request params.
 * @param {unknown} value
 * @returns {[string, string][]}
 */
export function collectSchemaFiles(value) {
  if (Array.isArray(value)) return value.flatMap(collectSchemaFiles)
  if (value === null || typeof value !== 'object') return []
  const record = /** @type {Record<string, unknown>} */ (value)
  if (
    typeof record.path === 'string' &&
    typeof record.content === 'string' &&
    record.path.endsWith('.prisma')
  ) {
    return [[record.path, record.content]]
  }
  return Object.values(record).flatMap(collectSchemaFiles)
}
