import { db } from './db.server.ts'
import { singleton } from './singleton.server.ts'

/** What the admin page may ask of the running scheduler (server/scheduler.ts registers itself). */
export type SchedulerHandle = {
  holder: string
  jobs: readonly { name: string; label: string; intervalMs: number }[]
  runJob(name: string, options: { force: boolean }): Promise<{ status: string; ok?: boolean; result?: string }>
}

const holder = singleton('scheduler-handle', () => ({ current: null as SchedulerHandle | null }))

export function registerScheduler(handle: SchedulerHandle) {
  holder.current = handle
}

export function getScheduler(): SchedulerHandle | null {
  return holder.current
}

/** Each job with its last run, result, lease and next run, for the admin page. */
export async function describeJobs() {
  const scheduler = getScheduler()
  if (!scheduler) return []
  return Promise.all(
    scheduler.jobs.map(async (job) => {
      const [last, lease] = await Promise.all([
        db.jobRun.findFirst({ where: { name: job.name }, orderBy: { startedAt: 'desc' } }),
        db.jobLease.findUnique({ where: { name: job.name } }),
      ])
      return {
        name: job.name,
        label: job.label,
        intervalMinutes: Math.round(job.intervalMs / 60_000),
        lastRun: last ? { startedAt: last.startedAt, finishedAt: last.finishedAt, ok: last.ok, result: last.result, holder: last.holder } : null,
        nextRunAt: last ? new Date(last.startedAt.getTime() + job.intervalMs) : new Date(),
        lease: lease && lease.leaseUntil > new Date() ? { holder: lease.holder, until: lease.leaseUntil } : null,
      }
    }),
  )
}
