import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { addActivity, CaseCompaniesError, caseProcess, createCase, getCasePage, getCaseRow, listCases, MissingConsentError, transitionCase } from '~/models/case.server.ts'
import { exportCompany, eraseCompany, ERASED_TEXT } from '~/models/company-rights.server.ts'
import { addContact, createCompany, DuplicateCvrError, importCompanies, listCompanies, mayExerciseRights, searchCompanies, updateCompany } from '~/models/company.server.ts'
import { AlreadyRevokedError, ConsentRejectedError, expireConsents, listConsentHistory, listExpiringConsents, recordConsent, revokeConsent } from '~/models/consent.server.ts'
import type { CurrentUser } from '~/utils/auth.server.ts'
import { CompanySchema, ConsentSchema, type ConsentInput } from '~/utils/company-fields.ts'
import { gateAndLog, gateCompanies, identifiableCompanies } from '~/utils/consent-gate.server.ts'
import { decide, PURPOSES, type CompanyFacts, type Purpose } from '~/utils/consent-gate.ts'
import { copenhagenDate } from '~/utils/dates.ts'
import { db } from '~/utils/db.server.ts'
import { StaleVersionError } from '~/utils/db-errors.server.ts'
import { setPublisher, type Audience, type Invalidation } from '~/utils/realtime.server.ts'
import { ForbiddenTransitionError, NotFoundError, RefusedTransitionError } from '~/utils/workflow.server.ts'
import { actorFor } from '../support/actors.ts'
import { tableNames } from '../support/tables.ts'
import { expireCompanyConsents } from '../../server/jobs.ts'
import { Scheduler } from '../../server/scheduler.ts'

/**
 * Companies, joint cases and consent-gated sharing against a real, migrated and seeded database
 * (issue 5; DOMAIN.md "Consent-gated sharing"). Every test registers its own companies with CVR
 * numbers from the 9xxxxxxx range, so the tests do not depend on each other.
 */

const DAY = 24 * 60 * 60 * 1000

let lesKolding: CurrentUser, lesDirKolding: CurrentUser, lesVejle: CurrentUser, kam: CurrentUser, director: CurrentUser, kkr: CurrentUser, admin: CurrentUser
let everyone: CurrentUser[]
const org = { kolding: '', vejle: '', house: '' }
const kommune = { Kolding: '', Vejle: '' }

/** Every real-time message sent while the tests run: they must carry no company data. */
const published: { invalidation: Invalidation; audience: Audience }[] = []
/** The messages published since `mark`. */
function publishedSince(mark: number) {
  return published.slice(mark)
}
/** Every company name, CVR and person the tests invent: none may appear where it must not. */
const secrets = new Set<string>()

beforeAll(async () => {
  setPublisher({ publish: (invalidation, audience) => published.push({ invalidation, audience }), disconnectUser() {}, disconnectSession() {} })
  const emails = ['les.kolding@kolding.demo', 'lesdir.kolding@kolding.demo', 'les.vejle@vejle.demo', 'kam.kolding@ehsyd.demo', 'direktor@ehsyd.demo', 'kkr@kkr.demo', 'admin@knudepunkt.demo']
  ;[lesKolding, lesDirKolding, lesVejle, kam, director, kkr, admin] = (await Promise.all(emails.map(actorFor))) as CurrentUser[] as [
    CurrentUser,
    CurrentUser,
    CurrentUser,
    CurrentUser,
    CurrentUser,
    CurrentUser,
    CurrentUser,
  ]
  everyone = [lesKolding, lesDirKolding, lesVejle, kam, director, kkr, admin]
  const orgId = async (name: string) => (await db.organisation.findUniqueOrThrow({ where: { name } })).id
  org.kolding = await orgId('Business Kolding')
  org.vejle = await orgId('Business Vejle')
  org.house = await orgId('Erhvervshus Sydjylland')
  kommune.Kolding = (await db.kommune.findUniqueOrThrow({ where: { name: 'Kolding' } })).id
  kommune.Vejle = (await db.kommune.findUniqueOrThrow({ where: { name: 'Vejle' } })).id
})

afterAll(() => {
  setPublisher({ publish() {}, disconnectUser() {}, disconnectSession() {} })
})

let cvrSequence = 91_300_000
function nextCvr() {
  cvrSequence += 7
  return String(cvrSequence)
}

type TestCompany = { id: string; name: string; cvr: string }

async function newCompany(actor: CurrentUser, name: string, { kommuneName = 'Kolding', ...extra }: { kommuneName?: keyof typeof kommune; segment?: string; pNumber?: string } = {}): Promise<TestCompany> {
  const cvr = nextCvr()
  const input = CompanySchema.parse({ cvr, name, kommuneId: kommune[kommuneName], segment: 'VAEKST', address: 'Prøvevej 1, 6000 Kolding', industry: 'Prøveindustri', employeeBand: '10-49', ...extra })
  const created = await createCompany({ actor, input })
  secrets.add(name).add(cvr)
  return { id: created.id, name, cvr }
}

/** An ISO date `days` from `from`, in Copenhagen's calendar. */
function isoDay(days: number, from = new Date()) {
  return copenhagenDate(new Date(from.getTime() + days * DAY))
}

function consentInput(overrides: Partial<Record<keyof ConsentInput, unknown>> = {}, from = new Date()): ConsentInput {
  return ConsentSchema.parse({
    givenByName: 'Gunnar Giversen',
    givenByRole: 'Direktør',
    method: 'WRITTEN',
    givenAt: isoDay(0, from),
    scope: 'NAMED',
    organisationIds: [],
    purposes: ['GUIDANCE'],
    expiresAt: isoDay(180, from),
    ...overrides,
  })
}

async function consentFor(company: TestCompany, overrides: Partial<Record<keyof ConsentInput, unknown>>, { actor = lesKolding, owner = org.kolding, now = new Date() } = {}) {
  return recordConsent({ actor, companyId: company.id, ownerOrganisationId: owner, input: consentInput(overrides, now), now })
}

async function rejection(promise: Promise<unknown>) {
  return promise.then(
    () => {
      throw new Error('expected a rejection')
    },
    (error: unknown) => error,
  )
}

function expectNoSecrets(value: unknown, words: readonly string[]) {
  const text = JSON.stringify(value)
  for (const word of words) expect(text, `must not contain ${word}`).not.toContain(word)
}

/** The company's facts built from the raw rows (all consents, not only active ones), so the pure
 *  rule is checked against data the SQL filter did not prepare. */
async function rawFacts(companyIds: string[]): Promise<Map<string, CompanyFacts>> {
  const rows = await db.company.findMany({
    where: { id: { in: companyIds } },
    include: { caseLinks: { include: { case: { select: { ownerOrganisationId: true } } } }, consents: { include: { organisations: true } } },
  })
  return new Map(
    rows.map((row) => [
      row.id,
      {
        id: row.id,
        erased: row.erasedAt !== null,
        ownerOrganisationId: row.ownerOrganisationId,
        caseOwnerIds: row.caseLinks.map((l) => l.case.ownerOrganisationId),
        consents: row.consents.map((c) => ({
          id: c.id,
          allPartners: c.allPartners,
          organisationIds: c.organisations.map((o) => o.organisationId),
          forGuidance: c.forGuidance,
          forReferral: c.forReferral,
          forEvaluation: c.forEvaluation,
          revokedAt: c.revokedAt,
          expiresAt: c.expiresAt,
        })),
      },
    ]),
  )
}

async function accessRows(companyId: string) {
  return db.consentAccess.findMany({ where: { companyId }, orderBy: { at: 'asc' } })
}

describe('the gate in SQL agrees with the rule', () => {
  it('identifiableCompanies, gateCompanies and decide give the same companies for every user, purpose and time', async () => {
    const now = new Date()
    const own = await newCompany(lesKolding, 'Matrix Egen ApS')
    const namedVejle = await newCompany(lesKolding, 'Matrix Vejle ApS')
    const vejleConsent = await consentFor(namedVejle, { organisationIds: [org.vejle] }, { now })
    const referralOnly = await newCompany(lesKolding, 'Matrix Henvisning ApS')
    await consentFor(referralOnly, { scope: 'ALL', purposes: ['REFERRAL'] }, { now })
    const evaluationAll = await newCompany(lesKolding, 'Matrix Evaluering ApS')
    await consentFor(evaluationAll, { scope: 'ALL', purposes: ['EVALUATION'] }, { now })
    const revoked = await newCompany(lesKolding, 'Matrix Tilbagekaldt ApS')
    const revokedConsent = await consentFor(revoked, { scope: 'ALL' }, { now })
    await revokeConsent({ actor: lesKolding, companyId: revoked.id, consentId: revokedConsent.id, reason: 'Ønsker det ikke længere' })
    // Recorded 400 days ago; ran out ten days later.
    const expired = await newCompany(lesKolding, 'Matrix Udløbet ApS')
    await consentFor(expired, { organisationIds: [org.house], expiresAt: isoDay(-390, now) }, { now: new Date(now.getTime() - 400 * DAY) })
    const houseAll = await newCompany(lesKolding, 'Matrix Erhvervshus ApS')
    await consentFor(houseAll, { organisationIds: [org.house], purposes: ['GUIDANCE', 'REFERRAL', 'EVALUATION'], expiresAt: isoDay(300, now) }, { now })
    // Vejle's company, in a case Kolding opened while Vejle's consent to all partners held.
    const vejleOwned = await newCompany(lesVejle, 'Matrix Vejlefirma ApS', { kommuneName: 'Vejle' })
    const vejleAll = await consentFor(vejleOwned, { scope: 'ALL' }, { actor: lesVejle, owner: org.vejle, now })
    await createCase({ actor: lesKolding, input: { title: 'Matrixforløb', form: 'ONE_TO_ONE', topics: ['GREEN'], companyIds: [vejleOwned.id] } })
    await revokeConsent({ actor: lesVejle, companyId: vejleOwned.id, consentId: vejleAll.id, reason: 'Ønsker det ikke længere' })
    const erased = await newCompany(lesKolding, 'Matrix Slettet ApS')
    await consentFor(erased, { scope: 'ALL' }, { now })
    await eraseCompany({ actor: lesKolding, companyId: erased.id })

    const companies = [own, namedVejle, referralOnly, evaluationAll, revoked, expired, houseAll, vejleOwned, erased]
    const ids = companies.map((c) => c.id)
    const facts = await rawFacts(ids)
    const names = new Map(companies.map((c) => [c.id, c.name]))
    const times = [now, new Date(vejleConsent.expiresAt.getTime() - 1), vejleConsent.expiresAt, new Date(now.getTime() + 200 * DAY), new Date(now.getTime() + 2000 * DAY)]

    const visible = async (user: CurrentUser, purpose: Purpose, at: Date) => {
      const sql = (await db.company.findMany({ where: { AND: [identifiableCompanies(user, purpose, at), { id: { in: ids } }] }, select: { id: true } })).map((r) => r.id)
      const pure = ids.filter((id) => decide(user, facts.get(id)!, purpose, at).identified)
      const gated = [...(await gateCompanies(user, ids, purpose, at))].filter(([, d]) => d.identified).map(([id]) => id)
      const label = (list: string[]) => list.map((id) => names.get(id)).sort()
      expect(label(sql), `${user.email} ${purpose} ${at.toISOString()}`).toEqual(label(pure))
      expect(label(gated), `${user.email} ${purpose} ${at.toISOString()}`).toEqual(label(pure))
      return label(pure)
    }

    let checked = 0
    for (const user of everyone) {
      for (const purpose of PURPOSES) {
        for (const at of times) {
          await visible(user, purpose, at)
          checked++
        }
      }
    }
    expect(checked).toBe(everyone.length * PURPOSES.length * times.length)

    // The matrix is not trivially empty or full.
    const sorted = (...list: TestCompany[]) => list.map((c) => c.name).sort()
    expect(await visible(lesKolding, 'GUIDANCE', now)).toEqual(sorted(own, namedVejle, referralOnly, evaluationAll, revoked, expired, houseAll, vejleOwned))
    expect(await visible(lesVejle, 'GUIDANCE', now)).toEqual(sorted(namedVejle, vejleOwned))
    expect(await visible(lesVejle, 'REFERRAL', now)).toEqual(sorted(referralOnly, vejleOwned))
    expect(await visible(lesVejle, 'GUIDANCE', vejleConsent.expiresAt)).toEqual(sorted(vejleOwned))
    expect(await visible(kam, 'GUIDANCE', now)).toEqual(sorted(houseAll))
    expect(await visible(kam, 'EVALUATION', now)).toEqual(sorted(evaluationAll, houseAll))
    expect(await visible(admin, 'GUIDANCE', now)).toEqual(sorted(houseAll))
    expect(await visible(kkr, 'GUIDANCE', now)).toEqual([])
    expect(await visible(kkr, 'REFERRAL', now)).toEqual(sorted(referralOnly))
    expect(await visible(kam, 'GUIDANCE', new Date(now.getTime() + 2000 * DAY))).toEqual([])
    expect(await visible(lesKolding, 'GUIDANCE', new Date(now.getTime() + 2000 * DAY))).toContain(vejleOwned.name)
  })

  it('hides unknown companies and logs only views allowed by a consent', async () => {
    const company = await newCompany(lesKolding, 'Logtest Bageri ApS')
    const consent = await consentFor(company, { organisationIds: [org.vejle] })
    const unknown = await gateAndLog(lesVejle, ['no-such-company'], 'virksomhed')
    expect(unknown.get('no-such-company')).toEqual({ identified: false })
    expect((await gateAndLog(lesKolding, [company.id], 'virksomhed')).get(company.id)).toEqual({ identified: true, via: 'owner' })
    expect((await gateAndLog(kam, [company.id], 'virksomhed')).get(company.id)).toEqual({ identified: false })
    expect(await accessRows(company.id)).toHaveLength(0)
    expect((await gateAndLog(lesVejle, [company.id], 'virksomhed')).get(company.id)).toEqual({ identified: true, via: 'consent', consentId: consent.id })
    const rows = await accessRows(company.id)
    expect(rows).toHaveLength(1)
    expect(rows[0]).toMatchObject({ userId: lesVejle.id, consentId: consent.id, place: 'virksomhed' })
  })
})

describe('search', () => {
  it('finds by name and CVR only what the user may see; a consent to Business Vejle opens it, revoking closes it', async () => {
    const company = await newCompany(lesKolding, 'Søgetest Snedkeri ApS')
    const queries = ['søgetest', 'SØGETEST SNEDKERI', company.cvr, company.cvr.slice(2)]

    for (const q of queries) {
      const hits = await searchCompanies(lesKolding, q)
      expect(hits.map((h) => h.id), q).toEqual([company.id])
      expect(hits[0]).toMatchObject({ identified: true, via: 'owner', name: company.name, cvr: company.cvr })
      expect(await searchCompanies(lesVejle, q), q).toEqual([])
      expect(await searchCompanies(kam, q), q).toEqual([])
    }
    expect((await searchCompanies(lesDirKolding, 'Søgetest')).map((h) => h.id)).toEqual([company.id])
    expect(await accessRows(company.id)).toHaveLength(0)

    // A consent for referral only does not open the search (it is for joint guidance).
    const referral = await consentFor(company, { organisationIds: [org.vejle], purposes: ['REFERRAL'] })
    expect(await searchCompanies(lesVejle, 'Søgetest')).toEqual([])

    const mark1 = published.length
    const consent = await consentFor(company, { organisationIds: [org.vejle] })
    // Open pages are told to ask the gate again.
    expect(publishedSince(mark1)).toContainEqual({ invalidation: expect.objectContaining({ topic: 'company', id: company.id }), audience: { everyone: true } })

    const byName = await searchCompanies(lesVejle, 'Søgetest')
    expect(byName).toHaveLength(1)
    expect(byName[0]).toMatchObject({ id: company.id, identified: true, via: 'consent', name: company.name, cvr: company.cvr })
    expect((await searchCompanies(lesVejle, company.cvr)).map((h) => h.id)).toEqual([company.id])
    // Named for Business Vejle only: the Erhvervshus and KKR still find nothing.
    expect(await searchCompanies(kam, 'Søgetest')).toEqual([])
    expect(await searchCompanies(kkr, company.cvr)).toEqual([])

    const log = await accessRows(company.id)
    expect(log).toHaveLength(2)
    for (const row of log) expect(row).toMatchObject({ userId: lesVejle.id, consentId: consent.id, place: 'søgning' })
    // The owner's own searches are not consent views.
    await searchCompanies(lesKolding, 'Søgetest')
    expect(await accessRows(company.id)).toHaveLength(2)

    const mark2 = published.length
    await revokeConsent({ actor: lesKolding, companyId: company.id, consentId: consent.id, reason: 'Virksomheden har trukket samtykket' })
    expect(publishedSince(mark2)).toContainEqual({ invalidation: expect.objectContaining({ topic: 'company', id: company.id }), audience: { everyone: true } })
    expect(await searchCompanies(lesVejle, 'Søgetest')).toEqual([])
    expect(await searchCompanies(lesVejle, company.cvr)).toEqual([])
    expect(await accessRows(company.id)).toHaveLength(2)
    expect((await listConsentHistory(company.id)).map((c) => [c.id, c.status])).toEqual(
      expect.arrayContaining([
        [consent.id, 'revoked'],
        [referral.id, 'active'],
      ]),
    )
  })

  it('keeps the demo companies apart: Business Vejle does not find Kolding’s, the Erhvervshus finds Fjordbyg through its consent', async () => {
    for (const q of ['Fjordbyg', '81726354', 'Kaffebrænderi', '82637485']) expect(await searchCompanies(lesVejle, q), q).toEqual([])
    expect((await searchCompanies(kam, 'fjordbyg')).map((c) => [c.name, c.via])).toEqual([['Fjordbyg Maskiner ApS', 'consent']])
    expect(await searchCompanies(kam, 'Kaffebrænderi')).toEqual([])
    expect((await searchCompanies(lesVejle, 'Vindteknik')).map((c) => c.cvr)).toEqual(['83748596'])
  })

  it('ignores queries shorter than two characters', async () => {
    expect(await searchCompanies(lesKolding, ' 9 ')).toEqual([])
  })
})

describe('recording and revoking consent', () => {
  it('refuses an expiry in the past or today and a consent given in the future, writing nothing', async () => {
    const company = await newCompany(lesKolding, 'Afvisning Glas ApS')
    const now = new Date()
    const refused: [Partial<Record<keyof ConsentInput, unknown>>, string, string][] = [
      [{ expiresAt: isoDay(-1, now) }, 'expiresAt', 'Udløbsdatoen skal ligge efter i dag.'],
      [{ expiresAt: isoDay(0, now) }, 'expiresAt', 'Udløbsdatoen skal ligge efter i dag.'],
      [{ givenAt: isoDay(1, now) }, 'givenAt', 'Samtykket kan ikke være givet i fremtiden.'],
      [{ organisationIds: ['no-such-organisation'] }, 'organisationIds', 'En af de valgte organisationer findes ikke.'],
      [{ organisationIds: [org.vejle, 'no-such-organisation'] }, 'organisationIds', 'En af de valgte organisationer findes ikke.'],
    ]
    for (const [overrides, field, message] of refused) {
      const error = await rejection(consentFor(company, { organisationIds: [org.vejle], ...overrides }, { now }))
      expect(error, JSON.stringify(overrides)).toBeInstanceOf(ConsentRejectedError)
      expect(error).toMatchObject({ field, message })
    }
    expect(await db.consent.count({ where: { companyId: company.id } })).toBe(0)
    expect(await db.auditEntry.count({ where: { entityId: company.id, action: 'CONSENT' } })).toBe(0)
    expect(await searchCompanies(lesVejle, company.cvr)).toEqual([])

    // Tomorrow is the first accepted expiry.
    const accepted = await consentFor(company, { organisationIds: [org.vejle], expiresAt: isoDay(1, now) }, { now })
    expect(accepted.expiresAt.getTime()).toBeGreaterThan(now.getTime() + DAY)
    expect(await db.consentOrganisation.findMany({ where: { consentId: accepted.id }, select: { organisationId: true } })).toEqual([{ organisationId: org.vejle }])
  })

  it('refuses a consent without a giver, scope, purpose or note for a verbal consent, in Danish', () => {
    const base = { givenByName: 'Gunnar Giversen', method: 'WRITTEN', givenAt: isoDay(0), scope: 'ALL', purposes: ['GUIDANCE'], expiresAt: isoDay(30) }
    const messages = (input: Record<string, unknown>) => ConsentSchema.safeParse(input).error?.issues.map((i) => i.message) ?? []
    expect(ConsentSchema.safeParse(base).success).toBe(true)
    expect(messages({ ...base, givenByName: '  ' })).toEqual(['Udfyld hvem i virksomheden der gav samtykket.'])
    expect(messages({ ...base, scope: undefined })).toEqual(['Vælg omfang: alle partnere eller navngivne organisationer.'])
    expect(messages({ ...base, scope: 'NAMED', organisationIds: [] })).toEqual(['Vælg mindst én organisation, samtykket omfatter.'])
    expect(messages({ ...base, purposes: [] })).toEqual(['Vælg mindst ét formål.'])
    expect(messages({ ...base, method: 'VERBAL' })).toEqual(['Skriv et notat om det mundtlige samtykke.'])
  })

  it('revokes once: a second revoke is refused and only one revocation is recorded', async () => {
    const company = await newCompany(lesKolding, 'Tilbagekald Tømrer ApS')
    const consent = await consentFor(company, { scope: 'ALL' })
    const first = new Date(Date.now() - 60_000)
    await revokeConsent({ actor: lesKolding, companyId: company.id, consentId: consent.id, reason: 'Ringede og trak det tilbage', now: first })
    const error = await rejection(revokeConsent({ actor: lesDirKolding, companyId: company.id, consentId: consent.id, reason: 'Igen', now: new Date() }))
    expect(error).toBeInstanceOf(AlreadyRevokedError)
    const row = await db.consent.findUniqueOrThrow({ where: { id: consent.id } })
    expect(row).toMatchObject({ revokedAt: first, revokedById: lesKolding.id, revokeReason: 'Ringede og trak det tilbage' })
    expect(await db.auditEntry.count({ where: { entityId: company.id, action: 'REVOKE' } })).toBe(1)
    // A consent of another company cannot be revoked through this one.
    const other = await newCompany(lesKolding, 'Tilbagekald Andet ApS')
    const otherConsent = await consentFor(other, { scope: 'ALL' })
    expect(await rejection(revokeConsent({ actor: lesKolding, companyId: company.id, consentId: otherConsent.id, reason: 'Forkert' }))).toBeInstanceOf(NotFoundError)
    expect((await db.consent.findUniqueOrThrow({ where: { id: otherConsent.id } })).revokedAt).toBeNull()
  })
})

describe('the consent expiry job', () => {
  it('marks a consent past its expiry, and the gate no longer counts it', async () => {
    const now = new Date()
    const company = await newCompany(lesKolding, 'Udløbstest Værft A/S')
    const consent = await consentFor(company, { organisationIds: [org.vejle], expiresAt: isoDay(2, now) }, { now })
    expect((await gateCompanies(lesVejle, [company.id], 'GUIDANCE', now)).get(company.id)).toMatchObject({ identified: true, via: 'consent' })

    // Listed as expiring within 30 days for the owner, with the company identified; not for others.
    const expiring = await listExpiringConsents(lesKolding, now)
    const listed = expiring.find((c) => c.id === consent.id)
    expect(listed).toMatchObject({ purposes: ['GUIDANCE'], company: { identified: true, name: company.name } })
    expect(listed!.daysLeft).toBeGreaterThanOrEqual(2)
    expect(listed!.daysLeft).toBeLessThanOrEqual(4)
    expect((await listExpiringConsents(lesVejle, now)).map((c) => c.id)).not.toContain(consent.id)

    // A millisecond before the expiry the job leaves it alone.
    const before = new Date(consent.expiresAt.getTime() - 1)
    const early = await new Scheduler([expireCompanyConsents], { holder: 'consent-test', clock: () => before }).runJob('consents-expiry', { force: true })
    expect(early).toMatchObject({ status: 'ran', ok: true })
    expect((await db.consent.findUniqueOrThrow({ where: { id: consent.id } })).expiredAt).toBeNull()
    expect((await gateCompanies(lesVejle, [company.id], 'GUIDANCE', before)).get(company.id)).toMatchObject({ identified: true })

    // At the expiry instant the scheduled job expires it and tells open pages.
    const mark3 = published.length
    const at = consent.expiresAt
    const outcome = await new Scheduler([expireCompanyConsents], { holder: 'consent-test', clock: () => at }).runJob('consents-expiry', { force: true })
    expect(outcome).toMatchObject({ status: 'ran', ok: true })
    const expiredCount = Number((outcome.status === 'ran' && outcome.result.match(/^(\d+) samtykker udløbet$/)?.[1]) || 0)
    expect(expiredCount).toBeGreaterThanOrEqual(1)
    expect((await db.consent.findUniqueOrThrow({ where: { id: consent.id } })).expiredAt).toEqual(at)
    expect(publishedSince(mark3)).toContainEqual({ invalidation: expect.objectContaining({ topic: 'company', id: company.id }), audience: { everyone: true } })

    expect((await gateCompanies(lesVejle, [company.id], 'GUIDANCE', at)).get(company.id)).toEqual({ identified: false })
    expect(await db.company.count({ where: { AND: [identifiableCompanies(lesVejle, 'GUIDANCE', at), { id: company.id }] } })).toBe(0)
    expect(await searchCompanies(lesVejle, company.name, at)).toEqual([])
    expect((await listConsentHistory(company.id, at))[0]).toMatchObject({ id: consent.id, status: 'expired' })
    expect((await listExpiringConsents(lesKolding, at)).map((c) => c.id)).not.toContain(consent.id)

    // Running again changes nothing.
    expect(await expireConsents(new Date(at.getTime() + 60_000))).toBe(0)
    expect((await db.consent.findUniqueOrThrow({ where: { id: consent.id } })).expiredAt).toEqual(at)
  })

  it('leaves revoked consents alone', async () => {
    const company = await newCompany(lesKolding, 'Udløbstest Revideret ApS')
    const consent = await consentFor(company, { scope: 'ALL', expiresAt: isoDay(1) })
    await revokeConsent({ actor: lesKolding, companyId: company.id, consentId: consent.id, reason: 'Trukket tilbage' })
    await expireConsents(new Date(consent.expiresAt.getTime() + DAY))
    expect((await db.consent.findUniqueOrThrow({ where: { id: consent.id } })).expiredAt).toBeNull()
  })
})

describe('CSV import of companies', () => {
  const header = 'cvr;p_nummer;navn;adresse;kommune;branche;ansatte;segment'

  it('imports every row of a valid semicolon file', async () => {
    const [a, b, c] = [nextCvr(), nextCvr(), nextCvr()]
    const text = [
      header,
      `${a};;Importtest Et ApS;Havnegade 1, 6000 Kolding;Kolding;Metalindustri;10-49;vækst`,
      `${b};1234567890;Importtest To A/S;;0630;;1-9;drift`,
      `${c};;Importtest Tre I/S;;vejle;Handel;;VAEKST`,
    ].join('\n')
    ;['Importtest Et ApS', 'Importtest To A/S', 'Importtest Tre I/S', a, b, c].forEach((s) => secrets.add(s))
    expect(await importCompanies({ actor: lesKolding, text })).toEqual({ ok: true, created: 3 })

    const rows = await db.company.findMany({ where: { cvr: { in: [a, b, c] } }, include: { kommune: true }, orderBy: { cvr: 'asc' } })
    expect(rows.map((r) => [r.cvr, r.name, r.kommune.name, r.segment, r.pNumber, r.employeeBand, r.address, r.ownerOrganisationId])).toEqual([
      [a, 'Importtest Et ApS', 'Kolding', 'VAEKST', null, '10-49', 'Havnegade 1, 6000 Kolding', org.kolding],
      [b, 'Importtest To A/S', 'Vejle', 'DRIFT', '1234567890', '1-9', null, org.kolding],
      [c, 'Importtest Tre I/S', 'Vejle', 'VAEKST', null, null, null, org.kolding],
    ])
    expect(await db.auditEntry.count({ where: { action: 'IMPORT', entityId: org.kolding } })).toBeGreaterThanOrEqual(1)
    expect((await searchCompanies(lesKolding, 'Importtest')).map((h) => h.cvr).sort()).toEqual([a, b, c].sort())
    // Imported by Business Kolding: Vejle's LES does not see them, even those in Vejle.
    expect(await searchCompanies(lesVejle, 'Importtest')).toEqual([])
  })

  it('imports nothing when one row is invalid, and reports each bad row and why in Danish', async () => {
    const existing = await newCompany(lesKolding, 'Importtest Findes ApS')
    const [a, b] = [nextCvr(), nextCvr()]
    const text = [
      header,
      `${a};;Importtest Gyldig ApS;;Kolding;;;drift`,
      `01234567;;Importtest Nul ApS;;Kolding;;;drift`,
      `${nextCvr()};;Importtest Atlantis ApS;;Atlantis;;;drift`,
      `${a};;Importtest Dublet ApS;;Kolding;;;drift`,
      `${existing.cvr};;Importtest Igen ApS;;Kolding;;;vækst`,
      `${b};;;;Vejle;;;stor`,
      `${nextCvr()};;Importtest Også Gyldig ApS;;Vejle;;50-249;vækst`,
    ].join('\n')
    const companiesBefore = await db.company.count()
    const importsBefore = await db.auditEntry.count({ where: { action: 'IMPORT' } })

    const report = await importCompanies({ actor: lesKolding, text })
    expect(report).toEqual({
      ok: false,
      rows: 7,
      errors: [
        { row: 3, messages: ['CVR-nummeret skal være 8 cifre og må ikke begynde med 0.'] },
        { row: 4, messages: ['Kommunen «Atlantis» findes ikke blandt Erhvervshusets 13 kommuner.'] },
        { row: 5, messages: ['CVR-nummeret står også i række 2.'] },
        { row: 6, messages: ['Virksomheden med dette CVR-nummer er allerede registreret i Knudepunkt.'] },
        { row: 7, messages: ['Udfyld virksomhedens navn.', 'Vælg segment (drift eller vækst).'] },
      ],
    })
    expect(await db.company.count()).toBe(companiesBefore)
    expect(await db.company.findUnique({ where: { cvr: a } })).toBeNull()
    expect(await db.company.findUnique({ where: { cvr: b } })).toBeNull()
    expect(await db.company.count({ where: { name: { in: ['Importtest Gyldig ApS', 'Importtest Også Gyldig ApS'] } } })).toBe(0)
    expect(await db.auditEntry.count({ where: { action: 'IMPORT' } })).toBe(importsBefore)
  })

  it('reads a comma-separated file (with BOM, CRLF and a quoted address) too', async () => {
    const cvr = nextCvr()
    secrets.add(cvr).add('Kommatest Træ ApS')
    const text = `\uFEFFcvr,p_nummer,navn,adresse,kommune,branche,ansatte,segment\r\n${cvr},,Kommatest Træ ApS,"Søndergade 2, 7100 Vejle",Vejle,Træ,50-249,Vækst\r\n`
    expect(await importCompanies({ actor: lesVejle, text })).toEqual({ ok: true, created: 1 })
    const row = await db.company.findUniqueOrThrow({ where: { cvr }, include: { kommune: true } })
    expect(row).toMatchObject({ name: 'Kommatest Træ ApS', address: 'Søndergade 2, 7100 Vejle', industry: 'Træ', segment: 'VAEKST', employeeBand: '50-249', ownerOrganisationId: org.vejle })
    expect(row.kommune.name).toBe('Vejle')
  })

  it('refuses a file without the required columns or without rows', async () => {
    expect(await importCompanies({ actor: lesKolding, text: `cvr;navn;kommune\n${nextCvr()};Mangler Segment ApS;Kolding\n` })).toEqual({
      ok: false,
      rows: 1,
      errors: [{ row: 1, messages: ['Overskriftslinjen mangler kolonnerne: segment.'] }],
    })
    expect(await importCompanies({ actor: lesKolding, text: `${header}\n` })).toEqual({ ok: false, rows: 0, errors: [{ row: 2, messages: ['Filen indeholder ingen virksomheder.'] }] })
    expect(await db.company.count({ where: { name: 'Mangler Segment ApS' } })).toBe(0)
  })
})

describe('registering companies', () => {
  it('refuses a duplicate CVR and writes nothing, naming the existing company only to those who may see it', async () => {
    const existing = await newCompany(lesKolding, 'Dublettest Maler ApS')
    const companiesBefore = await db.company.count()
    const auditsBefore = await db.auditEntry.count({ where: { entityType: 'company', action: 'CREATE' } })

    const input = CompanySchema.parse({ cvr: existing.cvr, name: 'Dublettest Kopi ApS', kommuneId: kommune.Kolding, segment: 'DRIFT' })
    const own = await rejection(createCompany({ actor: lesKolding, input }))
    expect(own).toBeInstanceOf(DuplicateCvrError)
    expect((own as DuplicateCvrError).visibleCompanyId).toBe(existing.id)

    // Written as people write it ("DK 12 34 56 78"), still the same CVR; Vejle is not told which company.
    const spaced = `DK ${existing.cvr.slice(0, 2)} ${existing.cvr.slice(2, 4)} ${existing.cvr.slice(4, 6)} ${existing.cvr.slice(6)}`
    const other = await rejection(createCompany({ actor: lesVejle, input: CompanySchema.parse({ cvr: spaced, name: 'Dublettest Kopi ApS', kommuneId: kommune.Vejle, segment: 'DRIFT' }) }))
    expect(other).toBeInstanceOf(DuplicateCvrError)
    expect((other as DuplicateCvrError).visibleCompanyId).toBeNull()

    expect(await db.company.count()).toBe(companiesBefore)
    expect(await db.company.count({ where: { name: 'Dublettest Kopi ApS' } })).toBe(0)
    expect(await db.auditEntry.count({ where: { entityType: 'company', action: 'CREATE' } })).toBe(auditsBefore)

    // Changing another company's CVR to it is refused too.
    const second = await newCompany(lesKolding, 'Dublettest Anden ApS')
    const error = await rejection(updateCompany({ actor: lesKolding, id: second.id, version: 1, input: CompanySchema.parse({ cvr: existing.cvr, name: second.name, kommuneId: kommune.Kolding, segment: 'DRIFT' }) }))
    expect(error).toBeInstanceOf(DuplicateCvrError)
    expect(await db.company.findUniqueOrThrow({ where: { id: second.id } })).toMatchObject({ cvr: second.cvr, version: 1 })
  })

  it('validates the CVR number in Danish', () => {
    const messages = (cvr: unknown) => CompanySchema.safeParse({ cvr, name: 'X', kommuneId: kommune.Kolding, segment: 'DRIFT' }).error?.issues.map((i) => i.message)
    expect(messages('1234567')).toEqual(['CVR-nummeret skal være 8 cifre og må ikke begynde med 0.'])
    expect(messages('01234567')).toEqual(['CVR-nummeret skal være 8 cifre og må ikke begynde med 0.'])
    expect(messages('1234567a')).toEqual(['CVR-nummeret skal være 8 cifre og må ikke begynde med 0.'])
    expect(messages('')).toEqual(['Udfyld CVR-nummer.'])
    expect(messages('12 34 56 78')).toBeUndefined()
  })
})

describe('handing a case over to the Erhvervshus', () => {
  it('refuses without consent covering the Erhvervshus, names the company, and changes nothing', async () => {
    const company = await newCompany(lesKolding, 'Overdragelse Smedie ApS')
    const kase = await createCase({ actor: lesKolding, input: { title: `${company.name}: eksportparathed`, form: 'ONE_TO_ONE', topics: ['EXPORT'], companyIds: [company.id] } })
    await transitionCase({ id: kase.id, type: 'START', expectedVersion: 1, actor: lesKolding })
    const notesBefore = await db.notification.count({ where: { userId: kam.id } })

    const attempt = () => rejection(transitionCase({ id: kase.id, type: 'HAND_OVER', expectedVersion: 2, actor: lesKolding }))
    const assertRefused = async () => {
      const error = await attempt()
      expect(error).toBeInstanceOf(MissingConsentError)
      expect((error as MissingConsentError).companyIds).toEqual([company.id])
      expect(await getCaseRow(kase.id)).toMatchObject({ state: 'inProgress', version: 2, missingConsent: [company.id] })
    }
    await assertRefused()
    // Consents that do not cover the Erhvervshus for joint guidance do not count.
    await consentFor(company, { organisationIds: [org.vejle] })
    await assertRefused()
    await consentFor(company, { organisationIds: [org.house], purposes: ['REFERRAL', 'EVALUATION'] })
    await assertRefused()
    const revoked = await consentFor(company, { organisationIds: [org.house] })
    await revokeConsent({ actor: lesKolding, companyId: company.id, consentId: revoked.id, reason: 'Trukket tilbage' })
    await assertRefused()

    expect(await db.workflowEvent.count({ where: { entityType: 'case', entityId: kase.id, event: 'HAND_OVER' } })).toBe(0)
    expect(await db.notification.count({ where: { userId: kam.id } })).toBe(notesBefore)
    // Someone outside the owner organisation is refused outright, without learning what is missing.
    expect(await rejection(transitionCase({ id: kase.id, type: 'HAND_OVER', expectedVersion: 2, actor: lesVejle }))).toBeInstanceOf(ForbiddenTransitionError)
  })

  it('hands over with a named consent for Erhvervshus Sydjylland, telling the KAM without naming the company', async () => {
    const company = await newCompany(lesKolding, 'Overdragelse Valseværk ApS')
    await addContact({ actor: lesKolding, companyId: company.id, input: { name: 'Vibeke Valsesen', role: 'Ejer', email: 'vibeke@valsevaerk.example', phone: '' } })
    secrets.add('Vibeke Valsesen')
    const title = `${company.name}: ny produktionslinje`
    const kase = await createCase({ actor: lesKolding, input: { title, form: 'ONE_TO_ONE', topics: ['GREEN'], companyIds: [company.id] } })
    expect((await getCasePage(kam, kase.id))!.details).toBeNull()

    const mark4 = published.length
    const consent = await consentFor(company, { organisationIds: [org.house] })
    // The case's open pages are told too.
    expect(publishedSince(mark4)).toContainEqual({ invalidation: expect.objectContaining({ topic: 'case', id: kase.id }), audience: { everyone: true } })
    const notesBefore = (await db.notification.findMany({ where: { userId: kam.id }, select: { id: true } })).map((n) => n.id)
    const mailsBefore = (await db.outboxEmail.findMany({ where: { toEmail: kam.email }, select: { id: true } })).map((m) => m.id)

    const result = await transitionCase({ id: kase.id, type: 'HAND_OVER', expectedVersion: 1, actor: lesKolding })
    expect(result).toMatchObject({ from: 'open', to: 'handedOver', version: 2 })
    expect(await getCaseRow(kase.id)).toMatchObject({ state: 'handedOver', context: { handOvers: 1 }, missingConsent: [] })

    const notes = await db.notification.findMany({ where: { userId: kam.id, id: { notIn: notesBefore } } })
    expect(notes).toHaveLength(1)
    expect(notes[0]).toMatchObject({ kind: 'case', link: expect.stringMatching(new RegExp(`/forloeb/${kase.id}$`)), title: 'Et forløb i Kolding er overdraget til Erhvervshuset' })
    expectNoSecrets(notes, [company.name, company.cvr, 'Overdragelse', 'Vibeke'])
    const mails = await db.outboxEmail.findMany({ where: { toEmail: kam.email, id: { notIn: mailsBefore } } })
    expect(mails).toHaveLength(1)
    expect(mails[0]!.subject).toContain('overdraget til Erhvervshuset')
    expectNoSecrets(mails, [company.name, company.cvr, 'Overdragelse', 'Vibeke'])
    expectNoSecrets(await db.workflowEvent.findMany({ where: { entityId: kase.id } }), [company.name, company.cvr])

    // The Erhvervshus now sees the case through the consent, and that view is logged.
    const page = await getCasePage(kam, kase.id)
    expect(page!.details?.title).toBe(title)
    expect(page!.companies[0]).toMatchObject({ identified: true, via: 'consent', name: company.name })
    expect(await accessRows(company.id)).toEqual([expect.objectContaining({ userId: kam.id, consentId: consent.id, place: 'forløb' })])
  })

  it('names only the companies of a 1:many case that lack consent', async () => {
    const covered = await newCompany(lesKolding, 'Workshop Dækket ApS')
    const uncovered = await newCompany(lesKolding, 'Workshop Udækket ApS')
    await consentFor(covered, { organisationIds: [org.house] })
    const kase = await createCase({ actor: lesKolding, input: { title: 'Workshop om eksport', form: 'ONE_TO_MANY', topics: ['EXPORT'], companyIds: [covered.id, uncovered.id] } })
    const error = await rejection(transitionCase({ id: kase.id, type: 'HAND_OVER', expectedVersion: 1, actor: lesKolding }))
    expect(error).toBeInstanceOf(MissingConsentError)
    expect((error as MissingConsentError).companyIds).toEqual([uncovered.id])
    expect((await getCaseRow(kase.id))!.state).toBe('open')
    // The Erhvervshus sees the covered company, but not the case's details (not everyone consented).
    const page = await getCasePage(kam, kase.id)
    expect(page!.details).toBeNull()
    expect(page!.companies.filter((c) => c.identified).map((c) => c.id)).toEqual([covered.id])
    expectNoSecrets(page, [uncovered.name, uncovered.cvr, 'Workshop om eksport'])
  })

  it('does not hand over the Erhvervshus’s own case', async () => {
    const company = await newCompany(kam, 'Husets Egen ApS')
    await consentFor(company, { organisationIds: [org.house] }, { actor: kam, owner: org.house })
    const kase = await createCase({ actor: kam, input: { title: 'Husets forløb', form: 'ONE_TO_ONE', topics: ['DIGITAL'], companyIds: [company.id] } })
    expect(await rejection(transitionCase({ id: kase.id, type: 'HAND_OVER', expectedVersion: 1, actor: kam }))).toBeInstanceOf(RefusedTransitionError)
    expect((await getCaseRow(kase.id))!.state).toBe('open')
  })

  it('lets the Erhvervshus close a handed-over case only while the consent lasts (read inside the transaction)', async () => {
    const company = await newCompany(lesKolding, 'Overdragelse Lukning ApS')
    const consent = await consentFor(company, { organisationIds: [org.house] })
    const handedOver = async (title: string) => {
      const kase = await createCase({ actor: lesKolding, input: { title, form: 'ONE_TO_ONE', topics: ['EXPORT'], companyIds: [company.id] } })
      await transitionCase({ id: kase.id, type: 'HAND_OVER', expectedVersion: 1, actor: lesKolding })
      return kase.id
    }
    const first = await handedOver('Lukkes af huset')
    const second = await handedOver('Samtykket trækkes tilbage')
    // Work on a handed-over case depends on the consent, which the case's version does not cover:
    // never the batched path (docs/decisions/0006, amended), always the interactive transaction.
    const batched = vi.spyOn(caseProcess.batch!, 'save')
    try {
      expect(await transitionCase({ id: first, type: 'CLOSE', expectedVersion: 2, actor: kam })).toMatchObject({ from: 'handedOver', to: 'closed', version: 3 })
      await revokeConsent({ actor: lesKolding, companyId: company.id, consentId: consent.id, reason: 'Trukket tilbage' })
      expect(await rejection(transitionCase({ id: second, type: 'CLOSE', expectedVersion: 2, actor: kam }))).toBeInstanceOf(ForbiddenTransitionError)
      expect(await getCaseRow(second)).toMatchObject({ state: 'handedOver', version: 2, missingConsent: [company.id] })
      expect(await db.workflowEvent.count({ where: { entityType: 'case', entityId: second, event: 'CLOSE' } })).toBe(0)
      // The owner still closes it.
      expect(await transitionCase({ id: second, type: 'CLOSE', expectedVersion: 2, actor: lesKolding })).toMatchObject({ to: 'closed', version: 3 })
      expect(batched).not.toHaveBeenCalled()
    } finally {
      batched.mockRestore()
    }
  })

  it('opens a case only for companies the user may see identified', async () => {
    const company = await newCompany(lesKolding, 'Forløbstest Skjult ApS')
    await expect(createCase({ actor: lesVejle, input: { title: 'Forsøg', form: 'ONE_TO_ONE', topics: ['GREEN'], companyIds: [company.id] } })).rejects.toBeInstanceOf(CaseCompaniesError)
    await expect(createCase({ actor: lesKolding, input: { title: 'Forsøg', form: 'ONE_TO_ONE', topics: ['GREEN'], companyIds: [company.id, 'no-such-company'] } })).rejects.toBeInstanceOf(CaseCompaniesError)
    expect(await db.caseCompany.count({ where: { companyId: company.id } })).toBe(0)
  })
})

describe('case pages and the feed', () => {
  it('give others the de-identified view only, and the owner everything', async () => {
    const company = await newCompany(lesKolding, 'Hemmelig Fabrik ApS')
    const contact = 'Karen Kontaktsen'
    secrets.add(contact)
    await addContact({ actor: lesKolding, companyId: company.id, input: { name: contact, role: 'Ejer', email: 'karen@hemmelig.example', phone: '+45 12 34 56 78' } })
    const title = 'Hemmelig Fabrik: ny produktionslinje'
    const kase = await createCase({
      actor: lesKolding,
      input: { title, form: 'ONE_TO_ONE', topics: ['GREEN', 'DIGITAL'], companyIds: [company.id], nextStep: `Møde med ${contact}`, nextStepDue: isoDay(10) },
    })
    await addActivity({ actor: lesKolding, caseId: kase.id, kind: 'MEETING', date: isoDay(0), note: `Møde med ${contact} om energiforbruget` })
    const words = [company.name, company.cvr, contact, title, 'Hemmelig', 'karen@hemmelig.example']

    for (const user of [lesVejle, kam, kkr, admin]) {
      const page = await getCasePage(user, kase.id)
      expect(page).toMatchObject({ id: kase.id, state: 'inProgress', kommune: { name: 'Kolding' }, activityCount: 1, details: null })
      expect(page!.topics.sort()).toEqual(['DIGITAL', 'GREEN'])
      expect(page!.companies).toEqual([expect.objectContaining({ id: company.id, identified: false, segment: 'VAEKST' })])
      expectNoSecrets(page, words)

      const feed = await listCases(user, { kommuneIds: [kommune.Kolding] })
      const entry = feed.find((c) => c.id === kase.id)
      expect(entry).toMatchObject({ title: null, nextStepDue: null, activityCount: 1 })
      expectNoSecrets(feed, words)

      const list = await listCompanies(user, { kommuneIds: [kommune.Kolding] })
      expect(list.find((c) => c.company.id === company.id)).toMatchObject({ company: { identified: false }, caseCount: 1 })
      expectNoSecrets(list, words)
    }
    expect(await accessRows(company.id)).toHaveLength(0)

    for (const user of [lesKolding, lesDirKolding]) {
      const page = await getCasePage(user, kase.id)
      const text = JSON.stringify(page)
      for (const word of [company.name, company.cvr, contact, title]) expect(text).toContain(word)
      expect(page!.details).toMatchObject({ title, nextStep: `Møde med ${contact}` })
      expect(page!.details!.activities).toEqual([expect.objectContaining({ kind: 'MEETING', note: `Møde med ${contact} om energiforbruget` })])
      expect(page!.companies[0]).toMatchObject({ identified: true, via: 'owner', name: company.name, cvr: company.cvr })

      const feed = await listCases(user, { kommuneIds: [kommune.Kolding] })
      expect(feed.find((c) => c.id === kase.id)).toMatchObject({ title, companies: [expect.objectContaining({ name: company.name })] })
    }
    expect(await accessRows(company.id)).toHaveLength(0)
  })
})

describe('company rights: export and erasure', () => {
  it('exports all that is held, then erases identity and personal data but keeps the statistics', async () => {
    const company = await newCompany(lesKolding, 'Slettetest Møbler ApS', { segment: 'DRIFT', pNumber: '1029384756' })
    const contact = 'Preben Personsen'
    const giver = 'Gitte Giversen'
    const words = [company.name, company.cvr, '1029384756', contact, 'preben@slettetest.example', giver, 'Slettetest']
    words.forEach((w) => secrets.add(w))
    await addContact({ actor: lesKolding, companyId: company.id, input: { name: contact, role: 'Indkøber', email: 'preben@slettetest.example', phone: '+45 99 88 77 66' } })
    const earlier = await consentFor(company, { givenByName: giver, scope: 'ALL', methodNote: 'Ringede til Gitte Giversen' })
    await revokeConsent({ actor: lesKolding, companyId: company.id, consentId: earlier.id, reason: `${giver} trak samtykket tilbage` })
    const consent = await consentFor(company, { givenByName: giver, method: 'VERBAL', methodNote: `Talt med ${giver} i telefonen`, organisationIds: [org.vejle] })
    const kase = await createCase({ actor: lesKolding, input: { title: `${company.name}: eksport til Tyskland`, form: 'ONE_TO_ONE', topics: ['EXPORT', 'DESIGN'], companyIds: [company.id], nextStep: `Ring til ${contact}` } })
    await addActivity({ actor: lesKolding, caseId: kase.id, kind: 'CALL', date: isoDay(0), note: `${contact} vil eksportere` })
    await transitionCase({ id: kase.id, type: 'CLOSE', expectedVersion: 2, actor: lesKolding })
    await transitionCase({ id: kase.id, type: 'REOPEN', reason: `${contact} ringede igen`, expectedVersion: 3, actor: lesKolding })
    expect((await searchCompanies(lesVejle, 'Slettetest')).map((c) => c.id)).toEqual([company.id])

    const exported = await exportCompany({ actor: lesKolding, companyId: company.id })
    expect(exported.company).toMatchObject({ name: company.name, cvr: company.cvr, pNumber: '1029384756', segment: 'DRIFT', kommune: 'Kolding', registeredBy: 'Business Kolding' })
    expect(exported.contacts).toEqual([expect.objectContaining({ name: contact, email: 'preben@slettetest.example' })])
    expect(exported.cases).toHaveLength(1)
    expect(exported.cases[0]).toMatchObject({ title: `${company.name}: eksport til Tyskland`, form: 'ONE_TO_ONE', owner: 'Business Kolding', kommune: 'Kolding', nextStep: `Ring til ${contact}` })
    expect(exported.cases[0]!.topics.sort()).toEqual(['DESIGN', 'EXPORT'])
    expect(exported.cases[0]!.activities).toEqual([expect.objectContaining({ kind: 'CALL', note: `${contact} vil eksportere`, author: lesKolding.name })])
    expect(exported.cases[0]!.history.map((h) => h.to)).toEqual(['closed', 'inProgress'])
    expect(exported.consents.map((c) => [c.status, c.givenBy, c.scope])).toEqual([
      ['revoked', giver, 'Alle partnere'],
      ['active', giver, ['Business Vejle']],
    ])
    expect(exported.consents[1]).toMatchObject({ method: 'VERBAL', methodNote: `Talt med ${giver} i telefonen`, purposes: ['GUIDANCE'], recordedBy: lesKolding.name })
    expect(exported.accessLog).toEqual([expect.objectContaining({ user: lesVejle.name, place: 'søgning', consentId: consent.id })])
    expect(await db.auditEntry.count({ where: { entityId: company.id, action: 'EXPORT' } })).toBe(1)
    // Only the owners may exercise the company's rights; a consent is not enough.
    expect(await mayExerciseRights(lesKolding, company.id, 'update')).toBe(true)
    expect(await mayExerciseRights(lesVejle, company.id, 'update')).toBe(false)
    expect(await mayExerciseRights(kam, company.id, 'delete')).toBe(false)

    const before = await db.company.findUniqueOrThrow({ where: { id: company.id } })
    const mark5 = published.length
    await eraseCompany({ actor: lesKolding, companyId: company.id })
    expect(publishedSince(mark5)).toContainEqual({ invalidation: expect.objectContaining({ topic: 'company', id: company.id }), audience: { everyone: true } })
    expect(publishedSince(mark5)).toContainEqual({ invalidation: expect.objectContaining({ topic: 'case', id: kase.id }), audience: { everyone: true } })

    // Identity and personal data are gone ...
    const after = await db.company.findUniqueOrThrow({ where: { id: company.id } })
    expect(after).toMatchObject({ cvr: null, pNumber: null, name: null, address: null, industry: null, searchText: null })
    expect(after.erasedAt).not.toBeNull()
    expect(await db.contactPerson.count({ where: { companyId: company.id } })).toBe(0)
    const consents = await db.consent.findMany({ where: { companyId: company.id } })
    expect(consents).toHaveLength(2)
    for (const c of consents) {
      expect(c).toMatchObject({ givenByName: ERASED_TEXT, givenByRole: null, methodNote: null })
      expect(c.revokedAt).not.toBeNull()
    }
    // ... the statistics stay ...
    expect(after).toMatchObject({ kommuneId: before.kommuneId, segment: 'DRIFT', employeeBand: before.employeeBand, ownerOrganisationId: org.kolding })
    expect(await db.caseCompany.count({ where: { companyId: company.id } })).toBe(1)
    const erasedCase = await db.case.findUniqueOrThrow({ where: { id: kase.id }, include: { topics: true, activities: true } })
    expect(erasedCase.topics.map((t) => t.topic).sort()).toEqual(['DESIGN', 'EXPORT'])
    expect(erasedCase).toMatchObject({ title: ERASED_TEXT, nextStep: null, state: 'inProgress', kommuneId: kommune.Kolding })
    expect(erasedCase.activities.map((a) => [a.kind, a.note])).toEqual([['CALL', ERASED_TEXT]])
    // The erasure moved the version: a transition decided on the row as it was cannot write the old context back.
    expect(await rejection(transitionCase({ id: kase.id, type: 'CLOSE', expectedVersion: 4, actor: lesKolding }))).toBeInstanceOf(StaleVersionError)
    expect(await db.consentAccess.count({ where: { companyId: company.id } })).toBe(1)
    const listed = (await listCompanies(lesKolding, { kommuneIds: [kommune.Kolding] })).find((c) => c.company.id === company.id)
    expect(listed).toMatchObject({ company: { identified: false, erased: true, segment: 'DRIFT', kommune: { name: 'Kolding' } }, caseCount: 1 })

    // ... and the erasure itself is logged, without the name.
    const erasures = await db.auditEntry.findMany({ where: { entityType: 'company', entityId: company.id, action: 'ERASE' } })
    expect(erasures).toHaveLength(1)
    expect(erasures[0]).toMatchObject({ actorId: lesKolding.id })
    expectNoSecrets(erasures, words)
    expectNoSecrets(await db.auditEntry.findMany({ where: { entityId: { in: [company.id, kase.id] } } }), words)

    // Nobody sees an identity any more, not even the owner; search finds nothing.
    for (const user of everyone) {
      expect((await gateCompanies(user, [company.id], 'GUIDANCE')).get(company.id), user.email).toEqual({ identified: false })
      for (const q of [company.name, company.cvr, 'Slettetest']) expect(await searchCompanies(user, q), `${user.email} ${q}`).toEqual([])
      expectNoSecrets(await getCasePage(user, kase.id), words)
      expectNoSecrets(await listCases(user, { companyId: company.id }), words)
    }
    expect(await getCasePage(lesKolding, kase.id)).toMatchObject({ details: { title: ERASED_TEXT }, companies: [{ identified: false, erased: true }] })
    expect(await rejection(exportCompany({ actor: lesKolding, companyId: company.id }))).toBeInstanceOf(NotFoundError)
    expect(await rejection(eraseCompany({ actor: lesKolding, companyId: company.id }))).toBeInstanceOf(NotFoundError)
    expect(await rejection(consentFor({ ...company }, { scope: 'ALL' }))).toBeInstanceOf(NotFoundError)
    expect(await mayExerciseRights(lesKolding, company.id, 'delete')).toBe(false)

    // Nothing anywhere in the database still holds the name, CVR or the people.
    const tables = await tableNames(db)
    expect(tables.length).toBeGreaterThan(10)
    for (const name of tables) {
      const rows = await db.$queryRawUnsafe<unknown[]>(`SELECT * FROM "${name}"`)
      const text = JSON.stringify(rows, (_key, value: unknown) => (typeof value === 'bigint' ? value.toString() : value))
      for (const word of words) expect(text, `table ${name} still holds ${word}`).not.toContain(word)
    }
  })
})

describe('real-time messages', () => {
  it('carry no company data', () => {
    expect(secrets.size).toBeGreaterThan(20)
    const text = JSON.stringify(published)
    for (const secret of secrets) expect(text).not.toContain(secret)
    for (const { invalidation } of published) expect(Object.keys(invalidation).sort()).toEqual(['id', 'topic', 'version'])
  })
})
