import { describe, expect, it } from 'vitest'
import {
  highEffect,
  localPresence,
  newCompanies,
  nps,
  ratio,
  satisfaction,
  spread,
  statusOf,
  surveyReferralUptake,
  teamCases,
  type Effect,
  type ReferralUse,
  type Satisfaction,
  type SurveyFact,
} from './goals.ts'
import type { Topic } from './topics.ts'

/** n answers alike. */
function answers(n: number, fact: Partial<SurveyFact> & { segment: SurveyFact['segment'] }): SurveyFact[] {
  return Array.from({ length: n }, () => ({ satisfaction: 'SATISFIED' as Satisfaction, recommend: null, effect: 'SOME' as Effect, referralUsed: null as ReferralUse | null, topics: [] as Topic[], ...fact }))
}

describe('goal 3: satisfaction per segment', () => {
  // Vækst: 9 Meget tilfreds, 2 Tilfreds, 1 Utilfreds, 3 Ved ikke → 9 / 12 (Ved ikke out), n 15.
  // Drift: 4 Meget tilfreds, 4 Tilfreds → 4 / 8, n 8 (below 10: not reportable).
  const data = [
    ...answers(9, { segment: 'VAEKST', satisfaction: 'VERY_SATISFIED' }),
    ...answers(2, { segment: 'VAEKST', satisfaction: 'SATISFIED' }),
    ...answers(1, { segment: 'VAEKST', satisfaction: 'DISSATISFIED' }),
    ...answers(3, { segment: 'VAEKST', satisfaction: 'DONT_KNOW' }),
    ...answers(4, { segment: 'DRIFT', satisfaction: 'VERY_SATISFIED' }),
    ...answers(4, { segment: 'DRIFT', satisfaction: 'SATISFIED' }),
  ]

  it('leaves "ved ikke" out and reports per segment', () => {
    expect(satisfaction(data, 'VAEKST')).toEqual({ numerator: 9, denominator: 12, n: 15, value: 0.75, reportable: true })
    expect(satisfaction(data, 'DRIFT')).toEqual({ numerator: 4, denominator: 8, n: 8, value: 0.5, reportable: false })
    expect(satisfaction(data)).toEqual({ numerator: 13, denominator: 20, n: 23, value: 0.65, reportable: true })
  })

  it('is met, not met or not measurable against the 80 % target', () => {
    expect(statusOf(satisfaction(data, 'VAEKST'), 0.8)).toBe('notMet')
    expect(statusOf(satisfaction(data, 'DRIFT'), 0.8)).toBe('notMeasurable')
    expect(statusOf(ratio(9, 10, 10), 0.8)).toBe('met')
  })
})

describe('goal 3: NPS', () => {
  it('is % 9–10 minus % 0–6 of those who answered (hand-computed)', () => {
    // 6 promoters (9, 10), 3 passives (7, 8), 3 detractors (0–6), 2 unanswered → (6 − 3) / 12 = 25 points.
    const data = [
      ...answers(3, { segment: 'DRIFT', recommend: 10 }),
      ...answers(3, { segment: 'DRIFT', recommend: 9 }),
      ...answers(2, { segment: 'DRIFT', recommend: 8 }),
      ...answers(1, { segment: 'DRIFT', recommend: 7 }),
      ...answers(1, { segment: 'DRIFT', recommend: 6 }),
      ...answers(2, { segment: 'DRIFT', recommend: 0 }),
      ...answers(2, { segment: 'DRIFT', recommend: null }),
      ...answers(5, { segment: 'VAEKST', recommend: 10 }),
    ]
    expect(nps(data, 'DRIFT')).toEqual({ promoters: 6, detractors: 3, n: 12, value: 25, reportable: true })
    expect(nps(data, 'VAEKST')).toEqual({ promoters: 5, detractors: 0, n: 5, value: 100, reportable: false })
    expect(nps([], 'VAEKST').value).toBeNull()
  })
})

describe('goals 5, 6 and 7: positive effect "i høj grad"', () => {
  // Green: 8 HIGH, 2 SOME, 2 DONT_KNOW → 8 / 10, n 12. Digital: 3 HIGH, 7 LOW → 3 / 10, n 10. Others: 5 NONE.
  const data = [
    ...answers(8, { segment: 'DRIFT', effect: 'HIGH', topics: ['GREEN'] }),
    ...answers(2, { segment: 'VAEKST', effect: 'SOME', topics: ['GREEN'] }),
    ...answers(2, { segment: 'DRIFT', effect: 'DONT_KNOW', topics: ['GREEN'] }),
    ...answers(3, { segment: 'VAEKST', effect: 'HIGH', topics: ['DIGITAL'] }),
    ...answers(7, { segment: 'VAEKST', effect: 'LOW', topics: ['DIGITAL'] }),
    ...answers(5, { segment: 'DRIFT', effect: 'NONE', topics: ['EXPORT'] }),
  ]

  it('goal 5 counts the companies guided in green topics', () => {
    expect(highEffect(data, 'GREEN')).toEqual({ numerator: 8, denominator: 10, n: 12, value: 0.8, reportable: true })
  })
  it('goal 7 counts the companies guided in digital topics', () => {
    expect(highEffect(data, 'DIGITAL')).toEqual({ numerator: 3, denominator: 10, n: 10, value: 0.3, reportable: true })
  })
  it('goal 6 counts all guided companies, per segment too', () => {
    // 11 HIGH of 25 with an opinion (27 answers, 2 ved ikke).
    expect(highEffect(data)).toEqual({ numerator: 11, denominator: 25, n: 27, value: 0.44, reportable: true })
    // Vækst: 3 HIGH of 12; drift: 8 HIGH of 13 (15 answers).
    expect(highEffect(data, undefined, 'VAEKST')).toEqual({ numerator: 3, denominator: 12, n: 12, value: 0.25, reportable: true })
    expect(highEffect(data, undefined, 'DRIFT')).toEqual({ numerator: 8, denominator: 13, n: 15, value: 8 / 13, reportable: true })
  })
})

describe('goal 4 from the survey', () => {
  it('counts yes and "expects to" of the referred, "ved ikke" left out', () => {
    // 4 YES, 2 EXPECTS, 3 NO, 3 DONT_KNOW, 5 not referred → 6 / 9, n 12.
    const data = [
      ...answers(4, { segment: 'DRIFT', referralUsed: 'YES' }),
      ...answers(2, { segment: 'VAEKST', referralUsed: 'EXPECTS' }),
      ...answers(3, { segment: 'DRIFT', referralUsed: 'NO' }),
      ...answers(3, { segment: 'DRIFT', referralUsed: 'DONT_KNOW' }),
      ...answers(5, { segment: 'DRIFT' }),
    ]
    expect(surveyReferralUptake(data)).toEqual({ numerator: 6, denominator: 9, n: 12, value: 6 / 9, reportable: true })
    expect(surveyReferralUptake(data, 'VAEKST')).toEqual({ numerator: 2, denominator: 2, n: 2, value: 1, reportable: false })
  })
})

describe('goal 1: new companies', () => {
  it('are those guided this year and not the year before, summed over the kommuner', () => {
    const figure = newCompanies([
      { kommuneId: 'k1', guided: 4, fresh: 3 },
      { kommuneId: 'k2', guided: 6, fresh: 2 },
    ])
    expect(figure).toMatchObject({ numerator: 5, denominator: 10, n: 10, value: 0.5 })
    expect(newCompanies([]).value).toBeNull()
  })
})

describe('goals 2 and 8d: spread and local presence', () => {
  const kommuner = [
    { id: 'k1', name: 'Kolding', area: 'BY' as const },
    { id: 'k2', name: 'Fanø', area: 'LAND' as const },
    { id: 'k3', name: 'Tønder', area: 'LAND' as const },
  ]

  it('gives every kommune its guided companies (none when absent) and sums rural and urban', () => {
    const result = spread(
      [
        { kommuneId: 'k1', guided: 2, fresh: 1 },
        { kommuneId: 'k2', guided: 1, fresh: 1 },
        { kommuneId: 'elsewhere', guided: 7, fresh: 7 },
      ],
      kommuner,
    )
    expect(result.perKommune.map((k) => k.companies)).toEqual([2, 1, 0])
    expect(result).toMatchObject({ urban: 2, rural: 1 })
  })

  it('needs a key account manager, a signed declaration and a workday every month so far', () => {
    const result = localPresence(
      [
        { id: 'k1', name: 'Kolding', hasKeyAccountManager: true, signedDeclaration: true, monthsWithWorkday: [1, 2, 3] },
        { id: 'k2', name: 'Fanø', hasKeyAccountManager: true, signedDeclaration: true, monthsWithWorkday: [1, 3] },
        { id: 'k3', name: 'Tønder', hasKeyAccountManager: false, signedDeclaration: true, monthsWithWorkday: [1, 2, 3] },
      ],
      3,
    )
    expect(result.met).toBe(1)
    expect(result.total).toBe(3)
    expect(result.rows[1]!.missingMonths).toEqual([2])
  })
})

describe('goal 8a: the teams', () => {
  it('takes the team topics from the counts per topic', () => {
    expect(teamCases([{ topic: 'GREEN', cases: 2 }, { topic: 'DIGITAL', cases: 1 }, { topic: 'CAPITAL', cases: 9 }])).toEqual({ GREEN: 2, EXPORT: 0, DIGITAL: 1 })
  })
})
