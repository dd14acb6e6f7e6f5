import type { AddressInfo } from 'node:net'
import express from 'express'
import { afterEach, describe, expect, it, vi } from 'vitest'
import * as loginRoute from '~/routes/login.tsx'
import { db } from '~/utils/db.server.ts'
import { blankSessionCookie, hashToken, readSessionToken, sessionCookie, SESSION_COOKIE, validateSessionToken } from '~/utils/session.server.ts'
import { DEMO_PASSWORD } from '../../prisma/demo-accounts.js'
import { cspNonceOf, securityHeaders, type SecurityHeaderOptions } from '../../server/security-headers.ts'
import { callAction, sessionCookieFor } from '../support/route-calls.ts'

/**
 * Issue 11, web security: the header middleware over real HTTP, the session cookie's attributes
 * under both cookie settings, and a new session on every login (session fixation).
 * test/e2e/security.spec.ts proves the same through the built app in Chromium.
 */

/** A small Express app with only the middleware and routes that answer like ours do. */
async function serve(options: SecurityHeaderOptions) {
  const app = express()
  app.use(securityHeaders(options))
  app.get('/side', (_req, res) => res.type('html').send(`<p>${cspNonceOf(res) ?? 'ingen'}</p>`))
  app.get('/eksport.json', (_req, res) => res.json({ ok: true }))
  app.get('/kalender.ics', (_req, res) => res.type('text/calendar').send('BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n'))
  // Our 404s come from Remix's catch-all, not from Express's final handler (which sets its own policy).
  app.use((_req, res) => res.status(404).type('html').send('<h1>Siden findes ikke</h1>'))
  const server = app.listen(0, '127.0.0.1')
  await new Promise((resolve) => server.once('listening', resolve))
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  return { get: (path: string) => fetch(base + path), close: () => new Promise((resolve) => server.close(resolve)) }
}

function directives(policy: string | null): Map<string, string[]> {
  const map = new Map<string, string[]>()
  for (const part of (policy ?? '').split(';')) {
    const [name, ...values] = part.trim().split(/\s+/)
    if (name) map.set(name, values)
  }
  return map
}

const PRODUCTION = { contentSecurityPolicy: true, strictTransportSecurity: true }

describe('security headers', () => {
  it('sends the full set on a page, an export, a calendar file and a 404', async () => {
    const app = await serve(PRODUCTION)
    try {
      for (const path of ['/side', '/eksport.json', '/kalender.ics', '/findes-ikke']) {
        const response = await app.get(path)
        const headers = Object.fromEntries(response.headers)
        expect(headers, path).toMatchObject({
          'x-content-type-options': 'nosniff',
          'referrer-policy': 'same-origin',
          'x-frame-options': 'DENY',
          'cross-origin-opener-policy': 'same-origin',
          'cross-origin-resource-policy': 'same-origin',
          'permissions-policy': 'camera=(), microphone=(), geolocation=()',
          'strict-transport-security': 'max-age=31536000; includeSubDomains',
        })
        expect(headers['content-security-policy'], path).toContain("frame-ancestors 'none'")
      }
      // The exports still answer as before.
      expect(await (await app.get('/eksport.json')).json()).toEqual({ ok: true })
      expect(await (await app.get('/kalender.ics')).text()).toContain('BEGIN:VCALENDAR')
    } finally {
      await app.close()
    }
  })

  it('allows scripts only from our origin or with this response’s nonce, never inline', async () => {
    const app = await serve(PRODUCTION)
    try {
      const response = await app.get('/side')
      const policy = directives(response.headers.get('content-security-policy'))
      const nonce = /<p>(.+)<\/p>/.exec(await response.text())![1]!
      expect(nonce).toMatch(/^[A-Za-z0-9+/]{22}==$/)
      expect(policy.get('script-src')).toEqual(["'self'", `'nonce-${nonce}'`])
      expect(policy.get('default-src')).toEqual(["'self'"])
      expect(policy.get('object-src')).toEqual(["'none'"])
      expect(policy.get('base-uri')).toEqual(["'self'"])
      expect(policy.get('form-action')).toEqual(["'self'"])
      expect(policy.get('connect-src')).toEqual(["'self'"])
      expect(policy.get('img-src')).toEqual(["'self'", 'data:'])
      expect(policy.get('frame-ancestors')).toEqual(["'none'"])
      // Positive control for the parser: the style directive is there and does allow inline styles.
      expect(policy.get('style-src')).toContain("'unsafe-inline'")
      expect([...policy.keys()].filter((name) => name.startsWith('script'))).toEqual(['script-src'])
    } finally {
      await app.close()
    }
  })

  it('uses a new nonce for every response', async () => {
    const app = await serve(PRODUCTION)
    try {
      const nonces = new Set<string>()
      for (let i = 0; i < 5; i++) nonces.add(directives((await app.get('/side')).headers.get('content-security-policy')).get('script-src')![1]!)
      expect(nonces.size).toBe(5)
    } finally {
      await app.close()
    }
  })

  it('in development sends no policy and no nonce (Vite injects scripts and styles), the other headers still', async () => {
    const app = await serve({ contentSecurityPolicy: false, strictTransportSecurity: false })
    try {
      const response = await app.get('/side')
      expect(response.headers.get('content-security-policy')).toBeNull()
      expect(response.headers.get('strict-transport-security')).toBeNull()
      expect(response.headers.get('x-frame-options')).toBe('DENY')
      expect(await response.text()).toBe('<p>ingen</p>')
    } finally {
      await app.close()
    }
  })
})

describe('the session cookie', () => {
  afterEach(() => {
    vi.unstubAllEnvs()
  })

  const attributes = (cookie: string) => cookie.split('; ').slice(1)
  const expires = new Date('2026-06-01T12:00:00Z')

  it('is HttpOnly, SameSite=Lax and Secure in production', () => {
    vi.stubEnv('NODE_ENV', 'production')
    vi.stubEnv('SECURE_COOKIES', undefined)
    const cookie = sessionCookie('token', expires)
    expect(cookie.startsWith(`${SESSION_COOKIE}=token; `)).toBe(true)
    expect(attributes(cookie)).toEqual(['Path=/', 'HttpOnly', 'SameSite=Lax', 'Expires=Mon, 01 Jun 2026 12:00:00 GMT', 'Secure'])
    expect(attributes(blankSessionCookie())).toEqual(['Path=/', 'HttpOnly', 'SameSite=Lax', 'Max-Age=0', 'Secure'])
  })

  it('drops only Secure when SECURE_COOKIES=false or outside production', () => {
    vi.stubEnv('NODE_ENV', 'production')
    vi.stubEnv('SECURE_COOKIES', 'false')
    expect(attributes(sessionCookie('token', expires))).toEqual(['Path=/', 'HttpOnly', 'SameSite=Lax', 'Expires=Mon, 01 Jun 2026 12:00:00 GMT'])
    vi.stubEnv('NODE_ENV', 'development')
    vi.stubEnv('SECURE_COOKIES', undefined)
    expect(attributes(sessionCookie('token', expires))).toEqual(['Path=/', 'HttpOnly', 'SameSite=Lax', 'Expires=Mon, 01 Jun 2026 12:00:00 GMT'])
    expect(attributes(blankSessionCookie())).toEqual(['Path=/', 'HttpOnly', 'SameSite=Lax', 'Max-Age=0'])
  })
})

describe('session fixation: logging in always starts a new session', () => {
  async function logInWith(cookie: string, email = 'konsulent@ehsyd.demo') {
    const reply = await callAction(loginRoute, { path: '/login', cookie, form: { email, password: DEMO_PASSWORD, redirectTo: '/' } })
    expect(reply.status).toBe(302)
    const setCookie = JSON.parse(reply.body.split('\n')[0]!) as [string, string][]
    const token = readSessionToken(setCookie.find(([name]) => name === 'set-cookie')![1])
    expect(token).toMatch(/^[a-z2-7]{32}$/)
    return token!
  }

  it('a forged token in the browser is not taken over', async () => {
    const forged = 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa'
    const token = await logInWith(`${SESSION_COOKIE}=${forged}`)
    expect(token).not.toBe(forged)
    expect(await db.session.findUnique({ where: { id: hashToken(forged) } })).toBeNull()
  })

  it('a user already logged in who logs in again gets a new token, and the old one stops working', async () => {
    const { cookie } = await sessionCookieFor('konsulent@ehsyd.demo')
    const old = readSessionToken(cookie)!
    expect(await validateSessionToken(old)).not.toBeNull() // positive control: the old session works before
    const token = await logInWith(cookie)
    expect(token).not.toBe(old)
    expect(await validateSessionToken(old)).toBeNull()
    expect((await validateSessionToken(token))?.userId).toBe((await db.user.findUniqueOrThrow({ where: { email: 'konsulent@ehsyd.demo' } })).id)
  })

  it('a session planted by someone else (their own valid token) ends when the victim logs in', async () => {
    const planted = await sessionCookieFor('kkr@kkr.demo')
    const token = await logInWith(planted.cookie, 'direktor@ehsyd.demo')
    expect(await validateSessionToken(readSessionToken(planted.cookie)!)).toBeNull()
    expect(await db.session.count({ where: { userId: planted.userId } })).toBe(0)
    expect(await validateSessionToken(token)).not.toBeNull()
  })

  it('a failed login leaves the existing session alone', async () => {
    const { cookie } = await sessionCookieFor('les.vejle@vejle.demo')
    const reply = await callAction(loginRoute, { path: '/login', cookie, form: { email: 'les.vejle@vejle.demo', password: 'forkert' } })
    expect(reply.status).toBe(401)
    expect(await validateSessionToken(readSessionToken(cookie)!)).not.toBeNull()
  })
})
