import { describe, expect, it } from 'vitest'
import { caseDetailsVisible, consentCovers, coveringConsent, decide, HIDDEN, isConsentActive, PURPOSES, type CompanyFacts, type ConsentFacts, type Purpose } from './consent-gate.ts'

/**
 * The gate's matrix (issue 5, DOMAIN.md "Consent-gated sharing"): who sees a company's identity,
 * and who sees a case's details. Organisations are plain ids here; the integration tests
 * (test/integration/consent.test.ts) check that the database query agrees with these rules.
 */

const NOW = new Date('2026-06-15T10:00:00.000Z')
const DAY = 24 * 60 * 60 * 1000
const LATER = new Date(NOW.getTime() + 90 * DAY)

const KOLDING = 'org-business-kolding'
const VEJLE = 'org-business-vejle'
const HOUSE = 'org-erhvervshus'
const KKR = 'org-kkr'

const subject = (...organisationIds: string[]) => ({ organisationIds })

let sequence = 0
function consent(overrides: Partial<ConsentFacts> = {}): ConsentFacts {
  sequence += 1
  return {
    id: `consent-${sequence}`,
    allPartners: false,
    organisationIds: [],
    forGuidance: true,
    forReferral: false,
    forEvaluation: false,
    revokedAt: null,
    expiresAt: LATER,
    ...overrides,
  }
}

function company(overrides: Partial<CompanyFacts> = {}): CompanyFacts {
  return { id: 'company-1', erased: false, ownerOrganisationId: KOLDING, caseOwnerIds: [], consents: [], ...overrides }
}

describe('decide: who sees a company identified', () => {
  it('lets the organisation that registered the company see it, as owner', () => {
    expect(decide(subject(KOLDING), company(), 'GUIDANCE', NOW)).toEqual({ identified: true, via: 'owner' })
    for (const purpose of PURPOSES) expect(decide(subject(KOLDING), company(), purpose, NOW)).toEqual({ identified: true, via: 'owner' })
  })

  it('lets the owner of one of the company’s cases see it, as owner', () => {
    const facts = company({ ownerOrganisationId: VEJLE, caseOwnerIds: [HOUSE] })
    expect(decide(subject(HOUSE), facts, 'GUIDANCE', NOW)).toEqual({ identified: true, via: 'owner' })
    expect(decide(subject(KOLDING), facts, 'GUIDANCE', NOW)).toEqual(HIDDEN)
  })

  it('treats a user in several organisations as owner when any of them owns the company', () => {
    expect(decide(subject(KKR, KOLDING), company(), 'GUIDANCE', NOW)).toEqual({ identified: true, via: 'owner' })
  })

  it('hides the company from another organisation without consent', () => {
    expect(decide(subject(VEJLE), company(), 'GUIDANCE', NOW)).toEqual(HIDDEN)
    expect(decide(subject(HOUSE), company(), 'REFERRAL', NOW)).toEqual(HIDDEN)
    expect(decide(subject(), company(), 'GUIDANCE', NOW)).toEqual(HIDDEN)
  })

  it('shows the company to every other organisation through a consent to all partners', () => {
    const all = consent({ allPartners: true })
    const facts = company({ consents: [all] })
    for (const org of [VEJLE, HOUSE, KKR]) expect(decide(subject(org), facts, 'GUIDANCE', NOW)).toEqual({ identified: true, via: 'consent', consentId: all.id })
  })

  it('prefers ownership over a consent (owner views are not logged as consent views)', () => {
    const facts = company({ consents: [consent({ allPartners: true })] })
    expect(decide(subject(KOLDING), facts, 'GUIDANCE', NOW)).toEqual({ identified: true, via: 'owner' })
  })

  it('shows the company to a named organisation, and not to another', () => {
    const named = consent({ organisationIds: [VEJLE] })
    const facts = company({ consents: [named] })
    expect(decide(subject(VEJLE), facts, 'GUIDANCE', NOW)).toEqual({ identified: true, via: 'consent', consentId: named.id })
    expect(decide(subject(HOUSE), facts, 'GUIDANCE', NOW)).toEqual(HIDDEN)
    expect(decide(subject(KKR), facts, 'GUIDANCE', NOW)).toEqual(HIDDEN)
    // A user in both a named and an unnamed organisation sees it.
    expect(decide(subject(KKR, VEJLE), facts, 'GUIDANCE', NOW)).toEqual({ identified: true, via: 'consent', consentId: named.id })
  })

  it('hides the company when the consent is for another purpose', () => {
    const referralOnly = consent({ allPartners: true, forGuidance: false, forReferral: true })
    const facts = company({ consents: [referralOnly] })
    expect(decide(subject(VEJLE), facts, 'GUIDANCE', NOW)).toEqual(HIDDEN)
    expect(decide(subject(VEJLE), facts, 'EVALUATION', NOW)).toEqual(HIDDEN)
    expect(decide(subject(VEJLE), facts, 'REFERRAL', NOW)).toEqual({ identified: true, via: 'consent', consentId: referralOnly.id })
  })

  it('checks each purpose against its own column', () => {
    const cases: [Partial<ConsentFacts>, Purpose][] = [
      [{ forGuidance: true }, 'GUIDANCE'],
      [{ forGuidance: false, forReferral: true }, 'REFERRAL'],
      [{ forGuidance: false, forEvaluation: true }, 'EVALUATION'],
    ]
    for (const [columns, purpose] of cases) {
      const facts = company({ consents: [consent({ organisationIds: [HOUSE], ...columns })] })
      for (const asked of PURPOSES) expect(decide(subject(HOUSE), facts, asked, NOW).identified, `${purpose} consent asked for ${asked}`).toBe(asked === purpose)
    }
  })

  it('hides the company once the consent is revoked', () => {
    const revoked = consent({ allPartners: true, revokedAt: new Date(NOW.getTime() - DAY) })
    expect(decide(subject(VEJLE), company({ consents: [revoked] }), 'GUIDANCE', NOW)).toEqual(HIDDEN)
    // A revocation takes effect at once, whatever its time stamp.
    const justRevoked = consent({ allPartners: true, revokedAt: NOW })
    expect(decide(subject(VEJLE), company({ consents: [justRevoked] }), 'GUIDANCE', NOW)).toEqual(HIDDEN)
  })

  it('hides the company once the consent has expired, also exactly at the expiry instant', () => {
    const expiring = consent({ organisationIds: [VEJLE], expiresAt: NOW })
    const facts = company({ consents: [expiring] })
    expect(decide(subject(VEJLE), facts, 'GUIDANCE', new Date(NOW.getTime() - 1))).toEqual({ identified: true, via: 'consent', consentId: expiring.id })
    expect(decide(subject(VEJLE), facts, 'GUIDANCE', NOW)).toEqual(HIDDEN)
    expect(decide(subject(VEJLE), facts, 'GUIDANCE', new Date(NOW.getTime() + DAY))).toEqual(HIDDEN)
  })

  it('uses an active consent when an older one is revoked or expired, and names it', () => {
    const old = consent({ allPartners: true, revokedAt: new Date(NOW.getTime() - DAY) })
    const expired = consent({ organisationIds: [VEJLE], expiresAt: new Date(NOW.getTime() - DAY) })
    const active = consent({ organisationIds: [VEJLE] })
    expect(decide(subject(VEJLE), company({ consents: [old, expired, active] }), 'GUIDANCE', NOW)).toEqual({ identified: true, via: 'consent', consentId: active.id })
  })

  it('shows an erased company to nobody, not even its owner or a consent holder', () => {
    const facts = company({ erased: true, caseOwnerIds: [HOUSE], consents: [consent({ allPartners: true, forReferral: true, forEvaluation: true })] })
    for (const org of [KOLDING, HOUSE, VEJLE, KKR]) {
      for (const purpose of PURPOSES) expect(decide(subject(org), facts, purpose, NOW)).toEqual(HIDDEN)
    }
  })
})

describe('isConsentActive and consentCovers', () => {
  it('is active while neither revoked nor expired', () => {
    expect(isConsentActive({ revokedAt: null, expiresAt: LATER }, NOW)).toBe(true)
    expect(isConsentActive({ revokedAt: null, expiresAt: NOW }, NOW)).toBe(false)
    expect(isConsentActive({ revokedAt: null, expiresAt: new Date(NOW.getTime() + 1) }, NOW)).toBe(true)
    expect(isConsentActive({ revokedAt: NOW, expiresAt: LATER }, NOW)).toBe(false)
  })

  it('covers an organisation by name or through all partners, for its purposes only', () => {
    const named = consent({ organisationIds: [HOUSE], forReferral: true })
    expect(consentCovers(named, HOUSE, 'GUIDANCE', NOW)).toBe(true)
    expect(consentCovers(named, HOUSE, 'REFERRAL', NOW)).toBe(true)
    expect(consentCovers(named, HOUSE, 'EVALUATION', NOW)).toBe(false)
    expect(consentCovers(named, VEJLE, 'GUIDANCE', NOW)).toBe(false)
    expect(consentCovers(consent({ allPartners: true }), VEJLE, 'GUIDANCE', NOW)).toBe(true)
    expect(consentCovers(consent({ allPartners: true, revokedAt: NOW }), VEJLE, 'GUIDANCE', NOW)).toBe(false)
    expect(consentCovers(consent({ allPartners: true, expiresAt: NOW }), VEJLE, 'GUIDANCE', NOW)).toBe(false)
  })

  it('finds no covering consent for an organisation the consents do not name', () => {
    expect(coveringConsent(subject(KKR), company({ consents: [consent({ organisationIds: [VEJLE, HOUSE] })] }), 'GUIDANCE', NOW)).toBeNull()
  })
})

describe('caseDetailsVisible: who sees a case’s title, notes and next step', () => {
  it('shows the details to the organisation that owns the case, consent or not', () => {
    const kase = { ownerOrganisationId: KOLDING, companies: [company()] }
    expect(caseDetailsVisible(subject(KOLDING), kase, 'GUIDANCE', NOW)).toBe(true)
    expect(caseDetailsVisible(subject(VEJLE), kase, 'GUIDANCE', NOW)).toBe(false)
  })

  it('does not show the details to another organisation that owns a different case of the same company', () => {
    // Vejle owns the company and a case of its own; Kolding's case stays Kolding's.
    const facts = company({ ownerOrganisationId: VEJLE, caseOwnerIds: [VEJLE, KOLDING] })
    expect(decide(subject(VEJLE), facts, 'GUIDANCE', NOW).identified).toBe(true)
    expect(caseDetailsVisible(subject(VEJLE), { ownerOrganisationId: KOLDING, companies: [facts] }, 'GUIDANCE', NOW)).toBe(false)
  })

  it('shows the details to another organisation when the company consents to share with it', () => {
    const facts = company({ consents: [consent({ organisationIds: [HOUSE] })] })
    expect(caseDetailsVisible(subject(HOUSE), { ownerOrganisationId: KOLDING, companies: [facts] }, 'GUIDANCE', NOW)).toBe(true)
    expect(caseDetailsVisible(subject(VEJLE), { ownerOrganisationId: KOLDING, companies: [facts] }, 'GUIDANCE', NOW)).toBe(false)
    expect(caseDetailsVisible(subject(HOUSE), { ownerOrganisationId: KOLDING, companies: [facts] }, 'REFERRAL', NOW)).toBe(false)
  })

  it('needs consent from every company of a 1:many case', () => {
    const a = company({ id: 'a', consents: [consent({ organisationIds: [HOUSE] })] })
    const b = company({ id: 'b', consents: [consent({ allPartners: true })] })
    const c = company({ id: 'c' })
    const revokedB = company({ id: 'b', consents: [consent({ allPartners: true, revokedAt: NOW })] })
    expect(caseDetailsVisible(subject(HOUSE), { ownerOrganisationId: KOLDING, companies: [a, b] }, 'GUIDANCE', NOW)).toBe(true)
    expect(caseDetailsVisible(subject(HOUSE), { ownerOrganisationId: KOLDING, companies: [a, b, c] }, 'GUIDANCE', NOW)).toBe(false)
    expect(caseDetailsVisible(subject(HOUSE), { ownerOrganisationId: KOLDING, companies: [a, revokedB] }, 'GUIDANCE', NOW)).toBe(false)
    // Vejle is covered by b's consent to all partners, but not by a's named consent.
    expect(caseDetailsVisible(subject(VEJLE), { ownerOrganisationId: KOLDING, companies: [a, b] }, 'GUIDANCE', NOW)).toBe(false)
  })

  it('hides the details of a case with an erased company, and of a case without companies, from others', () => {
    const erased = company({ erased: true, consents: [consent({ allPartners: true })] })
    expect(caseDetailsVisible(subject(HOUSE), { ownerOrganisationId: KOLDING, companies: [erased] }, 'GUIDANCE', NOW)).toBe(false)
    expect(caseDetailsVisible(subject(HOUSE), { ownerOrganisationId: KOLDING, companies: [] }, 'GUIDANCE', NOW)).toBe(false)
  })

  it('hides the details once the consent expires', () => {
    const facts = company({ consents: [consent({ organisationIds: [HOUSE], expiresAt: NOW })] })
    expect(caseDetailsVisible(subject(HOUSE), { ownerOrganisationId: KOLDING, companies: [facts] }, 'GUIDANCE', new Date(NOW.getTime() - 1))).toBe(true)
    expect(caseDetailsVisible(subject(HOUSE), { ownerOrganisationId: KOLDING, companies: [facts] }, 'GUIDANCE', NOW)).toBe(false)
  })
})
