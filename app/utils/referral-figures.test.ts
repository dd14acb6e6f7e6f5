import { describe, expect, it } from 'vitest'
import { designReferrals, referralFiguresByYear, uptake, uptakeOfCounts, type ReferralFact } from './referral-figures.ts'

describe('goal 4 uptake', () => {
  it('leaves "ved ikke" out of numerator and denominator (hand-computed)', () => {
    // 3 USED + 2 EXPECTS_TO_USE + 4 NOT_USED + 3 UNKNOWN + 2 not yet followed up
    const outcomes = [...Array(3).fill('USED'), ...Array(2).fill('EXPECTS_TO_USE'), ...Array(4).fill('NOT_USED'), ...Array(3).fill('UNKNOWN'), null, null]
    const figure = uptake(outcomes)
    // (3 + 2) / (12 − 3) = 5 / 9
    expect(figure).toEqual({ numerator: 5, denominator: 9, n: 12, value: 5 / 9 })
    expect(figure.value).toBeCloseTo(0.5556, 4)
  })

  it('has no value when every answer is "ved ikke" or none is recorded', () => {
    expect(uptake(['UNKNOWN', 'UNKNOWN', null])).toEqual({ numerator: 0, denominator: 0, n: 2, value: null })
    expect(uptake([])).toEqual({ numerator: 0, denominator: 0, n: 0, value: null })
  })
})

describe('goal 8c design referrals', () => {
  const facts: ReferralFact[] = [
    { sentYear: 2026, designEcosystem: true, outcome: 'USED' },
    { sentYear: 2026, designEcosystem: true, outcome: null },
    { sentYear: 2026, designEcosystem: false, outcome: 'NOT_USED' },
    { sentYear: 2025, designEcosystem: true, outcome: 'UNKNOWN' },
    { sentYear: null, designEcosystem: true, outcome: null },
  ]

  it('counts sent referrals to the design ecosystem in the year only', () => {
    expect(designReferrals(facts, 2026)).toBe(2)
    expect(designReferrals(facts, 2025)).toBe(1)
    expect(designReferrals(facts, 2024)).toBe(0)
  })

  it('gives one row per year, newest first, drafts left out', () => {
    const rows = referralFiguresByYear(facts)
    expect(rows.map((r) => r.year)).toEqual([2026, 2025])
    expect(rows[0]).toMatchObject({ sent: 3, design: 2, uptake: { numerator: 1, denominator: 2, n: 2, value: 0.5 } })
    expect(rows[1]).toMatchObject({ sent: 1, design: 1, uptake: { numerator: 0, denominator: 0, n: 1, value: null } })
  })
})

describe('facts counted in the database', () => {
  it('give the same figures as one fact per referral', () => {
    const counted: ReferralFact[] = [
      { sentYear: 2026, designEcosystem: true, outcome: 'USED', count: 3 },
      { sentYear: 2026, designEcosystem: false, outcome: 'EXPECTS_TO_USE', count: 2 },
      { sentYear: 2026, designEcosystem: false, outcome: 'NOT_USED', count: 4 },
      { sentYear: 2026, designEcosystem: true, outcome: 'UNKNOWN', count: 3 },
      { sentYear: 2026, designEcosystem: true, outcome: null, count: 2 },
      { sentYear: 2025, designEcosystem: true, outcome: 'USED', count: 1 },
    ]
    const oneByOne = counted.flatMap(({ count, ...fact }) => Array.from({ length: count ?? 1 }, () => fact))
    expect(referralFiguresByYear(counted)).toEqual(referralFiguresByYear(oneByOne))
    expect(designReferrals(counted, 2026)).toBe(8)
    expect(uptakeOfCounts(counted.filter((f) => f.sentYear === 2026))).toEqual({ numerator: 5, denominator: 9, n: 12, value: 5 / 9 })
  })
})
