import { randomBytes } from 'node:crypto'
import type { NextFunction, Request, Response } from 'express'

/**
 * Security headers on every response the Express server sends: pages, exports, assets, /healthz
 * and errors alike (issue 11). The Content-Security-Policy allows only our own scripts and the
 * inline scripts Remix and Mantine render with this request's nonce (app/entry.server.tsx,
 * app/root.tsx).
 */

/** A fresh nonce per response, unguessable (128 bits), base64 as CSP expects. */
export function createCspNonce(): string {
  return randomBytes(16).toString('base64')
}

/**
 * The policy for one response.
 * - Scripts: our own files and inline scripts carrying the nonce; never 'unsafe-inline'.
 * - Styles: 'unsafe-inline' on purpose. The server-rendered HTML carries style="" attributes
 *   (Mantine style props, React style objects), which no nonce can cover, and the drag-and-drop
 *   on the meeting agenda inserts <style> elements of its own.
 * - connect-src 'self' covers the socket.io WebSocket on the same host and port (ws:/wss: are
 *   matched by 'self' since CSP 3; Chrome 71, Firefox, Safari 16) and its polling fallback.
 * - img-src data: for the small SVG icons Mantine's CSS embeds.
 */
export function contentSecurityPolicy(nonce: string): string {
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}'`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ')
}

/** The headers that do not depend on the request. */
export function staticSecurityHeaders({ strictTransportSecurity }: { strictTransportSecurity: boolean }): Record<string, string> {
  return {
    'X-Content-Type-Options': 'nosniff',
    // Nothing outside Knudepunkt needs to know which page a link was followed from; paths hold
    // record ids and calendar tokens.
    'Referrer-Policy': 'same-origin',
    'X-Frame-Options': 'DENY',
    'Cross-Origin-Opener-Policy': 'same-origin',
    'Cross-Origin-Resource-Policy': 'same-origin',
    'Permissions-Policy': 'camera=(), microphone=(), geolocation=()',
    // Only where cookies are Secure (production): a plain-HTTP deployment must not pin HTTPS.
    ...(strictTransportSecurity ? { 'Strict-Transport-Security': 'max-age=31536000; includeSubDomains' } : {}),
  }
}

export type SecurityHeaderOptions = {
  /** Off in development: Vite's dev server injects inline scripts and <style> elements without a nonce. */
  contentSecurityPolicy: boolean
  strictTransportSecurity: boolean
}

/** Express middleware: sets the headers and leaves the nonce in `res.locals.cspNonce` for Remix. */
export function securityHeaders(options: SecurityHeaderOptions) {
  const fixed = Object.entries(staticSecurityHeaders(options))
  return (_req: Request, res: Response, next: NextFunction) => {
    for (const [name, value] of fixed) res.setHeader(name, value)
    if (options.contentSecurityPolicy) {
      const nonce = createCspNonce()
      res.locals.cspNonce = nonce
      res.setHeader('Content-Security-Policy', contentSecurityPolicy(nonce))
    }
    next()
  }
}

/** The nonce the middleware chose for this response, if a policy is sent. */
export function cspNonceOf(res: Response): string | undefined {
  return typeof res.locals.cspNonce === 'string' ? res.locals.cspNonce : undefined
}
