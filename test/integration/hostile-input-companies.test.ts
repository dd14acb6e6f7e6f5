import { randomInt } from 'node:crypto'
import fc from 'fast-check'
import { beforeAll, describe, expect, it } from 'vitest'
import { CASE_EVENTS, createCase } from '~/models/case.server.ts'
import { addContact, createCompany } from '~/models/company.server.ts'
import { recordConsent } from '~/models/consent.server.ts'
import { createReferral, REFERRAL_EVENTS } from '~/models/referral.server.ts'
import * as referralRoute from '~/routes/_app.henvisninger.$id.tsx'
import * as newReferralRoute from '~/routes/_app.henvisninger.ny.tsx'
import * as companyRoute from '~/routes/_app.virksomheder.$id.tsx'
import * as caseRoute from '~/routes/_app.virksomheder.forloeb.$id.tsx'
import * as newCaseRoute from '~/routes/_app.virksomheder.forloeb.ny.tsx'
import * as importRoute from '~/routes/_app.virksomheder.import.tsx'
import * as newCompanyRoute from '~/routes/_app.virksomheder.ny.tsx'
import type { CurrentUser } from '~/utils/auth.server.ts'
import { ACTIVITY_KINDS, CASE_FORMS, CompanySchema, CONSENT_METHODS, ConsentSchema, CSV_COLUMNS, EMPLOYEE_BANDS, SEGMENTS } from '~/utils/company-fields.ts'
import { copenhagenDate } from '~/utils/dates.ts'
import { db } from '~/utils/db.server.ts'
import { TOPICS } from '~/utils/topics.ts'
import { OUTCOMES } from '../../machines/referral.machine.ts'
import { actorFor } from '../support/actors.ts'
import { checkHostileInput, csvFile, dateText, example, HOSTILE_GROUPS, idOr, oneOf, storableText, type ActionInput, type ActionSpec, versionText } from '../support/hostile-input.ts'

/**
 * Issue 11, hostile input: companies, consents, cases and referrals, as the LES director of
 * Business Kolding (who may register, edit, erase, record consent, refer). See
 * test/support/hostile-input.ts for the properties. Each action works on companies, cases and
 * referrals of its own, made here through the real models.
 */

const WHO = 'lesdir.kolding@kolding.demo'
const DAY = 24 * 60 * 60 * 1000

let actor: CurrentUser
const org = { house: '', vejle: '', ddc: '', designSchool: '' }
const kommune = { kolding: '', vejle: '' }
const company = { edited: { id: '', cvr: '' }, inCase: { id: '', cvr: '' }, referred: { id: '', cvr: '' } }
const ids = { contact: '', consent: '', case: '', referralCase: '', referral: '' }

const usedCvrs = new Set<string>()
function newCvr() {
  let cvr = ''
  do cvr = `6${randomInt(0, 10_000_000).toString().padStart(7, '0')}`
  while (usedCvrs.has(cvr))
  usedCvrs.add(cvr)
  return cvr
}

async function newCompany(name: string) {
  const cvr = newCvr()
  const input = CompanySchema.parse({ cvr, name, kommuneId: kommune.kolding, segment: 'VAEKST', employeeBand: '10-49' })
  return { id: (await createCompany({ actor, input })).id, cvr }
}

async function consentToAll(companyId: string) {
  const input = ConsentSchema.parse({
    givenByName: 'Direktøren',
    method: 'WRITTEN',
    givenAt: copenhagenDate(new Date()),
    scope: 'ALL',
    purposes: ['GUIDANCE', 'REFERRAL', 'EVALUATION'],
    expiresAt: copenhagenDate(new Date(Date.now() + 300 * DAY)),
  })
  return (await recordConsent({ actor, companyId, ownerOrganisationId: actor.organisations[0]!.id, input })).id
}

beforeAll(async () => {
  actor = await actorFor(WHO)
  const orgId = async (name: string) => (await db.organisation.findUniqueOrThrow({ where: { name } })).id
  org.house = await orgId('Erhvervshus Sydjylland')
  org.vejle = await orgId('Business Vejle')
  org.ddc = await orgId('Dansk Design Center')
  org.designSchool = await orgId('Designskolen Kolding')
  kommune.kolding = (await db.kommune.findUniqueOrThrow({ where: { name: 'Kolding' } })).id
  kommune.vejle = (await db.kommune.findUniqueOrThrow({ where: { name: 'Vejle' } })).id

  company.edited = await newCompany('Fjendtlig Redigering ApS')
  await addContact({ actor, companyId: company.edited.id, input: { name: 'Kontakt Person' } })
  ids.contact = (await db.contactPerson.findFirstOrThrow({ where: { companyId: company.edited.id } })).id
  ids.consent = await consentToAll(company.edited.id)

  company.inCase = await newCompany('Fjendtligt Forløb ApS')
  await consentToAll(company.inCase.id)
  ids.case = (await createCase({ actor, input: { title: 'Fjendtligt forløb', form: 'ONE_TO_ONE', topics: ['GREEN'], companyIds: [company.inCase.id] } })).id

  company.referred = await newCompany('Fjendtlig Henvisning ApS')
  await consentToAll(company.referred.id)
  ids.referralCase = (await createCase({ actor, input: { title: 'Henvisningsforløb', form: 'ONE_TO_ONE', topics: ['DESIGN'], companyIds: [company.referred.id] } })).id
  ids.referral = (await createReferral({ actor, caseId: ids.referralCase, companyId: company.referred.id, recipientId: org.ddc, purpose: 'Designsparring' })).id
})

const validCvr = fc.integer({ min: 10_000_000, max: 99_999_999 }).map(String)
const version = versionText
const companyFields = () => ({
  cvr: fc.oneof({ weight: 3, arbitrary: validCvr }, { weight: 1, arbitrary: oneOf(company.edited.cvr, `DK${company.inCase.cvr}`, '12 34 56 78', '01234567') }),
  pNumber: oneOf('', '1234567890', '12345'),
  name: storableText,
  address: storableText,
  kommuneId: idOr(kommune.kolding, kommune.vejle),
  industry: storableText,
  employeeBand: oneOf(...EMPLOYEE_BANDS),
  segment: oneOf(...SEGMENTS),
})

function importFile(text: string): ActionInput {
  return { params: {}, multipart: true, form: [['file', new File([text], 'virksomheder.csv', { type: 'text/csv' })]] }
}

const specs: Record<string, () => ActionSpec> = {
  '_app.virksomheder.ny.tsx': () => ({
    route: newCompanyRoute,
    who: WHO,
    path: '/virksomheder/ny',
    fields: companyFields(),
    examples: [example({ cvr: newCvr(), name: '<script>alert(1)</script>', address: '"><img src=x onerror=alert(1)>', kommuneId: kommune.kolding, industry: "=cmd|' /C calc'!A0", segment: 'DRIFT' })],
  }),
  '_app.virksomheder.$id.tsx': () => ({
    route: companyRoute,
    who: WHO,
    path: `/virksomheder/${company.edited.id}`,
    params: { id: idOr(company.edited.id) },
    intents: ['consent', 'revoke', 'add-contact', 'remove-contact', 'update', 'erase'],
    fields: {
      ...companyFields(),
      givenByName: storableText,
      givenByRole: storableText,
      method: oneOf(...CONSENT_METHODS),
      methodNote: storableText,
      givenAt: dateText,
      scope: oneOf('ALL', 'NAMED'),
      organisationIds: idOr(org.house, org.vejle),
      purposes: oneOf('GUIDANCE', 'REFERRAL', 'EVALUATION'),
      expiresAt: dateText,
      reason: storableText,
      consentId: idOr(ids.consent),
      role: storableText,
      email: oneOf('', 'kontakt@firma.example', 'ikke-en-email'),
      phone: oneOf('', '+45 12 34 56 78', '(75) 50-00-00'),
      contactId: idOr(ids.contact),
      version,
      // Never the company's own CVR: an erasure would leave nothing to send the other forms to.
      confirmCvr: oneOf('', '12345678', company.inCase.cvr),
    },
    lists: ['organisationIds', 'purposes'],
    examples: [example({ intent: 'add-contact', name: '<script>alert(1)</script>', role: '"><img src=x onerror=alert(1)>' }, { id: company.edited.id })],
  }),
  '_app.virksomheder.forloeb.$id.tsx': () => ({
    route: caseRoute,
    who: WHO,
    path: `/virksomheder/forloeb/${ids.case}`,
    params: { id: idOr(ids.case) },
    intents: ['transition', 'activity', 'next-step'],
    fields: { event: oneOf(...CASE_EVENTS), version, reason: storableText, kind: oneOf(...ACTIVITY_KINDS), date: dateText, note: storableText, nextStep: storableText, nextStepDue: dateText },
    examples: [example({ intent: 'activity', kind: 'NOTE', date: copenhagenDate(new Date()), note: '<script>alert(1)</script>' }, { id: ids.case })],
  }),
  '_app.virksomheder.forloeb.ny.tsx': () => ({
    route: newCaseRoute,
    who: WHO,
    path: '/virksomheder/forloeb/ny',
    fields: { title: storableText, form: oneOf(...CASE_FORMS), companyIds: idOr(company.inCase.id, company.edited.id), topics: oneOf(...Object.keys(TOPICS)), nextStep: storableText, nextStepDue: dateText },
    lists: ['companyIds', 'topics'],
    examples: [example({ title: '"><img src=x onerror=alert(1)>', form: 'ONE_TO_ONE', companyIds: company.inCase.id, topics: 'EXPORT' })],
  }),
  '_app.virksomheder.import.tsx': () => ({
    route: importRoute,
    who: WHO,
    path: '/virksomheder/import',
    fields: {},
    files: {
      file: csvFile(
        Object.fromEntries(
          CSV_COLUMNS.map((column) => [
            column,
            { cvr: validCvr, p_nummer: oneOf('', '1234567890'), kommune: oneOf('Kolding', 'kolding', 'Vejle', 'Atlantis'), ansatte: oneOf(...EMPLOYEE_BANDS, ''), segment: oneOf('vækst', 'drift', 'VAEKST') }[column as string] ?? storableText,
          ]),
        ),
      ),
    },
    multipart: 'always',
    examples: [importFile(`${CSV_COLUMNS.join(';')}\n${newCvr()};;"=cmd|' /C calc'!A0";<script>alert(1)</script>;Kolding;@SUM(1);10-49;vækst\n`)],
  }),
  '_app.henvisninger.$id.tsx': () => ({
    route: referralRoute,
    who: WHO,
    path: `/henvisninger/${ids.referral}`,
    params: { id: idOr(ids.referral) },
    intents: ['acknowledge', 'transition'],
    fields: { event: oneOf(...REFERRAL_EVENTS), version, reason: storableText, outcome: oneOf(...OUTCOMES), note: storableText },
    examples: [example({ intent: 'transition', event: 'SEND', version: '1' }, { id: ids.referral })],
  }),
  '_app.henvisninger.ny.tsx': () => ({
    route: newReferralRoute,
    who: WHO,
    path: `/henvisninger/ny?forloeb=${ids.referralCase}`,
    fields: { caseId: idOr(ids.referralCase, ids.case), companyId: idOr(company.referred.id, company.inCase.id), recipientId: idOr(org.ddc, org.designSchool, org.vejle), purpose: storableText, noteToRecipient: storableText, companyContact: storableText },
    examples: [example({ caseId: ids.referralCase, companyId: company.referred.id, recipientId: org.designSchool, purpose: '<script>alert(1)</script>', noteToRecipient: '"><img src=x onerror=alert(1)>' })],
  }),
}

describe('hostile input: companies, consents, cases and referrals', () => {
  it('has a property for exactly the routes of its group', () => {
    expect(Object.keys(specs).sort()).toEqual([...HOSTILE_GROUPS.companies].sort())
  })

  for (const [file, spec] of Object.entries(specs)) {
    it(`${file} answers random and malformed forms with a success or a Danish 4xx, and a refusal changes nothing`, async () => {
      const resolved = spec()
      const stats = await checkHostileInput(file, resolved)
      expect(stats.refused, `${file}: no form was refused`).toBeGreaterThan(0)
    })
  }
})
