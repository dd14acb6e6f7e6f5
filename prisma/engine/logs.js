/**
 * Log lines in the shape the Prisma CLI expects on the schema engine's stderr:
 * one JSON object per line, `{ level, fields: { message, ... }, target }`.
 * The CLI keeps `fields.message` of every line for its error output and, for
 * the one-shot `cli` commands, reads `fields.error_code` from the ERROR line.
 */

/** The `target` the CLI looks for when it parses one-shot command errors. */
export const LOGGER_TARGET = 'schema_engine::logger'

/**
 * @param {'INFO' | 'WARN' | 'ERROR'} level
 * @param {string} message
 * @param {Record<string, unknown>} [extraFields]
 * @returns {string} one line of JSON, without the trailing newline
 */
export function formatLogLine(level, message, extraFields = {}) {
  return JSON.stringify({
    timestamp: new Date().toISOString(),
    level,
    fields: { message, ...extraFields },
    target: LOGGER_TARGET,
  })
}

/**
 * @param {'INFO' | 'WARN' | 'ERROR'} level
 * @param {string} message
 * @param {Record<string, unknown>} [extraFields]
 */
export function writeLogLine(level, message, extraFields) {
  process.stderr.write(formatLogLine(level, message, extraFields) + '\n')
}
