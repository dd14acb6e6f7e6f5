/**
 * Cross-site request forgery guard for every request that changes something: the browser must
 * say the request comes from our own origin. SameSite=Lax cookies already stop most of it; this
 * closes the rest (docs/decisions/0004).
 */
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS'])

export function isSameOriginRequest({
  method,
  host,
  origin,
  secFetchSite,
  allowedOrigins = [],
}: {
  method: string
  host: string | undefined
  origin: string | undefined
  secFetchSite: string | undefined
  allowedOrigins?: string[]
}): boolean {
  if (SAFE_METHODS.has(method.toUpperCase())) return true
  if (secFetchSite && secFetchSite !== 'same-origin' && secFetchSite !== 'none') return false
  if (!origin || !host) return false
  if (allowedOrigins.includes(origin)) return true
  try {
    return new URL(origin).host === host
  } catch {
    return false
  }
}
