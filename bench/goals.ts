/**
 * Benchmark of the full goal computation (issue 9, "Performance"): `computeGoals(year)` from
 * app/models/goals.server.ts on the national-scale SQLite file built by bench/goals-data.ts.
 * Prints min / median / p95 / max against the target; nothing is asserted.
 *
 *   npm run bench [-- --fresh] [-- --runs=10] [-- --year=2026] [-- --scale=1] [-- --trend]
 */
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { ensureGoalsData, LAST_YEAR, parseScale } from './goals-data.ts'
import { report, short } from './lib.ts'

const TARGET_MS = 300

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const args = process.argv.slice(2)
const numberArg = (name: string, fallback: number) => {
  const arg = args.find((a) => a.startsWith(`--${name}=`))
  const value = arg ? Number(arg.slice(name.length + 3)) : fallback
  if (!Number.isInteger(value) || value <= 0)
    throw new Error(`--${name} must be a positive whole number`)
  return value
}
const runs = numberArg('runs', short ? 3 : 10)
const year = numberArg('year', LAST_YEAR)
const scale = args.some((a) => a.startsWith('--scale=')) ? parseScale(args) : short ? 0.02 : 1

const data = await ensureGoalsData({ fresh: args.includes('--fresh'), scale })

// The app reads DATABASE_URL when db.server.ts is first imported, so it is set before any app module loads.
process.env.DATABASE_URL = data.url
const { computeGoals } = await import('../app/models/goals.server.ts')
// The dashboard caches the figures until the next write; the benchmark measures the computation.
const { forgetCachedFigures } = await import('../app/utils/figures-cache.server.ts')
const { db } = await import('../app/utils/db.server.ts')

const ms = (t0: number) => performance.now() - t0
let t0 = performance.now()
const first = await computeGoals(year)
const warmupMs = ms(t0)

const times: number[] = []
for (let i = 0; i < runs; i++) {
  forgetCachedFigures()
  t0 = performance.now()
  await computeGoals(year)
  times.push(ms(t0))
}
// Optional: the dashboard's trend chart (goalTrend, five years), which is not part of the target.
let trendLine: string | null = null
if (args.includes('--trend')) {
  const { goalTrend } = await import('../app/models/goals.server.ts')
  const years = [year - 4, year - 3, year - 2, year - 1, year]
  await goalTrend(years)
  const trend: number[] = []
  for (let i = 0; i < 3; i++) {
    forgetCachedFigures()
    t0 = performance.now()
    await goalTrend(years)
    trend.push(ms(t0))
  }
  trend.sort((a, b) => a - b)
  trendLine = `  goalTrend(${years[0]}–${year}) (dashboard trend chart, not in the target): median of 3 ${trend[1]!.toFixed(1)} ms`
}
await db.$disconnect()

const sorted = [...times].sort((a, b) => a - b)
const quantile = (q: number) =>
  sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]!
const median =
  sorted.length % 2 === 1
    ? sorted[(sorted.length - 1) / 2]!
    : (sorted[sorted.length / 2 - 1]! + sorted[sorted.length / 2]!) / 2
const fmt = (v: number) => v.toFixed(1).padStart(8)
const met = median < TARGET_MS

const lines = [
  '',
  `computeGoals(${year}) on SQLite — ${path.relative(root, data.file)}, scale ${data.scale}`,
  data.reused
    ? `  data: reused (built ${data.builtAt} in ${(data.builtMs / 1000).toFixed(1)} s; --fresh rebuilds)`
    : `  data: generated in ${(data.generatedMs / 1000).toFixed(1)} s`,
  `  rows: ${Object.entries(data.counts)
    .map(([k, v]) => `${k} ${v.toLocaleString('en-US')}`)
    .join(' · ')}`,
  `  result: ${first.goals.length} goals · ${first.answers} survey answers in ${year} · guided ${first.spread.rural + first.spread.urban} (rural ${first.spread.rural}, urban ${first.spread.urban}) · 8d ${first.local.met}/${first.local.total}`,
  '',
  `  warm-up     ${fmt(warmupMs)} ms (first call: module and query-plan warm-up)`,
  `  runs        ${String(runs).padStart(8)}`,
  `  min         ${fmt(sorted[0]!)} ms`,
  `  median      ${fmt(median)} ms`,
  `  p95         ${fmt(quantile(0.95))} ms`,
  `  max         ${fmt(sorted[sorted.length - 1]!)} ms`,
  `  target      ${fmt(TARGET_MS)} ms  → ${met ? 'MET' : 'MISSED'} (median ${met ? '<' : '≥'} ${TARGET_MS} ms)`,
  ...(trendLine ? ['', trendLine] : []),
  '',
]
console.log(lines.join('\n'))
await report([
  {
    benchmark: 'goals',
    measure: `computeGoals(${year}) median of ${runs}, uncached${scale === 1 ? '' : `, scale ${scale}`}`,
    value: median,
    unit: 'ms',
    target: { text: `median < ${TARGET_MS} ms${scale === 1 ? '' : ' (at scale 1)'}`, met: median < TARGET_MS },
  },
])
