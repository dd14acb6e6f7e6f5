import { describe, expect, it } from 'vitest'
import { cachedFigures } from './figures-cache.server.ts'
import { publishInvalidation } from './realtime.server.ts'

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

  it('forgets everything when a write is published', async () => {
    let computed = 0
    const compute = async () => ++computed
    expect(await cachedFigures('k2', compute)).toBe(1)
    publishInvalidation({ topic: 'case', id: 'x', version: 2 }, { everyone: true })
    expect(await cachedFigures('k2', compute)).toBe(2)
  })

  it('does not keep a failed computation', async () => {
    await expect(cachedFigures('k3', () => Promise.reject(new Error('db down')))).rejects.toThrow('db down')
    expect(await cachedFigures('k3', async () => 'ok')).toBe('ok')
  })
})
