import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { cachedFigures, FIGURES_TOPIC, liveFigures } from './figures-cache.server.ts'
import { onInvalidation, publishInvalidation, type Invalidation } from './realtime.server.ts'

const write = () => publishInvalidation({ topic: 'case', id: 'x', version: 2 }, { everyone: true })

/** A computation the test finishes by hand. */
function gate<T>() {
  let open!: (value: T) => void
  const promise = new Promise<T>((resolve) => (open = resolve))
  return { promise, open }
}

const announced: Invalidation[] = []
onInvalidation((invalidation) => {
  if (invalidation.topic === FIGURES_TOPIC) announced.push(invalidation)
})

describe('cachedFigures', () => {
  it('computes once per key and day, also for callers arriving at the same time', async () => {
    let computed = 0
    const compute = async () => ++computed
    const now = new Date('2026-05-01T10:00:00Z')
    const [a, b] = await Promise.all([cachedFigures('k1', compute, now), cachedFigures('k1', compute, now)])
    expect([a, b, await cachedFigures('k1', compute, now)]).toEqual([1, 1, 1])
    // Another Copenhagen day is another key: the current year's figures depend on today.
    expect(await cachedFigures('k1', compute, new Date('2026-05-02T10:00:00Z'))).toBe(2)
  })

  it('keeps the figures made today only: on the next day it computes them again', async () => {
    vi.useFakeTimers({ toFake: ['Date'] })
    try {
      let computed = 0
      const compute = async () => ++computed
      const asOf = new Date('2026-07-01T10:00:00Z')
      vi.setSystemTime(new Date('2026-05-04T10:00:00Z'))
      expect(await cachedFigures('kday', compute, asOf)).toBe(1)
      expect(await cachedFigures('kday', compute, asOf)).toBe(1)
      vi.setSystemTime(new Date('2026-05-05T10:00:00Z'))
      expect(await cachedFigures('kday', compute, asOf)).toBe(2)
    } finally {
      vi.useRealTimers()
    }
  })

  it('keeps today\'s figures when figures as of another day are computed (the goals read 1 July\'s referral figures)', async () => {
    let computed = 0
    const compute = async () => ++computed
    const today = new Date()
    const firstOfJuly = new Date(Date.UTC(today.getUTCFullYear(), 6, 1))
    expect(await cachedFigures('ktoday', compute, today)).toBe(1)
    expect(await cachedFigures('kjuly', compute, firstOfJuly)).toBe(2)
    expect(await cachedFigures('ktoday', compute, today)).toBe(1)
    expect(await cachedFigures('kjuly', compute, firstOfJuly)).toBe(2)
  })

  it('forgets everything when a write is published', async () => {
    let computed = 0
    const compute = async () => ++computed
    expect(await cachedFigures('k2', compute)).toBe(1)
    write()
    expect(await cachedFigures('k2', compute)).toBe(2)
  })

  it('stays fresh after writes no figure reads (a director meeting, a comment on a goal)', async () => {
    let computed = 0
    const compute = async () => ++computed
    expect(await cachedFigures('k5', compute)).toBe(1)
    publishInvalidation({ topic: 'meeting', id: 'm', version: 3 }, { everyone: true })
    publishInvalidation({ topic: 'goal-comment', id: '2026', version: 4 }, { everyone: true })
    expect(await cachedFigures('k5', compute)).toBe(1)
  })

  it('does not hand a caller after a write a computation started before it', async () => {
    const first = gate<string>()
    const before = cachedFigures('k4', () => first.promise)
    write()
    const after = cachedFigures('k4', async () => 'after the write')
    first.open('before the write')
    expect([await before, await after]).toEqual(['before the write', 'after the write'])
  })

  it('does not keep a failed computation', async () => {
    await expect(cachedFigures('k3', () => Promise.reject(new Error('db down')))).rejects.toThrow('db down')
    expect(await cachedFigures('k3', async () => 'ok')).toBe('ok')
  })
})

describe('liveFigures', () => {
  // The clock stands still: every computation takes 0 ms, so no rest (REST_FACTOR) is due.
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'Date'] })
  })
  afterEach(() => {
    vi.useRealTimers()
  })

  it('waits only for the first computation, then answers at once with the last figure while one new one runs', async () => {
    let computed = 0
    expect(await liveFigures('live1', async () => ++computed)).toEqual({ value: 1, refreshing: false })
    expect(await liveFigures('live1', async () => ++computed)).toEqual({ value: 1, refreshing: false })
    write()
    const next = gate<number>()
    const run = () => {
      computed++
      return next.promise
    }
    // Two viewers after the write: both see the last figure at once, one computation starts.
    expect(await liveFigures('live1', run)).toEqual({ value: 1, refreshing: true })
    expect(await liveFigures('live1', run)).toEqual({ value: 1, refreshing: true })
    expect(computed).toBe(2)
    announced.length = 0
    next.open(2)
    await next.promise
    await Promise.resolve()
    // Ready: the browsers are told once, and the announcement makes nothing stale.
    expect(announced.map((a) => a.id)).toEqual(['live1'])
    expect(await liveFigures('live1', run)).toEqual({ value: 2, refreshing: false })
    expect(computed).toBe(2)
  })

  it('leaves a figure stale when a write lands during its computation, and computes again on the next view', async () => {
    await liveFigures('live2', async () => 'a')
    write()
    const slow = gate<string>()
    expect(await liveFigures('live2', () => slow.promise)).toEqual({ value: 'a', refreshing: true })
    write()
    // Still one computation at a time.
    expect(await liveFigures('live2', async () => 'never')).toEqual({ value: 'a', refreshing: true })
    slow.open('b')
    await slow.promise
    await Promise.resolve()
    expect(await liveFigures('live2', async () => 'c')).toEqual({ value: 'b', refreshing: true })
    await Promise.resolve()
    expect(await liveFigures('live2', async () => 'd')).toEqual({ value: 'c', refreshing: false })
  })

  it('keeps showing the last figure when a computation fails, and tries again on the next view', async () => {
    await liveFigures('live3', async () => 'ok')
    write()
    expect(await liveFigures('live3', () => Promise.reject(new Error('db down')))).toEqual({ value: 'ok', refreshing: true })
    await Promise.resolve()
    expect(await liveFigures('live3', async () => 'again')).toEqual({ value: 'ok', refreshing: true })
    await Promise.resolve()
    expect(await liveFigures('live3', async () => 'never')).toEqual({ value: 'again', refreshing: false })
  })
})

describe('liveFigures under steady writing', () => {
  afterEach(() => {
    vi.useRealTimers()
  })

  it('rests four times as long as a computation took before starting the next one in the background', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'Date'] })
    const started: number[] = []
    /** A computation of 100 ms (fake time) that returns when it started. */
    const run = async () => {
      started.push(Date.now())
      await vi.advanceTimersByTimeAsync(100)
      return started.length
    }
    const t0 = Date.now()
    expect(await liveFigures('rest1', run)).toEqual({ value: 1, refreshing: false })
    // Ended at t0 + 100 after 100 ms: the next may start at t0 + 500.
    write()
    announced.length = 0
    expect(await liveFigures('rest1', run)).toEqual({ value: 1, refreshing: true })
    expect(started).toEqual([t0])
    // More views and writes meanwhile schedule nothing more.
    write()
    expect(await liveFigures('rest1', run)).toEqual({ value: 1, refreshing: true })
    await vi.advanceTimersByTimeAsync(500 - (Date.now() - t0) - 1)
    expect(started).toEqual([t0])
    await vi.advanceTimersByTimeAsync(1)
    expect(started).toEqual([t0, t0 + 500])
    await vi.advanceTimersByTimeAsync(100)
    expect(announced.map((a) => a.id)).toEqual(['rest1'])
    expect(await liveFigures('rest1', run)).toEqual({ value: 2, refreshing: false })
  })
})
