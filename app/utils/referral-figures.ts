import type { Outcome } from '../../machines/referral.machine.ts'

/**
 * The referral figures of the result contract, as pure functions that the referrals page and the
 * goals dashboard share (issue 6 and 9).
 * - Goal 4 (hub): uptake = (USED + EXPECTS_TO_USE) / (all recorded outcomes − UNKNOWN); "ved
 *   ikke" is left out of both. Target ≥ 45 %.
 * - Goal 8c (design): the number of referrals sent to the design ecosystem in the year.
 *
 * A fact may stand for several referrals alike (`count`, 1 when left out): the database counts
 * them per year and outcome rather than sending every referral (bench: 20,000 referrals, 77 ms
 * read one by one, 10 ms counted).
 */

export type Figure = { numerator: number; denominator: number; n: number; value: number | null }

export const UPTAKE_TARGET = 0.45

type Counted = { count?: number }

/** How many referrals these facts stand for. */
function total(facts: readonly Counted[]) {
  return facts.reduce((sum, fact) => sum + (fact.count ?? 1), 0)
}

/** Goal 4 from outcomes counted alike. */
export function uptakeOfCounts(counts: readonly ({ outcome: Outcome | null } & Counted)[]): Figure {
  const recorded = counts.filter((c) => c.outcome !== null)
  const known = recorded.filter((c) => c.outcome !== 'UNKNOWN')
  const used = total(known.filter((c) => c.outcome === 'USED' || c.outcome === 'EXPECTS_TO_USE'))
  const denominator = total(known)
  return { numerator: used, denominator, n: total(recorded), value: denominator > 0 ? used / denominator : null }
}

export function uptake(outcomes: readonly (Outcome | null)[]): Figure {
  return uptakeOfCounts(outcomes.map((outcome) => ({ outcome })))
}

export type ReferralFact = { sentYear: number | null; designEcosystem: boolean; outcome: Outcome | null } & Counted

export function designReferrals(referrals: readonly ReferralFact[], year: number) {
  return total(referrals.filter((r) => r.sentYear === year && r.designEcosystem))
}

/** Per year: sent, to the design ecosystem (8c), and uptake of the referrals sent that year (4). */
export function referralFiguresByYear(referrals: readonly ReferralFact[]) {
  const years = [...new Set(referrals.map((r) => r.sentYear).filter((y): y is number => y !== null))].sort((a, b) => b - a)
  return years.map((year) => {
    const sent = referrals.filter((r) => r.sentYear === year)
    return { year, sent: total(sent), design: designReferrals(referrals, year), uptake: uptakeOfCounts(sent) }
  })
}
