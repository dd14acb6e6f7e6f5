import { describe, expect, it } from 'vitest'
import { formatDate, formatDateTime, formatNumber, formatPercent, formatShortDate, formatTime } from './format.ts'

describe('Danish formats in Europe/Copenhagen', () => {
  // 13:30 UTC on 27 November is 14:30 in Copenhagen (CET, UTC+1).
  const winter = new Date('2026-11-27T13:30:00Z')
  // 12:30 UTC on 1 July is 14:30 in Copenhagen (CEST, UTC+2).
  const summer = new Date('2026-07-01T12:30:00Z')

  it('writes long and short dates', () => {
    expect(formatDate(winter)).toBe('27. november 2026')
    expect(formatShortDate(winter)).toBe('27.11.2026')
  })

  it('writes the local time across daylight saving', () => {
    expect(formatTime(winter)).toBe('14:30')
    expect(formatTime(summer)).toBe('14:30')
    expect(formatDateTime(winter)).toBe('27.11.2026 kl. 14:30')
  })

  it('uses the date of Copenhagen, not of UTC, just before midnight', () => {
    expect(formatShortDate(new Date('2026-12-31T23:30:00Z'))).toBe('01.01.2027')
  })

  it('writes numbers with a thousands dot and a decimal comma', () => {
    expect(formatNumber(4790)).toBe('4.790')
    expect(formatPercent(0.783)).toBe('78,3 %')
  })
})
