import { db } from './db.server.ts'

/** Failed-login throttling per account and per IP (docs/decisions/0004). */
const WINDOW_MS = 15 * 60 * 1000
const LOCK_MS = 15 * 60 * 1000
export const LIMITS = { account: 5, ip: 30 } as const

type Kind = keyof typeof LIMITS
const keyOf = (kind: Kind, value: string) => `${kind}:${value.toLowerCase()}`

/** Minutes until the key may try again, or 0 when it is not locked. */
export async function minutesLocked(kind: Kind, value: string, now = new Date()): Promise<number> {
  const row = await db.loginThrottle.findUnique({ where: { key: keyOf(kind, value) } })
  if (!row?.lockedUntil || row.lockedUntil <= now) return 0
  return Math.ceil((row.lockedUntil.getTime() - now.getTime()) / 60_000)
}

export async function recordFailure(kind: Kind, value: string, now = new Date()) {
  const key = keyOf(kind, value)
  await db.$transaction(async (tx) => {
    const row = await tx.loginThrottle.findUnique({ where: { key } })
    const windowOpen = row && now.getTime() - row.windowStart.getTime() < WINDOW_MS
    const failures = windowOpen ? row.failures + 1 : 1
    const lockedUntil = failures >= LIMITS[kind] ? new Date(now.getTime() + LOCK_MS) : null
    const data = { failures, windowStart: windowOpen ? row.windowStart : now, lockedUntil }
    await tx.loginThrottle.upsert({ where: { key }, create: { key, ...data }, update: data })
  })
}

export async function clearFailures(kind: Kind, value: string) {
  await db.loginThrottle.deleteMany({ where: { key: keyOf(kind, value) } })
}
