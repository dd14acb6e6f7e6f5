#!/usr/bin/env node
/**
 * Stand-in for Prisma's native `schema-engine` binary, which cannot be
 * downloaded here. It speaks the binary's command line and JSON-RPC protocol
 * and runs `@prisma/schema-engine-wasm` on a driver adapter
 * (better-sqlite3 for file: URLs, pg for postgres:// URLs).
 *
 * prisma.config.ts points PRISMA_SCHEMA_ENGINE_BINARY here.
 * See docs/decisions/0002-prisma-wasm-schema-engine.md.
 */
import './silence-node-warnings.js'
import { parseArgs } from './args.js'
import { canConnectToDatabase, createDatabase, dropDatabase } from './database-commands.js'
import { toRpcError } from './errors.js'
import { formatLogLine, writeLogLine } from './logs.js'
import { createMethodHandler } from './methods.js'
import { serveJsonRpc } from './rpc-server.js'
import { createSession } from './session.js'
import { engineCommitHash, takePanicMessage } from './wasm-engine.js'

/**
 * @param {string[]} argv
 * @returns {Promise<number>} the exit code
 */
async function main(argv) {
  const args = parseArgs(argv)
  if (args.mode === 'version') {
    // Same shape as the native binary; the CLI shows it in `prisma --version`.
    process.stdout.write(`schema-engine-cli ${engineCommitHash()}\n`)
    return 0
  }
  if (args.mode === 'cli')
    return runCliCommand(/** @type {string} */ (args.cliCommand), args.datasource?.url)
  await serveRpc(args)
  return 0
}

/**
 * One-shot commands report failure through stderr: the CLI drops the first
 * line and reads `fields.error_code` / `fields.message` of an ERROR line.
 * @param {string} command
 * @param {string | undefined} url
 * @returns {Promise<number>}
 */
async function runCliCommand(command, url) {
  writeLogLine('INFO', `Starting schema engine (wasm) for cli ${command}`)
  try {
    if (!url) throw new Error('The --datasource argument must contain a url.')
    const baseDir = process.cwd()
    if (command === 'can-connect-to-database') await canConnectToDatabase(url, baseDir)
    else if (command === 'create-database') await createDatabase(url, baseDir)
    else await dropDatabase(url, baseDir)
    return 0
  } catch (error) {
    const { data } = toRpcError(error)
    writeLogLine('ERROR', data.message, data.error_code ? { error_code: data.error_code } : {})
    return 1
  }
}

/**
 * @param {import('./args.js').EngineArgs} args
 */
async function serveRpc(args) {
  const baseDir = process.cwd()
  const session = createSession({
    datamodels: args.datamodels,
    datasource: args.datasource,
    baseDir,
    log: (line) => process.stderr.write(line.endsWith('\n') ? line : line + '\n'),
  })
  try {
    await serveJsonRpc({
      input: process.stdin,
      output: process.stdout,
      createHandler: (request) =>
        failRunningRequestOnUncaughtError(
          createMethodHandler({ session, datasource: args.datasource, baseDir, request }),
          // The wasm object stays borrowed by the call that never finished.
          (error) => session.poison(String(/** @type {Error} */ (error)?.message ?? error)),
        ),
      toRpcError: (error) => {
        const panicMessage = takePanicMessage()
        if (panicMessage) session.poison(panicMessage)
        return toRpcError(error, { errorRegistry: session.errorRegistry(), panicMessage })
      },
    })
  } finally {
    await session.close()
  }
}

/**
 * wasm-bindgen reports params that do not deserialize by throwing from a
 * callback, outside the promise of the call. Turn that into the failure of the
 * request being handled instead of a crash of the whole engine.
 * @param {(method: string, params: unknown) => Promise<unknown>} handle
 * @param {(error: unknown) => void} onUncaughtError
 * @returns {(method: string, params: unknown) => Promise<unknown>}
 */
function failRunningRequestOnUncaughtError(handle, onUncaughtError) {
  /** @type {((error: unknown) => void) | undefined} */
  let failRunningRequest
  process.on('uncaughtException', (error) => {
    if (!failRunningRequest) exitWithError(error)
    else {
      onUncaughtError(error)
      failRunningRequest(error)
    }
  })
  return async (method, params) => {
    try {
      return await new Promise((resolve, reject) => {
        failRunningRequest = reject
        handle(method, params).then(resolve, reject)
      })
    } finally {
      failRunningRequest = undefined
    }
  }
}

/** @param {unknown} error */
function exitWithError(error) {
  process.stderr.write(
    formatLogLine('ERROR', String(/** @type {Error} */ (error)?.stack ?? error)) + '\n',
  )
  process.exit(1)
}

main(process.argv.slice(2)).then((code) => process.exit(code), exitWithError)
