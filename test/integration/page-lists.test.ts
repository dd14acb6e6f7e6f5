import { beforeAll, describe, expect, it } from 'vitest'
import { addActivity, createCase, getCasePage, listCases, listCompanyCases } from '~/models/case.server.ts'
import { createCompany, listCompanies } from '~/models/company.server.ts'
import { recordConsent } from '~/models/consent.server.ts'
import type { CurrentUser } from '~/utils/auth.server.ts'
import { CompanySchema, ConsentSchema } from '~/utils/company-fields.ts'
import { copenhagenDate } from '~/utils/dates.ts'
import { db } from '~/utils/db.server.ts'
import type { Topic } from '~/utils/topics.ts'
import { actorFor } from '../support/actors.ts'

/**
 * The case feed, the company list and the company page read per kommune and count apart from the
 * rows (bench/pages.ts); they must give what one query over all the kommuner gave.
 */

let lesKolding: CurrentUser, lesVejle: CurrentUser, kam: CurrentUser
const kommune = { Kolding: '', Vejle: '' }
let cvrSequence = 92_700_000

async function newCompany(actor: CurrentUser, kommuneName: keyof typeof kommune) {
  cvrSequence += 7
  const input = CompanySchema.parse({ cvr: String(cvrSequence), name: `Listefirma ${cvrSequence}`, kommuneId: kommune[kommuneName], segment: 'DRIFT' })
  return createCompany({ actor, input })
}

async function newCase(actor: CurrentUser, companyId: string, topics: Topic[] = ['GREEN']) {
  return createCase({ actor, input: { title: 'Listeforløb', form: 'ONE_TO_ONE', topics, companyIds: [companyId] } })
}

const newestFirst = [{ updatedAt: 'desc' as const }, { id: 'desc' as const }]

beforeAll(async () => {
  [lesKolding, lesVejle, kam] = await Promise.all([actorFor('les.kolding@kolding.demo'), actorFor('les.vejle@vejle.demo'), actorFor('kam.kolding@ehsyd.demo')])
  kommune.Kolding = (await db.kommune.findUniqueOrThrow({ where: { name: 'Kolding' } })).id
  kommune.Vejle = (await db.kommune.findUniqueOrThrow({ where: { name: 'Vejle' } })).id
  // Interleaved, then the oldest Kolding case touched, so that no kommune's cases come in one block.
  const kolding = await newCompany(lesKolding, 'Kolding')
  const vejle = await newCompany(lesVejle, 'Vejle')
  const first = await newCase(lesKolding, kolding.id)
  for (let i = 0; i < 3; i++) {
    await newCase(lesVejle, vejle.id)
    await newCase(lesKolding, kolding.id)
  }
  await addActivity({ actor: lesKolding, caseId: first.id, kind: 'NOTE', date: copenhagenDate(new Date()), note: 'Opfølgning' })
})

describe('the case feed over several kommuner', () => {
  it('gives the rows, order and cut of one query over all of them', async () => {
    const kommuneIds = [kommune.Kolding, kommune.Vejle, kommune.Kolding]
    for (const take of [1, 3, 5, 50]) {
      const expected = await db.case.findMany({ where: { kommuneId: { in: kommuneIds } }, orderBy: newestFirst, take, select: { id: true } })
      const feed = await listCases(kam, { kommuneIds, take })
      expect(feed.map((c) => c.id)).toEqual(expected.map((c) => c.id))
    }
    const open = await db.case.findMany({ where: { kommuneId: { in: kommuneIds }, state: { not: 'closed' } }, orderBy: newestFirst, take: 4, select: { id: true } })
    expect((await listCases(kam, { kommuneIds, state: 'open', take: 4 })).map((c) => c.id)).toEqual(open.map((c) => c.id))
    expect(await listCases(kam, { kommuneIds: [], take: 5 })).toEqual([])
  })

  it('counts each case’s activities', async () => {
    const feed = await listCases(kam, { kommuneIds: [kommune.Kolding, kommune.Vejle], take: 50 })
    for (const entry of feed) expect(entry.activityCount).toBe(await db.caseActivity.count({ where: { caseId: entry.id } }))
    expect(feed.some((entry) => entry.activityCount > 0)).toBe(true)
  })
})

describe('the company page’s cases', () => {
  it('shows the newest, says how many there are and names the topics of all of them', async () => {
    const company = await newCompany(lesKolding, 'Kolding')
    const oldest = await newCase(lesKolding, company.id, ['EXPORT'])
    await newCase(lesKolding, company.id, ['GREEN'])
    const newest = await newCase(lesKolding, company.id, ['DIGITAL', 'GREEN'])
    await addActivity({ actor: lesKolding, caseId: newest.id, kind: 'CALL', date: copenhagenDate(new Date()), note: 'Opkald' })

    const page = await listCompanyCases(lesKolding, company.id, 2)
    expect(page.total).toBe(3)
    expect(page.cases.map((c) => c.id)).toEqual((await listCases(lesKolding, { companyId: company.id, take: 2 })).map((c) => c.id))
    expect(page.cases[0]).toMatchObject({ id: newest.id, activityCount: 1 })
    expect(page.cases.map((c) => c.id)).not.toContain(oldest.id)
    expect(page.topics).toEqual(['DIGITAL', 'GREEN', 'EXPORT'])
    expect((await getCasePage(lesKolding, newest.id))?.activityCount).toBe(1)

    const listed = (await listCompanies(lesKolding, { kommuneIds: [kommune.Kolding] })).find((c) => c.company.id === company.id)
    expect(listed?.caseCount).toBe(3)
  })

  it('names no companies in its rows and logs no view, yet shows a title only where the case\'s gate over all its companies allows', async () => {
    const company = await newCompany(lesKolding, 'Kolding')
    const partner = await newCompany(lesKolding, 'Kolding')
    const withoutConsent = await newCompany(lesKolding, 'Kolding')
    const input = ConsentSchema.parse({ givenByName: 'Gitte Giver', method: 'WRITTEN', givenAt: copenhagenDate(new Date()), scope: 'ALL', organisationIds: [], purposes: ['GUIDANCE'], expiresAt: '2099-12-31' })
    for (const c of [company, partner]) await recordConsent({ actor: lesKolding, companyId: c.id, ownerOrganisationId: lesKolding.organisationIds[0]!, input })
    await createCase({ actor: lesKolding, input: { title: 'Fælles', form: 'ONE_TO_MANY', topics: ['GREEN'], companyIds: [company.id, partner.id] } })
    await createCase({ actor: lesKolding, input: { title: 'Med en uden samtykke', form: 'ONE_TO_MANY', topics: ['GREEN'], companyIds: [company.id, withoutConsent.id] } })

    const page = await listCompanyCases(lesVejle, company.id)
    expect(page.cases.map((c) => c.title)).toEqual([null, 'Fælles'])
    expect(page.cases[0]).not.toHaveProperty('companies')
    expect(await db.consentAccess.count({ where: { userId: lesVejle.id, companyId: { in: [company.id, partner.id, withoutConsent.id] } } })).toBe(0)
    // The feed names the companies, and logs the views through consent.
    await listCases(lesVejle, { companyId: company.id })
    const logged = await db.consentAccess.findMany({ where: { userId: lesVejle.id, companyId: { in: [company.id, partner.id, withoutConsent.id] } }, select: { companyId: true, place: true } })
    expect(logged.map((l) => l.companyId).sort()).toEqual([company.id, partner.id].sort())
  })

  it('is empty for a company without cases', async () => {
    const company = await newCompany(lesKolding, 'Kolding')
    expect(await listCompanyCases(lesKolding, company.id)).toEqual({ cases: [], total: 0, topics: [] })
  })
})

describe('the company list over several kommuner', () => {
  it('gives the rows, order and cut of one query over all of them', async () => {
    const kommuneIds = [kommune.Vejle, kommune.Kolding]
    for (const take of [1, 2, 50]) {
      const expected = await db.company.findMany({ where: { kommuneId: { in: kommuneIds } }, orderBy: [{ createdAt: 'desc' }, { id: 'desc' }], take, select: { id: true } })
      expect((await listCompanies(kam, { kommuneIds, take })).map((c) => c.company.id)).toEqual(expected.map((c) => c.id))
    }
  })
})
