import { randomUUID } from 'node:crypto'
import { parse } from 'csv-parse/sync'
import { recordAudit } from '~/utils/audit.server.ts'
import type { CurrentUser } from '~/utils/auth.server.ts'
import { CompanySchema, CSV_COLUMNS, SEGMENTS, type CompanyInput, type ContactInput, type Segment } from '~/utils/company-fields.ts'
import { gateAndLog, identifiableCompanies, loadCompanyFacts } from '~/utils/consent-gate.server.ts'
import { decide, type GateDecision } from '~/utils/consent-gate.ts'
import { db, Prisma, type Tx } from '~/utils/db.server.ts'
import { StaleVersionError } from '~/utils/db-errors.server.ts'
import { can } from '~/utils/permissions.ts'
import { publishInvalidation } from '~/utils/realtime.server.ts'
import { NotFoundError } from '~/utils/workflow.server.ts'
import { newestPerKommune } from './newest-per-kommune.server.ts'

/** Organisation kinds that run cases and own company contacts. */
const OWNER_KINDS = ['LES', 'ERHVERVSHUS']

export class NoOwnerOrganisationError extends Error {}
export class DuplicateCvrError extends Error {
  constructor(readonly visibleCompanyId: string | null) {
    super('duplicate CVR')
  }
}

/** The organisation a user registers companies and cases for: their LES or the Erhvervshus. */
export function owningOrganisation(actor: Pick<CurrentUser, 'organisations'>) {
  const organisation = actor.organisations.find((o) => OWNER_KINDS.includes(o.kind))
  if (!organisation) throw new NoOwnerOrganisationError()
  return organisation
}

export function searchTextOf(company: { name: string; cvr: string; pNumber?: string | null }) {
  return [company.name, company.cvr, company.pNumber ?? ''].join(' ').toLowerCase().trim()
}

/** What everyone with access to cases may see: no name, CVR, address, industry or people. */
export type AnonymousCompany = {
  id: string
  identified: false
  erased: boolean
  kommune: { id: string; name: string }
  segment: Segment
  registeredAt: Date
}

export type IdentifiedCompany = {
  id: string
  identified: true
  via: 'owner' | 'consent'
  erased: false
  kommune: { id: string; name: string }
  segment: Segment
  registeredAt: Date
  cvr: string
  pNumber: string | null
  name: string
  address: string | null
  industry: string | null
  employeeBand: string | null
  ownerOrganisation: { id: string; name: string }
}

export type CompanyView = AnonymousCompany | IdentifiedCompany

type CompanyRow = {
  id: string
  cvr: string | null
  pNumber: string | null
  name: string | null
  address: string | null
  industry: string | null
  employeeBand: string | null
  segment: string
  erasedAt: Date | null
  createdAt: Date
  kommune: { id: string; name: string }
  ownerOrganisation: { id: string; name: string }
}

export const companyRowSelect = {
  id: true,
  cvr: true,
  pNumber: true,
  name: true,
  address: true,
  industry: true,
  employeeBand: true,
  segment: true,
  erasedAt: true,
  createdAt: true,
  kommune: { select: { id: true, name: true } },
  ownerOrganisation: { select: { id: true, name: true } },
} as const

/** The one place a company row becomes what a user sees: identified only on the gate's word. */
export function presentCompany(row: CompanyRow, decision: GateDecision): CompanyView {
  const base = { id: row.id, kommune: row.kommune, segment: row.segment as Segment, registeredAt: row.createdAt }
  if (!decision.identified || row.erasedAt || row.name === null || row.cvr === null) return { ...base, identified: false, erased: row.erasedAt !== null }
  return {
    ...base,
    identified: true,
    via: decision.via,
    erased: false,
    cvr: row.cvr,
    pNumber: row.pNumber,
    name: row.name,
    address: row.address,
    industry: row.industry,
    employeeBand: row.employeeBand,
    ownerOrganisation: row.ownerOrganisation,
  }
}

async function findVisibleDuplicate(tx: Tx, actor: CurrentUser, cvr: string) {
  const existing = await tx.company.findUnique({ where: { cvr }, select: { id: true } })
  if (!existing) return null
  const [facts] = await loadCompanyFacts([existing.id], new Date(), tx)
  return facts && decide(actor, facts, 'GUIDANCE', new Date()).identified ? existing.id : ''
}

export async function createCompany({ actor, input }: { actor: CurrentUser; input: CompanyInput }) {
  const owner = owningOrganisation(actor)
  const created = await db.$transaction(async (tx) => {
    const duplicate = await findVisibleDuplicate(tx, actor, input.cvr)
    if (duplicate !== null) throw new DuplicateCvrError(duplicate || null)
    const company = await tx.company.create({ data: companyData(input, owner.id, actor.id) })
    await recordAudit(tx, { actorId: actor.id, action: 'CREATE', entityType: 'company', entityId: company.id, summary: `Virksomhed registreret af ${owner.name}` })
    return company
  })
  publishInvalidation({ topic: 'company', id: created.id, version: created.version }, { everyone: true })
  return created
}

function companyData(input: CompanyInput, ownerOrganisationId: string, createdById: string) {
  return { ...identityData(input), ownerOrganisationId, createdById }
}

function identityData(input: CompanyInput) {
  return {
    cvr: input.cvr,
    pNumber: input.pNumber || null,
    name: input.name,
    address: input.address || null,
    industry: input.industry || null,
    employeeBand: input.employeeBand ?? null,
    segment: input.segment,
    kommuneId: input.kommuneId,
    searchText: searchTextOf(input),
  }
}

export async function updateCompany({ actor, id, version, input }: { actor: CurrentUser; id: string; version: number; input: CompanyInput }) {
  const updated = await db.$transaction(async (tx) => {
    const duplicate = await tx.company.findFirst({ where: { cvr: input.cvr, id: { not: id } }, select: { id: true } })
    if (duplicate) throw new DuplicateCvrError(null)
    const { count } = await tx.company.updateMany({
      where: { id, version, erasedAt: null },
      data: { ...identityData(input), version: { increment: 1 } },
    })
    if (count === 0) throw new StaleVersionError('company')
    await recordAudit(tx, { actorId: actor.id, action: 'UPDATE', entityType: 'company', entityId: id, summary: 'Virksomhedens stamdata er ændret' })
    return version + 1
  })
  publishInvalidation({ topic: 'company', id, version: updated }, { everyone: true })
}

/** May this user change the company's record, contacts and consents? Only its owners may. */
export async function ownsCompany(actor: CurrentUser, companyId: string) {
  const [facts] = await loadCompanyFacts([companyId], new Date())
  if (!facts || facts.erased) return false
  return [facts.ownerOrganisationId, ...facts.caseOwnerIds].some((id) => actor.organisationIds.includes(id))
}

export async function addContact({ actor, companyId, input }: { actor: CurrentUser; companyId: string; input: ContactInput }) {
  await db.contactPerson.create({ data: { companyId, name: input.name, role: input.role || null, email: input.email || null, phone: input.phone || null } })
  await touchCompany(actor, companyId, 'Kontaktperson tilføjet')
}

export async function removeContact({ actor, companyId, contactId }: { actor: CurrentUser; companyId: string; contactId: string }) {
  const { count } = await db.contactPerson.deleteMany({ where: { id: contactId, companyId } })
  if (count === 0) throw new NotFoundError('contact')
  await touchCompany(actor, companyId, 'Kontaktperson fjernet')
}

async function touchCompany(actor: CurrentUser, companyId: string, summary: string) {
  const version = await db.$transaction(async (tx) => {
    const company = await tx.company.update({ where: { id: companyId }, data: { version: { increment: 1 } }, select: { version: true } })
    await recordAudit(tx, { actorId: actor.id, action: 'UPDATE', entityType: 'company', entityId: companyId, summary })
    return company.version
  })
  publishInvalidation({ topic: 'company', id: companyId, version }, { everyone: true })
}

const SEARCH_LIMIT = 25

/** Name or CVR search that finds only companies the user may see identified. */
export async function searchCompanies(user: CurrentUser, query: string, now = new Date()) {
  const q = query.trim().toLowerCase()
  if (q.length < 2) return []
  const rows = await db.company.findMany({
    where: { AND: [identifiableCompanies(user, 'GUIDANCE', now), { searchText: { contains: q } }] },
    select: companyRowSelect,
    orderBy: { name: 'asc' },
    take: SEARCH_LIMIT,
  })
  const decisions = await gateAndLog(user, rows.map((r) => r.id), 'søgning', 'GUIDANCE', now)
  return rows.map((row) => presentCompany(row, decisions.get(row.id)!)).filter((c): c is IdentifiedCompany => c.identified)
}

const newestFirst = [{ createdAt: 'desc' }, { id: 'desc' }] satisfies Prisma.CompanyOrderByWithRelationInput[]

/**
 * Cases per company, counted for these companies only. `_count` in a select makes Prisma 7 group
 * the whole CaseCompany table first (240,000 rows at national scale: ~65 ms, bench/pages.ts).
 */
async function caseCounts(companyIds: string[]) {
  if (companyIds.length === 0) return new Map<string, number>()
  const groups = await db.caseCompany.groupBy({ by: ['companyId'], where: { companyId: { in: companyIds } }, _count: { _all: true } })
  return new Map(groups.map((g) => [g.companyId, g._count._all]))
}

/** The companies registered in these kommuner, newest first, identified where the gate allows. */
export async function listCompanies(user: CurrentUser, { kommuneIds, take = 50 }: { kommuneIds?: string[]; take?: number }, now = new Date()) {
  const where = await newestPerKommune({}, kommuneIds, (kommuneId) => db.company.findMany({ where: { kommuneId }, select: { id: true }, orderBy: newestFirst, take }))
  const rows = await db.company.findMany({ where, select: companyRowSelect, orderBy: newestFirst, take })
  const ids = rows.map((r) => r.id)
  const [decisions, counts] = await Promise.all([gateAndLog(user, ids, 'oversigt', 'GUIDANCE', now), caseCounts(ids)])
  return rows.map((row) => ({ company: presentCompany(row, decisions.get(row.id)!), caseCount: counts.get(row.id) ?? 0 }))
}

export async function getCompanyRow(id: string) {
  return db.company.findUnique({ where: { id }, select: { ...companyRowSelect, version: true } })
}

// ---------------------------------------------------------------------------------------------
// CSV import: every row is checked first; one bad row and nothing is written.

export const CSV_TEMPLATE = `${CSV_COLUMNS.join(';')}\n12345678;;Eksempel ApS;Havnegade 1, 6000 Kolding;Kolding;Metalindustri;10-49;vækst\n`

export type ImportRowError = { row: number; messages: string[] }
export type ImportReport = { ok: true; created: number } | { ok: false; errors: ImportRowError[]; rows: number }

const SEGMENT_WORDS: Record<string, Segment> = { drift: 'DRIFT', driftsvirksomhed: 'DRIFT', vaekst: 'VAEKST', vækst: 'VAEKST', vækstvirksomhed: 'VAEKST' }

type CsvRecord = { cells: string[]; line: number }

/** Rows with the file line they start on (so the report points at the right line), blank rows left out. */
function parseCsv(text: string): CsvRecord[] | null {
  const firstLine = text.replace(/^\uFEFF/, '').split(/\r?\n/, 1)[0] ?? ''
  const delimiter = (firstLine.match(/;/g)?.length ?? 0) >= (firstLine.match(/,/g)?.length ?? 0) ? ';' : ','
  try {
    const records = parse(text, { bom: true, delimiter, relax_column_count: true, trim: true, info: true }) as unknown as { record: string[]; info: { lines: number } }[]
    return records.filter(({ record }) => record.some((cell) => cell !== '')).map(({ record, info }) => ({ cells: record, line: info.lines }))
  } catch {
    return null
  }
}

export const MAX_IMPORT_ROWS = 100_000

export async function importCompanies({ actor, text }: { actor: CurrentUser; text: string }): Promise<ImportReport> {
  const owner = owningOrganisation(actor)
  const records = parseCsv(text)
  if (!records || records.length === 0) return { ok: false, rows: 0, errors: [{ row: 1, messages: ['Filen kan ikke læses som CSV (semikolon- eller kommasepareret tekst).'] }] }
  const header = records[0]!.cells.map((h) => h.toLowerCase())
  const missing = CSV_COLUMNS.filter((c) => c !== 'p_nummer' && c !== 'adresse' && c !== 'branche' && c !== 'ansatte' && !header.includes(c))
  if (missing.length > 0) return { ok: false, rows: records.length - 1, errors: [{ row: 1, messages: [`Overskriftslinjen mangler kolonnerne: ${missing.join(', ')}.`] }] }
  const body = records.slice(1)
  if (body.length === 0) return { ok: false, rows: 0, errors: [{ row: 2, messages: ['Filen indeholder ingen virksomheder.'] }] }
  if (body.length > MAX_IMPORT_ROWS) return { ok: false, rows: body.length, errors: [{ row: 1, messages: [`Filen må højst have ${MAX_IMPORT_ROWS} rækker.`] }] }

  const kommuner = await db.kommune.findMany({ select: { id: true, name: true, code: true } })
  const kommuneByKey = new Map(kommuner.flatMap((k) => [[k.name.toLowerCase(), k.id], [k.code, k.id], [String(Number(k.code)), k.id]] as const))
  const column = (cells: string[], name: string) => cells[header.indexOf(name)] ?? ''

  const errors: ImportRowError[] = []
  const valid: CompanyInput[] = []
  const seen = new Map<string, number>()
  body.forEach(({ cells, line: row }) => {
    const kommuneText = column(cells, 'kommune')
    const segmentText = column(cells, 'segment').toLowerCase()
    const result = CompanySchema.safeParse({
      cvr: column(cells, 'cvr'),
      pNumber: column(cells, 'p_nummer'),
      name: column(cells, 'navn'),
      address: column(cells, 'adresse') || undefined,
      kommuneId: kommuneByKey.get(kommuneText.toLowerCase()) ?? '',
      industry: column(cells, 'branche') || undefined,
      employeeBand: column(cells, 'ansatte') || undefined,
      segment: SEGMENT_WORDS[segmentText] ?? (SEGMENTS.includes(segmentText.toUpperCase() as Segment) ? segmentText.toUpperCase() : segmentText),
    })
    const messages = result.success ? [] : result.error.issues.map((issue) => issue.message)
    if (kommuneText && !kommuneByKey.has(kommuneText.toLowerCase())) {
      const i = messages.indexOf('Vælg kommune.')
      messages.splice(i < 0 ? messages.length : i, i < 0 ? 0 : 1, `Kommunen «${kommuneText}» findes ikke blandt Erhvervshusets 13 kommuner.`)
    }
    if (result.success) {
      const earlier = seen.get(result.data.cvr)
      if (earlier) messages.push(`CVR-nummeret står også i række ${earlier}.`)
      else seen.set(result.data.cvr, row)
    }
    if (messages.length > 0) errors.push({ row, messages })
    else if (result.success) valid.push(result.data)
  })

  const registered = await registeredCvrs(db, valid.map((v) => v.cvr))
  errors.push(...alreadyRegistered(seen, registered))
  if (errors.length > 0) return { ok: false, rows: body.length, errors: errors.sort((a, b) => a.row - b.row) }

  // Asked again with the insert in one transaction: a CVR registered meanwhile cannot slip in between.
  const taken = await db.$transaction(
    async (tx) => {
      const taken = await registeredCvrs(tx, valid.map((v) => v.cvr))
      if (taken.size > 0) return taken
      await insertCompanies(tx, valid.map((input) => companyData(input, owner.id, actor.id)))
      await recordAudit(tx, { actorId: actor.id, action: 'IMPORT', entityType: 'company', entityId: owner.id, summary: `${valid.length} virksomheder importeret af ${owner.name}` })
      return taken
    },
    { timeout: 60_000 },
  )
  if (taken.size > 0) return { ok: false, rows: body.length, errors: alreadyRegistered(seen, taken).sort((a, b) => a.row - b.row) }
  publishInvalidation({ topic: 'company', id: 'import', version: Date.now() }, { everyone: true })
  return { ok: true, created: valid.length }
}

/** Rows per statement in bulk work: 1,000 × 13 parameters stays under SQLite's and PostgreSQL's limits. */
const BULK_CHUNK = 1000

function alreadyRegistered(rowByCvr: Map<string, number>, registered: Set<string>): ImportRowError[] {
  return [...rowByCvr].filter(([cvr]) => registered.has(cvr)).map(([, row]) => ({ row, messages: ['Virksomheden med dette CVR-nummer er allerede registreret i Knudepunkt.'] }))
}

async function registeredCvrs(tx: Tx | typeof db, cvrs: string[]) {
  const taken = new Set<string>()
  for (let i = 0; i < cvrs.length; i += BULK_CHUNK) {
    const rows = await tx.company.findMany({ where: { cvr: { in: cvrs.slice(i, i + BULK_CHUNK) } }, select: { cvr: true } })
    for (const row of rows) if (row.cvr) taken.add(row.cvr)
  }
  return taken
}

type NewCompanyRow = ReturnType<typeof companyData>

/**
 * Multi-row INSERTs in portable SQL. Prisma's createMany took 15–35 s for 50,000 companies
 * (bench/import.ts), most of it in the client, against half a second for the bare driver; this
 * writes the same columns (ids are UUIDs rather than cuids: both are opaque text).
 */
async function insertCompanies(tx: Tx, companies: NewCompanyRow[]) {
  const now = new Date()
  for (let i = 0; i < companies.length; i += BULK_CHUNK) {
    const tuples = companies.slice(i, i + BULK_CHUNK).map(
      (c) =>
        Prisma.sql`(${randomUUID()}, ${c.cvr}, ${c.pNumber}, ${c.name}, ${c.address}, ${c.industry}, ${c.employeeBand}, ${c.segment}, ${c.kommuneId}, ${c.searchText}, ${c.ownerOrganisationId}, ${c.createdById}, ${now}, ${now})`,
    )
    await tx.$executeRaw`INSERT INTO "Company" ("id", "cvr", "pNumber", "name", "address", "industry", "employeeBand", "segment", "kommuneId", "searchText", "ownerOrganisationId", "createdById", "createdAt", "updatedAt") VALUES ${Prisma.join(tuples)}`
  }
}

/** May this user act on the company's rights (export, erase)? Its owners with the permission. */
export async function mayExerciseRights(actor: CurrentUser, companyId: string, action: 'update' | 'delete') {
  return can(actor, action, 'company') && (await ownsCompany(actor, companyId))
}
