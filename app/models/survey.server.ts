import { parse } from 'csv-parse/sync'
import { recordAudit } from '~/utils/audit.server.ts'
import type { CurrentUser } from '~/utils/auth.server.ts'
import { copenhagenYear } from '~/utils/dates.ts'
import { uniqueViolationFields } from '~/utils/db-errors.server.ts'
import { db, Prisma } from '~/utils/db.server.ts'
import { queryFigures } from '~/utils/figures-query.server.ts'
import type { SurveyFact } from '~/utils/goals.ts'
import { publishInvalidation } from '~/utils/realtime.server.ts'
import { parseSurveyRow, REQUIRED_SURVEY_COLUMNS, sameAnswer, SURVEY_COLUMNS, type SurveyRow } from '~/utils/survey-fields.ts'
import type { Topic } from '~/utils/topics.ts'

export type SurveyImportError = { row: number; messages: string[] }
export type SurveyImportReport = { ok: true; created: number; unchanged: number } | { ok: false; rows: number; errors: SurveyImportError[] }

export const MAX_SURVEY_ROWS = 100_000

function readCsv(text: string) {
  if (text.includes('\u0000')) return null
  const firstLine = text.replace(/^\uFEFF/, '').split(/\r?\n/, 1)[0] ?? ''
  const delimiter = (firstLine.match(/;/g)?.length ?? 0) >= (firstLine.match(/,/g)?.length ?? 0) ? ';' : ','
  try {
    const records = parse(text, { bom: true, delimiter, relax_column_count: true, trim: true, info: true }) as unknown as { record: string[]; info: { lines: number } }[]
    return records.filter(({ record }) => record.some((cell) => cell !== '')).map(({ record, info }) => ({ cells: record, line: info.lines }))
  } catch {
    return null
  }
}

type StoredAnswer = Omit<SurveyRow, 'kommune'> & { kommuneId: string | null }

/**
 * Imports Erhvervsstyrelsen's answers. Every row is checked first; one problem and nothing is
 * imported. Re-importing the same answer id with the same content changes nothing; the same id
 * with different content is a problem to fix, not an overwrite.
 */
export async function importSurvey({ actor, text, now = new Date() }: { actor: CurrentUser; text: string; now?: Date }): Promise<SurveyImportReport> {
  const records = readCsv(text)
  if (!records || records.length === 0) return { ok: false, rows: 0, errors: [{ row: 1, messages: ['Filen kan ikke læses som CSV (semikolon- eller kommasepareret tekst).'] }] }
  const header = records[0]!.cells.map((h) => h.toLowerCase())
  const missing = REQUIRED_SURVEY_COLUMNS.filter((c) => !header.includes(c))
  const unknown = header.filter((h) => !(SURVEY_COLUMNS as readonly string[]).includes(h))
  if (missing.length > 0 || unknown.length > 0) {
    const messages = [
      ...(missing.length > 0 ? [`Overskriftslinjen mangler kolonnerne: ${missing.join(', ')}.`] : []),
      ...(unknown.length > 0 ? [`Ukendte kolonner: ${unknown.join(', ')}. Kolonnerne er: ${SURVEY_COLUMNS.join(', ')}.`] : []),
    ]
    return { ok: false, rows: records.length - 1, errors: [{ row: 1, messages }] }
  }
  const body = records.slice(1)
  if (body.length === 0) return { ok: false, rows: 0, errors: [{ row: 2, messages: ['Filen indeholder ingen svar.'] }] }
  if (body.length > MAX_SURVEY_ROWS) return { ok: false, rows: body.length, errors: [{ row: 1, messages: [`Filen må højst have ${MAX_SURVEY_ROWS} rækker.`] }] }

  const kommuner = await db.kommune.findMany({ select: { id: true, name: true, code: true } })
  const kommuneByKey = new Map(kommuner.flatMap((k) => [[k.name.toLowerCase(), k.id], [k.code, k.id], [String(Number(k.code)), k.id]] as const))
  const thisYear = copenhagenYear(now)
  const errors: SurveyImportError[] = []
  const rows = new Map<string, { line: number; answer: StoredAnswer }>()
  for (const { cells, line } of body) {
    const byName = Object.fromEntries(header.map((h, i) => [h, cells[i] ?? '']))
    const parsed = parseSurveyRow(byName, thisYear)
    if (!parsed.ok) {
      errors.push({ row: line, messages: parsed.messages })
      continue
    }
    const { kommune, ...rest } = parsed.row
    const kommuneId = kommune ? (kommuneByKey.get(kommune.toLowerCase()) ?? null) : null
    if (kommune && !kommuneId) {
      errors.push({ row: line, messages: [`Kommunen «${kommune}» findes ikke blandt Erhvervshusets 13 kommuner.`] })
      continue
    }
    const answer = { ...rest, kommuneId }
    const earlier = rows.get(answer.answerId)
    if (earlier && !sameAnswer(earlier.answer, answer)) errors.push({ row: line, messages: [`Svar-id ${answer.answerId} står også i række ${earlier.line} med andet indhold.`] })
    else if (!earlier) rows.set(answer.answerId, { line, answer })
  }
  const existing = await db.surveyAnswer.findMany({ where: { answerId: { in: [...rows.keys()] } } })
  const stored = new Map(existing.map((e) => [e.answerId, e]))
  let unchanged = 0
  for (const [answerId, { line, answer }] of rows) {
    const old = stored.get(answerId)
    if (!old) continue
    const oldAnswer: StoredAnswer = {
      answerId,
      year: old.year,
      segment: old.segment as StoredAnswer['segment'],
      satisfaction: old.satisfaction as StoredAnswer['satisfaction'],
      recommend: old.recommend,
      effect: old.effect as StoredAnswer['effect'],
      referralUsed: old.referralUsed as StoredAnswer['referralUsed'],
      topics: old.topics ? (old.topics.split(',') as Topic[]) : [],
      kommuneId: old.kommuneId,
    }
    if (sameAnswer(oldAnswer, answer)) unchanged++
    else errors.push({ row: line, messages: [`Svar-id ${answerId} er allerede importeret med andet indhold.`] })
  }
  if (errors.length > 0) return { ok: false, rows: body.length, errors: errors.sort((a, b) => a.row - b.row) }

  const fresh = [...rows.values()].filter(({ answer }) => !stored.has(answer.answerId)).map(({ answer }) => answer)
  await db.$transaction(async (tx) => {
    await tx.surveyAnswer.createMany({
      data: fresh.map((a) => ({ ...a, topics: a.topics.join(','), importedById: actor.id })),
    })
    await recordAudit(tx, { actorId: actor.id, action: 'IMPORT', entityType: 'survey', entityId: 'survey', summary: `${fresh.length} svar fra brugerevalueringen importeret (${unchanged} fandtes i forvejen)` })
  })
  if (fresh.length > 0) publishInvalidation({ topic: 'goals', id: 'survey', version: Date.now() }, { everyone: true })
  return { ok: true, created: fresh.length, unchanged }
}

/** The answers of a year as the goal computations read them. */
export async function surveyFacts(year: number): Promise<SurveyFact[]> {
  // Thousands of rows a year at national scale: read off the event loop like the other figures.
  const rows = await queryFigures<{ segment: string; satisfaction: string; recommend: number | bigint | null; effect: string; referralUsed: string | null; topics: string }>(
    Prisma.sql`SELECT "segment", "satisfaction", "recommend", "effect", "referralUsed", "topics" FROM "SurveyAnswer" WHERE "year" = ${year}`,
  )
  return rows.map((r) => ({
    segment: r.segment as SurveyFact['segment'],
    satisfaction: r.satisfaction as SurveyFact['satisfaction'],
    recommend: r.recommend === null ? null : Number(r.recommend),
    effect: r.effect as SurveyFact['effect'],
    referralUsed: r.referralUsed as SurveyFact['referralUsed'],
    topics: r.topics ? (r.topics.split(',') as Topic[]) : [],
  }))
}

/** One answer typed in by hand (when Erhvervsstyrelsen's file is not at hand). */
export async function createSurveyAnswer({ actor, row, now = new Date() }: { actor: CurrentUser; row: Record<string, string>; now?: Date }) {
  const parsed = parseSurveyRow(row, copenhagenYear(now))
  if (!parsed.ok) return parsed
  const { kommune, ...answer } = parsed.row
  const kommuneId = kommune ? ((await db.kommune.findFirst({ where: { OR: [{ id: kommune }, { name: kommune }] }, select: { id: true } }))?.id ?? null) : null
  if (kommune && !kommuneId) return { ok: false as const, messages: [`Kommunen «${kommune}» findes ikke.`] }
  if (await db.surveyAnswer.findUnique({ where: { answerId: answer.answerId } })) return { ok: false as const, messages: [`Svar-id ${answer.answerId} findes allerede.`] }
  try {
    await db.$transaction(async (tx) => {
      await tx.surveyAnswer.create({ data: { ...answer, topics: answer.topics.join(','), kommuneId, importedById: actor.id } })
      await recordAudit(tx, { actorId: actor.id, action: 'CREATE', entityType: 'survey', entityId: answer.answerId, summary: `Svar ${answer.answerId} fra brugerevalueringen indtastet` })
    })
  } catch (error) {
    // Typed in by two people at once: the second one is told, nothing is overwritten.
    if (uniqueViolationFields(error)) return { ok: false as const, messages: [`Svar-id ${answer.answerId} findes allerede.`] }
    throw error
  }
  publishInvalidation({ topic: 'goals', id: 'survey', version: Date.now() }, { everyone: true })
  return { ok: true as const }
}
