/**
 * Loads `@prisma/schema-engine-wasm`. Its entry module imports the `.wasm`
 * file as an ES module, which plain Node refuses without
 * --experimental-wasm-modules, so we instantiate it by hand the way Prisma's
 * own `wasmSchemaEngineLoader` does: the `_bg.js` glue is the import object.
 */
import fs from 'node:fs'
import { createRequire } from 'node:module'
import path from 'node:path'

const require = createRequire(import.meta.url)

/** @typedef {import('@prisma/schema-engine-wasm').SchemaEngine} WasmSchemaEngine */

/** @type {Promise<typeof import('@prisma/schema-engine-wasm').SchemaEngine> | undefined} */
let loading

/**
 * @returns {Promise<typeof import('@prisma/schema-engine-wasm').SchemaEngine>}
 */
export function loadSchemaEngineClass() {
  // wasm-bindgen keeps module-level state; instantiating twice breaks it.
  loading ??= instantiateWasm()
  return loading
}

async function instantiateWasm() {
  installPanicRegistry()
  const gluePath = require.resolve('@prisma/schema-engine-wasm/schema_engine_bg')
  const glue = await import(gluePath)
  const bytes = fs.readFileSync(gluePath.replace(/\.js$/, '.wasm'))
  const instance = new WebAssembly.Instance(new WebAssembly.Module(bytes), {
    './schema_engine_bg.js': glue,
  })
  glue.__wbg_set_wasm(instance.exports)
  const start = /** @type {() => void} */ (instance.exports.__wbindgen_start)
  start()
  return glue.SchemaEngine
}

/** The last Rust panic message, set by the engine's panic hook. */
let lastPanicMessage = ''

/**
 * The engine's panic hook calls `global.PRISMA_WASM_PANIC_REGISTRY.set_message`;
 * without it the hook itself throws and the reason of the panic is lost.
 */
function installPanicRegistry() {
  const registry = { set_message: (/** @type {string} */ message) => (lastPanicMessage = message) }
  Object.assign(globalThis, { PRISMA_WASM_PANIC_REGISTRY: registry })
}

/** @returns {string} */
export function takePanicMessage() {
  const message = lastPanicMessage
  lastPanicMessage = ''
  return message
}

/**
 * The engines commit hash, read from the package version
 * (`7.10.0-4.<hash>`) so `--version` does not need to load the wasm.
 * @returns {string}
 */
export function engineCommitHash() {
  // package.json is not in the package's `exports`, so locate it next to the glue module.
  const packageJsonPath = path.join(
    path.dirname(require.resolve('@prisma/schema-engine-wasm/schema_engine_bg')),
    'package.json',
  )
  const pkg = JSON.parse(fs.readFileSync(packageJsonPath, 'utf8'))
  return commitHashFromVersion(pkg.version)
}

/**
 * @param {string} packageVersion e.g. `7.10.0-4.0edf323efd1d98336f3f0a68684b56f689b900d3`
 * @returns {string}
 */
export function commitHashFromVersion(packageVersion) {
  const match = /\.([0-9a-f]{40})$/.exec(packageVersion)
  return match?.[1] ?? packageVersion
}
