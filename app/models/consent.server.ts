import { recordAudit } from '~/utils/audit.server.ts'
import type { CurrentUser } from '~/utils/auth.server.ts'
import { EXPIRY_NOTICE_DAYS, type ConsentInput, type ConsentStatus } from '~/utils/company-fields.ts'
import { gateAndLog } from '~/utils/consent-gate.server.ts'
import { isConsentActive, type Purpose } from '~/utils/consent-gate.ts'
import { copenhagenDate, dateFromIso, nextIsoDate, startOfCopenhagenDay } from '~/utils/dates.ts'
import { db, type Tx } from '~/utils/db.server.ts'
import { publishInvalidation } from '~/utils/realtime.server.ts'
import { NotFoundError } from '~/utils/workflow.server.ts'
import { companyRowSelect, presentCompany } from './company.server.ts'

const DAY = 24 * 60 * 60 * 1000

/** A refused consent, with the form field it concerns and a Danish message. */
export class ConsentRejectedError extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message)
  }
}
export class AlreadyRevokedError extends Error {}

/** The last day a consent is valid (it runs out at the start of the next Copenhagen day). */
export function lastValidDay(expiresAt: Date) {
  return new Date(expiresAt.getTime() - 1)
}


export function consentStatus(consent: { revokedAt: Date | null; expiresAt: Date }, now = new Date()): ConsentStatus {
  if (consent.revokedAt) return 'revoked'
  return isConsentActive(consent, now) ? 'active' : 'expired'
}

export function purposesOf(consent: { forGuidance: boolean; forReferral: boolean; forEvaluation: boolean }): Purpose[] {
  return [consent.forGuidance && 'GUIDANCE', consent.forReferral && 'REFERRAL', consent.forEvaluation && 'EVALUATION'].filter(Boolean) as Purpose[]
}

function checkDates(input: ConsentInput, now: Date) {
  const today = copenhagenDate(now)
  if (input.givenAt > today) throw new ConsentRejectedError('givenAt', 'Samtykket kan ikke være givet i fremtiden.')
  if (input.expiresAt <= today) throw new ConsentRejectedError('expiresAt', 'Udløbsdatoen skal ligge efter i dag.')
  if (input.expiresAt <= input.givenAt) throw new ConsentRejectedError('expiresAt', 'Udløbsdatoen skal ligge efter datoen, samtykket blev givet.')
}

/** Tells every open page that shows the company or one of its cases to ask the gate again. */
export async function publishCompanyChange(companyId: string, client: Tx | typeof db = db) {
  const cases = await client.caseCompany.findMany({ where: { companyId }, select: { caseId: true } })
  const version = Date.now()
  publishInvalidation({ topic: 'company', id: companyId, version }, { everyone: true })
  for (const { caseId } of cases) publishInvalidation({ topic: 'case', id: caseId, version }, { everyone: true })
}

export async function recordConsent({ actor, companyId, ownerOrganisationId, input, now = new Date() }: { actor: CurrentUser; companyId: string; ownerOrganisationId: string; input: ConsentInput; now?: Date }) {
  checkDates(input, now)
  const organisationIds = input.scope === 'NAMED' ? [...new Set(input.organisationIds)] : []
  const consent = await db.$transaction(async (tx) => {
    const company = await tx.company.findUnique({ where: { id: companyId }, select: { erasedAt: true } })
    if (!company || company.erasedAt) throw new NotFoundError('company')
    const known = await tx.organisation.count({ where: { id: { in: organisationIds } } })
    if (known !== organisationIds.length) throw new ConsentRejectedError('organisationIds', 'En af de valgte organisationer findes ikke.')
    const created = await tx.consent.create({
      data: {
        companyId,
        givenByName: input.givenByName,
        givenByRole: input.givenByRole || null,
        method: input.method,
        methodNote: input.methodNote || null,
        givenAt: dateFromIso(input.givenAt),
        allPartners: input.scope === 'ALL',
        forGuidance: input.purposes.includes('GUIDANCE'),
        forReferral: input.purposes.includes('REFERRAL'),
        forEvaluation: input.purposes.includes('EVALUATION'),
        // Valid through the whole expiry day in Copenhagen.
        expiresAt: startOfCopenhagenDay(nextIsoDate(input.expiresAt)),
        recordedById: actor.id,
        recordedByOrganisationId: ownerOrganisationId,
        organisations: { create: organisationIds.map((organisationId) => ({ organisationId })) },
      },
    })
    await recordAudit(tx, { actorId: actor.id, action: 'CONSENT', entityType: 'company', entityId: companyId, summary: 'Samtykke registreret' })
    return created
  })
  await publishCompanyChange(companyId)
  return consent
}

export async function revokeConsent({ actor, companyId, consentId, reason, now = new Date() }: { actor: CurrentUser; companyId: string; consentId: string; reason: string; now?: Date }) {
  await db.$transaction(async (tx) => {
    const consent = await tx.consent.findFirst({ where: { id: consentId, companyId }, select: { revokedAt: true } })
    if (!consent) throw new NotFoundError('consent')
    const { count } = await tx.consent.updateMany({ where: { id: consentId, revokedAt: null }, data: { revokedAt: now, revokedById: actor.id, revokeReason: reason } })
    if (count === 0) throw new AlreadyRevokedError()
    await recordAudit(tx, { actorId: actor.id, action: 'REVOKE', entityType: 'company', entityId: companyId, summary: 'Samtykke tilbagekaldt' })
  })
  await publishCompanyChange(companyId)
}

/** The scheduled job: marks consents whose expiry has passed and tells open pages at once. */
export async function expireConsents(now: Date) {
  const due = await db.consent.findMany({ where: { revokedAt: null, expiredAt: null, expiresAt: { lte: now } }, select: { id: true, companyId: true } })
  if (due.length === 0) return 0
  await db.consent.updateMany({ where: { id: { in: due.map((c) => c.id) }, expiredAt: null }, data: { expiredAt: now } })
  for (const companyId of new Set(due.map((c) => c.companyId))) await publishCompanyChange(companyId)
  return due.length
}

export async function listConsentHistory(companyId: string, now = new Date()) {
  const rows = await db.consent.findMany({
    where: { companyId },
    include: {
      organisations: { include: { organisation: { select: { id: true, name: true } } } },
      recordedBy: { select: { name: true } },
      revokedBy: { select: { name: true } },
    },
    orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
  })
  return rows.map((c) => ({
    id: c.id,
    status: consentStatus(c, now),
    givenByName: c.givenByName,
    givenByRole: c.givenByRole,
    method: c.method,
    methodNote: c.methodNote,
    givenAt: c.givenAt,
    expiresAt: c.expiresAt,
    validThrough: lastValidDay(c.expiresAt),
    allPartners: c.allPartners,
    organisations: c.organisations.map((o) => o.organisation),
    purposes: purposesOf(c),
    recordedBy: c.recordedBy?.name ?? null,
    createdAt: c.createdAt,
    revokedAt: c.revokedAt,
    revokedBy: c.revokedBy?.name ?? null,
    revokeReason: c.revokeReason,
  }))
}

/** Active consents that run out within 30 days, for the companies the user's organisations hold. */
export async function listExpiringConsents(user: CurrentUser, now = new Date()) {
  const until = new Date(now.getTime() + EXPIRY_NOTICE_DAYS * DAY)
  const organisationIds = [...user.organisationIds]
  const rows = await db.consent.findMany({
    where: {
      revokedAt: null,
      expiresAt: { gt: now, lte: until },
      company: {
        erasedAt: null,
        OR: [{ ownerOrganisationId: { in: organisationIds } }, { caseLinks: { some: { case: { ownerOrganisationId: { in: organisationIds } } } } }],
      },
    },
    include: { company: { select: companyRowSelect } },
    orderBy: { expiresAt: 'asc' },
  })
  const decisions = await gateAndLog(user, rows.map((r) => r.companyId), 'samtykker', 'GUIDANCE', now)
  return rows.map((row) => ({
    id: row.id,
    expiresAt: row.expiresAt,
    validThrough: lastValidDay(row.expiresAt),
    daysLeft: Math.ceil((row.expiresAt.getTime() - now.getTime()) / DAY),
    purposes: purposesOf(row),
    allPartners: row.allPartners,
    company: presentCompany(row.company, decisions.get(row.companyId)!),
  }))
}
