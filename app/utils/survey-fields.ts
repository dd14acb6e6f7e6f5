import { SEGMENTS, type Segment } from './company-fields.ts'
import { EFFECT, EFFECT_LABELS, REFERRAL_USE, REFERRAL_USE_LABELS, SATISFACTION, SATISFACTION_LABELS, type Effect, type ReferralUse, type Satisfaction } from './goals.ts'
import { TOPICS, type Topic } from './topics.ts'

/**
 * The survey (brugerevaluering) CSV format: one row per answer, semicolon- or comma-separated,
 * values as Erhvervsstyrelsen writes them in Danish (or the codes). Documented on the import page
 * and in the downloadable template.
 */
export const SURVEY_COLUMNS = ['svar_id', 'aar', 'segment', 'tilfredshed', 'anbefaling', 'effekt', 'henvisning_brugt', 'emner', 'kommune'] as const
export const REQUIRED_SURVEY_COLUMNS = ['svar_id', 'aar', 'segment', 'tilfredshed', 'effekt'] as const

export const SURVEY_TEMPLATE = `${SURVEY_COLUMNS.join(';')}
ES-2026-0001;2026;vækst;Meget tilfreds;10;I høj grad;Ja;Grøn omstilling og cirkulær økonomi|Eksport;Kolding
ES-2026-0002;2026;drift;Tilfreds;8;I nogen grad;;Digitalisering og nye teknologier;Esbjerg
`

export type SurveyRow = {
  answerId: string
  year: number
  segment: Segment
  satisfaction: Satisfaction
  recommend: number | null
  effect: Effect
  referralUsed: ReferralUse | null
  topics: Topic[]
  kommune: string | null
}

const normal = (value: string) => value.trim().toLowerCase().replace(/\s+/g, ' ')

function lookup<K extends string>(codes: readonly K[], labels: Record<K, string>, extra: Record<string, K> = {}) {
  const map = new Map<string, K>()
  for (const code of codes) {
    map.set(normal(code), code)
    map.set(normal(labels[code]), code)
  }
  for (const [word, code] of Object.entries(extra)) map.set(normal(word), code)
  return (value: string) => map.get(normal(value))
}

const segmentOf = lookup(SEGMENTS, { DRIFT: 'drift', VAEKST: 'vækst' }, { driftsvirksomhed: 'DRIFT', vaekst: 'VAEKST', vækstvirksomhed: 'VAEKST' })
const satisfactionOf = lookup(SATISFACTION, SATISFACTION_LABELS, { 'hverken-eller': 'NEUTRAL', 'hverken tilfreds eller utilfreds': 'NEUTRAL' })
const effectOf = lookup(EFFECT, EFFECT_LABELS)
const referralOf = lookup(REFERRAL_USE, REFERRAL_USE_LABELS, { 'forventer at': 'EXPECTS', forventer: 'EXPECTS', 'ja, forventer inden for et halvt år': 'EXPECTS' })
const topicOf = lookup(Object.keys(TOPICS) as Topic[], TOPICS)

/** One row's values (by column name) → a validated answer, or the Danish problems with it. */
export function parseSurveyRow(cells: Record<string, string>, thisYear: number): { ok: true; row: SurveyRow } | { ok: false; messages: string[] } {
  const messages: string[] = []
  const answerId = (cells.svar_id ?? '').trim()
  if (!answerId) messages.push('Svar-id mangler.')
  else if (answerId.length > 100) messages.push('Svar-id må højst være 100 tegn.')
  const year = Number((cells.aar ?? '').trim())
  if (!Number.isInteger(year) || year < 2000 || year > thisYear) messages.push(`År skal være et årstal mellem 2000 og ${thisYear}.`)
  const segment = segmentOf(cells.segment ?? '')
  if (!segment) messages.push(`Ukendt segment «${cells.segment ?? ''}» (drift eller vækst).`)
  const satisfaction = satisfactionOf(cells.tilfredshed ?? '')
  if (!satisfaction) messages.push(`Ukendt svar om tilfredshed «${cells.tilfredshed ?? ''}».`)
  const recommendText = (cells.anbefaling ?? '').trim()
  const recommend = recommendText === '' ? null : Number(recommendText)
  if (recommend !== null && (!Number.isInteger(recommend) || recommend < 0 || recommend > 10)) messages.push(`Anbefaling skal være et helt tal fra 0 til 10 (var «${recommendText}»).`)
  const effect = effectOf(cells.effekt ?? '')
  if (!effect) messages.push(`Ukendt svar om effekt «${cells.effekt ?? ''}».`)
  const referralText = (cells.henvisning_brugt ?? '').trim()
  const referralUsed = referralText === '' ? null : referralOf(referralText)
  if (referralText !== '' && !referralUsed) messages.push(`Ukendt svar om henvisning «${referralText}».`)
  const topicTexts = (cells.emner ?? '').split(/[|]/).map((t) => t.trim()).filter(Boolean)
  const topics = topicTexts.map(topicOf)
  topicTexts.forEach((t, i) => {
    if (!topics[i]) messages.push(`Ukendt emne «${t}».`)
  })
  if (messages.length > 0) return { ok: false, messages }
  return {
    ok: true,
    row: {
      answerId,
      year,
      segment: segment!,
      satisfaction: satisfaction!,
      recommend,
      effect: effect!,
      referralUsed: referralUsed ?? null,
      topics: [...new Set(topics as Topic[])],
      kommune: (cells.kommune ?? '').trim() || null,
    },
  }
}

/** Two rows say the same (for idempotent re-import). */
export function sameAnswer(a: Omit<SurveyRow, 'kommune'> & { kommuneId: string | null }, b: Omit<SurveyRow, 'kommune'> & { kommuneId: string | null }) {
  return (
    a.year === b.year &&
    a.segment === b.segment &&
    a.satisfaction === b.satisfaction &&
    a.recommend === b.recommend &&
    a.effect === b.effect &&
    a.referralUsed === b.referralUsed &&
    [...a.topics].sort().join(',') === [...b.topics].sort().join(',') &&
    a.kommuneId === b.kommuneId
  )
}
