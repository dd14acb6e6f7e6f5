/**
 * Data generator for the goals benchmark (issue 9, "Performance"): a national-scale SQLite
 * database under .tmp/bench/ with 50,000 companies, 200,000 cases, 40,000 survey answers and
 * 20,000 referrals spread over ten years (2017–2026), plus the case links, topics and activities,
 * declarations, local workdays and agreements the goal computation reads.
 *
 * The schema comes from the real migrations (`prisma migrate deploy`) and the reference data
 * (kommuner, LES, clusters, design actors) from prisma/seed-lib.ts; the bulk rows are inserted
 * with better-sqlite3 prepared statements, one transaction per table. Dates are written the way
 * the Prisma SQLite adapter writes them (ISO 8601 text, "+00:00"), so Prisma's range filters
 * compare them exactly as they compare the app's own rows.
 *
 * The file is reused while its marker (.tmp/bench/goals.json) matches this generator's version,
 * scale and the list of migrations; `--fresh` rebuilds it. Run on its own:
 *   npx tsx bench/goals-data.ts [--fresh] [--scale=0.1]
 */
import { spawnSync } from 'node:child_process'
import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs'
import path from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { PrismaBetterSqlite3 } from '@prisma/adapter-better-sqlite3'
import Database from 'better-sqlite3'
import { PrismaClient } from '../prisma/generated/sqlite/client.ts'
import { seedReferenceData } from '../prisma/seed-lib.ts'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
export const BENCH_DIR = path.join(root, '.tmp', 'bench')
/** One file per scale, so a quick small run never replaces the national-scale file. */
export function benchFiles(scale: number) {
  const base = scale === 1 ? 'goals' : `goals-scale-${scale}`
  return { db: path.join(BENCH_DIR, `${base}.db`), marker: path.join(BENCH_DIR, `${base}.json`) }
}

/** Bump when the generated data changes shape, so old files are rebuilt. */
const GENERATOR_VERSION = 1
const SEED = 20261127

export const FIRST_YEAR = 2017
export const LAST_YEAR = 2026
const YEARS = LAST_YEAR - FIRST_YEAR + 1

/** Rows at scale 1 (the national-scale figures of issue 9). */
const BASE = { companies: 50_000, cases: 200_000, surveyAnswers: 40_000, referrals: 20_000 }

export type GoalsDataCounts = Record<string, number>
export type GoalsData = {
  file: string
  url: string
  reused: boolean
  /** Milliseconds spent generating (0 when the file was reused), and the figure recorded when it was built. */
  generatedMs: number
  builtMs: number
  builtAt: string
  scale: number
  counts: GoalsDataCounts
}

type Marker = {
  version: number
  scale: number
  seed: number
  migrations: string[]
  builtAt: string
  builtMs: number
  counts: GoalsDataCounts
}

function migrationNames() {
  return readdirSync(path.join(root, 'prisma', 'migrations'), { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => d.name)
    .sort()
}

function readMarker(file: string): Marker | null {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as Marker
  } catch {
    return null
  }
}

// ---------------------------------------------------------------------------------------------
// Deterministic randomness, so two builds at the same scale hold the same data.

function mulberry32(seed: number) {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

function weighted<T extends string>(
  rnd: () => number,
  table: readonly (readonly [T, number])[],
): T {
  const total = table.reduce((s, [, w]) => s + w, 0)
  let x = rnd() * total
  for (const [value, w] of table) {
    x -= w
    if (x < 0) return value
  }
  return table[table.length - 1]![0]
}

const DAY = 24 * 60 * 60 * 1000
/** How the Prisma SQLite adapter stores a DateTime (its default "iso8601" format). */
const sqlDate = (ms: number) => new Date(ms).toISOString().replace('Z', '+00:00')
const id = (kind: string, n: number) => `cbench${kind}${String(n).padStart(18, '0')}`

const TOPIC_WEIGHTS = [
  ['GREEN', 22],
  ['DIGITAL', 20],
  ['EXPORT', 14],
  ['BUSINESS_MODEL', 10],
  ['MANAGEMENT', 9],
  ['CAPITAL', 8],
  ['LABOUR', 6],
  ['OWNERSHIP', 5],
  ['DESIGN', 4],
  ['CRISIS', 2],
] as const
const SATISFACTION_WEIGHTS = [
  ['VERY_SATISFIED', 62],
  ['SATISFIED', 24],
  ['NEUTRAL', 6],
  ['DISSATISFIED', 2],
  ['VERY_DISSATISFIED', 1],
  ['DONT_KNOW', 5],
] as const
const EFFECT_WEIGHTS = [
  ['HIGH', 55],
  ['SOME', 28],
  ['LOW', 7],
  ['NONE', 3],
  ['DONT_KNOW', 7],
] as const
const REFERRAL_USE_WEIGHTS = [
  ['YES', 45],
  ['EXPECTS', 20],
  ['NO', 20],
  ['DONT_KNOW', 15],
] as const
const OUTCOME_WEIGHTS = [
  ['USED', 50],
  ['EXPECTS_TO_USE', 15],
  ['NOT_USED', 25],
  ['UNKNOWN', 10],
] as const
const ACTIVITY_KINDS = ['NOTE', 'MEETING', 'CALL', 'WORKSHOP', 'DESIGN_TOOLS'] as const
const EMPLOYEE_BANDS = ['1-9', '10-49', '50-249', '250+'] as const
/** Rough relative size of the 13 kommuner (by name), for spreading companies. */
const KOMMUNE_SIZE: Record<string, number> = {
  Aabenraa: 6,
  Billund: 3,
  Esbjerg: 12,
  Fanø: 0.4,
  Fredericia: 5,
  Haderslev: 6,
  Kolding: 10,
  Middelfart: 4,
  Sønderborg: 7,
  Tønder: 4,
  Varde: 5,
  Vejen: 4,
  Vejle: 12,
}

function pickTopics(rnd: () => number, count: number) {
  const chosen = new Set<string>()
  while (chosen.size < count) chosen.add(weighted(rnd, TOPIC_WEIGHTS))
  return [...chosen]
}

// ---------------------------------------------------------------------------------------------

function migrate(file: string) {
  const prisma = path.join(
    root,
    'node_modules',
    '.bin',
    process.platform === 'win32' ? 'prisma.cmd' : 'prisma',
  )
  const result = spawnSync(prisma, ['migrate', 'deploy'], {
    cwd: root,
    env: { ...process.env, DATABASE_URL: `file:${file}` },
    encoding: 'utf8',
  })
  if (result.status !== 0) {
    throw new Error(
      `prisma migrate deploy failed (exit ${result.status ?? result.signal}):\n${result.stdout}\n${result.stderr}`,
    )
  }
}

async function seedReference(file: string) {
  const client = new PrismaClient({ adapter: new PrismaBetterSqlite3({ url: file }) })
  try {
    await seedReferenceData(client)
  } finally {
    await client.$disconnect()
  }
}

type Log = (message: string) => void

/** Inserts the bulk rows into a migrated, reference-seeded file. Returns the row counts. */
function insertBulk(file: string, scale: number, log: Log): GoalsDataCounts {
  const db = new Database(file)
  db.pragma('journal_mode = MEMORY')
  db.pragma('synchronous = OFF')
  db.pragma('foreign_keys = ON')
  const rnd = mulberry32(SEED)
  const n = {
    companies: Math.round(BASE.companies * scale),
    cases: Math.round(BASE.cases * scale),
    surveyAnswers: Math.round(BASE.surveyAnswers * scale),
    referrals: Math.round(BASE.referrals * scale),
  }
  const start = Date.UTC(FIRST_YEAR, 0, 1)
  const end = Date.UTC(LAST_YEAR + 1, 0, 1)
  const createdAt = sqlDate(Date.UTC(LAST_YEAR, 10, 27))

  const step = (title: string, fn: () => void) => {
    const t0 = performance.now()
    db.transaction(fn)()
    log(
      `  ${title.padEnd(34)} ${Math.round(performance.now() - t0)
        .toString()
        .padStart(6)} ms`,
    )
  }

  const kommuner = db.prepare(`SELECT id, name, lesId FROM "Kommune" ORDER BY name`).all() as {
    id: string
    name: string
    lesId: string | null
  }[]
  const house = (
    db.prepare(`SELECT id FROM "Organisation" WHERE kind = 'ERHVERVSHUS'`).get() as { id: string }
  ).id
  const recipients = db
    .prepare(
      `SELECT id, designEcosystem FROM "Organisation" WHERE kind IN ('CLUSTER', 'DESIGN_ACTOR') ORDER BY name`,
    )
    .all() as { id: string; designEcosystem: number }[]
  const clusters = db
    .prepare(`SELECT id FROM "Organisation" WHERE kind = 'CLUSTER' ORDER BY name`)
    .all() as { id: string }[]
  if (kommuner.length === 0 || recipients.length === 0)
    throw new Error('reference data missing: did the seed run?')
  const kommuneTable = kommuner.map((k, i) => [String(i), KOMMUNE_SIZE[k.name] ?? 5] as const)
  const ownerOf = (k: number) => kommuner[k]!.lesId ?? house

  // Users: one key account manager per kommune (the last kommune has none, so goal 8d is not trivially met).
  const users: string[] = []
  step('users, key account managers', () => {
    const insertUser = db.prepare(
      `INSERT INTO "User" (id, email, name, title, updatedAt) VALUES (?, ?, ?, ?, ?)`,
    )
    const setKam = db.prepare(`UPDATE "Kommune" SET keyAccountManagerId = ? WHERE id = ?`)
    kommuner.forEach((k, i) => {
      const userId = id('usr', i)
      insertUser.run(
        userId,
        `kam${i}@bench.invalid`,
        `Benchmark KAM ${i}`,
        'Key account manager',
        createdAt,
      )
      if (i < kommuner.length - 1) setKam.run(userId, k.id)
      users.push(userId)
    })
  })

  const companyKommune = new Int32Array(n.companies)
  step(`Company × ${n.companies}`, () => {
    const insert = db.prepare(
      `INSERT INTO "Company" (id, cvr, name, address, industry, searchText, employeeBand, segment, kommuneId, ownerOrganisationId, createdAt, updatedAt)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    )
    for (let i = 0; i < n.companies; i++) {
      const k = Number(weighted(rnd, kommuneTable))
      companyKommune[i] = k
      const cvr = String(90_000_000 + i)
      const name = `Benchmark Virksomhed ${i} ApS`
      const at = sqlDate(start - 365 * DAY + Math.floor(rnd() * (end - start)))
      insert.run(
        id('co', i),
        cvr,
        name,
        `Testvej ${i % 200}, 6000 Kolding`,
        'Industri',
        `${name} ${cvr}`.toLowerCase(),
        EMPLOYEE_BANDS[Math.floor(rnd() * 4)]!,
        rnd() < 0.7 ? 'DRIFT' : 'VAEKST',
        kommuner[k]!.id,
        ownerOf(k),
        at,
        at,
      )
    }
  })

  // Cases: evenly over the ten years; a skewed choice of company, so some companies come back year after year (goal 1).
  const caseFirstCompany = new Int32Array(n.cases)
  const caseOpened = new Float64Array(n.cases)
  let links = 0
  let topics = 0
  let activities = 0
  const pickCompany = () =>
    Math.min(n.companies - 1, Math.floor(n.companies * Math.pow(rnd(), 1.6)))
  step(`Case × ${n.cases} (+ companies, topics)`, () => {
    const insertCase = db.prepare(
      `INSERT INTO "Case" (id, title, form, ownerOrganisationId, kommuneId, state, context, version, nextStep, nextStepDue, openedAt, closedAt, createdAt, updatedAt)
       VALUES (?, ?, ?, ?, ?, ?, ?, 1, ?, ?, ?, ?, ?, ?)`,
    )
    const insertLink = db.prepare(`INSERT INTO "CaseCompany" (caseId, companyId) VALUES (?, ?)`)
    const insertTopic = db.prepare(`INSERT INTO "CaseTopic" (caseId, topic) VALUES (?, ?)`)
    const context = JSON.stringify({ handOvers: 0, reopenReason: null })
    for (let i = 0; i < n.cases; i++) {
      const caseId = id('ca', i)
      const opened = start + Math.floor(((i + rnd()) / n.cases) * (end - start))
      caseOpened[i] = opened
      const many = rnd() < 0.08
      const companies = new Set<number>([pickCompany()])
      if (many) while (companies.size < 2 + Math.floor(rnd() * 5)) companies.add(pickCompany())
      const first = [...companies][0]!
      caseFirstCompany[i] = first
      const k = companyKommune[first]!
      const age = end - opened
      const state =
        age > 400 * DAY
          ? rnd() < 0.97
            ? 'closed'
            : 'inProgress'
          : weighted(rnd, [
              ['open', 2],
              ['inProgress', 5],
              ['handedOver', 1],
              ['closed', 2],
            ] as const)
      const closedAt = state === 'closed' ? sqlDate(opened + Math.floor(rnd() * 300 * DAY)) : null
      const owner = rnd() < 0.25 ? house : ownerOf(k)
      insertCase.run(
        caseId,
        `Benchmarkforløb ${i}`,
        many ? 'ONE_TO_MANY' : 'ONE_TO_ONE',
        owner,
        kommuner[k]!.id,
        state,
        context,
        state === 'closed' ? null : 'Opfølgning',
        state === 'closed' ? null : sqlDate(opened + 30 * DAY),
        sqlDate(opened),
        closedAt,
        sqlDate(opened),
        sqlDate(opened),
      )
      for (const c of companies) insertLink.run(caseId, id('co', c))
      links += companies.size
      const picked = pickTopics(rnd, 1 + Math.floor(rnd() * 3))
      for (const topic of picked) insertTopic.run(caseId, topic)
      topics += picked.length
    }
  })

  // Activities: the first on the opening day, the rest up to a year later, so cases reach into the next year.
  step('CaseActivity', () => {
    const insert = db.prepare(
      `INSERT INTO "CaseActivity" (id, caseId, kind, date, note, authorId, createdAt) VALUES (?, ?, ?, ?, ?, ?, ?)`,
    )
    for (let i = 0; i < n.cases; i++) {
      const count = 1 + Math.floor(rnd() * 4)
      for (let a = 0; a < count; a++) {
        const date = a === 0 ? caseOpened[i]! : caseOpened[i]! + Math.floor(rnd() * 365 * DAY)
        insert.run(
          id('ac', activities),
          id('ca', i),
          ACTIVITY_KINDS[Math.floor(rnd() * ACTIVITY_KINDS.length)]!,
          sqlDate(date),
          'Møde med virksomheden (benchmarkdata)',
          users[companyKommune[caseFirstCompany[i]!]!]!,
          sqlDate(date),
        )
        activities++
      }
    }
  })

  step(`SurveyAnswer × ${n.surveyAnswers}`, () => {
    const insert = db.prepare(
      `INSERT INTO "SurveyAnswer" (id, answerId, year, segment, satisfaction, recommend, effect, referralUsed, topics, kommuneId, createdAt)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    )
    for (let i = 0; i < n.surveyAnswers; i++) {
      const year = FIRST_YEAR + (i % YEARS)
      const recommend = rnd() < 0.05 ? null : Math.min(10, Math.floor(11 * Math.pow(rnd(), 0.35)))
      insert.run(
        id('sa', i),
        `BENCH-${year}-${String(i).padStart(6, '0')}`,
        year,
        rnd() < 0.65 ? 'DRIFT' : 'VAEKST',
        weighted(rnd, SATISFACTION_WEIGHTS),
        recommend,
        weighted(rnd, EFFECT_WEIGHTS),
        rnd() < 0.4 ? weighted(rnd, REFERRAL_USE_WEIGHTS) : null,
        pickTopics(rnd, Math.floor(rnd() * 4)).join(','),
        rnd() < 0.9 ? kommuner[Number(weighted(rnd, kommuneTable))]!.id : null,
        createdAt,
      )
    }
  })

  // Referrals: sent over the ten years (a few drafts and cancellations); those past their six months closed with an outcome.
  step(`Referral × ${n.referrals}`, () => {
    const insert = db.prepare(
      `INSERT INTO "Referral" (id, caseId, companyId, recipientId, ownerOrganisationId, ownerId, purpose, state, context, version, designEcosystem, sentAt, followUpDueAt, outcome, outcomeAt, acknowledgedAt, createdAt, updatedAt)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    )
    const now = Date.UTC(LAST_YEAR, 10, 27)
    for (let i = 0; i < n.referrals; i++) {
      const c = Math.floor(rnd() * n.cases)
      const company = caseFirstCompany[c]!
      const recipient = recipients[Math.floor(rnd() * recipients.length)]!
      const created = Math.min(now, caseOpened[c]! + Math.floor(rnd() * 60 * DAY))
      const roll = rnd()
      const draft = roll < 0.04
      const cancelled = !draft && roll < 0.07
      const sentAt = draft ? null : created + DAY
      const due = sentAt === null ? null : sentAt + 182 * DAY
      let state = draft ? 'draft' : cancelled ? 'cancelled' : 'sent'
      let outcome: string | null = null
      if (state === 'sent' && due !== null && due < now) {
        if (rnd() < 0.85) {
          state = 'closed'
          outcome = weighted(rnd, OUTCOME_WEIGHTS)
        } else state = 'followUpDue'
      }
      const context = JSON.stringify({
        outcome,
        outcomeNote: outcome ? 'Benchmarkopfølgning' : null,
        cancelReason: cancelled ? 'Virksomheden sprang fra' : null,
      })
      insert.run(
        id('re', i),
        id('ca', c),
        id('co', company),
        recipient.id,
        ownerOf(companyKommune[company]!),
        users[companyKommune[company]!]!,
        'Henvisning (benchmarkdata)',
        state,
        context,
        outcome ? 3 : 2,
        sentAt === null ? 0 : recipient.designEcosystem,
        sentAt === null ? null : sqlDate(sentAt),
        due === null ? null : sqlDate(due),
        outcome,
        outcome && due !== null ? sqlDate(due + 7 * DAY) : null,
        sentAt === null ? null : sqlDate(sentAt + 3 * DAY),
        sqlDate(created),
        sqlDate(outcome && due !== null ? due + 7 * DAY : created),
      )
    }
  })

  // Declarations (one per kommune and year), local workdays (one to three a month), agreements, reported figures.
  let declarations = 0
  let workdays = 0
  let agreements = 0
  let reported = 0
  step('declarations, workdays, agreements', () => {
    const insertDeclaration = db.prepare(
      `INSERT INTO "Declaration" (id, kommuneId, year, state, context, content, createdAt, updatedAt) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    )
    const insertWorkday = db.prepare(
      `INSERT INTO "LocalWorkday" (id, kommuneId, userId, date, lesId, notes, companiesMet, createdAt) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    )
    const context = JSON.stringify({ agreementVersion: 1, signatures: {}, renewedToYear: null })
    const content = JSON.stringify({
      themes: 'Benchmark',
      goals: [],
      cooperationModel: '',
      knowledgeSharing: '',
      outreachPlan: '',
      workdaysPerMonth: 2,
    })
    kommuner.forEach((k, ki) => {
      for (let year = FIRST_YEAR; year <= LAST_YEAR; year++) {
        const state = year === LAST_YEAR ? (ki % 5 === 4 ? 'inDialogue' : 'active') : 'expired'
        insertDeclaration.run(
          id('de', declarations++),
          k.id,
          year,
          state,
          context,
          content,
          createdAt,
          createdAt,
        )
        for (let month = 0; month < 12; month++) {
          if (year === LAST_YEAR && month > 10) break
          const perMonth = ki === 3 && month % 4 === 0 ? 0 : 1 + Math.floor(rnd() * 3)
          for (let d = 0; d < perMonth; d++) {
            const date = sqlDate(Date.UTC(year, month, 2 + Math.floor(rnd() * 25), 9))
            insertWorkday.run(
              id('wd', workdays++),
              k.id,
              users[ki]!,
              date,
              k.lesId,
              'Arbejdsdag hos LES (benchmarkdata)',
              Math.floor(rnd() * 5),
              date,
            )
          }
        }
      }
    })
    const insertOrganisation = db.prepare(
      `INSERT INTO "Organisation" (id, name, kind, description, updatedAt) VALUES (?, ?, ?, ?, ?)`,
    )
    const insertAgreement = db.prepare(
      `INSERT INTO "Agreement" (id, partnerId, ownerId, state, context, content, startDate, endDate, createdAt, updatedAt) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    )
    const agreementContext = JSON.stringify({
      assessment: null,
      signatures: {},
      renewals: 0,
      declineReason: null,
    })
    const agreementContent = JSON.stringify({
      purpose: 'Samarbejde (benchmarkdata)',
      activities: 'Fælles arrangementer',
      contactPersons: 'Benchmark',
    })
    const partners = [
      ...clusters.slice(0, Math.max(0, clusters.length - 2)).map((c) => c.id),
      ...Array.from({ length: 8 }, (_, i) => {
        const partnerId = id('or', i)
        insertOrganisation.run(
          partnerId,
          `Benchmark ${i % 2 === 0 ? 'uddannelsesinstitution' : 'a-kasse'} ${i}`,
          i % 2 === 0 ? 'EDUCATION' : 'LABOUR_MARKET',
          'Benchmarkpartner',
          createdAt,
        )
        return partnerId
      }),
    ]
    partners.forEach((partnerId, i) => {
      const first = FIRST_YEAR + (i % YEARS)
      insertAgreement.run(
        id('ag', agreements++),
        partnerId,
        users[0]!,
        'expired',
        agreementContext,
        agreementContent,
        sqlDate(Date.UTC(first, 0, 1)),
        sqlDate(Date.UTC(first + 1, 11, 31)),
        createdAt,
        createdAt,
      )
      insertAgreement.run(
        id('ag', agreements++),
        partnerId,
        users[0]!,
        'active',
        agreementContext,
        agreementContent,
        sqlDate(Date.UTC(LAST_YEAR - 1, 0, 1)),
        sqlDate(Date.UTC(LAST_YEAR + 2, 11, 31)),
        createdAt,
        createdAt,
      )
    })
    const insertFigure = db.prepare(
      `INSERT INTO "ReportedFigure" (id, year, kind, value, source, sourceDate, updatedAt) VALUES (?, ?, ?, ?, ?, ?, ?)`,
    )
    for (let year = FIRST_YEAR; year <= LAST_YEAR; year++) {
      for (const kind of ['AWARENESS', 'GREEN_AWARENESS', 'GROWTH_VAEKST', 'PRODUCTIVITY_DRIFT']) {
        insertFigure.run(
          id('rf', reported++),
          year,
          kind,
          Math.round(rnd() * 400) / 10,
          'Erhvervsstyrelsen (benchmarkdata)',
          sqlDate(Date.UTC(year, 11, 1)),
          createdAt,
        )
      }
    }
  })

  db.close()
  return {
    companies: n.companies,
    cases: n.cases,
    caseCompanies: links,
    caseTopics: topics,
    caseActivities: activities,
    surveyAnswers: n.surveyAnswers,
    referrals: n.referrals,
    declarations,
    localWorkdays: workdays,
    agreements,
    reportedFigures: reported,
  }
}

/** Builds the benchmark database unless a matching one exists. */
export async function ensureGoalsData({
  fresh = false,
  scale = 1,
  log = console.log,
}: { fresh?: boolean; scale?: number; log?: Log } = {}): Promise<GoalsData> {
  const { db: dbFile, marker: markerFile } = benchFiles(scale)
  const migrations = migrationNames()
  const marker = readMarker(markerFile)
  const matches =
    marker &&
    marker.version === GENERATOR_VERSION &&
    marker.scale === scale &&
    marker.seed === SEED &&
    marker.migrations.join('\n') === migrations.join('\n')
  if (!fresh && matches && existsSync(dbFile)) {
    return {
      file: dbFile,
      url: `file:${dbFile}`,
      reused: true,
      generatedMs: 0,
      builtMs: marker.builtMs,
      builtAt: marker.builtAt,
      scale,
      counts: marker.counts,
    }
  }
  log(`Generating benchmark data (scale ${scale}) into ${path.relative(root, dbFile)} …`)
  const t0 = performance.now()
  mkdirSync(BENCH_DIR, { recursive: true })
  rmSync(markerFile, { force: true })
  // Built under another name and renamed at the end, so an interrupted build is never reused.
  const partial = `${dbFile}.partial`
  for (const f of [partial, `${partial}-journal`]) rmSync(f, { force: true })
  let t = performance.now()
  migrate(partial)
  log(
    `  ${'prisma migrate deploy'.padEnd(34)} ${Math.round(performance.now() - t)
      .toString()
      .padStart(6)} ms`,
  )
  t = performance.now()
  await seedReference(partial)
  log(
    `  ${'reference data (seedReferenceData)'.padEnd(34)} ${Math.round(performance.now() - t)
      .toString()
      .padStart(6)} ms`,
  )
  const counts = insertBulk(partial, scale, log)
  for (const f of [dbFile, `${dbFile}-journal`, `${dbFile}-wal`, `${dbFile}-shm`])
    rmSync(f, { force: true })
  renameSync(partial, dbFile)
  const builtMs = Math.round(performance.now() - t0)
  const builtAt = new Date().toISOString()
  writeFileSync(
    markerFile,
    JSON.stringify(
      {
        version: GENERATOR_VERSION,
        scale,
        seed: SEED,
        migrations,
        builtAt,
        builtMs,
        counts,
      } satisfies Marker,
      null,
      2,
    ),
  )
  log(`  ${'total'.padEnd(34)} ${builtMs.toString().padStart(6)} ms`)
  return {
    file: dbFile,
    url: `file:${dbFile}`,
    reused: false,
    generatedMs: builtMs,
    builtMs,
    builtAt,
    scale,
    counts,
  }
}

export function parseScale(args: readonly string[]) {
  const arg = args.find((a) => a.startsWith('--scale='))
  const scale = arg ? Number(arg.slice('--scale='.length)) : 1
  if (!Number.isFinite(scale) || scale <= 0 || scale > 10)
    throw new Error(`--scale must be a number in (0, 10], got ${arg}`)
  return scale
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const args = process.argv.slice(2)
  const data = await ensureGoalsData({ fresh: args.includes('--fresh'), scale: parseScale(args) })
  console.log(
    data.reused
      ? `Reusing ${path.relative(root, data.file)} (built ${data.builtAt} in ${data.builtMs} ms; --fresh rebuilds).`
      : `Built ${path.relative(root, data.file)}.`,
  )
  console.table(data.counts)
}
