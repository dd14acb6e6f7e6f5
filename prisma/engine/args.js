/**
 * Command-line parsing for the schema engine executable. The Prisma CLI calls
 * the native binary in three ways (see prisma/build/index.js, `SchemaEngineCLI`
 * and `canConnectToDatabase`):
 *
 *   schema-engine --version
 *   schema-engine --datasource '{"url":"…"}' cli can-connect-to-database
 *   schema-engine [--datamodels <path>]… [--datasource <json>] [--enabled-preview-features a,b]
 *                 [--extension-types <json>]            (JSON-RPC over stdio)
 */

/** Sub-commands of `cli` that the CLI uses. */
export const CLI_COMMANDS = ['can-connect-to-database', 'create-database', 'drop-database']

/**
 * @typedef {{ url?: string, shadowDatabaseUrl?: string }} DatasourceArg
 * @typedef {object} EngineArgs
 * @property {'version' | 'cli' | 'rpc'} mode
 * @property {string[]} datamodels schema file paths, in the order given
 * @property {DatasourceArg | undefined} datasource
 * @property {string[]} previewFeatures
 * @property {string | undefined} cliCommand set when mode is 'cli'
 */

/**
 * @param {string[]} argv process.argv without node and script path
 * @returns {EngineArgs}
 */
export function parseArgs(argv) {
  /** @type {EngineArgs} */
  const args = {
    mode: 'rpc',
    datamodels: [],
    datasource: undefined,
    previewFeatures: [],
    cliCommand: undefined,
  }
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]
    const next = () => {
      const value = argv[++i]
      if (value === undefined) throw new Error(`Missing value for ${arg}`)
      return value
    }
    if (arg === '--version' || arg === '-V' || arg === 'version') {
      args.mode = 'version'
    } else if (arg === '--datamodels') {
      // The CLI repeats the flag per file; clap also accepts several values after one flag.
      args.datamodels.push(next())
      for (
        let value = argv[i + 1];
        value !== undefined && !value.startsWith('-') && value !== 'cli';
        value = argv[i + 1]
      ) {
        args.datamodels.push(value)
        i++
      }
    } else if (arg === '--datasource') {
      args.datasource = parseDatasourceArg(next())
    } else if (arg === '--enabled-preview-features') {
      args.previewFeatures = next().split(',').filter(Boolean)
    } else if (arg === '--extension-types') {
      next() // Only meaningful for PostgreSQL extensions config; the wasm engine has no input for it.
    } else if (arg === 'cli') {
      args.mode = 'cli'
      args.cliCommand = argv[++i]
      if (!CLI_COMMANDS.includes(args.cliCommand ?? '')) {
        throw new Error(`Unknown cli command: ${args.cliCommand ?? '(none)'}`)
      }
    } else {
      throw new Error(`Unknown argument: ${arg}`)
    }
  }
  return args
}

/**
 * @param {string} json the value of `--datasource`
 * @returns {DatasourceArg}
 */
export function parseDatasourceArg(json) {
  const value = JSON.parse(json)
  if (value === null || typeof value !== 'object')
    throw new Error('--datasource must be a JSON object')
  return {
    url: typeof value.url === 'string' ? value.url : undefined,
    shadowDatabaseUrl:
      typeof value.shadowDatabaseUrl === 'string' ? value.shadowDatabaseUrl : undefined,
  }
}
