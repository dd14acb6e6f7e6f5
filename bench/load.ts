/**
 * Load (issue 11, "Reliability and security"): a minute of mixed load on the real production
 * server, and then a look in the database for every write it acknowledged. 50 simulated users
 * (the demo accounts, several sessions each; bench/load-users.ts) open pages, close and reopen
 * cases with the version their page showed, add case activities and propose director-meeting
 * agenda items, pausing between steps as a person does (2 s on average, drawn between 1 and 3 s);
 * 200 socket.io tabs (bench/load-sockets.ts) stay connected throughout and count the
 * invalidations they hear. Afterwards, with the servers stopped, every acknowledged write is
 * looked up in the database file read-only (bench/load-data.ts).
 *
 * The data is a fresh copy of the national-scale file of the goals benchmark with the demo
 * accounts and director meetings added (bench/pages-data.ts), as bench/pages.ts uses it: the demo
 * database has one case, on which 50 users would measure one hot row, and the national-scale
 * file gives every LES hundreds of cases and pages of production size; it is built once and
 * reused (by bench/pages.ts too), so short mode only copies it. One app process, as SQLite is
 * deployed (`--processes=2` for two on the one file, with Redis). 409 answers (a transition sent
 * with a version someone else has moved on, an activity on a case closed meanwhile) are the app
 * working as designed and are counted apart from errors. Nothing is asserted.
 *
 *   npx tsx bench/load.ts [--short] [--seconds=60] [--users=50] [--sockets=200] [--think=2000]
 *                         [--scale=1] [--processes=1] [--out=file]
 */
import { randomUUID } from 'node:crypto'
import { writeFileSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import {
  ensureBuild,
  freePort,
  logIn,
  startServer,
  stopServer,
  waitUntilUp,
  type AppServer,
} from './app-server.ts'
import { BENCH_DIR, ensureGoalsData, parseScale } from './goals-data.ts'
import {
  args,
  median,
  numberArg,
  quantile,
  report,
  short,
  sleep,
  type BenchRow,
  type Unit,
} from './lib.ts'
import {
  checkLostWrites,
  pickWorkload,
  type AckedWrite,
  type LostWriteCheck,
  type Workload,
} from './load-data.ts'
import { countMissedInvalidations, createTabPool, type Tab } from './load-sockets.ts'
import {
  chooseSessions,
  HOMES,
  pagesFor,
  runUsers,
  type Kind,
  type Sample,
  type Targets,
  type User,
} from './load-users.ts'
import { prepareRunDatabase, removeDatabase } from './pages-data.ts'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const BENCHMARK = 'load'
/** A count (requests, errors, writes). bench/lib.ts's Unit has none yet; the table prints it with an empty unit. */
const COUNT: Unit = ''
const scale = args.some((a) => a.startsWith('--scale=')) ? parseScale(args) : short ? 0.02 : 1
const seconds = numberArg('seconds', short ? 3 : 60)
const userCount = numberArg('users', short ? 8 : 50)
const socketCount = numberArg('sockets', short ? 20 : 200)
const thinkArg = args.find((a) => a.startsWith('--think='))
const thinkMs = thinkArg ? Number(thinkArg.slice('--think='.length)) : short ? 200 : 2000
/** A user's pause: uniform between half and one and a half times the mean. */
const think = () => (thinkMs > 0 ? thinkMs * (0.5 + Math.random()) : 0)
/**
 * One process: SQLite is served by one process (docs/deployment.md; several processes run on
 * PostgreSQL). `--processes=2` puts two on the one file, with Redis, for comparison; without
 * Redis a socket on one process would never hear the other's writes.
 */
const PROCESSES = numberArg('processes', 1)
if (PROCESSES > 1 && !process.env.TEST_REDIS_URL)
  throw new Error('--processes above 1 needs TEST_REDIS_URL (real time across processes)')
/** Cases per LES the users work on: few enough that two users now and then act on the same one. */
const CASES_PER_KOMMUNE = short ? 4 : 15
const log = (message: string) => console.error(message)

// ---------------------------------------------------------------------------------------------
// Setting up: servers, sessions, tabs.

async function startServers(file: string): Promise<{ servers: AppServer[]; bases: string[] }> {
  const servers: AppServer[] = []
  const bases: string[] = []
  for (let i = 0; i < PROCESSES; i++) {
    const port = await freePort()
    bases.push(`http://127.0.0.1:${port}`)
    servers.push(startServer(port, file, { runsJobs: i === 0, logErrors: true }))
  }
  try {
    await Promise.all(
      servers.map((server, i) => waitUntilUp(bases[i]!, server.child, server.stderr)),
    )
  } catch (error) {
    await Promise.all(servers.map((server) => stopServer(server.child)))
    throw error
  }
  return { servers, bases }
}

/** Each session logs in through the login form, a few at a time, on the process it stays on. */
async function logInUsers(bases: readonly string[], targets: Targets): Promise<User[]> {
  const sessions = chooseSessions(userCount)
  const users: User[] = []
  for (let i = 0; i < sessions.length; i += 5) {
    const batch = sessions.slice(i, i + 5).map(async (persona, j) => {
      const base = bases[(i + j) % bases.length]!
      return {
        persona,
        base,
        cookie: await logIn(base, persona.email),
        ...pagesFor(persona, targets),
      }
    })
    users.push(...(await Promise.all(batch)))
  }
  return users
}

/** The topics of the pages a tab may show (the useLiveTopics calls of app/routes), always with the app shell's. */
function tabTopics(index: number, workload: Workload): string[] {
  const cases = [...workload.casesByKommune.values()].flat()
  const page = [
    ['kommune', 'workday', 'declaration', 'meeting', 'referral', 'case', 'company', 'action-item'], // the overview
    ['company', 'case'], // the company and case list
    [`case:${cases[Math.floor(index / 4) % cases.length]!}`], // a case page
    [`meeting:${workload.meetingId}`], // the director meeting
  ][index % 4]!
  return ['notification', ...page]
}

/**
 * One request for each page on each process first, by a user of that process who opens it: the
 * first visit to /maal fills the figures cache, a start-up cost (as in bench/pages.ts).
 */
async function warmEveryProcess(users: readonly User[]) {
  const done = new Set<string>()
  for (const user of users) {
    for (const page of user.pages) {
      const key = `${user.base} ${page.label}`
      if (done.has(key)) continue
      done.add(key)
      const res = await fetch(user.base + page.url, {
        headers: { Accept: 'text/html', Cookie: user.cookie },
        redirect: 'manual',
      })
      await res.arrayBuffer()
      if (res.status !== 200)
        log(`Warm-up: ${page.url} answered ${user.persona.email} with HTTP ${res.status}`)
    }
  }
}

/** /healthz on every process every 250 ms while the users work: the floor of the latencies under the same load. */
async function probeHealth(bases: readonly string[], ms: number): Promise<number[]> {
  const times: number[] = []
  const end = performance.now() + ms
  await Promise.all(
    bases.map(async (base) => {
      while (performance.now() < end) {
        const t0 = performance.now()
        const ok = await fetch(`${base}/healthz`, { signal: AbortSignal.timeout(30_000) })
          .then(async (r) => (await r.arrayBuffer(), r.ok))
          .catch(() => false)
        if (ok) times.push(performance.now() - t0)
        await sleep(250)
      }
    }),
  )
  return times
}

// ---------------------------------------------------------------------------------------------
// The figures.

type Run = {
  samples: Sample[]
  acked: AckedWrite[]
  tabs: Tab[]
  droppedTabs: number
  health: number[]
  check: LostWriteCheck
  users: number
  /** From the first step to the last answer: the last steps end after the time is up. */
  elapsedSeconds: number
  stderr: string
}

const fmt = (ms: number) => (ms >= 100 ? ms.toFixed(0) : ms.toFixed(1))
const isOk = (status: number) => status >= 200 && status < 300
const isServerError = (status: number) => status >= 500 || status === 0
const isRefused = (status: number) => status !== 409 && !isOk(status) && !isServerError(status)

function byStatus(samples: readonly Sample[], which: (status: number) => boolean): string {
  const counts = new Map<number, number>()
  for (const s of samples)
    if (which(s.status)) counts.set(s.status, (counts.get(s.status) ?? 0) + 1)
  return (
    [...counts]
      .map(([status, n]) => `${n}× ${status === 0 ? 'no answer' : `HTTP ${status}`}`)
      .join(', ') || 'none'
  )
}

/** The servers' stderr goes to a file; the note names it and the first error line in it. */
function describeStderr(stderr: string): string {
  if (!stderr) return 'the servers wrote nothing to stderr'
  const file = path.join(BENCH_DIR, 'load-stderr.log')
  writeFileSync(file, stderr)
  const first = stderr
    .split('\n')
    .find((line) => /error/i.test(line))
    ?.trim()
  return `the servers' stderr is in ${path.relative(root, file)}${first ? `, its first error: ${first.slice(0, 200)}` : ''}`
}

function latencyRow(run: Run, kind: Kind, labels: string): BenchRow {
  const samples = run.samples.filter((s) => s.kind === kind)
  const times = samples.filter((s) => isOk(s.status)).map((s) => s.ms)
  const perLabel = [...new Set(samples.map((s) => s.label))].map((label) => {
    const of = samples.filter((s) => s.label === label)
    const ok = of.filter((s) => isOk(s.status)).map((s) => s.ms)
    const p95 = ok.length ? `, p95 ${fmt(quantile(ok, 0.95))} ms` : ''
    const notOk = of.length - ok.length
    return `${label} ${of.length} (${ok.length} ok${p95}${notOk ? `; ${byStatus(of, (s) => !isOk(s))}` : ''})`
  })
  return {
    benchmark: BENCHMARK,
    measure: `${kind} p95 (${labels}), answered 2xx`,
    value: times.length ? quantile(times, 0.95) : 0,
    unit: 'ms',
    floor: run.health.length
      ? { label: '/healthz under load', value: quantile(run.health, 0.95) }
      : undefined,
    note: `${samples.length} requests, p50 ${times.length ? fmt(median(times)) : '–'} ms${kind === 'page' ? `, ${samples.length - times.length} not 2xx` : ''}; ${perLabel.join('; ')}`,
  }
}

function rowsOf(run: Run): BenchRow[] {
  const { samples, acked, check } = run
  const tag = `${run.users} users, ${run.tabs.length} sockets, ${seconds} s${short ? `, scale ${scale}` : ''}`
  const count = (kind: Kind) => samples.filter((s) => s.kind === kind).length
  const serverErrors = samples.filter((s) => isServerError(s.status))
  const refused = samples.filter((s) => isRefused(s.status))
  const conflicts = samples.filter((s) => s.status === 409)
  const transitions = acked.filter(
    (w): w is Extract<AckedWrite, { kind: 'transition' }> => w.kind === 'transition',
  )
  const { expected, missed } = countMissedInvalidations(run.tabs, transitions)
  const heard = run.tabs.reduce((sum, tab) => sum + tab.heard.length, 0)
  const byTopic = new Map<string, number>()
  for (const tab of run.tabs)
    for (const m of tab.heard) byTopic.set(m.topic, (byTopic.get(m.topic) ?? 0) + 1)
  const ackedOf = (kind: AckedWrite['kind']) => acked.filter((w) => w.kind === kind).length
  const lostOf = (kind: AckedWrite['kind']) => check.lost.filter((w) => w.kind === kind).length
  return [
    {
      benchmark: BENCHMARK,
      measure: `requests per second, ${tag}`,
      value: samples.length / run.elapsedSeconds,
      unit: '/s',
      note: `${samples.length} requests in ${run.elapsedSeconds.toFixed(1)} s: ${count('page')} pages, ${count('transition')} transitions, ${count('comment')} comments; ${samples.filter((s) => isOk(s.status)).length} 2xx, ${conflicts.length} 409, ${refused.length} other 3xx/4xx, ${serverErrors.length} 5xx or no answer; ${PROCESSES} app process${PROCESSES > 1 ? 'es with Redis' : ''}; users pause ${thinkMs / 1000} s on average`,
    },
    latencyRow(run, 'page', 'GET documents'),
    latencyRow(run, 'transition', 'CLOSE/REOPEN'),
    latencyRow(run, 'comment', 'activities, agenda proposals'),
    {
      benchmark: BENCHMARK,
      measure: '5xx answers and requests with no answer',
      value: serverErrors.length,
      unit: COUNT,
      target: { text: '0', met: serverErrors.length === 0 },
      note: serverErrors.length
        ? `${byStatus(samples, isServerError)}; ${describeStderr(run.stderr)}`
        : 'none',
    },
    {
      benchmark: BENCHMARK,
      measure: '3xx/4xx answers other than 409',
      value: refused.length,
      unit: COUNT,
      note: refused.length
        ? (['page', 'transition', 'comment'] as const)
            .map(
              (kind) =>
                `${kind}: ${byStatus(
                  samples.filter((s) => s.kind === kind),
                  isRefused,
                )}`,
            )
            .join('; ')
        : 'none',
    },
    {
      benchmark: BENCHMARK,
      measure: '409 answers (expected: stale version, closed case)',
      value: conflicts.length,
      unit: COUNT,
      note: `transitions ${conflicts.filter((s) => s.kind === 'transition').length} of ${count('transition')}, comments ${conflicts.filter((s) => s.kind === 'comment').length} of ${count('comment')}`,
    },
    {
      benchmark: BENCHMARK,
      measure: `invalidations received by ${run.tabs.length} sockets`,
      value: heard,
      unit: COUNT,
      note: `${[...byTopic].map(([topic, n]) => `${topic} ${n}`).join(', ') || 'none'}; ${run.droppedTabs} sockets dropped during the run`,
    },
    {
      benchmark: BENCHMARK,
      measure: 'invalidations missed (acknowledged transitions)',
      value: missed,
      unit: COUNT,
      note: `${expected} expected: each acknowledged transition at each socket listening to its case (topic "case" or its own)`,
    },
    {
      benchmark: BENCHMARK,
      measure: 'lost writes (acknowledged, not in the database)',
      value: check.lost.length,
      unit: COUNT,
      target: { text: '0', met: check.lost.length === 0 },
      note: `${check.checked} acknowledged writes looked up after the run: ${ackedOf('transition')} transitions (their WorkflowEvent, ${lostOf('transition')} missing), ${ackedOf('activity')} activities (${lostOf('activity')} missing), ${ackedOf('proposal')} agenda proposals (${lostOf('proposal')} missing); ${check.duplicateVersions} case versions claimed by two events; the check found none of three writes never sent`,
    },
  ]
}

// ---------------------------------------------------------------------------------------------

/** Writes of each kind that were never sent: the lost-write check must miss them all. */
function neverSent(workload: Workload): AckedWrite[] {
  const caseId = [...workload.casesByKommune.values()][0]![0]!
  return [
    { kind: 'transition', caseId, event: 'CLOSE', version: 1_000_000 },
    { kind: 'activity', caseId, note: `Aldrig sendt ${randomUUID()}` },
    { kind: 'proposal', meetingId: workload.meetingId, title: `Aldrig sendt ${randomUUID()}` },
  ]
}

async function main(): Promise<BenchRow[]> {
  const data = await ensureGoalsData({ scale, log })
  const runFile = path.join(BENCH_DIR, `load-run-${process.pid}.db`)
  try {
    const prepared = await prepareRunDatabase(data.file, runFile, HOMES)
    const workload = pickWorkload(runFile, HOMES, CASES_PER_KOMMUNE)
    const targets: Targets = {
      ...workload,
      companyByKommune: new Map([...prepared.targets].map(([k, t]) => [k, t.companyId])),
    }
    log(
      `Data: ${path.relative(root, data.file)} (scale ${scale}${data.reused ? ', reused' : ''}) copied to ${path.relative(root, runFile)} (${(prepared.prepareMs / 1000).toFixed(1)} s)`,
    )
    const build = ensureBuild()
    const { servers, bases } = await startServers(runFile)
    const samples: Sample[] = []
    const acked: AckedWrite[] = []
    const tabs = createTabPool()
    let health: number[] = []
    let users: User[] = []
    let elapsedSeconds = seconds
    try {
      log(
        `${PROCESSES} app process${PROCESSES > 1 ? 'es' : ''} up on ${bases.join(', ')} (${build})`,
      )
      const t0 = performance.now()
      users = await logInUsers(bases, targets)
      await tabs.openAll(
        Array.from({ length: socketCount }, (_, i) => ({
          url: users[i % users.length]!.base,
          cookie: users[i % users.length]!.cookie,
          topics: tabTopics(i, workload),
        })),
      )
      // Short mode leaves the warm-up out: its figures say little, and `npm test` waits for it.
      if (!short) await warmEveryProcess(users)
      log(
        `${users.length} sessions logged in, ${socketCount} sockets open${short ? '' : ', every page warmed'} (${((performance.now() - t0) / 1000).toFixed(1)} s); ${seconds} s of load …`,
      )
      const healthProbe = probeHealth(bases, seconds * 1000)
      const started = performance.now()
      await runUsers({
        users,
        ms: seconds * 1000,
        think,
        meetingId: workload.meetingId,
        record: { sample: (s) => samples.push(s), acked: (w) => acked.push(w) },
      })
      elapsedSeconds = (performance.now() - started) / 1000
      health = await healthProbe
      // The last writes' invalidations are on their way when their answers arrive.
      await sleep(short ? 300 : 1000)
    } finally {
      tabs.close()
      await Promise.all(servers.map((server) => stopServer(server.child)))
    }
    const check = checkLostWrites(
      runFile,
      acked,
      neverSent(workload),
      [...workload.casesByKommune.values()].flat(),
    )
    const stderr = servers
      .map((server) => server.stderr().trim())
      .filter(Boolean)
      .join('\n')
    return rowsOf({
      samples,
      acked,
      tabs: tabs.tabs,
      droppedTabs: tabs.dropped(),
      health,
      check,
      users: users.length,
      elapsedSeconds,
      stderr,
    })
  } finally {
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
