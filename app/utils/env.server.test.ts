import { afterEach, describe, expect, it } from 'vitest'
import { pageConcurrency } from './env.server.ts'

const saved = { PAGE_CONCURRENCY: process.env.PAGE_CONCURRENCY, DATABASE_URL: process.env.DATABASE_URL }
afterEach(() => {
  for (const [name, value] of Object.entries(saved)) {
    if (value === undefined) delete process.env[name]
    else process.env[name] = value
  }
})

describe('PAGE_CONCURRENCY', () => {
  it('defaults to one page at a time on SQLite and four on PostgreSQL', () => {
    delete process.env.PAGE_CONCURRENCY
    process.env.DATABASE_URL = 'file:/tmp/knudepunkt.db'
    expect(pageConcurrency()).toBe(1)
    process.env.DATABASE_URL = 'postgresql://knudepunkt@localhost:5432/knudepunkt'
    expect(pageConcurrency()).toBe(4)
  })

  it('takes a positive whole number, and refuses anything else', () => {
    process.env.PAGE_CONCURRENCY = '3'
    expect(pageConcurrency()).toBe(3)
    for (const typo of ['0', '-1', '2.5', 'fire']) {
      process.env.PAGE_CONCURRENCY = typo
      expect(() => pageConcurrency()).toThrow(`PAGE_CONCURRENCY must be a positive whole number, got "${typo}"`)
    }
  })
})
