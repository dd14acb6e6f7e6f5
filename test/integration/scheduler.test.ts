import { describe, expect, it } from 'vitest'
import { db } from '~/utils/db.server.ts'
import { cleanUpSessions } from '../../server/jobs.ts'
import { acquireLease, Scheduler, type Job } from '../../server/scheduler.ts'

const HOUR = 60 * 60 * 1000

function countingJob(name: string, outcome: () => Promise<string> = async () => 'ok'): Job & { runs: Date[] } {
  const runs: Date[] = []
  return {
    name,
    label: name,
    intervalMs: HOUR,
    runs,
    async run({ now }) {
      runs.push(now)
      return outcome()
    },
  }
}

function clockAt(start: string) {
  let now = new Date(start)
  return { clock: () => now, advance: (ms: number) => (now = new Date(now.getTime() + ms)) }
}

describe('scheduler', () => {
  it('runs a job at start-up, then again only when its interval has passed', async () => {
    const job = countingJob('interval-job')
    const time = clockAt('2026-03-01T08:00:00Z')
    const scheduler = new Scheduler([job], { holder: 'me', clock: time.clock })
    expect(await scheduler.runJob(job.name)).toEqual({ status: 'ran', ok: true, result: 'ok' })
    time.advance(30 * 60 * 1000)
    expect(await scheduler.runJob(job.name)).toEqual({ status: 'not-due' })
    time.advance(31 * 60 * 1000)
    expect((await scheduler.runJob(job.name)).status).toBe('ran')
    expect(job.runs.map((d) => d.toISOString())).toEqual(['2026-03-01T08:00:00.000Z', '2026-03-01T09:01:00.000Z'])
  })

  it('does not run a job whose lease another process holds', async () => {
    const job = countingJob('leased-job')
    const time = clockAt('2026-03-02T08:00:00Z')
    await db.jobLease.create({ data: { name: job.name, holder: 'other-process', leaseUntil: new Date('2026-03-02T08:05:00Z') } })
    const scheduler = new Scheduler([job], { holder: 'me', clock: time.clock })
    expect(await scheduler.runJob(job.name, { force: true })).toEqual({ status: 'held' })
    expect(job.runs).toHaveLength(0)
    // Once the other lease has run out, this process may take it.
    time.advance(6 * 60 * 1000)
    expect((await scheduler.runJob(job.name)).status).toBe('ran')
    expect(job.runs).toHaveLength(1)
  })

  it('gives the lease to exactly one of two processes asking at once', async () => {
    const now = new Date('2026-03-03T08:00:00Z')
    const results = await Promise.all(['a', 'b', 'c'].map((holder) => acquireLease({ name: 'race-job', holder, now, leaseMs: 60_000 })))
    expect(results.filter(Boolean)).toHaveLength(1)
  })

  it('runs a due job once when several processes start at the same moment', async () => {
    const job = countingJob('start-up-job', async () => {
      await new Promise((resolve) => setTimeout(resolve, 20))
      return 'ok'
    })
    const time = clockAt('2026-03-04T08:00:00Z')
    const processes = ['a', 'b', 'c', 'd'].map((holder) => new Scheduler([job], { holder, clock: time.clock }))
    // One after another too: the last ones look after the first has finished and released its lease.
    await Promise.all(processes.map((scheduler, i) => new Promise((resolve) => setTimeout(resolve, i * 15)).then(() => scheduler.runDue())))
    expect(job.runs).toHaveLength(1)
    expect(await db.jobRun.count({ where: { name: job.name } })).toBe(1)
  })

  it('records a failed run with its message and releases the lease', async () => {
    const job = countingJob('failing-job', async () => {
      throw new Error('SMTP svarede ikke')
    })
    const scheduler = new Scheduler([job], { holder: 'me', clock: clockAt('2026-03-04T08:00:00Z').clock })
    expect(await scheduler.runJob(job.name)).toEqual({ status: 'ran', ok: false, result: 'SMTP svarede ikke' })
    const run = await db.jobRun.findFirstOrThrow({ where: { name: job.name } })
    expect(run).toMatchObject({ ok: false, result: 'SMTP svarede ikke', holder: 'me' })
    const lease = await db.jobLease.findUniqueOrThrow({ where: { name: job.name } })
    expect(lease.leaseUntil.getTime()).toBeLessThanOrEqual(new Date('2026-03-04T08:00:00Z').getTime())
  })

  it('cleans up expired sessions and nothing else', async () => {
    const user = await db.user.findUniqueOrThrow({ where: { email: 'kkr@kkr.demo' } })
    await db.session.create({ data: { id: 'expired-session', userId: user.id, expiresAt: new Date('2026-01-01T00:00:00Z') } })
    await db.session.create({ data: { id: 'live-session', userId: user.id, expiresAt: new Date('2026-12-31T00:00:00Z') } })
    const summary = await cleanUpSessions.run({ now: new Date('2026-06-01T00:00:00Z') })
    expect(summary).toMatch(/^1 sessioner/)
    expect(await db.session.findUnique({ where: { id: 'live-session' } })).not.toBeNull()
  })
})
