/**
 * `npm run bench`: every benchmark of issues 10 and 11, each in a process of its own, printed as one
 * table (figure, floor measured in the same run, ratio, target). Nothing is asserted.
 *
 *   npm run bench                       full counts (several minutes; national-scale data is built once)
 *   npm run bench -- --short            small counts, so CI proves the scripts still run
 *   npm run bench -- --only=transitions,import
 *
 * PostgreSQL figures need TEST_POSTGRES_URL (eval "$(bash scripts/services.sh start)").
 */
import { spawnSync } from 'node:child_process'
import { mkdirSync, readFileSync, rmSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { args, short, type BenchRow } from './lib.ts'
import { formatTable } from './table.ts'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const BENCHMARKS = ['realtime', 'transitions', 'pages', 'import', 'goals', 'load'] as const
const only = args.find((a) => a.startsWith('--only='))?.slice('--only='.length).split(',')
const chosen = BENCHMARKS.filter((name) => !only || only.includes(name))
const passOn = args.filter((a) => !a.startsWith('--only=') && !a.startsWith('--out='))

const outDir = path.join(root, '.tmp', 'bench', 'rows')
rmSync(outDir, { recursive: true, force: true })
mkdirSync(outDir, { recursive: true })

const rows: BenchRow[] = []
const failed: string[] = []
for (const name of chosen) {
  const out = path.join(outDir, `${name}.json`)
  console.log(`\n━━ bench/${name}.ts${short ? ' (kort)' : ''} ━━`)
  const started = Date.now()
  const result = spawnSync(path.join(root, 'node_modules', '.bin', 'tsx'), [path.join(root, 'bench', `${name}.ts`), ...passOn, `--out=${out}`], {
    stdio: 'inherit',
    env: { ...process.env, LOG_LEVEL: 'silent' },
  })
  console.log(`   ${((Date.now() - started) / 1000).toFixed(1)} s`)
  if (result.status !== 0) {
    failed.push(name)
    continue
  }
  rows.push(...(JSON.parse(readFileSync(out, 'utf8')) as BenchRow[]))
}

console.log(`\nKnudepunkt benchmarks${short ? ' — short mode (small counts; the figures say little)' : ''}, ${new Date().toISOString()}\n`)
console.log(formatTable(rows))
if (failed.length > 0) {
  console.error(`\n✗ Failed: ${failed.join(', ')}`)
  process.exit(1)
}
