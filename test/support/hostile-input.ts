import { createHash } from 'node:crypto'
import fc from 'fast-check'
import { expect } from 'vitest'
import { db } from '~/utils/db.server.ts'
import { callAction, sessionCookieFor, type ActionModule, type RouteReply } from './route-calls.ts'
import { tableNames } from './tables.ts'

/**
 * Property-based hostile input for Remix actions (issue 11): random and malformed form data goes
 * through the real route module with a real session, and every answer must be a success or a 4xx
 * with a Danish message — never a 500 or an unhandled error — and a refusal must leave the
 * database exactly as it was.
 */

// ---------------------------------------------------------------------------------------------
// Which action routes each hostile-input test file covers. hostile-input.test.ts checks that
// together they are every route module under app/routes that exports an `action`; each group
// file checks that it has a property for exactly the routes listed for it.

export const HOSTILE_GROUPS = {
  admin: [
    '_app.admin.brugere.$id.tsx',
    '_app.admin.brugere.ny.tsx',
    '_app.admin.job.tsx',
    '_app.admin.kommuner.$id.tsx',
    '_app.admin.organisationer.$id.tsx',
    '_app.admin.organisationer.ny.tsx',
    '_app.indstillinger.tsx',
    '_app.notifikationer.tsx',
    'adgangskode.$token.tsx',
    'login.tsx',
    'logout.tsx',
  ],
  companies: [
    '_app.henvisninger.$id.tsx',
    '_app.henvisninger.ny.tsx',
    '_app.virksomheder.$id.tsx',
    '_app.virksomheder.forloeb.$id.tsx',
    '_app.virksomheder.forloeb.ny.tsx',
    '_app.virksomheder.import.tsx',
    '_app.virksomheder.ny.tsx',
  ],
  processes: [
    '_app.direktoermoeder.$id.tsx',
    '_app.direktoermoeder._index.tsx',
    '_app.direktoermoeder.opgaver.tsx',
    '_app.hensigtserklaeringer.$id.tsx',
    '_app.hensigtserklaeringer._index.tsx',
    '_app.hensigtserklaeringer.arbejdsdage.tsx',
    '_app.klyngeaftaler.$id.tsx',
    '_app.klyngeaftaler._index.tsx',
    '_app.maal._index.tsx',
    '_app.maal.indberetning.tsx',
  ],
} as const satisfies Record<string, readonly string[]>

// ---------------------------------------------------------------------------------------------
// Hostile values.

export const XSS_PAYLOADS = ['<script>alert(1)</script>', '"><img src=x onerror=alert(1)>'] as const
export const CSV_PAYLOADS = ["=cmd|' /C calc'!A0", '+1', '-1', '@SUM(1)', '\t=1+1', '\r=1+1'] as const

const LONG = 'x'.repeat(10_001)
const LONG_DANISH = 'æøå '.repeat(3_000)

/** Fixed payloads every field meets now and then: markup, formulas, bad dates and numbers, NUL, unicode. */
export const HOSTILE_PAYLOADS: readonly string[] = [
  ...XSS_PAYLOADS,
  ...CSV_PAYLOADS,
  '2026-02-30',
  '2026-13-01',
  '0000-00-00',
  '31-12-2026',
  '2026-02-28T25:00',
  '99:99',
  '1e309',
  '-1e309',
  'NaN',
  'Infinity',
  '-0',
  '0',
  '-5',
  '3.5',
  '42',
  '0x1F',
  '2147483648',
  '99999999999',
  '9007199254740993',
  '',
  '   ',
  'null',
  'undefined',
  'true',
  '[]',
  '{"a":1}',
  '__proto__',
  'constructor',
  "' OR '1'='1' --",
  '../../../etc/passwd',
  '%00',
  '\u0000',
  'før\u0000efter',
  '\u202Egnp.exe',
  '\u200B',
  '\uFEFF',
  'Ærø Æblegrød 🍎 Ω 漢字',
  'e\u0301\u0301\u0301',
  LONG,
  LONG_DANISH,
]

/** Any hostile text: the fixed payloads, random unicode (any code point), or a payload inside random text. */
export const hostileText: fc.Arbitrary<string> = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...HOSTILE_PAYLOADS) },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 20 }) },
  { weight: 1, arbitrary: fc.oneof(fc.integer(), fc.double()).map(String) },
  { weight: 1, arbitrary: fc.tuple(fc.string({ maxLength: 10 }), fc.constantFrom(...HOSTILE_PAYLOADS)).map(([a, b]) => `${a}${b}`) },
)

/** Ids that do not exist (or are not ids at all). */
export const unknownId: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom('findes-ikke', 'cm0000000000000000000000', '0', '-1', '../admin', "' OR 1=1 --", 'a\u0000b', LONG),
  fc.uuid(),
  fc.string({ unit: 'binary', maxLength: 30 }),
)

/** Mostly one of the given real ids, sometimes an unknown one. */
export function idOr(...ids: string[]): fc.Arbitrary<string> {
  return fc.oneof({ weight: 6, arbitrary: fc.constantFrom(...ids) }, { weight: 1, arbitrary: unknownId })
}

/** One of the given values (enum members, real ids, valid dates …). */
export function oneOf(...values: readonly string[]): fc.Arbitrary<string> {
  return fc.constantFrom(...values)
}

/** Text a user may legitimately store — including markup and formulas, which must be kept as text. */
export const storableText: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom('Hostile test ApS', 'Møde om eksport', 'Æblegrød 🍎', ...XSS_PAYLOADS, ...CSV_PAYLOADS.slice(0, 4)),
  fc.string({ minLength: 1, maxLength: 30 }),
)

/** Numbers as a form sends them, valid and not. */
export const numberText: fc.Arbitrary<string> = fc.oneof(
  fc.integer({ min: -3, max: 30 }).map(String),
  fc.constantFrom('1', '2', '1.5', '-1', '0', '1e3', 'NaN', '', ' 7 ', '１２', '2147483648', '99999999999'),
)

/**
 * A row version as a form sends it back: mostly a plausible one, often enough one the column
 * cannot hold (PostgreSQL's integer ends at 2147483647) or that is no version at all.
 */
export const versionText: fc.Arbitrary<string> = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom('1', '2', '3', '4', '5') },
  { weight: 1, arbitrary: fc.constantFrom('0', '-1', '1.5', '1e3', '2147483648', '99999999999', 'NaN', '') },
)

export function isoDate(date: Date) {
  return date.toISOString().slice(0, 10)
}

const DAY = 24 * 60 * 60 * 1000

/** Dates a date field may get: valid ones around today, and impossible ones. */
export const dateText: fc.Arbitrary<string> = fc.oneof(
  { weight: 3, arbitrary: fc.integer({ min: -400, max: 400 }).map((days) => isoDate(new Date(Date.now() + days * DAY))) },
  { weight: 1, arbitrary: fc.constantFrom('2026-02-30', '2025-02-29', '2026-00-10', '2026-1-5', '10-01-2026', '2026-02-28T12:00:00Z', '+002026-01-01', '') },
)

/** A CSV file: the real header (now and then a hostile one), a few rows of the given cells, either delimiter, quoted or not. */
export function csvFile(columns: Record<string, fc.Arbitrary<string>>): fc.Arbitrary<File> {
  const names = Object.keys(columns)
  const row = fc.tuple(...names.map((name) => fc.oneof({ weight: 5, arbitrary: columns[name]! }, { weight: 1, arbitrary: hostileText })))
  const header = fc.oneof({ weight: 5, arbitrary: fc.constant(names) }, { weight: 1, arbitrary: fc.array(hostileText, { maxLength: 4 }) })
  return fc
    .record({ header, rows: fc.array(row, { maxLength: 3 }), delimiter: fc.constantFrom(';', ','), bom: fc.boolean(), quoteAll: fc.boolean() })
    .map(({ header, rows, delimiter, bom, quoteAll }) => {
      const cell = (value: string) => (quoteAll || /[";,\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value)
      const text = [header, ...rows].map((cells) => cells.map(cell).join(delimiter)).join('\r\n')
      return new File([`${bom ? '\uFEFF' : ''}${text}\n`], 'import.csv', { type: 'text/csv' })
    })
}

/** Any upload: names with paths and markup, bytes that are text, a PDF header or noise. */
export const uploadFile: fc.Arbitrary<File> = fc
  .record({
    name: fc.oneof(fc.constantFrom('aftale.pdf', 'noter.txt', 'tal.csv', 'side.html', '../../etc/passwd', 'evil.pdf.exe', '<img src=x onerror=alert(1)>.txt', 'ø\u0000.txt', ''), hostileText),
    bytes: fc.oneof(
      hostileText.map((text) => new TextEncoder().encode(text)),
      fc.uint8Array({ maxLength: 300 }),
      fc.constant(new TextEncoder().encode('%PDF-1.4\n%fjendtlig\n')),
    ),
  })
  .map(({ name, bytes }) => new File([bytes as Uint8Array<ArrayBuffer>], name))

// ---------------------------------------------------------------------------------------------
// The form an action receives.

type FieldValue = string | string[] | File
type FormEntry = string | File

export type ActionSpec = {
  route: ActionModule
  /** The demo user who may use the action. */
  who: string
  /** The URL the form is posted to. */
  path: string
  params?: Record<string, fc.Arbitrary<string>>
  /** The `intent` values the route knows; junk is added. */
  intents?: readonly string[]
  /** Plausible values per field (hostile ones are mixed in). */
  fields: Record<string, fc.Arbitrary<string>>
  /** Fields the route reads with getAll (checkboxes, multi-selects). */
  lists?: readonly string[]
  /** File fields; when given, forms are sent as multipart now and then (always, with `multipart: 'always'`). */
  files?: Record<string, fc.Arbitrary<File>>
  multipart?: 'sometimes' | 'always'
  /** Forms that must succeed on the fixture: sent first, so the success path is exercised on every run. */
  examples?: ActionInput[]
  /** Tables a refused call of this route may change, each with the reason. */
  mayChangeOnRefusal?: Record<string, string>
  /** The action has nothing to refuse (logout). */
  neverRefuses?: true
  numRuns?: number
}

export type ActionInput = { params: Record<string, string>; form: [string, FormEntry][]; multipart: boolean }

const junkKey = fc.oneof(fc.constantFrom('__proto__', 'constructor', 'toString', 'id', 'version', 'intent[]', 'x'), fc.string({ maxLength: 12 }))

/** Chaos: any field missing, plausible, hostile, or repeated. */
function chaoticValue(plausible: fc.Arbitrary<string>, list: boolean): fc.Arbitrary<FieldValue | undefined> {
  const one = fc.oneof(plausible, hostileText)
  if (list) return fc.oneof({ weight: 3, arbitrary: fc.array(one, { maxLength: 4 }) }, { weight: 1, arbitrary: fc.constant(undefined) })
  return fc.oneof({ weight: 4, arbitrary: one }, { weight: 2, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: fc.array(one, { minLength: 2, maxLength: 3 }) })
}

type Mutation = { kind: 'hostile'; value: string } | { kind: 'missing' } | { kind: 'repeated'; value: string }
const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  { weight: 3, arbitrary: hostileText.map((value): Mutation => ({ kind: 'hostile', value })) },
  { weight: 1, arbitrary: fc.constant<Mutation>({ kind: 'missing' }) },
  { weight: 1, arbitrary: hostileText.map((value): Mutation => ({ kind: 'repeated', value })) },
)

function toPairs(intent: string | undefined, fields: Record<string, FieldValue | undefined>): [string, FormEntry][] {
  const form: [string, FormEntry][] = []
  if (intent !== undefined) form.push(['intent', intent])
  for (const [name, value] of Object.entries(fields)) {
    if (value === undefined) continue
    if (Array.isArray(value)) for (const v of value) form.push([name, v])
    else form.push([name, value])
  }
  return form
}

/**
 * Nearly valid: a known intent and every field plausible, then at most one field made hostile,
 * left out or repeated — to get past validation into the models and the database.
 */
function carefulForm(spec: ActionSpec): fc.Arbitrary<[string, FormEntry][]> {
  const lists = new Set(spec.lists ?? [])
  const names = Object.keys(spec.fields)
  const fields = fc.record(Object.fromEntries(names.map((name) => [name, lists.has(name) ? fc.array(spec.fields[name]!, { maxLength: 3 }) : spec.fields[name]!])))
  const intent = spec.intents ? fc.constantFrom<string | undefined>(...spec.intents) : fc.constant(undefined)
  const files = spec.files ? fc.record(spec.files) : fc.constant({})
  const change = names.length ? fc.option(fc.tuple(fc.constantFrom(...names), mutation), { nil: undefined, freq: 2 }) : fc.constant(undefined)
  return fc.record({ intent, fields, files, change }).map(({ intent, fields, files, change }) => {
    const values: Record<string, FieldValue | undefined> = { ...fields, ...files }
    if (change) {
      const [name, how] = change
      const current = values[name]
      values[name] = how.kind === 'missing' ? undefined : how.kind === 'hostile' ? how.value : [...(Array.isArray(current) ? current : typeof current === 'string' ? [current] : []), how.value]
    }
    return toPairs(intent, values)
  })
}

/** Chaos: any intent (junk too), any field missing, hostile or repeated, junk fields added. */
function chaoticForm(spec: ActionSpec): fc.Arbitrary<[string, FormEntry][]> {
  const lists = new Set(spec.lists ?? [])
  const fields = fc.record(Object.fromEntries(Object.entries(spec.fields).map(([name, arb]) => [name, chaoticValue(arb, lists.has(name))])))
  const intent = spec.intents
    ? fc.oneof({ weight: 4, arbitrary: fc.constantFrom<string | undefined>(...spec.intents) }, { weight: 1, arbitrary: hostileText }, { weight: 1, arbitrary: fc.constant(undefined) })
    : fc.option(hostileText, { nil: undefined, freq: 5 })
  const files = spec.files ? fc.record(Object.fromEntries(Object.entries(spec.files).map(([name, arb]) => [name, fc.option(arb, { nil: undefined })]))) : fc.constant({})
  const junk = fc.array(fc.tuple(junkKey, hostileText), { maxLength: 2 })
  return fc.record({ intent, fields, files, junk }).map(({ intent, fields, files, junk }) => [...toPairs(intent, { ...fields, ...files }), ...junk])
}

/** Half nearly valid forms (into the models), half chaos (into the parsers). */
function inputArbitrary(spec: ActionSpec): fc.Arbitrary<ActionInput> {
  const params = fc.record(spec.params ?? {})
  const multipart = spec.multipart === 'always' ? fc.constant(true) : spec.files ? fc.boolean() : fc.constant(false)
  return fc.record({ params, form: fc.oneof(carefulForm(spec), chaoticForm(spec)), multipart })
}

function toBody(input: ActionInput): FormData | Record<string, string[]> {
  if (input.multipart) {
    const body = new FormData()
    for (const [name, value] of input.form) body.append(name, value)
    return body
  }
  // A null prototype, so a field called __proto__ is a field like any other.
  const body = Object.create(null) as Record<string, string[]>
  for (const [name, value] of input.form) {
    if (value instanceof File) continue
    ;(body[name] ??= []).push(value)
  }
  return body
}

// ---------------------------------------------------------------------------------------------
// The database fingerprint: row count and a hash of every table's rows (order-independent).

export type Fingerprint = Map<string, { count: number; hash: string; rows: string[] }>

function canonical(value: unknown): unknown {
  if (typeof value === 'bigint') return value.toString()
  if (value instanceof Date) return value.toISOString()
  if (value instanceof Uint8Array) return Buffer.from(value).toString('hex')
  if (value && typeof value === 'object' && !Array.isArray(value)) {
    return Object.fromEntries(Object.keys(value).sort().map((key) => [key, canonical((value as Record<string, unknown>)[key])]))
  }
  if (Array.isArray(value)) return value.map(canonical)
  return value
}

let tables: string[] | null = null

export async function fingerprintDatabase(exclude: readonly string[] = []): Promise<Fingerprint> {
  tables ??= (await tableNames(db)).sort()
  const fingerprint: Fingerprint = new Map()
  for (const name of tables) {
    if (exclude.includes(name)) continue
    const rows = (await db.$queryRawUnsafe<Record<string, unknown>[]>(`SELECT * FROM "${name}"`)).map((row) => JSON.stringify(canonical(row))).sort()
    fingerprint.set(name, { count: rows.length, hash: createHash('sha256').update(rows.join('\n')).digest('hex'), rows })
  }
  return fingerprint
}

/** What changed between two fingerprints, table by table, with a few of the rows that differ. */
export function fingerprintChanges(before: Fingerprint, after: Fingerprint): string[] {
  const changes: string[] = []
  for (const [name, now] of after) {
    const then = before.get(name)
    if (!then || then.hash === now.hash) continue
    const old = new Set(then.rows)
    const added = now.rows.filter((row) => !old.has(row))
    const current = new Set(now.rows)
    const removed = then.rows.filter((row) => !current.has(row))
    changes.push(`${name}: ${then.count} → ${now.count} rows; added ${added.slice(0, 2).join(' | ').slice(0, 600)}; removed ${removed.slice(0, 2).join(' | ').slice(0, 600)}`)
  }
  return changes
}

// ---------------------------------------------------------------------------------------------
// The answer.

// English words of error messages (zod's and Remix's defaults, HTTP reason phrases); none is Danish.
// ("to" is left out: it is Danish for two.)
const ENGLISH = /\b(?:the|is|are|was|of|and|please|invalid|expected|received|required|must|should|cannot|unexpected|too (?:big|small)|not found|bad request|forbidden|unauthori[sz]ed|server|error|failed|field|value|unknown|missing)\b/i

/**
 * A user-facing message a person in a Danish municipality can read: words, and none of them
 * English. What the message quotes in «…» (the user's own input, echoed) is not judged.
 */
export function looksDanish(message: string): boolean {
  const own = message.replace(/«[^»]*»/g, '«»')
  return /\p{L}{2}/u.test(own) && !ENGLISH.test(own)
}

function bodyJson(reply: RouteReply): unknown {
  const text = reply.body.slice(reply.body.indexOf('\n') + 1)
  try {
    return JSON.parse(text)
  } catch {
    return text
  }
}

/**
 * The messages a refusal shows: `message` (toasts), `commentError`, conform's field and form
 * errors (`result.error`), an import report's row messages. Never the echoed input.
 */
export function refusalMessages(reply: RouteReply): string[] {
  const body = bodyJson(reply)
  if (typeof body === 'string') return body.trim() ? [body] : []
  if (!body || typeof body !== 'object') return []
  const value = body as Record<string, unknown>
  const messages: string[] = []
  for (const key of ['message', 'commentError'] as const) if (typeof value[key] === 'string' && value[key]) messages.push(value[key])
  const result = value.result as { error?: Record<string, unknown> } | undefined
  for (const errors of Object.values(result?.error ?? {})) if (Array.isArray(errors)) messages.push(...errors.filter((e): e is string => typeof e === 'string'))
  if (Array.isArray(value.errors)) for (const row of value.errors as { messages?: unknown }[]) if (Array.isArray(row.messages)) messages.push(...row.messages.filter((m): m is string => typeof m === 'string'))
  return messages
}

function describeInput(input: ActionInput) {
  const short = (v: FormEntry) => (v instanceof File ? `File(${v.name}, ${v.size} B)` : v.length > 80 ? `${JSON.stringify(v.slice(0, 60))}…(${v.length} chars)` : JSON.stringify(v))
  return `params ${JSON.stringify(input.params)}, ${input.multipart ? 'multipart' : 'urlencoded'} form ${input.form.map(([k, v]) => `${JSON.stringify(k)}=${short(v)}`).join(' ')}`
}

export type HostileStats = { success: number; refused: number; statuses: Record<number, number> }

/** Checks one answer against the properties; returns whether it was a refusal. */
export function expectAcceptableReply(reply: RouteReply, context: string): boolean {
  const status = reply.status
  expect(status >= 200 && status < 500, `${context}\nanswered ${status}${reply.thrown ? ' (thrown)' : ''}: ${reply.body.slice(0, 800)}`).toBe(true)
  if (status < 400) return false
  const messages = refusalMessages(reply)
  expect(messages.length, `${context}\nrefused ${status} without a message: ${reply.body.slice(0, 800)}`).toBeGreaterThan(0)
  for (const message of messages) expect(looksDanish(message), `${context}\nrefused ${status} with a message that is not Danish: ${JSON.stringify(message)}`).toBe(true)
  return true
}

// Long enough not to turn up by chance (unlike "-1" inside a date).
const PAYLOADS: readonly string[] = [...XSS_PAYLOADS, CSV_PAYLOADS[0]]

/** Markup and formulas a successful form carried are in the database exactly as sent: not stripped, not escaped. */
async function expectPayloadsStoredAsGiven(name: string, input: ActionInput) {
  const sent = input.form.flatMap(([, value]) => (typeof value === 'string' ? [value] : []))
  const files = await Promise.all(input.form.flatMap(([, value]) => (value instanceof File ? [value.text()] : [])))
  const carried = PAYLOADS.filter((payload) => [...sent, ...files].some((value) => value.includes(payload)))
  if (carried.length === 0) return
  const rows = [...(await fingerprintDatabase()).values()].flatMap((table) => table.rows)
  for (const payload of carried) {
    const asJson = JSON.stringify(payload).slice(1, -1)
    expect(rows.some((row) => row.includes(asJson)), `${name}: ${JSON.stringify(payload)} was accepted but is not stored as given`).toBe(true)
  }
}

const cookies = new Map<string, string>()

/** For a deeper hunt by hand (HOSTILE_INPUT_RUNS_FACTOR=10); the suite runs the bounded default. */
const RUNS_FACTOR = Math.max(1, Math.min(100, Number(process.env.HOSTILE_INPUT_RUNS_FACTOR) || 1))

async function cookieFor(email: string) {
  const cookie = cookies.get(email) ?? (await sessionCookieFor(email)).cookie
  cookies.set(email, cookie)
  return cookie
}

/** The values random runs meet only now and then, put deterministically into every field of every example. */
export const EDGE_VALUES = ['før\u0000efter', '2147483648'] as const

/** Each example once per field and edge value, with that one field replaced; and each param as a NUL-carrying id. */
function edgeVariants(spec: ActionSpec): ActionInput[] {
  const variants: ActionInput[] = []
  for (const input of spec.examples ?? []) {
    input.form.forEach(([name, value], i) => {
      if (typeof value !== 'string' || name === 'intent') return
      for (const edge of EDGE_VALUES) variants.push({ ...input, form: input.form.map((entry, j): [string, FormEntry] => (j === i ? [name, edge] : entry)) })
    })
    for (const param of Object.keys(input.params)) variants.push({ ...input, params: { ...input.params, [param]: 'a\u0000b' } })
  }
  return variants
}

/**
 * First the spec's examples, each of which must succeed (so the success path and the storing of
 * hostile text are exercised on every run); then every field of every example with each edge
 * value; then `numRuns` random and malformed forms. Every answer after the examples is checked
 * against the properties.
 */
export async function checkHostileInput(name: string, spec: ActionSpec): Promise<HostileStats> {
  const cookie = await cookieFor(spec.who)
  const exclude = Object.keys(spec.mayChangeOnRefusal ?? {})
  const stats: HostileStats = { success: 0, refused: 0, statuses: {} }
  let known: Fingerprint | null = null
  const send = async (input: ActionInput) => {
    const reply = await callAction(spec.route, { path: spec.path, cookie, params: input.params, form: toBody(input) })
    stats.statuses[reply.status] = (stats.statuses[reply.status] ?? 0) + 1
    return reply
  }
  const check = async (input: ActionInput) => {
    const before = known ?? (await fingerprintDatabase(exclude))
    known = null
    const reply = await send(input)
    const context = `${name}: ${describeInput(input)}`
    if (!expectAcceptableReply(reply, context)) {
      stats.success++
      return
    }
    stats.refused++
    const after = await fingerprintDatabase(exclude)
    const changes = fingerprintChanges(before, after)
    expect(changes, `${context}\nrefused ${reply.status} (${refusalMessages(reply).join(' / ')}) but changed the database:\n${changes.join('\n')}`).toEqual([])
    known = after
  }
  for (const input of spec.examples ?? []) {
    const reply = await send(input)
    expect(reply.status < 400, `${name}: the valid example ${describeInput(input)} was answered ${reply.status}: ${reply.body.slice(0, 500)}`).toBe(true)
    stats.success++
    await expectPayloadsStoredAsGiven(name, input)
  }
  for (const input of edgeVariants(spec)) await check(input)
  await fc.assert(fc.asyncProperty(inputArbitrary(spec), check), { numRuns: (spec.numRuns ?? 30) * RUNS_FACTOR, includeErrorInReport: true })
  return stats
}

/** An example form from plain pairs. */
export function example(form: Record<string, string | string[]>, params: Record<string, string> = {}, multipart = false): ActionInput {
  return { params, multipart, form: Object.entries(form).flatMap(([k, v]) => (Array.isArray(v) ? v.map((x): [string, string] => [k, x]) : [[k, v] as [string, string]])) }
}
