/**
 * Benchmark 3 (issue 10): server response times of the main pages under 20 concurrent users, on
 * the national-scale data set of the goals benchmark (bench/goals-data.ts). The real production
 * server (build/ + server/index.ts) runs as a child process on a copy of the data; 20 logged-in
 * users of seven demo roles each request their pages one after another (full HTML document
 * requests), pausing between pages as a user reading them does — on average 2 s, drawn between
 * 1 and 3 s — for a fixed time. `--think=0` makes it a closed loop with no pauses: a throughput
 * test, in which 20 users queue behind each other on one process. The floor is /healthz under the
 * same 20 users, measured in the same run. Nothing is asserted.
 *
 *   npx tsx bench/pages.ts [--short] [--scale=1] [--seconds=30] [--think=2000] [--out=file]
 */
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { ensureBuild, freePort, logIn, startServer, stopServer, waitUntilUp, type AppServer } from './app-server.ts'
import { args, median, numberArg, quantile, report, short, sleep, type BenchRow } from './lib.ts'
import { BENCH_DIR, ensureGoalsData, parseScale } from './goals-data.ts'
import { prepareRunDatabase, removeDatabase, type PageTarget } from './pages-data.ts'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const BENCHMARK = '3 pages'
const TARGET_MS = 100
const USERS = 20
const scale = args.some((a) => a.startsWith('--scale=')) ? parseScale(args) : short ? 0.02 : 1
const seconds = numberArg('seconds', short ? 3 : 30)
/** Two app processes, one per core of these machines, as docs/deployment.md runs production. */
const PROCESSES = numberArg('processes', 2)
const thinkArg = args.find((a) => a.startsWith('--think='))
const thinkMs = thinkArg ? Number(thinkArg.slice('--think='.length)) : short ? 200 : 2000
/** A user's pause after a page: uniform between half and one and a half times the mean. */
const thinkTime = () => (thinkMs > 0 ? thinkMs * (0.5 + Math.random()) : 0)
const warmupSeconds = short ? 1 : 4
const log = (message: string) => console.error(message)

// ---------------------------------------------------------------------------------------------
// Who opens what. Pages per role follow app/utils/permissions.ts (view:case for /virksomheder,
// view:referral, view:meeting, view:goals, view:declaration, view:agreement).

const COMPANY = '/virksomheder/:id'
const CASE = '/virksomheder/forloeb/:id'
type Role = { email: string; users: number; home: string | null; pages: string[] }
const ROLES: Role[] = [
  {
    email: 'direktor@ehsyd.demo',
    users: 4,
    home: 'Kolding',
    pages: ['/', '/virksomheder', '/henvisninger', '/direktoermoeder', '/maal', '/hensigtserklaeringer', '/klyngeaftaler', COMPANY, CASE],
  },
  {
    email: 'kam.kolding@ehsyd.demo',
    users: 3,
    home: 'Kolding',
    pages: ['/', '/virksomheder', '/henvisninger', '/maal', '/hensigtserklaeringer', '/klyngeaftaler', COMPANY, CASE],
  },
  {
    email: 'kam.esbjerg@ehsyd.demo',
    users: 3,
    home: 'Esbjerg',
    pages: ['/', '/virksomheder', '/henvisninger', '/maal', '/hensigtserklaeringer', '/klyngeaftaler', COMPANY, CASE],
  },
  {
    email: 'les.kolding@kolding.demo',
    users: 3,
    home: 'Kolding',
    pages: ['/', '/virksomheder', '/henvisninger', '/hensigtserklaeringer', COMPANY, CASE],
  },
  {
    email: 'les.vejle@vejle.demo',
    users: 3,
    home: 'Vejle',
    pages: ['/', '/virksomheder', '/henvisninger', '/hensigtserklaeringer', COMPANY, CASE],
  },
  {
    email: 'lesdir.kolding@kolding.demo',
    users: 2,
    home: 'Kolding',
    pages: ['/', '/virksomheder', '/henvisninger', '/direktoermoeder', '/maal', '/hensigtserklaeringer', COMPANY, CASE],
  },
  { email: 'kkr@kkr.demo', users: 2, home: null, pages: ['/', '/maal', '/hensigtserklaeringer', '/klyngeaftaler'] },
]
if (ROLES.reduce((s, r) => s + r.users, 0) !== USERS) throw new Error('the roles must add up to 20 users')
const PAGE_ORDER = ['/', '/virksomheder', '/henvisninger', '/direktoermoeder', '/maal', '/hensigtserklaeringer', '/klyngeaftaler', COMPANY, CASE]

type Page = { label: string; url: string }
/** A virtual user, kept on one app process as a sticky load balancer would. */
type User = { email: string; cookie: string; pages: Page[]; base: string }
type Sample = { label: string; ms: number; status: number }

function pagesFor(role: Role, targets: Map<string, PageTarget>): Page[] {
  const target = role.home ? targets.get(role.home) : undefined
  return role.pages.map((label) => {
    if (label === COMPANY || label === CASE) {
      if (!target) throw new Error(`${role.email} has no home kommune for ${label}`)
      return { label, url: label === COMPANY ? `/virksomheder/${target.companyId}` : `/virksomheder/forloeb/${target.caseId}` }
    }
    return { label, url: label }
  })
}

// ---------------------------------------------------------------------------------------------
// HTTP.

async function request(base: string, url: string, cookie: string | null): Promise<{ ms: number; status: number }> {
  const t0 = performance.now()
  try {
    const res = await fetch(base + url, {
      headers: { Accept: 'text/html', ...(cookie ? { Cookie: cookie } : {}) },
      redirect: 'manual',
      signal: AbortSignal.timeout(60_000),
    })
    await res.arrayBuffer()
    return { ms: performance.now() - t0, status: res.status }
  } catch {
    return { ms: performance.now() - t0, status: 0 }
  }
}

/** Every user requests its pages in turn, one at a time, pausing between them, until the time is up. */
async function usersBrowse(users: readonly User[], ms: number): Promise<Sample[]> {
  const samples: Sample[] = []
  const end = performance.now() + ms
  await Promise.all(
    users.map(async (user, i) => {
      // Start each user at another page and moment, so the mix is even from the first second.
      await sleep(thinkTime() * (i / users.length))
      for (let k = i; performance.now() < end; k++) {
        const page = user.pages[k % user.pages.length]!
        const { ms, status } = await request(user.base, page.url, user.cookie)
        samples.push({ label: page.label, ms, status })
        await sleep(thinkTime())
      }
    }),
  )
  return samples
}

/** One request for each page on each app process, by a user of that process who opens it. */
async function warmEveryProcess(users: User[]) {
  const done = new Set<string>()
  for (const user of users) {
    for (const page of user.pages) {
      const key = `${user.base} ${page.label}`
      if (done.has(key)) continue
      done.add(key)
      await request(user.base, page.url, user.cookie)
    }
  }
}

// ---------------------------------------------------------------------------------------------

const fmt = (ms: number) => (ms >= 100 ? ms.toFixed(0) : ms.toFixed(1))

async function main(): Promise<BenchRow[]> {
  const data = await ensureGoalsData({ scale, log })
  const runFile = path.join(BENCH_DIR, `pages-run-${process.pid}.db`)
  const servers: AppServer[] = []
  try {
    const homes = [...new Set(ROLES.map((r) => r.home).filter((h): h is string => h !== null))]
    const run = await prepareRunDatabase(data.file, runFile, homes)
    log(
      `Data: ${path.relative(root, data.file)} (scale ${scale}${data.reused ? ', reused' : ''}) copied to ${path.relative(root, runFile)}; ` +
        `${run.demoUsers} demo accounts, ${run.meetings} director meetings (${(run.prepareMs / 1000).toFixed(1)} s)`,
    )
    const build = ensureBuild()
    const bases: string[] = []
    const startedAt = performance.now()
    for (let i = 0; i < PROCESSES; i++) {
      const port = await freePort()
      bases.push(`http://127.0.0.1:${port}`)
      servers.push(startServer(port, runFile, { runsJobs: i === 0 }))
    }
    await Promise.all(servers.map((server, i) => waitUntilUp(bases[i]!, server.child, server.stderr)))
    log(`${PROCESSES} app process${PROCESSES > 1 ? 'es' : ''} up on ${bases.join(', ')} in ${((performance.now() - startedAt) / 1000).toFixed(1)} s (${build})`)

    // Each virtual user has a session of its own.
    const users: User[] = []
    for (const role of ROLES) {
      const pages = pagesFor(role, run.targets)
      for (let i = 0; i < role.users; i++) {
        const userBase = bases[users.length % bases.length]!
        users.push({ email: role.email, cookie: await logIn(userBase, role.email), pages, base: userBase })
      }
    }

    // Every page once on every process first: a process fills its figures cache on the first
    // visit to /maal (about a second at national scale, bench/goals.ts measures it), which is a
    // start-up cost, not the steady state measured here.
    await warmEveryProcess(users)

    // Unloaded: one user, each page five times in a row (after one warm-up request), for the note.
    const alone = new Map<string, number[]>()
    const probes = new Map<string, User>()
    for (const user of users) for (const page of user.pages) if (!probes.has(page.label)) probes.set(page.label, user)
    for (const [label, user] of probes) {
      const page = user.pages.find((p) => p.label === label)!
      await request(user.base, page.url, user.cookie)
      const times: number[] = []
      for (let i = 0; i < (short ? 2 : 5); i++) {
        const r = await request(user.base, page.url, user.cookie)
        if (r.status === 200) times.push(r.ms)
      }
      alone.set(label, times)
    }

    log(`Warm-up ${warmupSeconds} s, then ${USERS} users × ${seconds} s on the pages …`)
    await usersBrowse(users, warmupSeconds * 1000)
    const pageSamples = await usersBrowse(users, seconds * 1000)
    log(`${USERS} users × ${seconds} s on /healthz …`)
    const healthUsers = users.map((u) => ({ ...u, cookie: '', pages: [{ label: '/healthz', url: '/healthz' }] }))
    const healthSamples = await usersBrowse(healthUsers, seconds * 1000)

    const ok = (s: Sample) => s.status === 200
    const failures = [...pageSamples, ...healthSamples].filter((s) => !ok(s)).length
    const stderr = servers.map((server) => server.stderr().trim()).filter(Boolean).join('\n')
    if (failures > 0 && stderr) log(`${failures} requests did not answer 200; the servers' stderr ends:\n${stderr.split('\n').slice(-30).join('\n')}`)
    const health = healthSamples.filter(ok).map((s) => s.ms)
    if (health.length === 0) throw new Error('/healthz never answered 200 under load')
    const healthP50 = median(health)
    const healthP95 = quantile(health, 0.95)
    const healthErrors = healthSamples.length - health.length
    const tag = short ? `, scale ${scale}` : ''
    const rows: BenchRow[] = []
    const describeErrors = (samples: Sample[]) => {
      const byStatus = new Map<number, number>()
      for (const s of samples) if (!ok(s)) byStatus.set(s.status, (byStatus.get(s.status) ?? 0) + 1)
      return [...byStatus].map(([status, n]) => `${n}× ${status === 0 ? 'no answer' : `HTTP ${status}`}`).join(', ')
    }

    for (const label of PAGE_ORDER) {
      const samples = pageSamples.filter((s) => s.label === label)
      const times = samples.filter(ok).map((s) => s.ms)
      const errors = samples.length - times.length
      const roles = ROLES.filter((r) => r.pages.includes(label)).map((r) => r.email.split('@')[0]).join(', ')
      const unloaded = alone.get(label) ?? []
      const notes = [
        `${samples.length} requests${errors ? `, ${errors} errors (${describeErrors(samples)})` : ''}`,
        `p50 ${fmt(median(times))} ms`,
        `alone ${unloaded.length ? `${fmt(median(unloaded))} ms` : 'n/a'}`,
        label === COMPANY || label === CASE
          ? [...run.targets.values()].map((t) => `${t.kommune}: ${label === COMPANY ? `busiest LES company, ${t.companyCases} cases` : 'its latest LES case'}`).join('; ')
          : null,
        `by ${roles}`,
      ]
      if (times.length === 0) {
        rows.push({ benchmark: BENCHMARK, measure: `${label} p95, ${USERS} users${tag}`, value: 0, unit: 'ms', note: `no 200 answers: ${describeErrors(samples)}` })
        continue
      }
      const p95 = quantile(times, 0.95)
      rows.push({
        benchmark: BENCHMARK,
        measure: `${label} p95, ${USERS} users${tag}`,
        value: p95,
        unit: 'ms',
        floor: { label: '/healthz', value: healthP95 },
        target: { text: `p95 < ${TARGET_MS} ms`, met: p95 < TARGET_MS },
        note: notes.filter(Boolean).join(' · '),
      })
    }

    const all = pageSamples.filter(ok).map((s) => s.ms)
    const allErrors = pageSamples.length - all.length
    const rate = (n: number) => `${(n / seconds).toFixed(0)}/s`
    const allP95 = quantile(all, 0.95)
    rows.push({
      benchmark: BENCHMARK,
      measure: `all pages p50, ${USERS} users${tag}`,
      value: median(all),
      unit: 'ms',
      floor: { label: '/healthz', value: healthP50 },
      note: `${pageSamples.length} page requests in ${seconds} s (${rate(pageSamples.length)}), ${allErrors} errors${allErrors ? ` (${describeErrors(pageSamples)})` : ''}; /healthz ${healthSamples.length} requests (${rate(healthSamples.length)}), ${healthErrors} errors`,
    })
    rows.push({
      benchmark: BENCHMARK,
      measure: `all pages p95, ${USERS} users${tag}`,
      value: allP95,
      unit: 'ms',
      floor: { label: '/healthz', value: healthP95 },
      target: { text: `p95 < ${TARGET_MS} ms`, met: allP95 < TARGET_MS },
      note: `data scale ${scale}: ${data.counts.companies} companies, ${data.counts.cases} cases, ${data.counts.referrals} referrals; ${run.meetings} meetings; ${PROCESSES} app process${PROCESSES > 1 ? 'es' : ''}${PROCESSES > 1 && process.env.TEST_REDIS_URL ? ' with Redis' : ''}, users spread over them; ${thinkMs > 0 ? `users pause ${thinkMs / 1000} s on average between pages` : 'closed loop, no pauses'}`,
    })
    return rows
  } finally {
    await Promise.all(servers.map((server) => stopServer(server.child)))
    removeDatabase(runFile)
  }
}

try {
  const rows = await main()
  await report(rows)
  process.exit(0)
} catch (error) {
  console.error(error instanceof Error ? (error.stack ?? error.message) : error)
  process.exit(1)
}
