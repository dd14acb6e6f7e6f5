import { ratio, type BenchRow } from './lib.ts'

function formatValue(value: number, unit: string) {
  if (unit === '') return String(Math.round(value))
  const digits = value >= 100 ? 0 : value >= 10 ? 1 : 2
  return `${value.toFixed(digits)} ${unit}`
}

/** One table: each figure, its floor measured in the same run, the ratio, and the target. */
export function formatTable(rows: readonly BenchRow[]): string {
  const header = ['benchmark', 'measure', 'figure', 'floor', 'ratio', 'target']
  const lines = rows.map((row) => {
    const r = ratio(row)
    return [
      row.benchmark,
      row.measure,
      formatValue(row.value, row.unit),
      row.floor ? `${formatValue(row.floor.value, row.unit)} (${row.floor.label})` : '–',
      r === null ? '–' : `${r.toFixed(2)}×`,
      row.target ? `${row.target.met ? 'MET   ' : 'MISSED'} ${row.target.text}` : '–',
    ]
  })
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i]!.length)))
  const format = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i]!)).join('  ').trimEnd()
  const notes = rows.filter((row) => row.note).map((row) => `  ${row.benchmark} · ${row.measure}: ${row.note}`)
  return [format(header), widths.map((w) => '─'.repeat(w)).join('  '), ...lines.map(format), ...(notes.length ? ['', ...notes] : [])].join('\n')
}
