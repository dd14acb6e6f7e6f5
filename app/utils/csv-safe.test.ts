import { describe, expect, it } from 'vitest'
import { neutraliseCell } from './csv-safe.ts'

describe('CSV cells', () => {
  it('neutralise what a spreadsheet would run as a formula', () => {
    expect(neutraliseCell('=HYPERLINK("x")')).toBe(`'=HYPERLINK("x")`)
    expect(neutraliseCell('+45')).toBe("'+45")
    expect(neutraliseCell('-1')).toBe("'-1")
    expect(neutraliseCell('@SUM(A1)')).toBe("'@SUM(A1)")
    expect(neutraliseCell('\tx')).toBe("'\tx")
  })
  it('leave ordinary text and numbers alone', () => {
    expect(neutraliseCell('Mål 3')).toBe('Mål 3')
    expect(neutraliseCell(12)).toBe('12')
    expect(neutraliseCell(null)).toBe('')
  })
})
