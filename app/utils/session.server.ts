import { sha256 } from '@oslojs/crypto/sha2'
import { encodeBase32LowerCaseNoPadding, encodeHexLowerCase } from '@oslojs/encoding'
import { db } from './db.server.ts'
import { wantsSecureCookies } from './env.server.ts'
import { singleton } from './singleton.server.ts'

/** Sessions in the Lucia style (docs/decisions/0004): the cookie holds a random token, the
 *  database only its SHA-256, so a leaked database cannot be used to log in. */

export const SESSION_COOKIE = 'kp_session'
const DAY_MS = 24 * 60 * 60 * 1000
export const SESSION_LIFETIME_MS = 30 * DAY_MS
/** A session used in its second half is extended, so active users stay logged in. */
const RENEW_WHEN_LEFT_MS = 15 * DAY_MS

export function generateToken(): string {
  const bytes = new Uint8Array(20)
  crypto.getRandomValues(bytes)
  return encodeBase32LowerCaseNoPadding(bytes)
}

export function hashToken(token: string): string {
  return encodeHexLowerCase(sha256(new TextEncoder().encode(token)))
}

export async function createSession({ userId, now = new Date() }: { userId: string; now?: Date }) {
  const token = generateToken()
  const session = await db.session.create({
    data: { id: hashToken(token), userId, expiresAt: new Date(now.getTime() + SESSION_LIFETIME_MS) },
  })
  return { token, session }
}

export type ValidSession = { id: string; userId: string; expiresAt: Date; renewed: boolean }

/** The session behind a token, renewed when it is in its second half; null when unknown,
 *  expired, or its user is deactivated. */
export async function validateSessionToken(token: string, now = new Date()): Promise<ValidSession | null> {
  const id = hashToken(token)
  const session = await db.session.findUnique({ where: { id }, include: { user: { select: { active: true } } } })
  if (!session) return null
  if (session.expiresAt.getTime() <= now.getTime() || !session.user.active) {
    await db.session.deleteMany({ where: { id } })
    return null
  }
  if (session.expiresAt.getTime() - now.getTime() < RENEW_WHEN_LEFT_MS) {
    const expiresAt = new Date(now.getTime() + SESSION_LIFETIME_MS)
    await db.session.update({ where: { id }, data: { expiresAt } })
    return { id, userId: session.userId, expiresAt, renewed: true }
  }
  return { id, userId: session.userId, expiresAt: session.expiresAt, renewed: false }
}

export async function invalidateSession(sessionId: string) {
  await db.session.deleteMany({ where: { id: sessionId } })
}

export async function invalidateUserSessions(userId: string) {
  await db.session.deleteMany({ where: { userId } })
}

export function sessionCookie(token: string, expiresAt: Date): string {
  const parts = [`${SESSION_COOKIE}=${token}`, 'Path=/', 'HttpOnly', 'SameSite=Lax', `Expires=${expiresAt.toUTCString()}`]
  if (wantsSecureCookies()) parts.push('Secure')
  return parts.join('; ')
}

export function blankSessionCookie(): string {
  const parts = [`${SESSION_COOKIE}=`, 'Path=/', 'HttpOnly', 'SameSite=Lax', 'Max-Age=0']
  if (wantsSecureCookies()) parts.push('Secure')
  return parts.join('; ')
}

export function readSessionToken(cookieHeader: string | null | undefined): string | null {
  if (!cookieHeader) return null
  for (const part of cookieHeader.split(';')) {
    const [name, ...rest] = part.trim().split('=')
    if (name === SESSION_COOKIE) return rest.join('=') || null
  }
  return null
}

/**
 * Session checks the server made for requests in flight (server/app.ts renews the cookie before
 * Remix runs), so that the loaders of the same request do not read the session again. An entry
 * lives as long as its response; `checkSessionOnce` falls back to a fresh check.
 */
const checksInFlight = singleton('session-checks-in-flight', () => new Map<string, Promise<ValidSession | null>>())

/** Validates the token for this request and keeps the result until `done` is called. */
export function checkSessionForRequest(token: string): { check: Promise<ValidSession | null>; done: () => void } {
  const check = validateSessionToken(token)
  checksInFlight.set(token, check)
  return { check, done: () => checksInFlight.get(token) === check && checksInFlight.delete(token) }
}

/** The check made for the request in flight, or a fresh one. */
export function checkSessionOnce(token: string): Promise<ValidSession | null> {
  return checksInFlight.get(token) ?? validateSessionToken(token)
}

