/**
 * Imported first by schema-engine.js. The Prisma CLI parses every stderr line
 * of the engine after the first as JSON and fails on anything else, so Node's
 * own warnings (deprecations, experimental features) must never reach stderr.
 */
process.removeAllListeners('warning')
process.on('warning', () => {})
