import type { CurrentUser } from './auth.server.ts'
import { PURPOSE_COLUMNS, decide, HIDDEN, type CompanyFacts, type GateDecision, type GateSubject, type Purpose } from './consent-gate.ts'
import { db, Prisma, type Tx } from './db.server.ts'

/**
 * The one server module that decides whether a user may see a company's identifying data
 * (docs/decisions/0012). Every loader, search, export, notification and e-mail that touches a
 * company asks it: `gateCompanies` for records already found, `identifiableCompanies` to narrow a
 * query (search) to what the user may see. Both apply the same rule (consent-gate.ts); a test
 * keeps them in step. Views allowed by a consent are written to the access log by `logAccess`.
 */

export function activeConsentWhere(now: Date): Prisma.ConsentWhereInput {
  return { revokedAt: null, expiresAt: { gt: now } }
}

/** A Prisma filter for the companies whose identity this subject may see for this purpose. */
export function identifiableCompanies(subject: GateSubject, purpose: Purpose, now: Date): Prisma.CompanyWhereInput {
  const organisationIds = [...subject.organisationIds]
  return {
    erasedAt: null,
    OR: [
      { ownerOrganisationId: { in: organisationIds } },
      { caseLinks: { some: { case: { ownerOrganisationId: { in: organisationIds } } } } },
      {
        consents: {
          some: {
            ...activeConsentWhere(now),
            [PURPOSE_COLUMNS[purpose]]: true,
            OR: [{ allPartners: true }, { organisations: { some: { organisationId: { in: organisationIds } } } }],
          },
        },
      },
    ],
  }
}

const companyFactsSelect = (now: Date) =>
  ({
    id: true,
    erasedAt: true,
    ownerOrganisationId: true,
    consents: {
      where: activeConsentWhere(now),
      select: {
        id: true,
        allPartners: true,
        forGuidance: true,
        forReferral: true,
        forEvaluation: true,
        revokedAt: true,
        expiresAt: true,
        organisations: { select: { organisationId: true } },
      },
    },
  }) satisfies Prisma.CompanySelect

type FactsRow = Prisma.CompanyGetPayload<{ select: ReturnType<typeof companyFactsSelect> }>

function toFacts(row: FactsRow, caseOwnerIds: readonly string[]): CompanyFacts {
  return {
    id: row.id,
    erased: row.erasedAt !== null,
    ownerOrganisationId: row.ownerOrganisationId,
    caseOwnerIds,
    consents: row.consents.map(({ organisations, ...consent }) => ({ ...consent, organisationIds: organisations.map((o) => o.organisationId) })),
  }
}

/** Ids per statement, well below SQLite's and PostgreSQL's limits on bound values. */
const IDS_PER_QUERY = 5000

/**
 * The organisations that own a case of each company, each once. A busy company has hundreds of
 * cases and a handful of owners; through Prisma's relations every case link was read and
 * converted (bench/pages.ts, the company page).
 */
async function caseOwnersOf(companyIds: readonly string[], client: Tx | typeof db) {
  const owners = new Map<string, string[]>()
  for (let i = 0; i < companyIds.length; i += IDS_PER_QUERY) {
    const chunk = companyIds.slice(i, i + IDS_PER_QUERY)
    const rows = await client.$queryRaw<{ companyId: string; ownerId: string }[]>`
      SELECT DISTINCT cc."companyId" AS "companyId", c."ownerOrganisationId" AS "ownerId"
      FROM "CaseCompany" cc JOIN "Case" c ON c."id" = cc."caseId"
      WHERE cc."companyId" IN (${Prisma.join(chunk)})`
    for (const { companyId, ownerId } of rows) {
      const known = owners.get(companyId)
      if (known) known.push(ownerId)
      else owners.set(companyId, [ownerId])
    }
  }
  return owners
}

export async function loadCompanyFacts(companyIds: readonly string[], now: Date, client: Tx | typeof db = db): Promise<CompanyFacts[]> {
  if (companyIds.length === 0) return []
  const ids = [...new Set(companyIds)]
  const [rows, owners] = await Promise.all([client.company.findMany({ where: { id: { in: ids } }, select: companyFactsSelect(now) }), caseOwnersOf(ids, client)])
  return rows.map((row) => toFacts(row, owners.get(row.id) ?? []))
}

/** The gate's decision for each company (unknown ids are hidden), with the facts it decided on. */
export async function gateWithFacts(subject: GateSubject, companyIds: readonly string[], purpose: Purpose, now = new Date()) {
  const facts = await loadCompanyFacts(companyIds, now)
  const decisions = new Map<string, GateDecision>(companyIds.map((id) => [id, HIDDEN]))
  for (const company of facts) decisions.set(company.id, decide(subject, company, purpose, now))
  return { decisions, facts }
}

/** The gate's decision for each company (unknown ids are hidden). */
export async function gateCompanies(subject: GateSubject, companyIds: readonly string[], purpose: Purpose, now = new Date()) {
  return (await gateWithFacts(subject, companyIds, purpose, now)).decisions
}

export type AccessPlace = 'virksomhed' | 'forløb' | 'søgning' | 'oversigt' | 'eksport' | 'samtykker' | 'henvisning'

/** Writes one access-log row per company shown through a consent (ownership is not logged). */
export async function logAccess(user: Pick<CurrentUser, 'id'>, decisions: Iterable<[string, GateDecision]>, place: AccessPlace, now = new Date()) {
  const rows = [...decisions].flatMap(([companyId, decision]) =>
    decision.identified && decision.via === 'consent' ? [{ companyId, consentId: decision.consentId, userId: user.id || null, place, at: now }] : [],
  )
  if (rows.length > 0) await db.consentAccess.createMany({ data: rows })
}

/** Gate and log in one step, keeping the facts (for case details): what a loader that shows companies calls. */
export async function gateAndLogWithFacts(user: CurrentUser, companyIds: readonly string[], place: AccessPlace, purpose: Purpose = 'GUIDANCE', now = new Date()) {
  const gated = await gateWithFacts(user, companyIds, purpose, now)
  await logAccess(user, gated.decisions, place, now)
  return gated
}

/** Gate and log in one step: what a loader that shows companies calls. */
export async function gateAndLog(user: CurrentUser, companyIds: readonly string[], place: AccessPlace, purpose: Purpose = 'GUIDANCE', now = new Date()) {
  return (await gateAndLogWithFacts(user, companyIds, place, purpose, now)).decisions
}
