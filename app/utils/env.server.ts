import path from 'node:path'

/** The database URL, defaulting to the embedded SQLite file under data/. */
export function getDatabaseUrl(): string {
  return process.env.DATABASE_URL ?? `file:${path.resolve('data/knudepunkt.db')}`
}

export function isPostgresUrl(url: string): boolean {
  return /^postgres(ql)?:\/\//.test(url)
}

/** The SQLite file of a `file:` URL. */
export function sqliteFileOf(url: string): string {
  return url.replace(/^file:/, '')
}

/**
 * How many page requests a process works on at once (server/page-queue.ts, docs/decisions/0027):
 * one on SQLite, whose queries run on the event loop; four on PostgreSQL, where a request waiting
 * for the database leaves the thread free. `PAGE_CONCURRENCY` overrides it; a typo is an error,
 * not a silent default.
 */
export function pageConcurrency(): number {
  const configured = process.env.PAGE_CONCURRENCY
  if (!configured) return isPostgresUrl(getDatabaseUrl()) ? 4 : 1
  const value = Number(configured)
  if (!Number.isSafeInteger(value) || value <= 0) throw new Error(`PAGE_CONCURRENCY must be a positive whole number, got ${JSON.stringify(configured)}`)
  return value
}

export function isProduction(): boolean {
  return process.env.NODE_ENV === 'production'
}

/**
 * Secure cookies in production. Browsers accept them on http://localhost too; a plain-HTTP
 * deployment on another host must set SECURE_COOKIES=false (and should not exist).
 */
export function wantsSecureCookies(): boolean {
  return isProduction() && process.env.SECURE_COOKIES !== 'false'
}

/** The address users reach the app at, for links in e-mails and calendar files. */
export function publicUrl(): string {
  return (process.env.PUBLIC_URL ?? `http://localhost:${process.env.PORT ?? 3000}`).replace(/\/$/, '')
}
