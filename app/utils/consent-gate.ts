/**
 * The consent rule (DOMAIN.md, "Consent-gated sharing") as pure functions, so that it can be
 * tested as a matrix and reused by the database queries in consent-gate.server.ts, which must
 * agree with it. A company's identifying data (name, CVR, P-number, address, industry, contact
 * people, case details, referrals) reaches a user only when
 *   1. one of the user's organisations owns the company record or one of its cases, or
 *   2. the company has an active consent (not revoked, not expired) whose scope covers one of the
 *      user's organisations (or all partners) for the purpose at hand.
 * An erased company has no identity left to show, so nobody sees one.
 */

export const PURPOSES = ['GUIDANCE', 'REFERRAL', 'EVALUATION'] as const
export type Purpose = (typeof PURPOSES)[number]

export const PURPOSE_LABELS: Record<Purpose, string> = {
  GUIDANCE: 'Fælles vejledning',
  REFERRAL: 'Henvisning',
  EVALUATION: 'Evaluering',
}

/** The column of Consent that holds each purpose. */
export const PURPOSE_COLUMNS = { GUIDANCE: 'forGuidance', REFERRAL: 'forReferral', EVALUATION: 'forEvaluation' } as const

export type GateSubject = { organisationIds: readonly string[] }

export type ConsentFacts = {
  id: string
  allPartners: boolean
  organisationIds: readonly string[]
  forGuidance: boolean
  forReferral: boolean
  forEvaluation: boolean
  revokedAt: Date | null
  expiresAt: Date
}

export type CompanyFacts = {
  id: string
  erased: boolean
  ownerOrganisationId: string
  /** Owner organisations of the cases the company takes part in. */
  caseOwnerIds: readonly string[]
  consents: readonly ConsentFacts[]
}

export type GateDecision = { identified: false } | { identified: true; via: 'owner' } | { identified: true; via: 'consent'; consentId: string }

export const HIDDEN: GateDecision = { identified: false }

export function isConsentActive(consent: Pick<ConsentFacts, 'revokedAt' | 'expiresAt'>, now: Date) {
  return consent.revokedAt === null && consent.expiresAt.getTime() > now.getTime()
}

/** Whether an active consent shares with this organisation for this purpose. */
export function consentCovers(consent: ConsentFacts, organisationId: string, purpose: Purpose, now: Date) {
  return isConsentActive(consent, now) && consent[PURPOSE_COLUMNS[purpose]] && (consent.allPartners || consent.organisationIds.includes(organisationId))
}

function ownsCompany(subject: GateSubject, company: CompanyFacts) {
  return [company.ownerOrganisationId, ...company.caseOwnerIds].some((id) => subject.organisationIds.includes(id))
}

/** The consent that lets this subject see the company for this purpose, if any. */
export function coveringConsent(subject: GateSubject, company: Pick<CompanyFacts, 'consents'>, purpose: Purpose, now: Date) {
  return company.consents.find((consent) => subject.organisationIds.some((org) => consentCovers(consent, org, purpose, now))) ?? null
}

export function decide(subject: GateSubject, company: CompanyFacts, purpose: Purpose, now: Date): GateDecision {
  if (company.erased) return HIDDEN
  if (ownsCompany(subject, company)) return { identified: true, via: 'owner' }
  const consent = coveringConsent(subject, company, purpose, now)
  return consent ? { identified: true, via: 'consent', consentId: consent.id } : HIDDEN
}

/**
 * A case's details (title, notes, next step, history) are shown to the organisation that owns the
 * case, and to others only when every company in it has consented to share with them: owning
 * another case with the same company is not enough.
 */
export function caseDetailsVisible(
  subject: GateSubject,
  kase: { ownerOrganisationId: string; companies: readonly Pick<CompanyFacts, 'erased' | 'consents'>[] },
  purpose: Purpose,
  now: Date,
) {
  if (subject.organisationIds.includes(kase.ownerOrganisationId)) return true
  return kase.companies.length > 0 && kase.companies.every((c) => !c.erased && coveringConsent(subject, c, purpose, now) !== null)
}
