/**
 * Benchmark 2 (issue 10): workflow transitions per second, on SQLite and on PostgreSQL.
 *
 * The figure is the app's own path: `transitionCase` (app/models/case.server.ts), which loads the
 * case, asks the machine and the permissions, writes state and version only if the version is
 * still the one the user saw, appends a WorkflowEvent and publishes an invalidation. It alternates
 * CLOSE and REOPEN (with a reason) over a set of cases, one transition after another.
 *
 * Floors, on the same database in the same run: the same row update and event insert with the bare
 * driver (better-sqlite3 / pg) in one transaction, and with Prisma's own minimal transaction,
 * interactive and batched. Each flavour runs in a process of its own (bench/transitions-worker.ts),
 * because the app binds its database client to DATABASE_URL once per process.
 */
import { spawnSync } from 'node:child_process'
import { mkdirSync, readFileSync, rmSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import pg from 'pg'
import { report, short, type BenchRow } from './lib.ts'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const dir = path.join(root, '.tmp', 'bench', 'transitions')
const bin = (name: string) => path.join(root, 'node_modules', '.bin', name)

function prepareDatabase(url: string) {
  const env = { ...process.env, DATABASE_URL: url, LOG_LEVEL: 'silent' }
  for (const [command, args] of [
    [bin('prisma'), ['migrate', 'deploy']],
    [bin('tsx'), ['prisma/seed.ts']],
  ] as const) {
    const result = spawnSync(command, args, { env, encoding: 'utf8', cwd: root })
    if (result.status !== 0) throw new Error(`${path.basename(command)} ${args.join(' ')}:\n${result.stdout}\n${result.stderr}`)
  }
}

function runWorker(url: string, flavour: 'SQLite' | 'PostgreSQL'): BenchRow[] {
  const out = path.join(dir, `${flavour}.json`)
  const result = spawnSync(bin('tsx'), [path.join(root, 'bench', 'transitions-worker.ts'), `--flavour=${flavour}`, `--out=${out}`, ...(short ? ['--short'] : [])], {
    env: { ...process.env, DATABASE_URL: url, LOG_LEVEL: 'silent' },
    stdio: ['ignore', 'inherit', 'inherit'],
    cwd: root,
  })
  if (result.status !== 0) throw new Error(`transitions worker (${flavour}) failed`)
  return JSON.parse(readFileSync(out, 'utf8')) as BenchRow[]
}

async function adminQuery(url: string, sql: string) {
  const client = new pg.Client({ connectionString: url })
  await client.connect()
  try {
    await client.query(sql)
  } finally {
    await client.end()
  }
}

function withDatabase(url: string, database: string) {
  const parsed = new URL(url)
  parsed.pathname = `/${database}`
  return parsed.toString()
}

rmSync(dir, { recursive: true, force: true })
mkdirSync(dir, { recursive: true })
const rows: BenchRow[] = []

const sqliteUrl = `file:${path.join(dir, 'transitions.db')}`
prepareDatabase(sqliteUrl)
rows.push(...runWorker(sqliteUrl, 'SQLite'))

const admin = process.env.TEST_POSTGRES_URL
if (admin) {
  const name = `kp_bench_transitions_${process.pid}`
  await adminQuery(admin, `CREATE DATABASE "${name}"`)
  try {
    prepareDatabase(withDatabase(admin, name))
    rows.push(...runWorker(withDatabase(admin, name), 'PostgreSQL'))
  } finally {
    await adminQuery(admin, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`)
  }
} else {
  console.log('  PostgreSQL: not measured (TEST_POSTGRES_URL is not set; eval "$(bash scripts/services.sh start)")')
}

rmSync(dir, { recursive: true, force: true })
await report(rows)
