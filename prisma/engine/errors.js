/**
 * Turns errors of the wasm engine, the driver adapters and this executable
 * into JSON-RPC errors shaped like the native engine's, which the CLI renders
 * as "P3005\n\n<message>" (user-facing error) or as the plain message.
 */

/** The JSON-RPC error code of the native engine for every engine error. */
const ENGINE_ERROR_CODE = 4466
const ENGINE_ERROR_MESSAGE = 'An error happened. Check the data field for details.'

/** Driver adapter error kinds with a well-known Prisma error code. */
const ADAPTER_KIND_CODES = /** @type {Record<string, string>} */ ({
  AuthenticationFailed: 'P1000',
  DatabaseNotReachable: 'P1001',
  SocketTimeout: 'P1001',
  DatabaseDoesNotExist: 'P1003',
  DatabaseAccessDenied: 'P1010',
})

/**
 * @typedef {{ code: number, message: string, data: { is_panic: false, message: string, error_code?: string, meta?: unknown } }} RpcError
 * @typedef {{ consumeError(id: number): { error: unknown } | undefined }} ErrorRegistry
 */

/** An error with a Prisma error code, thrown by this executable's own code. */
export class UserFacingError extends Error {
  /**
   * @param {string} code e.g. `P1003`
   * @param {string} message
   */
  constructor(code, message) {
    super(message)
    this.code = code
  }
}

/**
 * @param {unknown} error
 * @param {{ errorRegistry?: ErrorRegistry, panicMessage?: string }} [context]
 * @returns {RpcError}
 */
export function toRpcError(error, context = {}) {
  const adapterError = findAdapterError(error, context.errorRegistry)
  if (adapterError) return rpcError(describeAdapterError(adapterError))
  if (isWasmPanic(error)) {
    // Reported as a plain error on purpose: `is_panic` makes the CLI offer to file
    // a bug report against Prisma's native engine, which is not what ran here.
    const reason = context.panicMessage || /** @type {Error} */ (error).message
    return rpcError({ message: `The schema engine (wasm) panicked: ${reason}` })
  }
  const { code, message, meta } =
    /** @type {{ code?: unknown, message?: unknown, meta?: unknown }} */ (error ?? {})
  return rpcError({
    message: typeof message === 'string' ? stripSpanTrace(message) : String(error),
    error_code: typeof code === 'string' && /^P\d{4}$/.test(code) ? code : undefined,
    meta,
  })
}

/**
 * The wasm engine appends a Rust span trace ("   0: sql_schema_connector::…
 * with … at src/….rs:113") to connector errors; the native CLI shows none.
 * @param {string} message
 * @returns {string}
 */
export function stripSpanTrace(message) {
  const lines = message.split('\n')
  const traceStart = lines.findIndex((line) => /^\s+0: \w+(::\w+)+/.test(line))
  return (traceStart >= 0 ? lines.slice(0, traceStart) : lines).join('\n').trimEnd()
}

/**
 * @param {{ message: string, error_code?: string, meta?: unknown }} details
 * @returns {RpcError}
 */
function rpcError({ message, error_code, meta }) {
  /** @type {RpcError['data']} */
  const data = { is_panic: false, message }
  if (error_code) data.error_code = error_code
  if (meta !== undefined) data.meta = meta
  return { code: ENGINE_ERROR_CODE, message: ENGINE_ERROR_MESSAGE, data }
}

/**
 * The engine reports adapter failures as "External error id#N"; the real error
 * waits in the factory's error registry.
 * @param {unknown} error
 * @param {ErrorRegistry | undefined} registry
 */
function findAdapterError(error, registry) {
  const match = /External error id#(\d+)/.exec(String(/** @type {Error} */ (error)?.message ?? ''))
  if (!match || !registry) return undefined
  return registry.consumeError(Number(match[1]))?.error
}

/**
 * @param {unknown} adapterError a DriverAdapterError (with `cause`) or any thrown value
 * @returns {{ message: string, error_code?: string }}
 */
export function describeAdapterError(adapterError) {
  const cause = /** @type {{ cause?: Record<string, unknown> }} */ (adapterError)?.cause
  if (cause && typeof cause === 'object') {
    const kind = String(cause.kind ?? '')
    const original = typeof cause.originalMessage === 'string' ? cause.originalMessage : ''
    const message = original || describeKind(cause)
    return { message, error_code: ADAPTER_KIND_CODES[kind] }
  }
  return { message: String(/** @type {Error} */ (adapterError)?.message ?? adapterError) }
}

/**
 * @param {Record<string, unknown>} cause
 */
function describeKind(cause) {
  const details = Object.entries(cause)
    .filter(([key]) => key !== 'kind')
    .map(([key, value]) => `${key}: ${JSON.stringify(value)}`)
    .join(', ')
  return details ? `${cause.kind} (${details})` : String(cause.kind)
}

/** @param {unknown} error */
export function isWasmPanic(error) {
  return (
    error instanceof WebAssembly.RuntimeError ||
    /** @type {Error} */ (error)?.name === 'RuntimeError'
  )
}
