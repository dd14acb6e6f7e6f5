/**
 * Benchmarks 1 and 5 of issue 10: real-time latency and the server's memory.
 *
 * 1. From an action's commit to its invalidation arriving at every browser, p50 and p95 over all
 *    (client, action) pairs, with 200 and with 1,000 connected clients. The action is the admin's
 *    kommune edit (updateKommune: a transaction, then a publish to everyone subscribed to
 *    "kommune"). Floor: a bare socket.io server broadcasting to as many clients.
 * 5. RSS of the server process with 1,000 connected sockets. Floor: the bare server's RSS.
 *
 * Both servers run as children (bench/realtime-app-server.ts, bench/realtime-bare-server.ts) and
 * the clients in this process, so servers and clients share the cores. The two servers take turns
 * action by action, so noise from other work on the machine falls on both alike.
 *
 *   tsx bench/realtime.ts [--short] [--out=file]      --short: 20 and 50 clients, 5 actions
 */
import { spawnSync } from 'node:child_process'
import { mkdirSync, rmSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { quantile, report, short, sleep, type BenchRow } from './lib.ts'
import { createClientPool, type ClientPool } from './realtime-clients.ts'
import { startServerChild, type ServerChild } from './realtime-ipc.ts'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const CLIENT_COUNTS = short ? [20, 50] : [200, 1000]
const ACTIONS = short ? 5 : 30
const WARM_UP_ACTIONS = short ? 2 : 5
/** Quiet time after every client has an action's invalidation, before the next action. */
const PAUSE_MS = 100
const BROADCAST_TIMEOUT_MS = 15_000
const TOPIC = 'kommune'
const MB = 1024 * 1024
const FLOOR_LABEL = 'bare socket.io'

type Side = {
  server: ServerChild
  clients: ClientPool
  cookieFor(index: number): string | undefined
}
type Latencies = { app: number[]; bare: number[] }

/** A fresh SQLite file with the real migrations and the seed (reference data and demo users). */
function buildDatabase(): string {
  const file = path.join(root, '.tmp', 'bench', 'realtime.db')
  mkdirSync(path.dirname(file), { recursive: true })
  for (const suffix of ['', '-journal', '-wal', '-shm']) rmSync(file + suffix, { force: true })
  const env = { ...process.env, DATABASE_URL: `file:${file}`, LOG_LEVEL: 'silent' }
  runTool('prisma', ['migrate', 'deploy'], env)
  runTool('tsx', ['prisma/seed.ts'], env)
  return env.DATABASE_URL
}

function runTool(tool: string, toolArgs: string[], env: NodeJS.ProcessEnv) {
  const result = spawnSync(path.join(root, 'node_modules', '.bin', tool), toolArgs, {
    cwd: root,
    env,
    encoding: 'utf8',
  })
  if (result.status !== 0) {
    throw new Error(
      `${tool} ${toolArgs.join(' ')} failed (${result.status ?? result.signal}):\n${result.stdout}\n${result.stderr}`,
    )
  }
}

function startServer(script: string, env: Record<string, string> = {}) {
  return startServerChild(path.join(root, 'bench', script), {
    cwd: root,
    env: { ...process.env, LOG_LEVEL: 'silent', ...env },
  })
}

/** Subscriptions are joined asynchronously on the server; wait until all of them are in. */
async function waitForListeners(server: ServerChild, count: number) {
  const deadline = Date.now() + 10_000
  let listening = await server.call('listeners')
  while (listening !== count) {
    if (Date.now() > deadline) {
      throw new Error(`${server.url}: ${listening} of ${count} clients subscribed`)
    }
    await sleep(20)
    listening = await server.call('listeners')
  }
}

/** One action (or, for the floor, one bare broadcast): each client's delay after the commit. */
async function broadcastOnce(side: Side): Promise<number[]> {
  // Armed before the trigger: the invalidation can reach the clients before the commit time does.
  const [arrivals, fired] = await Promise.all([
    side.clients.nextBroadcast(BROADCAST_TIMEOUT_MS),
    side.server.call('trigger'),
  ])
  if (arrivals.some((arrival) => arrival.version !== fired.version)) {
    throw new Error(`${side.server.url}: a client got another version than ${fired.version}`)
  }
  await sleep(PAUSE_MS)
  return arrivals.map((arrival) => arrival.at - fired.at)
}

/** The two sides take turns, and swap who goes first every round. */
async function measureLatencies(app: Side, bare: Side): Promise<Latencies> {
  for (let i = 0; i < WARM_UP_ACTIONS; i++) {
    for (const side of [bare, app]) await broadcastOnce(side)
  }
  const latencies: Latencies = { app: [], bare: [] }
  for (let i = 0; i < ACTIONS; i++) {
    const order = i % 2 === 0 ? ([bare, app] as const) : ([app, bare] as const)
    for (const side of order) {
      latencies[side === app ? 'app' : 'bare'].push(...(await broadcastOnce(side)))
    }
  }
  return latencies
}

function latencyRows(count: number, { app, bare }: Latencies): BenchRow[] {
  const row = (name: string, q: number) => ({
    benchmark: '1 real-time',
    measure: `${name}, ${count} clients`,
    value: quantile(app, q),
    unit: 'ms' as const,
    floor: { label: FLOOR_LABEL, value: quantile(bare, q) },
  })
  const p50 = row('p50', 0.5)
  const p95 = row('p95', 0.95)
  const samples = `${ACTIONS} actions × ${count} clients = ${app.length} samples per side`
  return [
    { ...p50, note: `commit → arrival at each client, ${samples}` },
    { ...p95, target: { text: 'p95 ≤ 2× floor', met: p95.value <= 2 * p95.floor.value } },
  ]
}

function memoryRow(
  count: number,
  rss: { app: number; bare: number },
  idle: { app: number; bare: number },
): BenchRow {
  const value = rss.app / MB
  return {
    benchmark: '5 memory',
    measure: `server RSS, ${count} sockets`,
    value,
    unit: 'MB',
    floor: { label: FLOOR_LABEL, value: rss.bare / MB },
    target: { text: '< 300 MB', met: value < 300 },
    note: `with no sockets: app ${(idle.app / MB).toFixed(0)} MB, ${FLOOR_LABEL} ${(idle.bare / MB).toFixed(0)} MB`,
  }
}

async function run(cleanups: (() => void)[]): Promise<BenchRow[]> {
  const databaseUrl = buildDatabase()
  const [appServer, bareServer] = await Promise.all([
    startServer('realtime-app-server.ts', { DATABASE_URL: databaseUrl }),
    startServer('realtime-bare-server.ts'),
  ])
  cleanups.push(appServer.stop, bareServer.stop)
  const tokens = await appServer.call('sessions', Math.max(...CLIENT_COUNTS))
  const idle = { app: await appServer.call('rss'), bare: await bareServer.call('rss') }
  const app: Side = {
    server: appServer,
    clients: createClientPool({ url: appServer.url, topic: TOPIC }),
    cookieFor: (i) => `kp_session=${tokens[i]}`,
  }
  const bare: Side = {
    server: bareServer,
    clients: createClientPool({ url: bareServer.url, topic: TOPIC }),
    cookieFor: () => undefined,
  }
  cleanups.push(app.clients.close, bare.clients.close)

  const rows: BenchRow[] = []
  for (const count of CLIENT_COUNTS) {
    for (const side of [bare, app]) {
      await side.clients.grow(count, side.cookieFor)
      await waitForListeners(side.server, count)
    }
    rows.push(...latencyRows(count, await measureLatencies(app, bare)))
  }
  const rss = { app: await appServer.call('rss'), bare: await bareServer.call('rss') }
  rows.push(memoryRow(Math.max(...CLIENT_COUNTS), rss, idle))
  return rows
}

const cleanups: (() => void)[] = []
let exitCode = 0
try {
  await report(await run(cleanups))
} catch (error) {
  console.error('bench/realtime.ts failed:', error)
  exitCode = 1
} finally {
  // Clients first, so the servers do not see them drop while they are being stopped.
  for (const cleanup of cleanups.reverse()) cleanup()
}
process.exit(exitCode)
