/**
 * The databases a benchmark runs against: a fresh migrated and seeded SQLite file, and — when
 * TEST_POSTGRES_URL names a server (scripts/services.sh) — a fresh PostgreSQL database. Each
 * flavour's worker runs in a process of its own with DATABASE_URL set, because the app binds its
 * database client once per process.
 */
import { spawnSync } from 'node:child_process'
import { mkdirSync, readFileSync, rmSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { adminQuery, withDatabase } from '../test/support/postgres.ts'
import { short, type BenchRow } from './lib.ts'

export type Flavour = 'SQLite' | 'PostgreSQL'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
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

function runWorker(worker: string, url: string, flavour: Flavour, dir: string): BenchRow[] {
  const out = path.join(dir, `${flavour}.json`)
  const result = spawnSync(bin('tsx'), [path.join(root, 'bench', worker), `--flavour=${flavour}`, `--out=${out}`, ...(short ? ['--short'] : [])], {
    env: { ...process.env, DATABASE_URL: url, LOG_LEVEL: 'silent' },
    stdio: ['ignore', 'inherit', 'inherit'],
    cwd: root,
  })
  if (result.status !== 0) throw new Error(`${worker} (${flavour}) failed`)
  return JSON.parse(readFileSync(out, 'utf8')) as BenchRow[]
}

/** Runs bench/<worker> once per flavour on a fresh database and returns all rows. */
export async function onEachDatabase(name: string, worker: string): Promise<BenchRow[]> {
  const dir = path.join(root, '.tmp', 'bench', name)
  rmSync(dir, { recursive: true, force: true })
  mkdirSync(dir, { recursive: true })
  const rows: BenchRow[] = []
  const sqliteUrl = `file:${path.join(dir, `${name}.db`)}`
  prepareDatabase(sqliteUrl)
  rows.push(...runWorker(worker, sqliteUrl, 'SQLite', dir))

  const admin = process.env.TEST_POSTGRES_URL
  if (admin) {
    const database = `kp_bench_${name}_${process.pid}`
    await adminQuery(admin, `CREATE DATABASE "${database}"`)
    try {
      prepareDatabase(withDatabase(admin, database))
      rows.push(...runWorker(worker, withDatabase(admin, database), 'PostgreSQL', dir))
    } finally {
      await adminQuery(admin, `DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`)
    }
  } else {
    console.log('  PostgreSQL: not measured (TEST_POSTGRES_URL is not set; eval "$(bash scripts/services.sh start)")')
  }
  rmSync(dir, { recursive: true, force: true })
  return rows
}

export function flavourArg(args: readonly string[]): Flavour {
  return args.find((a) => a.startsWith('--flavour='))?.slice('--flavour='.length) === 'PostgreSQL' ? 'PostgreSQL' : 'SQLite'
}
