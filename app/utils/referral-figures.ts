import type { Outcome } from '../../machines/referral.machine.ts'

/**
 * The referral figures of the result contract, as pure functions that the referrals page and the
 * goals dashboard share (issue 6 and 9).
 * - Goal 4 (hub): uptake = (USED + EXPECTS_TO_USE) / (all recorded outcomes − UNKNOWN); "ved
 *   ikke" is left out of both. Target ≥ 45 %.
 * - Goal 8c (design): the number of referrals sent to the design ecosystem in the year.
 */

export type Figure = { numerator: number; denominator: number; n: number; value: number | null }

export const UPTAKE_TARGET = 0.45

export function uptake(outcomes: readonly (Outcome | null)[]): Figure {
  const recorded = outcomes.filter((o): o is Outcome => o !== null)
  const known = recorded.filter((o) => o !== 'UNKNOWN')
  const used = known.filter((o) => o === 'USED' || o === 'EXPECTS_TO_USE')
  return { numerator: used.length, denominator: known.length, n: recorded.length, value: known.length > 0 ? used.length / known.length : null }
}

export type ReferralFact = { sentYear: number | null; designEcosystem: boolean; outcome: Outcome | null }

export function designReferrals(referrals: readonly ReferralFact[], year: number) {
  return referrals.filter((r) => r.sentYear === year && r.designEcosystem).length
}

/** Per year: sent, to the design ecosystem (8c), and uptake of the referrals sent that year (4). */
export function referralFiguresByYear(referrals: readonly ReferralFact[]) {
  const years = [...new Set(referrals.map((r) => r.sentYear).filter((y): y is number => y !== null))].sort((a, b) => b - a)
  return years.map((year) => {
    const sent = referrals.filter((r) => r.sentYear === year)
    return { year, sent: sent.length, design: designReferrals(referrals, year), uptake: uptake(sent.map((r) => r.outcome)) }
  })
}
