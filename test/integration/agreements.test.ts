import { beforeAll, describe, expect, it } from 'vitest'
import {
  clusterCoverage,
  createAgreement,
  DuplicateAgreementError,
  getAgreementRow,
  runAgreementRenewals,
  saveAgreementContent,
  transitionAgreement,
  AgreementLockedError,
} from '~/models/agreement.server.ts'
import { listNotifications } from '~/models/notification.server.ts'
import { AgreementContentSchema } from '~/utils/agreement-content.ts'
import type { CurrentUser } from '~/utils/auth.server.ts'
import { db } from '~/utils/db.server.ts'
import { StaleVersionError } from '~/utils/db-errors.server.ts'
import { ForbiddenTransitionError, RefusedTransitionError } from '~/utils/workflow.server.ts'
import { actorFor } from '../support/actors.ts'
import { renewAgreements } from '../../server/jobs.ts'
import { Scheduler } from '../../server/scheduler.ts'

let director: CurrentUser, consultant: CurrentUser, kkr: CurrentUser

beforeAll(async () => {
  const actors = await Promise.all(['direktor@ehsyd.demo', 'konsulent@ehsyd.demo', 'kkr@kkr.demo'].map(actorFor))
  ;[director, consultant, kkr] = actors as [CurrentUser, CurrentUser, CurrentUser]
})

async function partner(name: string) {
  return db.organisation.findUniqueOrThrow({ where: { name } })
}

const content = { purpose: 'Flere grønne forløb', activities: 'Fælles events', contactPersons: 'Anna og Gustav', startDate: '2026-01-01', endDate: '2027-12-31', nextStep: '', nextStepDate: '' }

/** An agreement with `name` taken all the way to active by the consultant and the director. */
async function activeAgreement(name: string, form: 'INDIVIDUAL' | 'JOINT', endDate = '2027-12-31') {
  const created = await createAgreement({ actor: consultant, partnerId: (await partner(name)).id })
  let version = 1
  const step = async (type: Parameters<typeof transitionAgreement>[0]['type'], input = {}, actor = consultant) => {
    await transitionAgreement({ id: created.id, type, input, expectedVersion: version, actor })
    version++
  }
  await step('CONTACT')
  await step('START_DIALOGUE')
  await step('ASSESS', { assessment: { relevance: 'HIGH', rationale: 'Relevant for regionens styrker', form, partnerHouses: form === 'JOINT' ? ['Erhvervshus Fyn'] : [] } })
  await step('START_DRAFTING')
  await saveAgreementContent({ actor: consultant, id: created.id, contentVersion: 1, input: { ...content, endDate } })
  version++
  await step('REQUEST_SIGNATURE')
  await step('SIGN', { signature: { party: 'ERHVERVSHUS', name: '' } }, director)
  await step('SIGN', { signature: { party: 'PARTNER', name: 'Anna Andersen' } })
  return created.id
}

describe('agreements', () => {
  it('reach active, individually or jointly, and count for goal 9', async () => {
    const before = await clusterCoverage()
    const individual = await activeAgreement('CLEAN', 'INDIVIDUAL')
    const joint = await activeAgreement('Danish Sound Cluster', 'JOINT')
    expect((await getAgreementRow(individual))!.state).toBe('active')
    expect((await getAgreementRow(joint))!.context.assessment?.partnerHouses).toEqual(['Erhvervshus Fyn'])
    const after = await clusterCoverage()
    expect(after.covered).toBe(before.covered + 2)
    expect(after.missing).not.toContain('CLEAN')
  })

  it('refuses a second open agreement with the same partner', async () => {
    await createAgreement({ actor: consultant, partnerId: (await partner('MADE')).id })
    await expect(createAgreement({ actor: consultant, partnerId: (await partner('MADE')).id })).rejects.toBeInstanceOf(DuplicateAgreementError)
    expect(await db.agreement.count({ where: { partner: { name: 'MADE' } } })).toBe(1)
  })

  it('refuses a joint assessment without a partner house, and a too short rationale', async () => {
    const created = await createAgreement({ actor: consultant, partnerId: (await partner('Digital Lead')).id })
    await transitionAgreement({ id: created.id, type: 'CONTACT', input: {}, expectedVersion: 1, actor: consultant })
    await transitionAgreement({ id: created.id, type: 'START_DIALOGUE', input: {}, expectedVersion: 2, actor: consultant })
    for (const assessment of [
      { relevance: 'LOW' as const, rationale: 'Få virksomheder i regionen', form: 'JOINT' as const, partnerHouses: [] },
      { relevance: 'LOW' as const, rationale: 'kort', form: 'INDIVIDUAL' as const, partnerHouses: [] },
    ]) {
      await expect(transitionAgreement({ id: created.id, type: 'ASSESS', input: { assessment }, expectedVersion: 3, actor: consultant })).rejects.toBeInstanceOf(RefusedTransitionError)
    }
    expect((await getAgreementRow(created.id))!.state).toBe('inDialogue')
  })

  it('lets only the director sign for the Erhvervshus, and KKR change nothing', async () => {
    const created = await createAgreement({ actor: director, partnerId: (await partner('MARLOG')).id })
    await expect(transitionAgreement({ id: created.id, type: 'CONTACT', input: {}, expectedVersion: 1, actor: kkr })).rejects.toBeInstanceOf(ForbiddenTransitionError)
    expect((await getAgreementRow(created.id))!.state).toBe('notContacted')
  })

  it('declines with a reason and reopens into dialogue', async () => {
    const created = await createAgreement({ actor: consultant, partnerId: (await partner('We Build Denmark')).id })
    await expect(transitionAgreement({ id: created.id, type: 'DECLINE', input: { reason: '' }, expectedVersion: 1, actor: consultant })).rejects.toBeInstanceOf(RefusedTransitionError)
    await transitionAgreement({ id: created.id, type: 'DECLINE', input: { reason: 'Ikke relevant i år' }, expectedVersion: 1, actor: consultant })
    expect((await getAgreementRow(created.id))!.context.declineReason).toBe('Ikke relevant i år')
    await transitionAgreement({ id: created.id, type: 'REOPEN', input: {}, expectedVersion: 2, actor: consultant })
    expect((await getAgreementRow(created.id))!.state).toBe('inDialogue')
  })

  it('gives a stale content save a 409 and locks the content once active', async () => {
    const created = await createAgreement({ actor: consultant, partnerId: (await partner('Odense Robotics')).id })
    await saveAgreementContent({ actor: consultant, id: created.id, contentVersion: 1, input: content })
    await expect(saveAgreementContent({ actor: director, id: created.id, contentVersion: 1, input: content })).rejects.toBeInstanceOf(StaleVersionError)
    const active = await activeAgreement('Food & Bio Cluster Denmark', 'INDIVIDUAL')
    await expect(saveAgreementContent({ actor: consultant, id: active, contentVersion: 2, input: content })).rejects.toBeInstanceOf(AgreementLockedError)
  })

  it('refuses a period that ends before it starts', () => {
    const result = AgreementContentSchema.safeParse({ ...content, startDate: '2027-01-01', endDate: '2026-01-01' })
    expect(result.success).toBe(false)
    expect(result.error?.issues[0]?.message).toBe('Perioden skal slutte efter den begynder.')
  })
})

describe('the renewal job', () => {
  it('flags an agreement 60 days before its end once, telling the owner, and expires it after the end', async () => {
    const id = await activeAgreement('Energy Cluster Denmark', 'INDIVIDUAL', '2027-03-31')
    const early = await runAgreementRenewals(new Date('2026-12-01T08:00:00Z'))
    expect(early.flagged).toBe(0)
    const flagged = await runAgreementRenewals(new Date('2027-02-15T08:00:00Z'))
    expect(flagged.flagged).toBe(1)
    expect((await runAgreementRenewals(new Date('2027-02-16T08:00:00Z'))).flagged).toBe(0)
    const titles = (await listNotifications(consultant.id)).map((n) => n.title)
    expect(titles.filter((t) => t.startsWith('Samarbejdsaftalen med Energy Cluster Denmark udløber om'))).toHaveLength(1)

    // After the end, the scheduled job (with its clock moved past the end) expires it.
    const scheduler = new Scheduler([renewAgreements], { holder: 'test', clock: () => new Date('2027-04-01T08:00:00Z') })
    const outcome = await scheduler.runJob('agreements-renewal', { force: true })
    expect(outcome).toMatchObject({ status: 'ran', ok: true })
    expect(outcome.status === 'ran' && outcome.result).toMatch(/udløbet$/)
    expect((await getAgreementRow(id))!.state).toBe('expired')

    // Continuing an expired agreement opens a new round of drafting.
    await transitionAgreement({ id, type: 'RENEW', input: {}, expectedVersion: (await getAgreementRow(id))!.version, actor: consultant })
    expect((await getAgreementRow(id))!).toMatchObject({ state: 'drafting', context: { renewals: 1, signatures: {} } })
  })
})
