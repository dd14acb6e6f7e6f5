import { copenhagenDate } from './dates.ts'
import { onInvalidation } from './realtime.server.ts'
import { singleton } from './singleton.server.ts'

/**
 * Figures computed from many rows (the goals: about 400 ms at national scale, bench/pages.ts),
 * kept per key until any write is published (docs/decisions/0018). A write in this process or,
 * through Redis, in another clears the cache before the browsers are told to reload, so a live
 * dashboard never shows a figure older than the change it was told about. Keys carry the
 * Copenhagen date, because figures for the current year depend on today; a time limit catches
 * anything written without an invalidation.
 */
const MAX_AGE_MS = 5 * 60 * 1000

type Entry = { value: Promise<unknown>; at: number }
const cache = singleton('figures-cache', () => {
  const entries = new Map<string, Entry>()
  onInvalidation(() => entries.clear())
  return entries
})

export function cachedFigures<T>(key: string, compute: () => Promise<T>, now = new Date()): Promise<T> {
  const fullKey = `${key}@${copenhagenDate(now)}`
  const hit = cache.get(fullKey)
  if (hit && Date.now() - hit.at < MAX_AGE_MS) return hit.value as Promise<T>
  // The promise itself is kept, so twenty users opening the dashboard at once compute it once.
  const value = compute()
  cache.set(fullKey, { value, at: Date.now() })
  value.catch(() => cache.delete(fullKey))
  return value
}

export function forgetCachedFigures() {
  cache.clear()
}
