import { hostname } from 'node:os'
import { db } from '../app/utils/db.server.ts'
import { uniqueViolationFields } from '../app/utils/db-errors.server.ts'
import { log } from './logger.ts'

/**
 * An in-process scheduler (docs/decisions/0008). Each job is named, idempotent, runs at start-up
 * and then on its interval, and takes a lease row first, so two server processes never run the
 * same job at once. The clock is injectable, so tests can move time.
 */
export type Clock = () => Date
export type Job = {
  name: string
  label: string
  intervalMs: number
  /** Does the work for `now`; returns a short Danish summary for the admin page. */
  run(context: { now: Date }): Promise<string>
}
export type RunOutcome = { status: 'ran'; ok: boolean; result: string } | { status: 'held' } | { status: 'not-due' }

const DEFAULT_LEASE_MS = 5 * 60 * 1000
const TICK_MS = 15 * 1000

export async function acquireLease({ name, holder, now, leaseMs }: { name: string; holder: string; now: Date; leaseMs: number }): Promise<boolean> {
  const leaseUntil = new Date(now.getTime() + leaseMs)
  const { count } = await db.jobLease.updateMany({
    where: { name, OR: [{ leaseUntil: { lte: now } }, { holder }] },
    data: { holder, leaseUntil },
  })
  if (count === 1) return true
  try {
    await db.jobLease.create({ data: { name, holder, leaseUntil } })
    return true
  } catch (error) {
    if (uniqueViolationFields(error)) return false
    throw error
  }
}

export async function releaseLease({ name, holder, now }: { name: string; holder: string; now: Date }) {
  await db.jobLease.updateMany({ where: { name, holder }, data: { leaseUntil: now } })
}

export async function lastRunStart(name: string): Promise<Date | null> {
  const last = await db.jobRun.findFirst({ where: { name }, orderBy: { startedAt: 'desc' }, select: { startedAt: true } })
  return last?.startedAt ?? null
}

export class Scheduler {
  readonly holder: string
  private timer: ReturnType<typeof setInterval> | undefined
  private running = new Set<string>()

  constructor(
    readonly jobs: readonly Job[],
    private readonly options: { holder?: string; clock?: Clock; leaseMs?: number } = {},
  ) {
    this.holder = options.holder ?? `${hostname()}:${process.pid}`
  }

  private now(): Date {
    return this.options.clock?.() ?? new Date()
  }

  job(name: string): Job | undefined {
    return this.jobs.find((job) => job.name === name)
  }

  async isDue(job: Job): Promise<boolean> {
    const last = await lastRunStart(job.name)
    return !last || last.getTime() + job.intervalMs <= this.now().getTime()
  }

  /** Runs the job if it is due (or `force`) and no other process holds its lease. */
  async runJob(name: string, { force = false }: { force?: boolean } = {}): Promise<RunOutcome> {
    const job = this.job(name)
    if (!job) throw new Error(`unknown job ${name}`)
    if (this.running.has(name)) return { status: 'held' }
    if (!force && !(await this.isDue(job))) return { status: 'not-due' }
    const startedAt = this.now()
    if (!(await acquireLease({ name, holder: this.holder, now: startedAt, leaseMs: this.options.leaseMs ?? DEFAULT_LEASE_MS }))) return { status: 'held' }
    // Asked again under the lease: another process may have run it between the first look and now.
    if (!force && !(await this.isDue(job))) {
      await releaseLease({ name, holder: this.holder, now: startedAt })
      return { status: 'not-due' }
    }
    this.running.add(name)
    const run = await db.jobRun.create({ data: { name, holder: this.holder, startedAt } })
    try {
      const result = await job.run({ now: startedAt })
      await db.jobRun.update({ where: { id: run.id }, data: { finishedAt: this.now(), ok: true, result } })
      return { status: 'ran', ok: true, result }
    } catch (error) {
      const result = error instanceof Error ? error.message.slice(0, 500) : 'ukendt fejl'
      log.error('job failed', { job: name, error: result })
      await db.jobRun.update({ where: { id: run.id }, data: { finishedAt: this.now(), ok: false, result } })
      return { status: 'ran', ok: false, result }
    } finally {
      this.running.delete(name)
      await releaseLease({ name, holder: this.holder, now: this.now() })
    }
  }

  async runDue() {
    for (const job of this.jobs) await this.runJob(job.name).catch((error) => log.error('job crashed', { job: job.name, error: String(error) }))
  }

  start() {
    void this.runDue()
    this.timer = setInterval(() => void this.runDue(), TICK_MS)
    this.timer.unref()
  }

  stop() {
    clearInterval(this.timer)
  }
}
