import { recordAudit } from '~/utils/audit.server.ts'
import { copenhagenDate, copenhagenMonth, copenhagenYear, dateFromIso, startOfCopenhagenDay } from '~/utils/dates.ts'
import { db, Prisma } from '~/utils/db.server.ts'
import { formatNumber } from '~/utils/format.ts'
import { cachedFigures, liveFigures } from '~/utils/figures-cache.server.ts'
import { queryFigures } from '~/utils/figures-query.server.ts'
import { publishInvalidation } from '~/utils/realtime.server.ts'
import {
  highEffect,
  localPresence,
  newCompanies,
  nps,
  satisfaction,
  spread,
  statusOf,
  surveyReferralUptake,
  teamCases,
  REPORTED_KINDS,
  type GoalStatus,
  type GuidedCount,
  type Ratio,
  type ReportedKind,
} from '~/utils/goals.ts'
import { UPTAKE_TARGET } from '~/utils/referral-figures.ts'
import { clusterCoverage } from './agreement.server.ts'
import { referralFigures } from './referral.server.ts'
import { surveyFacts } from './survey.server.ts'

/**
 * Loads one year's facts (no company identities: ids and counts only) and runs the pure goal
 * computations of app/utils/goals.ts over them. Used by the dashboard and the report to KKR.
 */

/** The Copenhagen calendar year as instants. */
function yearBounds(year: number) {
  return { start: startOfCopenhagenDay(`${year}-01-01`), end: startOfCopenhagenDay(`${year + 1}-01-01`) }
}

/**
 * Goals 1 and 2 in one statement (portable SQL, SQLite and PostgreSQL): per kommune, the companies
 * guided in the year (in a case opened that year or with an activity dated that year) and how
 * many of them were not guided the year before. Measured in bench/goals.ts; Prisma's nested
 * filters took five times as long at national scale.
 */
async function guidedPerKommune(year: number): Promise<GuidedCount[]> {
  const { start, end } = yearBounds(year)
  const before = yearBounds(year - 1).start
  const rows = await queryFigures<{ kommuneId: string; guided: number | bigint; fresh: number | bigint }>(Prisma.sql`
    WITH y AS (
      SELECT DISTINCT cc."companyId" FROM "CaseCompany" cc
      WHERE cc."caseId" IN (
        SELECT "id" FROM "Case" WHERE "openedAt" >= ${start} AND "openedAt" < ${end}
        UNION
        SELECT "caseId" FROM "CaseActivity" WHERE "date" >= ${start} AND "date" < ${end})),
    p AS (
      SELECT DISTINCT cc."companyId" FROM "CaseCompany" cc
      WHERE cc."caseId" IN (
        SELECT "id" FROM "Case" WHERE "openedAt" >= ${before} AND "openedAt" < ${start}
        UNION
        SELECT "caseId" FROM "CaseActivity" WHERE "date" >= ${before} AND "date" < ${start}))
    SELECT co."kommuneId" AS "kommuneId", COUNT(*) AS "guided", SUM(CASE WHEN p."companyId" IS NULL THEN 1 ELSE 0 END) AS "fresh"
    FROM y JOIN "Company" co ON co."id" = y."companyId" LEFT JOIN p ON p."companyId" = y."companyId"
    GROUP BY co."kommuneId"`)
  return rows.map((r) => ({ kommuneId: r.kommuneId, guided: Number(r.guided), fresh: Number(r.fresh) }))
}

/** The dashboard asks for the current year twice (the goals and the trend): computed once. */
const guidedPerKommuneCached = (year: number) => cachedFigures(`guided:${year}`, () => guidedPerKommune(year))

/** Goal 8a: cases opened in the year per topic (all topics: a filter on three makes SQLite pick a slower plan). */
async function casesPerTopic(year: number) {
  const { start, end } = yearBounds(year)
  const rows = await queryFigures<{ topic: string; n: number | bigint }>(Prisma.sql`
    SELECT t."topic" AS "topic", COUNT(*) AS "n"
    FROM "Case" c JOIN "CaseTopic" t ON t."caseId" = c."id"
    WHERE c."openedAt" >= ${start} AND c."openedAt" < ${end}
    GROUP BY t."topic"`)
  return rows.map((r) => ({ topic: r.topic, cases: Number(r.n) }))
}

async function labourAgreements(year: number) {
  const { start, end } = yearBounds(year)
  return db.agreement.count({
    where: {
      partner: { kind: { in: ['LABOUR_MARKET', 'EDUCATION'] } },
      state: { in: ['active', 'expired'] },
      OR: [{ startDate: null }, { startDate: { lt: end } }],
      AND: [{ OR: [{ endDate: null }, { endDate: { gte: start } }] }],
    },
  })
}

async function localFacts(year: number, now: Date) {
  const kommuner = await db.kommune.findMany({
    select: {
      id: true,
      name: true,
      area: true,
      keyAccountManagerId: true,
      declarations: { where: { year, state: { in: ['active', 'expired'] } }, select: { id: true } },
      workdays: { where: { date: { gte: yearBounds(year).start, lt: yearBounds(year).end } }, select: { date: true } },
    },
    orderBy: { name: 'asc' },
  })
  const monthsSoFar = year < copenhagenYear(now) ? 12 : year > copenhagenYear(now) ? 0 : copenhagenMonth(now)
  const facts = kommuner.map((k) => ({
    id: k.id,
    name: k.name,
    hasKeyAccountManager: k.keyAccountManagerId !== null,
    signedDeclaration: k.declarations.length > 0,
    monthsWithWorkday: [...new Set(k.workdays.map((w) => copenhagenMonth(w.date)))],
  }))
  return { kommuner, presence: localPresence(facts, monthsSoFar) }
}

export type GoalFigure = {
  key: string
  title: string
  measure: string
  target: string
  status: GoalStatus
  value: string
  ratio?: Ratio
  detail?: string
}

/** A share in Danish, or "–" below the minimum number of answers (the n is shown beside it). */
const pct = (r: { value: number | null; reportable?: boolean }) =>
  r.value === null || r.reportable === false ? '–' : `${(r.value * 100).toLocaleString('da-DK', { maximumFractionDigits: 1 })} %`

/** Every goal of the contract for a year, with target, value, n and status (cached until the next write). */
export function computeGoals(year: number, now = new Date()) {
  return cachedFigures(`goals:${year}`, () => computeGoalsNow(year, now), now)
}

/** The goals for the live dashboard: the last ones at once, newer ones announced when ready (docs/decisions/0024). */
export function liveGoals(year: number, now = new Date()) {
  return liveFigures(`goals:${year}`, () => computeGoalsNow(year, now), now)
}

async function computeGoalsNow(year: number, now: Date) {
  const [answers, guided, topics, labour, local, clusters, referrals, reported] = await Promise.all([
    surveyFacts(year),
    guidedPerKommuneCached(year),
    casesPerTopic(year),
    labourAgreements(year),
    localFacts(year, now),
    clusterCoverage(),
    referralFigures({ onlyYear: true }, new Date(Date.UTC(year, 6, 1))),
    db.reportedFigure.findMany({ where: { year } }),
  ])
  const fresh = newCompanies(guided)
  const spreadFigures = spread(guided, local.kommuner.map((k) => ({ id: k.id, name: k.name, area: k.area })))
  const teams = teamCases(topics)
  const quality = { DRIFT: satisfaction(answers, 'DRIFT'), VAEKST: satisfaction(answers, 'VAEKST') }
  const promoters = { DRIFT: nps(answers, 'DRIFT'), VAEKST: nps(answers, 'VAEKST') }
  const surveyUptake = surveyReferralUptake(answers)
  const green = highEffect(answers, 'GREEN')
  const all = highEffect(answers)
  const digital = highEffect(answers, 'DIGITAL')
  const figure = (kind: string) => reported.find((r) => r.kind === kind)
  /** " (drift 80 %, vækst 60 %)" for the survey goals, each segment with its own n. */
  const bySegment = (topic?: 'GREEN' | 'DIGITAL') => {
    const drift = highEffect(answers, topic, 'DRIFT')
    const vaekst = highEffect(answers, topic, 'VAEKST')
    return drift.n + vaekst.n > 0 ? ` (drift ${pct(drift)}, n ${formatNumber(drift.n)}; vækst ${pct(vaekst)}, n ${formatNumber(vaekst.n)})` : ''
  }
  const qualityMet = (['DRIFT', 'VAEKST'] as const).map((s) => statusOf(quality[s], 0.8))
  const goals: GoalFigure[] = [
    {
      key: '1',
      title: 'Mål 1: Nye virksomheder',
      measure: 'Vejledte virksomheder i året, som ikke blev vejledt året før',
      target: 'mindst 50 %',
      status: statusOf(fresh, 0.5),
      value: pct(fresh),
      ratio: fresh,
      detail: figure('AWARENESS') ? `Kendskabsgrad (Erhvervsstyrelsen): ${figure('AWARENESS')!.value.toLocaleString('da-DK')} %` : undefined,
    },
    {
      key: '2',
      title: 'Mål 2 og 8d: Lige adgang i alle kommuner',
      measure: 'Vejledte virksomheder pr. kommune, land og by',
      target: 'vises pr. kommune',
      status: 'shown',
      value: `${formatNumber(spreadFigures.rural)} i landdistriktskommuner · ${formatNumber(spreadFigures.urban)} i bykommuner`,
    },
    {
      key: '3',
      title: 'Mål 3: Kvalitet',
      measure: '«Meget tilfreds» med medarbejdernes kompetencer, og NPS, pr. segment',
      target: 'mindst 80 % og NPS mindst 70',
      status: qualityMet.includes('notMeasurable') ? 'notMeasurable' : qualityMet.every((s) => s === 'met') && (['DRIFT', 'VAEKST'] as const).every((s) => (promoters[s].value ?? -100) >= 70) ? 'met' : 'notMet',
      value: `Drift ${pct(quality.DRIFT)} (n ${formatNumber(quality.DRIFT.n)}, NPS ${promoters.DRIFT.value === null ? '–' : Math.round(promoters.DRIFT.value)}) · vækst ${pct(quality.VAEKST)} (n ${formatNumber(quality.VAEKST.n)}, NPS ${promoters.VAEKST.value === null ? '–' : Math.round(promoters.VAEKST.value)})`,
      ratio: satisfaction(answers),
    },
    {
      key: '4',
      title: 'Mål 4: Knudepunkt',
      measure: 'Henviste virksomheder, der bruger henvisningen inden for et halvt år («ved ikke» udeladt)',
      target: `mindst ${UPTAKE_TARGET * 100} %`,
      status: statusOf(surveyUptake.reportable ? surveyUptake : { ...referrals.uptake, reportable: referrals.uptake.n >= 10 }, UPTAKE_TARGET),
      value: `${pct(surveyUptake)} i brugerevalueringen (n ${formatNumber(surveyUptake.n)}) · ${pct(referrals.uptake)} i opfølgningerne (n ${formatNumber(referrals.uptake.n)})`,
      ratio: surveyUptake,
    },
    { key: '5', title: 'Mål 5: Grøn omstilling', measure: '«I høj grad» positiv effekt, virksomheder vejledt om grøn omstilling', target: 'mindst 70 %', status: statusOf(green, 0.7), value: `${pct(green)}${bySegment('GREEN')}`, ratio: green },
    {
      key: '6',
      title: 'Mål 6: Effekt',
      measure: '«I høj grad» positiv effekt, alle vejledte virksomheder',
      target: 'mindst 70 %',
      status: statusOf(all, 0.7),
      value: `${pct(all)}${bySegment()}`,
      ratio: all,
      detail: figure('GROWTH_VAEKST') ? `Vækst mod kontrolgruppe: ${figure('GROWTH_VAEKST')!.value.toLocaleString('da-DK')} %` : undefined,
    },
    { key: '7', title: 'Mål 7: Digitalisering', measure: '«I høj grad» positiv effekt, virksomheder vejledt om digitalisering', target: 'mindst 70 %', status: statusOf(digital, 0.7), value: `${pct(digital)}${bySegment('DIGITAL')}`, ratio: digital },
    { key: '8a', title: 'Mål 8a: Teams', measure: 'Forløb med grønne, eksport- og digitale emner', target: 'vises', status: 'shown', value: `Grøn ${formatNumber(teams.GREEN)} · eksport ${formatNumber(teams.EXPORT)} · digital ${formatNumber(teams.DIGITAL)}` },
    { key: '8b', title: 'Mål 8b: Kvalificeret arbejdskraft', measure: 'Samarbejdsaftaler om kvalificeret arbejdskraft', target: 'vises', status: 'shown', value: formatNumber(labour) },
    { key: '8c', title: 'Mål 8c: Design', measure: 'Henvisninger til designøkosystemet', target: 'tælles', status: 'shown', value: formatNumber(referrals.design) },
    {
      key: '8d',
      title: 'Mål 8d: Lokal tilstedeværelse',
      measure: 'Kommuner med key account manager, underskrevet hensigtserklæring og mindst én lokal arbejdsdag om måneden',
      target: 'alle 13',
      status: local.presence.total > 0 && local.presence.met === local.presence.total ? 'met' : 'notMet',
      value: `${local.presence.met} af ${local.presence.total}`,
    },
    {
      key: '9',
      title: 'Mål 9: Klynger',
      measure: 'Nationale klynger med en aktiv samarbejdsaftale',
      target: 'alle',
      status: clusters.total > 0 && clusters.covered === clusters.total ? 'met' : 'notMet',
      value: `${clusters.covered} af ${clusters.total}`,
    },
  ]
  return { year, goals, spread: spreadFigures, local: local.presence, answers: answers.length, asOf: copenhagenDate(now) }
}

export async function listGoalComments(year: number) {
  const rows = await db.goalComment.findMany({ where: { year } })
  return Object.fromEntries(rows.map((r) => [r.goal, { comment: r.comment, version: r.version }])) as Record<string, { comment: string; version: number } | undefined>
}

export class StaleCommentError extends Error {}

/** The director's comment on a goal for the report; `version` 0 for a new one. */
export async function saveGoalComment({ authorId, year, goal, comment, version }: { authorId: string; year: number; goal: string; comment: string; version: number }) {
  await db.$transaction(async (tx) => {
    if (version === 0) {
      const existing = await tx.goalComment.findUnique({ where: { year_goal: { year, goal } } })
      if (existing) throw new StaleCommentError()
      await tx.goalComment.create({ data: { year, goal, comment, authorId } })
      return
    }
    const { count } = await tx.goalComment.updateMany({ where: { year, goal, version }, data: { comment, authorId, version: { increment: 1 } } })
    if (count === 0) throw new StaleCommentError()
  })
  publishInvalidation({ topic: 'goal-comment', id: String(year), version: Date.now() }, { everyone: true })
}

export { REPORTED_KINDS, type ReportedKind }

/** A figure Erhvervsstyrelsen measured, entered by the director with its source; one per kind and year. */
export async function saveReportedFigure({ actor, year, kind, value, source, sourceDate }: { actor: { id: string }; year: number; kind: ReportedKind; value: number; source: string; sourceDate: string }) {
  await db.$transaction(async (tx) => {
    const data = { value, source, sourceDate: dateFromIso(sourceDate), enteredById: actor.id }
    await tx.reportedFigure.upsert({ where: { year_kind: { year, kind } }, create: { year, kind, ...data }, update: { ...data, version: { increment: 1 } } })
    await recordAudit(tx, { actorId: actor.id, action: 'UPDATE', entityType: 'reportedFigure', entityId: `${year}-${kind}`, summary: `Indberettet tal for ${year} (${kind}): ${value}` })
  })
  publishInvalidation({ topic: 'goals', id: `figure-${year}`, version: Date.now() }, { everyone: true })
}

export async function listReportedFigures(year: number) {
  return db.reportedFigure.findMany({ where: { year }, include: { enteredBy: { select: { name: true } } }, orderBy: { kind: 'asc' } })
}

/** The survey goals and the guided companies over the years, for the trend chart (cached until the next write). */
export function goalTrend(years: readonly number[]) {
  return cachedFigures(trendKey(years), () => computeTrend(years))
}

/** The trend for the live dashboard, like `liveGoals`. */
export function liveGoalTrend(years: readonly number[]) {
  return liveFigures(trendKey(years), () => computeTrend(years))
}

const trendKey = (years: readonly number[]) => `trend:${[...years].sort((a, b) => a - b).join(',')}`

async function computeTrend(years: readonly number[]) {
  return Promise.all(
    [...years].sort((a, b) => a - b).map(async (year) => {
      const [answers, guided] = await Promise.all([surveyFacts(year), guidedPerKommuneCached(year)])
      const share = (r: Ratio) => (r.reportable && r.value !== null ? Math.round(r.value * 1000) / 10 : null)
      return {
        year: String(year),
        quality: share(satisfaction(answers)),
        effect: share(highEffect(answers)),
        referral: share(surveyReferralUptake(answers)),
        guided: guided.reduce((sum, k) => sum + k.guided, 0),
      }
    }),
  )
}
