/**
 * Structured logs: one JSON object per line on stdout. Never log bodies or query strings: they
 * can carry company data that the consent rule protects.
 */
type Level = 'info' | 'warn' | 'error'

function write(level: Level, msg: string, fields: Record<string, unknown>) {
  if (process.env.LOG_LEVEL === 'silent') return
  const line = JSON.stringify({ time: new Date().toISOString(), level, msg, ...fields })
  if (level === 'error') process.stderr.write(line + '\n')
  else process.stdout.write(line + '\n')
}

export const log = {
  info: (msg: string, fields: Record<string, unknown> = {}) => write('info', msg, fields),
  warn: (msg: string, fields: Record<string, unknown> = {}) => write('warn', msg, fields),
  error: (msg: string, fields: Record<string, unknown> = {}) => write('error', msg, fields),
}
