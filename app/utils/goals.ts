import type { Segment } from './company-fields.ts'
import type { Topic } from './topics.ts'

/**
 * The result contract's goals as pure functions (DOMAIN.md, "The result contract's goals"; issue 9).
 * Every figure carries its numerator, denominator and n, and is "reportable" only with at least
 * MIN_ANSWERS answers behind it: below that a percentage says more about chance than quality.
 * "Ved ikke" answers are left out of numerator and denominator everywhere, as Erhvervsstyrelsen
 * does for goal 4, so that n (all answers) and the denominator (answers with an opinion) differ.
 */

export const MIN_ANSWERS = 10

export const SATISFACTION = ['VERY_SATISFIED', 'SATISFIED', 'NEUTRAL', 'DISSATISFIED', 'VERY_DISSATISFIED', 'DONT_KNOW'] as const
export type Satisfaction = (typeof SATISFACTION)[number]
export const SATISFACTION_LABELS: Record<Satisfaction, string> = {
  VERY_SATISFIED: 'Meget tilfreds',
  SATISFIED: 'Tilfreds',
  NEUTRAL: 'Hverken/eller',
  DISSATISFIED: 'Utilfreds',
  VERY_DISSATISFIED: 'Meget utilfreds',
  DONT_KNOW: 'Ved ikke',
}

export const EFFECT = ['HIGH', 'SOME', 'LOW', 'NONE', 'DONT_KNOW'] as const
export type Effect = (typeof EFFECT)[number]
export const EFFECT_LABELS: Record<Effect, string> = { HIGH: 'I høj grad', SOME: 'I nogen grad', LOW: 'I lav grad', NONE: 'Slet ikke', DONT_KNOW: 'Ved ikke' }

export const REFERRAL_USE = ['YES', 'EXPECTS', 'NO', 'DONT_KNOW'] as const
export type ReferralUse = (typeof REFERRAL_USE)[number]
export const REFERRAL_USE_LABELS: Record<ReferralUse, string> = { YES: 'Ja', EXPECTS: 'Forventer inden for et halvt år', NO: 'Nej', DONT_KNOW: 'Ved ikke' }

export type SurveyFact = { segment: Segment; satisfaction: Satisfaction; recommend: number | null; effect: Effect; referralUsed: ReferralUse | null; topics: readonly Topic[] }

export type Ratio = { numerator: number; denominator: number; n: number; value: number | null; reportable: boolean }

export function ratio(numerator: number, denominator: number, n: number, minimum = MIN_ANSWERS): Ratio {
  return { numerator, denominator, n, value: denominator > 0 ? numerator / denominator : null, reportable: denominator > 0 && n >= minimum }
}

const inSegment = (segment?: Segment) => (a: SurveyFact) => !segment || a.segment === segment

/** Goal 3: share "Meget tilfreds" with the staff's competence. */
export function satisfaction(answers: readonly SurveyFact[], segment?: Segment): Ratio {
  const pool = answers.filter(inSegment(segment))
  const known = pool.filter((a) => a.satisfaction !== 'DONT_KNOW')
  return ratio(known.filter((a) => a.satisfaction === 'VERY_SATISFIED').length, known.length, pool.length)
}

export type Nps = { promoters: number; detractors: number; n: number; value: number | null; reportable: boolean }

/** Goal 3: NPS = % 9–10 minus % 0–6, in points (−100 to 100), of those who answered. */
export function nps(answers: readonly SurveyFact[], segment?: Segment): Nps {
  const scores = answers.filter(inSegment(segment)).flatMap((a) => (a.recommend === null ? [] : [a.recommend]))
  const promoters = scores.filter((s) => s >= 9).length
  const detractors = scores.filter((s) => s <= 6).length
  return { promoters, detractors, n: scores.length, value: scores.length > 0 ? ((promoters - detractors) / scores.length) * 100 : null, reportable: scores.length >= MIN_ANSWERS }
}

/** Goals 5, 6 and 7: share expecting a positive effect "i høj grad" (of all, or of those guided on a topic). */
export function highEffect(answers: readonly SurveyFact[], topic?: Topic, segment?: Segment): Ratio {
  const pool = answers.filter(inSegment(segment)).filter((a) => !topic || a.topics.includes(topic))
  const known = pool.filter((a) => a.effect !== 'DONT_KNOW')
  return ratio(known.filter((a) => a.effect === 'HIGH').length, known.length, pool.length)
}

/** Goal 4 from the survey: referred companies that used or expect to use the referral. */
export function surveyReferralUptake(answers: readonly SurveyFact[], segment?: Segment): Ratio {
  const referred = answers.filter(inSegment(segment)).filter((a) => a.referralUsed !== null)
  const known = referred.filter((a) => a.referralUsed !== 'DONT_KNOW')
  return ratio(known.filter((a) => a.referralUsed === 'YES' || a.referralUsed === 'EXPECTS').length, known.length, referred.length)
}

/** Guided companies of a kommune in a year, and how many of them were not guided the year before. */
export type GuidedCount = { kommuneId: string; guided: number; fresh: number }

/** Goal 1: companies guided this year that were not guided the year before, of all guided this year. */
export function newCompanies(perKommune: readonly GuidedCount[]): Ratio {
  const guided = perKommune.reduce((sum, k) => sum + k.guided, 0)
  const fresh = perKommune.reduce((sum, k) => sum + k.fresh, 0)
  return ratio(fresh, guided, guided)
}

export type KommuneFacts = { id: string; name: string; area: 'LAND' | 'BY' }

/** Goals 2 and 8d: guided companies per kommune and per rural/urban area. */
export function spread(perKommuneCounts: readonly GuidedCount[], kommuner: readonly KommuneFacts[]) {
  const perKommune = kommuner.map((k) => ({ ...k, companies: perKommuneCounts.find((c) => c.kommuneId === k.id)?.guided ?? 0 }))
  const area = (kind: 'LAND' | 'BY') => perKommune.filter((k) => k.area === kind).reduce((sum, k) => sum + k.companies, 0)
  return { perKommune, rural: area('LAND'), urban: area('BY') }
}

/** Goal 8a: cases in the year on the teams' topics (green, export, digital), from counts per topic. */
export function teamCases(perTopic: readonly { topic: string; cases: number }[]) {
  const count = (topic: Topic) => perTopic.find((t) => t.topic === topic)?.cases ?? 0
  return { GREEN: count('GREEN'), EXPORT: count('EXPORT'), DIGITAL: count('DIGITAL') }
}

export type LocalFacts = { id: string; name: string; hasKeyAccountManager: boolean; signedDeclaration: boolean; monthsWithWorkday: readonly number[] }

/** Goal 8d: each kommune has a key account manager, a signed declaration and a local workday every month so far. */
export function localPresence(kommuner: readonly LocalFacts[], monthsSoFar: number) {
  const rows = kommuner.map((k) => {
    const missingMonths = Array.from({ length: monthsSoFar }, (_, i) => i + 1).filter((m) => !k.monthsWithWorkday.includes(m))
    return { ...k, missingMonths, met: k.hasKeyAccountManager && k.signedDeclaration && missingMonths.length === 0 }
  })
  return { rows, met: rows.filter((r) => r.met).length, total: rows.length }
}

export type GoalStatus = 'met' | 'notMet' | 'notMeasurable' | 'shown'

/** Met / not met against a share target, or not measurable (too few answers). */
export function statusOf(figure: { value: number | null; reportable: boolean }, target: number): GoalStatus {
  if (!figure.reportable || figure.value === null) return 'notMeasurable'
  return figure.value >= target ? 'met' : 'notMet'
}

export const GOAL_STATUS_LABELS: Record<GoalStatus, string> = { met: 'Opfyldt', notMet: 'Ikke opfyldt', notMeasurable: 'Kan ikke måles endnu', shown: 'Vises' }

/** Figures Erhvervsstyrelsen measures and the director enters (goal 1 and 5 awareness, goal 6 growth). */
export const REPORTED_KINDS = ['AWARENESS', 'GREEN_AWARENESS', 'GROWTH_VAEKST', 'PRODUCTIVITY_DRIFT'] as const
export type ReportedKind = (typeof REPORTED_KINDS)[number]
