/**
 * JSON-RPC 2.0 over stdio, one JSON message per line, as the Prisma CLI's
 * `SchemaEngineCLI` speaks it. Requests are handled one at a time (the wasm
 * engine is not re-entrant). The engine may also send requests to the CLI:
 * `print` asks it to write text to its stdout.
 */
import readline from 'node:readline'

/**
 * @typedef {{ jsonrpc?: string, id?: number | string | null, method?: string, params?: unknown, result?: unknown, error?: unknown }} RpcMessage
 * @typedef {(method: string, params: unknown) => Promise<unknown>} RequestHandler
 * @typedef {(method: string, params: unknown) => Promise<unknown>} OutboundRequest
 */

/** JSON-RPC's own error codes. */
export const PARSE_ERROR = -32700
export const METHOD_NOT_FOUND = -32601

/** Thrown by handlers for methods this engine does not implement. */
export class MethodNotFoundError extends Error {
  /** @param {string} method */
  constructor(method) {
    super(`Method not found: ${method}`)
    this.method = method
  }
}

/**
 * @param {object} options
 * @param {NodeJS.ReadableStream} options.input
 * @param {NodeJS.WritableStream} options.output
 * @param {(request: OutboundRequest) => RequestHandler} options.createHandler
 * @param {(error: unknown) => import('./errors.js').RpcError} options.toRpcError
 * @returns {Promise<void>} resolves when input has ended and every request is answered
 */
export function serveJsonRpc({ input, output, createHandler, toRpcError }) {
  const send = (/** @type {RpcMessage} */ message) =>
    output.write(JSON.stringify({ jsonrpc: '2.0', ...message }) + '\n')
  const outbound = createOutboundRequests(send)
  const handle = createHandler(outbound.request)
  let queue = Promise.resolve()

  const lines = readline.createInterface({ input, crlfDelay: Infinity })
  lines.on('line', (line) => {
    if (line.trim() === '') return
    const message = parseMessage(line)
    if (!message) {
      send({
        id: null,
        error: {
          code: PARSE_ERROR,
          message: 'Parse error',
          data: { is_panic: false, message: line },
        },
      })
    } else if (isResponse(message)) {
      outbound.settle(message)
    } else if (message.method !== undefined && message.id !== undefined) {
      const { id, method, params } = message
      queue = queue.then(() => answerRequest(id, method, params))
    }
    // Notifications (no id) need no answer and the native engine defines none.
  })

  /**
   * @param {RpcMessage['id']} id
   * @param {string} method
   * @param {unknown} params
   */
  async function answerRequest(id, method, params) {
    try {
      const result = await handle(method, params)
      // The CLI treats a response without `result` as invalid; void methods answer {}.
      send({ id, result: result === undefined ? {} : result })
    } catch (error) {
      send({
        id,
        error: error instanceof MethodNotFoundError ? methodNotFound(error) : toRpcError(error),
      })
    }
  }

  return new Promise((resolve) => lines.on('close', () => resolve(queue)))
}

/**
 * @param {MethodNotFoundError} error
 */
function methodNotFound(error) {
  return {
    code: METHOD_NOT_FOUND,
    message: error.message,
    data: { is_panic: false, message: error.message },
  }
}

/**
 * Requests from the engine to the CLI, matched to their responses by id.
 * @param {(message: RpcMessage) => void} send
 */
function createOutboundRequests(send) {
  /** @type {Map<string, { resolve: (value: unknown) => void, reject: (reason: unknown) => void }>} */
  const pending = new Map()
  let nextId = 1
  return {
    /** @type {OutboundRequest} */
    request(method, params) {
      // Prefixed ids cannot collide with the CLI's numeric ids.
      const id = `engine-${nextId++}`
      return new Promise((resolve, reject) => {
        pending.set(id, { resolve, reject })
        send({ id, method, params })
      })
    },
    /** @param {RpcMessage} response */
    settle(response) {
      const waiting = pending.get(String(response.id))
      if (!waiting) return
      pending.delete(String(response.id))
      if (response.error !== undefined) waiting.reject(response.error)
      else waiting.resolve(response.result)
    },
  }
}

/**
 * @param {string} line
 * @returns {RpcMessage | undefined}
 */
export function parseMessage(line) {
  try {
    const value = JSON.parse(line)
    return value !== null && typeof value === 'object' && !Array.isArray(value) ? value : undefined
  } catch {
    return undefined
  }
}

/** @param {RpcMessage} message */
function isResponse(message) {
  return (
    message.method === undefined &&
    message.id !== undefined &&
    ('result' in message || 'error' in message)
  )
}
