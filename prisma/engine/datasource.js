/**
 * Pure helpers for datasource URLs. Kept free of I/O so they can be unit-tested.
 */
import path from 'node:path'

/** @typedef {'sqlite' | 'postgres'} Provider */

/**
 * Query parameters Prisma understands in a PostgreSQL URL but `pg` does not;
 * they are removed before the URL reaches `pg`.
 */
const PRISMA_ONLY_PG_PARAMS = [
  'schema',
  'connection_limit',
  'pool_timeout',
  'pgbouncer',
  'statement_cache_size',
  'socket_timeout',
]

/**
 * @param {string} url
 * @returns {Provider}
 */
export function detectProvider(url) {
  if (url.startsWith('file:')) return 'sqlite'
  if (/^postgres(ql)?:\/\//.test(url)) return 'postgres'
  throw new Error(
    `Unsupported datasource URL scheme in "${redactUrl(url)}": this schema engine handles file: (SQLite) and postgres(ql):// URLs.`,
  )
}

/**
 * Reads the provider of the first `datasource` block of a Prisma schema.
 * @param {string} schemaText
 * @returns {Provider | undefined}
 */
export function detectProviderInSchema(schemaText) {
  const block = /datasource\s+\w+\s*\{([^}]*)\}/.exec(schemaText)
  const provider = block && /provider\s*=\s*"([^"]+)"/.exec(block[1] ?? '')
  if (!provider) return undefined
  if (provider[1] === 'sqlite') return 'sqlite'
  if (provider[1] === 'postgresql' || provider[1] === 'postgres') return 'postgres'
  return undefined
}

/**
 * Absolute path of the SQLite file behind a `file:` URL. Relative paths are
 * resolved against `baseDir`: the CLI starts the engine in the directory of the
 * Prisma config file, the same rule the native engine follows.
 * @param {string} url
 * @param {string} baseDir
 * @returns {string}
 */
export function sqliteFilePath(url, baseDir) {
  const withoutScheme = url.replace(/^file:/, '').replace(/\?.*$/, '')
  const withoutHost = withoutScheme.startsWith('//') ? withoutScheme.slice(2) : withoutScheme
  const decoded = decodeURIComponent(withoutHost)
  return path.resolve(baseDir, decoded)
}

/**
 * Splits a PostgreSQL URL into what `pg` understands and the Prisma-only
 * settings (`?schema=` becomes the adapter's schema and the search_path).
 * @param {string} url
 * @returns {{ connectionString: string, schema: string }}
 */
export function splitPostgresUrl(url) {
  const parsed = new URL(url)
  const schema = parsed.searchParams.get('schema') || 'public'
  for (const name of PRISMA_ONLY_PG_PARAMS) parsed.searchParams.delete(name)
  return { connectionString: parsed.toString(), schema }
}

/**
 * The database name of a PostgreSQL URL (`postgres` when the path is empty,
 * like libpq defaults it for the postgres user).
 * @param {string} url
 * @returns {string}
 */
export function postgresDatabaseName(url) {
  const name = decodeURIComponent(new URL(url).pathname.replace(/^\//, ''))
  return name || 'postgres'
}

/**
 * The same URL pointing at another database on the same server. Used for the
 * shadow database: `PrismaPg.connectToShadowDb()` merges `{ database }` into a
 * config whose connection string wins, so it would reconnect to the main
 * database; the URL has to carry the shadow database name itself.
 * @param {string} url
 * @param {string} databaseName
 * @returns {string}
 */
export function withDatabaseName(url, databaseName) {
  const parsed = new URL(url)
  parsed.pathname = '/' + encodeURIComponent(databaseName)
  return parsed.toString()
}

/**
 * @param {string} url
 * @returns {string} the URL with its password replaced, for messages
 */
export function redactUrl(url) {
  try {
    const parsed = new URL(url)
    if (parsed.password) parsed.password = '****'
    return parsed.toString()
  } catch {
    return url.replace(/\/\/([^:/@]+):[^@]*@/, '//$1:****@')
  }
}

/**
 * Quotes an SQL identifier (same rule for SQLite and PostgreSQL).
 * @param {string} name
 * @returns {string}
 */
export function quoteIdentifier(name) {
  return '"' + name.replaceAll('"', '""') + '"'
}
