import { copenhagenDate } from './dates.ts'
import { log } from '../../server/logger.ts'
import { onInvalidation, publishInvalidation } from './realtime.server.ts'
import { singleton } from './singleton.server.ts'

/**
 * Figures computed from many rows (the goals: about a second at national scale, bench/pages.ts),
 * kept per key until a write is published (docs/decisions/0018, 0024). Every published write, in
 * this process or through Redis in another, starts a new generation; a figure computed in an
 * older one is stale. Keys carry the Copenhagen date, because figures for the current year depend
 * on today; a time limit catches anything written without an invalidation.
 *
 * Two ways to read:
 * - `cachedFigures` is always fresh: a stale figure is computed again and waited for (the report
 *   to KKR, the CSV, the tests).
 * - `liveFigures` is for the live dashboard: it answers at once with the last figure, stale or
 *   not, starts one computation in the background, and when that is done tells the browsers on
 *   the topic `figures` to reload. Under steady writing the dashboard lags by a few
 *   computations instead of every viewer waiting for one.
 */
const MAX_AGE_MS = 5 * 60 * 1000
/** Published when fresh figures are ready; it does not make figures stale itself. */
export const FIGURES_TOPIC = 'figures'
/** Writes no figure reads: director meetings and their action items, notifications, the e-mail outbox, comments on goals. */
const UNRELATED_TOPICS: ReadonlySet<string> = new Set([FIGURES_TOPIC, 'meeting', 'action-item', 'notification', 'outbox', 'goal-comment'])

type Computation = { generation: number; value: Promise<unknown>; announced?: boolean }
type Entry = {
  last?: { value: unknown; generation: number; at: number }
  running?: Computation
  /** When the last computation started and how long it took. */
  cost?: { startedAt: number; ms: number }
  /** A background computation waits for its turn. */
  scheduled?: boolean
}

/**
 * Under steady writing the dashboard would keep a core busy recomputing (about a second each
 * time at national scale, bench/load.ts). After a background computation of d ms, the next one
 * for that key starts no sooner than REST_FACTOR × d ms after it ended: at most a fifth of a
 * core per key, whatever the scale. At demo scale that is a few milliseconds.
 */
const REST_FACTOR = 4

const state = singleton('figures-cache', () => {
  const s = { generation: 0, entries: new Map<string, Entry>(), today: '' }
  onInvalidation(({ topic }) => {
    if (!UNRELATED_TOPICS.has(topic)) s.generation++
  })
  return s
})

const isFresh = (last: Entry['last']) => last !== undefined && last.generation === state.generation && Date.now() - last.at < MAX_AGE_MS

/**
 * The entry of a key for the Copenhagen day of `now` (the day its figures are as of: today for
 * the dashboard, 1 July for a past year's referral figures). The cache keeps entries made today
 * only: stale entries are kept for `liveFigures`, so without this it would grow by a day's keys
 * every day. The clock decides, not `now`, so that figures as of another day do not drop today's.
 */
function entryFor(key: string, now: Date): Entry {
  const today = copenhagenDate(new Date())
  if (state.today !== today) {
    state.entries.clear()
    state.today = today
  }
  const dayKey = `${key}@${copenhagenDate(now)}`
  let entry = state.entries.get(dayKey)
  if (!entry) state.entries.set(dayKey, (entry = {}))
  return entry
}

/** Starts a computation for the current generation; concurrent callers of the same generation share it. */
function compute(entry: Entry, run: () => Promise<unknown>): Computation {
  if (entry.running?.generation === state.generation) return entry.running
  const generation = state.generation
  const startedAt = Date.now()
  const running: Computation = { generation, value: run() }
  entry.running = running
  const settle = () => {
    entry.cost = { startedAt, ms: Date.now() - startedAt }
    if (entry.running === running) entry.running = undefined
  }
  running.value.then((result) => {
    if (!entry.last || entry.last.generation <= generation) entry.last = { value: result, generation, at: Date.now() }
    settle()
  }, settle)
  return running
}

/** Tells the open dashboards when the computation is done (once per computation). */
function announce(key: string, running: Computation) {
  if (running.announced) return
  running.announced = true
  running.value.then(
    () => publishInvalidation({ topic: FIGURES_TOPIC, id: key, version: Date.now() }, { everyone: true }),
    (error: unknown) => log.error('figures could not be computed', { key, error: error instanceof Error ? error.message : String(error) }),
  )
}

/** Milliseconds until a background computation may start (REST_FACTOR). */
function restLeft(entry: Entry) {
  if (!entry.cost) return 0
  return Math.max(0, entry.cost.startedAt + entry.cost.ms * (1 + REST_FACTOR) - Date.now())
}

/** Starts the next computation now, or when its rest is over; announces it either way. */
function refreshInBackground(key: string, entry: Entry, run: () => Promise<unknown>) {
  if (entry.running) return announce(key, entry.running)
  if (entry.scheduled) return
  const wait = restLeft(entry)
  if (wait === 0) return announce(key, compute(entry, run))
  entry.scheduled = true
  setTimeout(() => {
    entry.scheduled = false
    if (!isFresh(entry.last)) announce(key, entry.running ?? compute(entry, run))
  }, wait).unref()
}

export function cachedFigures<T>(key: string, run: () => Promise<T>, now = new Date()): Promise<T> {
  const entry = entryFor(key, now)
  if (isFresh(entry.last)) return Promise.resolve(entry.last!.value as T)
  return compute(entry, run).value as Promise<T>
}

/**
 * The last figure at once, and whether newer ones are being computed. Only the very first
 * computation of a key and day is waited for. One computation at a time per key, with a rest
 * after each (REST_FACTOR): a write during it leaves its result stale, and the next view starts
 * or schedules the next one.
 */
export async function liveFigures<T>(key: string, run: () => Promise<T>, now = new Date()): Promise<{ value: T; refreshing: boolean }> {
  const entry = entryFor(key, now)
  const last = entry.last
  if (!last) return { value: (await compute(entry, run).value) as T, refreshing: false }
  if (isFresh(last)) return { value: last.value as T, refreshing: false }
  refreshInBackground(key, entry, run)
  return { value: last.value as T, refreshing: true }
}

export function forgetCachedFigures() {
  state.entries.clear()
}
