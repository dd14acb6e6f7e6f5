/**
 * Shared by the benchmarks (issue 10): the row every benchmark reports, statistics, and the
 * command-line conventions. Each benchmark is a script of its own (`tsx bench/<name>.ts`), run in
 * a process of its own by bench/run.ts, because the app reads DATABASE_URL once per process.
 * A benchmark prints figures; it never asserts a time.
 */
import { writeFileSync } from 'node:fs'

/** Lower is better for a cost (ms, s, MB); higher for a rate (per second). */
/** '' is a count. */
export type Unit = 'ms' | 's' | 'MB' | '/s' | ''

export type BenchRow = {
  /** "1 real-time", "2 transitions", … */
  benchmark: string
  /** What was measured: "p95, 1000 clients". */
  measure: string
  value: number
  unit: Unit
  /** The same work done the simplest way, measured in the same run. */
  floor?: { label: string; value: number }
  /** The target as text, and whether it was met (ratios and absolute limits both). */
  target?: { text: string; met: boolean }
  note?: string
}

export const args = process.argv.slice(2)
export const short = args.includes('--short')

export function numberArg(name: string, fallback: number) {
  const arg = args.find((a) => a.startsWith(`--${name}=`))
  const value = arg ? Number(arg.slice(name.length + 3)) : fallback
  if (!Number.isFinite(value) || value <= 0) throw new Error(`--${name} must be a positive number`)
  return value
}

/** How many times the floor's cost the figure is (≥ 1 means slower than the floor). */
export function ratio(row: Pick<BenchRow, 'value' | 'unit' | 'floor'>): number | null {
  if (!row.floor || row.floor.value <= 0 || row.value <= 0) return null
  return row.unit === '/s' ? row.floor.value / row.value : row.value / row.floor.value
}

export function quantile(values: readonly number[], q: number): number {
  if (values.length === 0) return Number.NaN
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]!
}

export const median = (values: readonly number[]) => quantile(values, 0.5)

/** Writes the rows where bench/run.ts asked (--out=file), else prints them as a table. */
export async function report(rows: BenchRow[]) {
  const out = args.find((a) => a.startsWith('--out='))?.slice('--out='.length)
  if (out) writeFileSync(out, JSON.stringify(rows))
  else {
    const { formatTable } = await import('./table.ts')
    console.log(formatTable(rows))
  }
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))
