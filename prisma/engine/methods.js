/**
 * Maps the JSON-RPC methods the Prisma CLI calls onto the wasm engine, with
 * the workarounds the wasm engine needs to behave like the native binary.
 */
import { createDatabase } from './database-commands.js'
import { MethodNotFoundError } from './rpc-server.js'
import { dropAllSqliteObjects } from './sqlite-adapter.js'

/**
 * @typedef {ReturnType<typeof import('./session.js').createSession>} Session
 * @typedef {import('./rpc-server.js').OutboundRequest} OutboundRequest
 * @typedef {import('./session.js').Engine} Engine
 */

/** Methods whose wasm counterpart has the same name and input. */
const FORWARDED_METHODS = [
  'applyMigrations',
  'dbExecute',
  'devDiagnostic',
  'diagnoseMigrationHistory',
  'ensureConnectionValidity',
  'introspect',
  'introspectSql',
  'markMigrationApplied',
  'markMigrationRolledBack',
  'schemaPush',
]

/** Methods that read the migration-history cache that only `devDiagnostic` fills. */
const CACHE_READING_METHODS = ['createMigration', 'evaluateDataLoss']

/**
 * @param {object} options
 * @param {Session} options.session
 * @param {{ url?: string } | undefined} options.datasource
 * @param {string} options.baseDir
 * @param {OutboundRequest} options.request sends a request to the CLI
 * @returns {(method: string, params: any) => Promise<unknown>}
 */
export function createMethodHandler({ session, datasource, baseDir, request }) {
  return async (method, params) => {
    if (method === 'createDatabase') return createDatabaseFromParams(params, datasource, baseDir)
    if (method === 'getDatabaseDescription') {
      throw new Error('getDatabaseDescription is not supported by the wasm schema engine.')
    }
    if (
      !FORWARDED_METHODS.includes(method) &&
      !CACHE_READING_METHODS.includes(method) &&
      !OTHER_METHODS.has(method)
    ) {
      throw new MethodNotFoundError(method)
    }
    const engine = await session.getEngine(params)
    if (FORWARDED_METHODS.includes(method)) return callEngine(engine, method, params)
    if (CACHE_READING_METHODS.includes(method)) return callWithWarmCache(engine, method, params)
    const special = /** @type {SpecialMethod} */ (OTHER_METHODS.get(method))
    return special(engine, params, request)
  }
}

/**
 * @typedef {(engine: Engine, params: any, request: OutboundRequest) => Promise<unknown>} SpecialMethod
 * @type {Map<string, SpecialMethod>}
 */
const OTHER_METHODS = new Map([
  ['diff', diffAndPrint],
  ['reset', resetDatabase],
  // The wasm engine ignores the datasource argument (it always asks its adapter) and
  // rejects inputs it cannot deserialize, so pass none.
  ['getDatabaseVersion', (engine) => engine.wasm.version(null)],
  ['debugPanic', async (engine) => engine.wasm.debugPanic()],
])

/**
 * Calls a wasm method by name. The call must stay `wasm[method](…)`: detaching
 * the method from the instance loses wasm-bindgen's `this`.
 * @param {Engine} engine
 * @param {string} method
 * @param {unknown} params
 */
function callEngine(engine, method, params) {
  return /** @type {any} */ (engine.wasm)[method](params)
}

/**
 * `createMigration` and `evaluateDataLoss` compute the migration history from a
 * cache and cannot create a SQLite/PostgreSQL shadow database themselves ("…
 * shadow DB must be provided through an external factory"). `devDiagnostic`
 * fills that cache using the adapter factory, so run it and retry once.
 * @param {Engine} engine
 * @param {string} method
 * @param {{ migrationsList: unknown, filters: unknown }} params
 */
async function callWithWarmCache(engine, method, params) {
  try {
    return await callEngine(engine, method, params)
  } catch (error) {
    if (!isMissingShadowFactoryError(error)) throw error
    await engine.wasm.devDiagnostic(
      /** @type {any} */ ({ migrationsList: params.migrationsList, filters: params.filters }),
    )
    return callEngine(engine, method, params)
  }
}

/** @param {unknown} error */
export function isMissingShadowFactoryError(error) {
  return /shadow DB must be provided through an external factory/.test(
    String(/** @type {Error} */ (error)?.message),
  )
}

/**
 * The native engine prints the diff through a `print` request to the CLI
 * (which then also honours `--output`); the wasm engine returns it instead.
 * @type {SpecialMethod}
 */
async function diffAndPrint(engine, params, request) {
  const result = await engine.wasm.diff(params)
  if (result.stdout) await request('print', { content: result.stdout })
  return { exitCode: result.exitCode }
}

/**
 * @type {SpecialMethod}
 */
async function resetDatabase(engine, params) {
  if (engine.provider === 'sqlite') {
    return dropAllSqliteObjects(engine.mainConnection, params?.filter?.externalTables ?? [])
  }
  return engine.wasm.reset(params)
}

/**
 * @param {{ datasource?: { tag: string, url?: string } }} params
 * @param {{ url?: string } | undefined} datasource
 * @param {string} baseDir
 */
async function createDatabaseFromParams(params, datasource, baseDir) {
  const url =
    params?.datasource?.tag === 'ConnectionString' ? params.datasource.url : datasource?.url
  if (!url) throw new Error('createDatabase needs a connection string.')
  return { databaseName: await createDatabase(url, baseDir) }
}
