/**
 * The production app as the HTTP benchmarks run it (bench/pages.ts, bench/load.ts): build/ and
 * server/index.ts in a child process of its own on a benchmark database file, started, waited
 * for and stopped as `npm start` would, and a demo user logged in through the real login form.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import { existsSync, readdirSync, statSync } from 'node:fs'
import { createServer } from 'node:net'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { sleep } from './lib.ts'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const log = (message: string) => console.error(message)

/** The password of every demo account (prisma/demo-accounts.js). */
export const DEMO_PASSWORD = 'knudepunkt-demo'

function newestMtime(dir: string): number {
  let newest = 0
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name)
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(full) : statSync(full).mtimeMs)
  }
  return newest
}

/**
 * Builds when build/ is missing or older than app/, so the figures are for the code as it is.
 * SKIP_BUILD=1 (as scripts/start.js honours it) takes an existing build as it is: for a checkout
 * where others edit app/ while the shared build/ is in use.
 */
export function ensureBuild(): string {
  const serverBuild = path.join(root, 'build', 'server', 'index.js')
  if (process.env.SKIP_BUILD === '1' && existsSync(serverBuild))
    return 'existing build, SKIP_BUILD=1'
  const stale =
    existsSync(serverBuild) && newestMtime(path.join(root, 'app')) > statSync(serverBuild).mtimeMs
  if (existsSync(serverBuild) && !stale) return 'existing build'
  log(
    stale
      ? 'build/ is older than app/: remix vite:build …'
      : 'No production build: remix vite:build …',
  )
  const t0 = performance.now()
  const result = spawnSync(path.join(root, 'node_modules', '.bin', 'remix'), ['vite:build'], {
    cwd: root,
    encoding: 'utf8',
  })
  if (result.status !== 0)
    throw new Error(`remix vite:build failed:\n${result.stdout}\n${result.stderr}`)
  return `built (${((performance.now() - t0) / 1000).toFixed(0)} s)`
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const address = server.address()
      const port = typeof address === 'object' && address ? address.port : 0
      server.close(() => resolve(port))
    })
  })
}

export type AppServer = { child: ChildProcess; stderr: () => string }

/**
 * One app process on `file`; with TEST_REDIS_URL set it joins the others through Redis.
 * `logErrors` keeps the app's error log (on stderr; its other lines go to stdout, ignored).
 */
export function startServer(
  port: number,
  file: string,
  { runsJobs, logErrors = false }: { runsJobs: boolean; logErrors?: boolean },
): AppServer {
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/index.ts'], {
    cwd: root,
    env: {
      ...process.env,
      NODE_ENV: 'production',
      PORT: String(port),
      HOST: '127.0.0.1',
      DATABASE_URL: `file:${file}`,
      LOG_LEVEL: logErrors ? 'info' : 'silent',
      // The data set's dates run to the end of the year; only one process may run the jobs anyway.
      JOBS: runsJobs && process.env.BENCH_JOBS === 'on' ? 'on' : 'off',
      ...(process.env.TEST_REDIS_URL ? { REDIS_URL: process.env.TEST_REDIS_URL } : {}),
    },
    stdio: ['ignore', 'ignore', 'pipe'],
  })
  let stderr = ''
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-20_000)
  })
  return { child, stderr: () => stderr }
}

export async function waitUntilUp(base: string, child: ChildProcess, stderr: () => string) {
  const deadline = Date.now() + 60_000
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null)
      throw new Error(
        `the server exited (${child.exitCode ?? child.signalCode}) before it answered:\n${stderr()}`,
      )
    const ok = await fetch(`${base}/healthz`, { signal: AbortSignal.timeout(2000) })
      .then((r) => r.ok)
      .catch(() => false)
    if (ok) return
    await sleep(100)
  }
  throw new Error(`the server did not answer /healthz within 60 s:\n${stderr()}`)
}

/** SIGTERM, as a deployment stops it (running requests finish, the database closes); SIGKILL after 15 s. */
export async function stopServer(child: ChildProcess) {
  if (child.exitCode !== null || child.signalCode !== null) return
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
  child.kill('SIGTERM')
  const timer = setTimeout(() => child.kill('SIGKILL'), 15_000)
  await exited
  clearTimeout(timer)
}

/** Logs in through the login form and returns the session cookie (`kp_session=…`). */
export async function logIn(base: string, email: string): Promise<string> {
  const res = await fetch(`${base}/login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', Origin: base },
    body: new URLSearchParams({ email, password: DEMO_PASSWORD, redirectTo: '' }),
    redirect: 'manual',
    signal: AbortSignal.timeout(30_000),
  })
  await res.arrayBuffer()
  const cookie = res.headers
    .getSetCookie()
    .map((c) => c.split(';')[0]!)
    .find((c) => c.startsWith('kp_session='))
  if (res.status !== 302 || !cookie) throw new Error(`login as ${email} failed: HTTP ${res.status}`)
  return cookie
}
