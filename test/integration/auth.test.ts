import { describe, expect, it } from 'vitest'
import { login, LOGIN_ERROR, getCurrentUser } from '~/utils/auth.server.ts'
import { db } from '~/utils/db.server.ts'
import { checkSessionForRequest, checkSessionOnce, createSession, SESSION_LIFETIME_MS, validateSessionToken } from '~/utils/session.server.ts'
import { setUserActive } from '~/models/user.server.ts'
import { DEMO_PASSWORD } from '../../prisma/demo-accounts.js'

const requestWith = (cookie: string) => new Request('http://localhost/', { headers: { Cookie: cookie.split(';')[0]! } })

describe('login', () => {
  it('logs a demo user in and the cookie identifies them', async () => {
    const result = await login({ email: 'direktor@ehsyd.demo', password: DEMO_PASSWORD, ip: '10.0.0.1' })
    expect(result.ok).toBe(true)
    if (!result.ok) return
    expect(result.cookie).toMatch(/^kp_session=[a-z2-7]{32}; Path=\/; HttpOnly; SameSite=Lax/)
    const user = await getCurrentUser(requestWith(result.cookie))
    expect(user?.email).toBe('direktor@ehsyd.demo')
    expect(user?.roles).toEqual(['DIRECTOR'])
  })

  it('stores only the hash of the session token', async () => {
    const result = await login({ email: 'kkr@kkr.demo', password: DEMO_PASSWORD, ip: '10.0.0.2' })
    if (!result.ok) throw new Error('login failed')
    const token = result.cookie.split(';')[0]!.split('=')[1]!
    expect(await db.session.findUnique({ where: { id: token } })).toBeNull()
    expect(await db.session.count({ where: { user: { email: 'kkr@kkr.demo' } } })).toBe(1)
  })

  it('gives the same error for an unknown e-mail and a wrong password', async () => {
    const unknown = await login({ email: 'ingen@findes.dk', password: 'whatever', ip: '10.0.0.3' })
    const wrong = await login({ email: 'admin@knudepunkt.demo', password: 'forkert', ip: '10.0.0.3' })
    expect(unknown).toEqual({ ok: false, error: LOGIN_ERROR })
    expect(wrong).toEqual({ ok: false, error: LOGIN_ERROR })
  })

  it('locks an account after five failures, even with the right password', async () => {
    for (let i = 0; i < 5; i++) await login({ email: 'les.vejle@vejle.demo', password: 'forkert', ip: `10.1.0.${i}` })
    const result = await login({ email: 'les.vejle@vejle.demo', password: DEMO_PASSWORD, ip: '10.1.0.99' })
    expect(result.ok).toBe(false)
    if (!result.ok) expect(result.error).toMatch(/^For mange mislykkede loginforsøg\. Prøv igen om 15 minutter\.$/)
  })

  it('locks an IP address that tries many accounts', async () => {
    for (let i = 0; i < 30; i++) await login({ email: `gæt${i}@example.dk`, password: 'x', ip: '10.9.9.9' })
    const result = await login({ email: 'konsulent@ehsyd.demo', password: DEMO_PASSWORD, ip: '10.9.9.9' })
    expect(result.ok).toBe(false)
    const fromElsewhere = await login({ email: 'konsulent@ehsyd.demo', password: DEMO_PASSWORD, ip: '10.9.9.10' })
    expect(fromElsewhere.ok).toBe(true)
  })
})

describe('sessions', () => {
  async function userId(email: string) {
    return (await db.user.findUniqueOrThrow({ where: { email } })).id
  }

  it('expires after 30 days without use', async () => {
    const { token } = await createSession({ userId: await userId('br.trekant@trekant.demo'), now: new Date('2026-01-01T00:00:00Z') })
    expect(await validateSessionToken(token, new Date('2026-01-20T00:00:00Z'))).not.toBeNull()
    expect(await validateSessionToken(token, new Date('2026-03-01T00:00:00Z'))).toBeNull()
  })

  it('is renewed when used in its second half', async () => {
    const start = new Date('2026-05-01T00:00:00Z')
    const { token } = await createSession({ userId: await userId('br.trekant@trekant.demo'), now: start })
    const early = await validateSessionToken(token, new Date(start.getTime() + 5 * 86_400_000))
    expect(early?.renewed).toBe(false)
    const later = new Date(start.getTime() + 20 * 86_400_000)
    const renewed = await validateSessionToken(token, later)
    expect(renewed?.renewed).toBe(true)
    expect(renewed?.expiresAt.getTime()).toBe(later.getTime() + SESSION_LIFETIME_MS)
  })

  it('is checked once per request: the loaders reuse the server’s check until the response ends', async () => {
    const { token } = await createSession({ userId: await userId('br.trekant@trekant.demo') })
    const { check, done } = checkSessionForRequest(token)
    expect(checkSessionOnce(token)).toBe(check)
    expect((await check)?.userId).toBe(await userId('br.trekant@trekant.demo'))
    done()
    const fresh = checkSessionOnce(token)
    expect(fresh).not.toBe(check)
    await db.session.deleteMany({ where: { id: (await fresh)!.id } })
    expect(await checkSessionOnce(token)).toBeNull()
  })

  it('ends at once for every device when the user is deactivated', async () => {
    const id = await userId('les.kolding@kolding.demo')
    const admin = await userId('admin@knudepunkt.demo')
    const a = await createSession({ userId: id })
    const b = await createSession({ userId: id })
    const { version } = await db.user.findUniqueOrThrow({ where: { id } })
    await setUserActive({ actorId: admin, id, version, active: false })
    expect(await validateSessionToken(a.token)).toBeNull()
    expect(await validateSessionToken(b.token)).toBeNull()
    const denied = await login({ email: 'les.kolding@kolding.demo', password: DEMO_PASSWORD, ip: '10.2.0.1' })
    expect(denied.ok).toBe(false)
  })
})
