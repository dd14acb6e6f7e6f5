import { redirect } from '@remix-run/node'
import { db } from './db.server.ts'
import { verifyPassword } from './password.server.ts'
import { disconnectSession } from './realtime.server.ts'
import type { Actor, RoleKey } from './permissions.ts'
import {
  blankSessionCookie,
  createSession,
  invalidateSession,
  readSessionToken,
  sessionCookie,
  checkSessionOnce,
} from './session.server.ts'
import { clearFailures, minutesLocked, recordFailure } from './throttle.server.ts'

export type CurrentUser = Actor & {
  email: string
  name: string
  title: string | null
  sessionId: string
  organisations: { id: string; name: string; kind: string }[]
}

const currentUsers = new WeakMap<Request, Promise<CurrentUser | null>>()

async function loadCurrentUser(request: Request): Promise<CurrentUser | null> {
  const token = readSessionToken(request.headers.get('Cookie'))
  if (!token) return null
  const session = await checkSessionOnce(token)
  if (!session) return null
  // Only what the request needs: the password hash stays in the database.
  const user = await db.user.findUnique({
    where: { id: session.userId },
    select: {
      id: true,
      email: true,
      name: true,
      title: true,
      active: true,
      memberships: { select: { roleKey: true, organisation: { select: { id: true, name: true, kind: true } } } },
      kommunerAsKeyAccountManager: { select: { id: true } },
    },
  })
  if (!user?.active) return null
  const organisations = [...new Map(user.memberships.map((m) => [m.organisation.id, m.organisation])).values()]
  return {
    id: user.id,
    email: user.email,
    name: user.name,
    title: user.title,
    sessionId: session.id,
    roles: [...new Set(user.memberships.map((m) => m.roleKey as RoleKey))],
    organisationIds: organisations.map((o) => o.id),
    organisations,
    assignedKommuneIds: user.kommunerAsKeyAccountManager.map((k) => k.id),
  }
}

/** The logged-in user, read once per request. */
export function getCurrentUser(request: Request): Promise<CurrentUser | null> {
  let pending = currentUsers.get(request)
  if (!pending) {
    pending = loadCurrentUser(request)
    currentUsers.set(request, pending)
  }
  return pending
}

function loginRedirect(request: Request): string {
  const url = new URL(request.url)
  const back = url.pathname + url.search
  return back === '/' ? '/login' : `/login?redirectTo=${encodeURIComponent(back)}`
}

export async function requireUser(request: Request): Promise<CurrentUser> {
  const user = await getCurrentUser(request)
  if (!user) throw redirect(loginRedirect(request), { headers: { 'Set-Cookie': blankSessionCookie() } })
  return user
}

export async function requireAnonymous(request: Request) {
  if (await getCurrentUser(request)) throw redirect('/')
}

export const LOGIN_ERROR = 'Forkert e-mail eller adgangskode.'

export type LoginResult =
  | { ok: true; cookie: string }
  | { ok: false; error: string }

function lockedMessage(minutes: number) {
  return `For mange mislykkede loginforsøg. Prøv igen om ${minutes} ${minutes === 1 ? 'minut' : 'minutter'}.`
}

/** Checks throttling, then the password; one generic error for unknown e-mail or wrong password. */
export async function login({ email, password, ip }: { email: string; password: string; ip: string }): Promise<LoginResult> {
  const locked = Math.max(await minutesLocked('account', email), await minutesLocked('ip', ip))
  if (locked > 0) return { ok: false, error: lockedMessage(locked) }
  const user = await db.user.findUnique({ where: { email: email.toLowerCase() } })
  const valid = await verifyPassword(user?.active ? user.passwordHash : null, password)
  if (!user || !valid) {
    await recordFailure('account', email)
    await recordFailure('ip', ip)
    return { ok: false, error: LOGIN_ERROR }
  }
  await clearFailures('account', email)
  const { token, session } = await createSession({ userId: user.id })
  return { ok: true, cookie: sessionCookie(token, session.expiresAt) }
}

export async function logout(request: Request): Promise<string> {
  const user = await getCurrentUser(request)
  if (user) {
    await invalidateSession(user.sessionId)
    disconnectSession(user.sessionId)
  }
  return blankSessionCookie()
}

/** Only same-site paths, so a crafted link cannot send a user elsewhere after login. */
export function safeRedirect(to: FormDataEntryValue | string | null | undefined, fallback = '/'): string {
  if (typeof to !== 'string' || !to.startsWith('/') || to.startsWith('//') || to.startsWith('/\\')) return fallback
  return to
}
