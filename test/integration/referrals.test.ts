import { randomInt } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createCase } from '~/models/case.server.ts'
import { createCompany } from '~/models/company.server.ts'
import { recordConsent, revokeConsent } from '~/models/consent.server.ts'
import { createOrganisation } from '~/models/organisation.server.ts'
import {
  acknowledgeReferral,
  createReferral,
  followUpDate,
  getReferralPage,
  listFollowUps,
  listRecipients,
  listReferrals,
  MissingReferralConsentError,
  OVERDUE_DAYS,
  recipientKindOf,
  referralFigures,
  ReferralRefusedError,
  runReferralFollowUps,
  transitionReferral,
  type RecipientKind,
} from '~/models/referral.server.ts'
import * as referralRoute from '~/routes/_app.henvisninger.$id.tsx'
import * as referralsRoute from '~/routes/_app.henvisninger._index.tsx'
import * as newReferralRoute from '~/routes/_app.henvisninger.ny.tsx'
import type { CurrentUser } from '~/utils/auth.server.ts'
import { CompanySchema, ConsentSchema } from '~/utils/company-fields.ts'
import { copenhagenDate, copenhagenTime } from '~/utils/dates.ts'
import { db } from '~/utils/db.server.ts'
import { setPublisher, type Invalidation } from '~/utils/realtime.server.ts'
import {
  ForbiddenTransitionError,
  NotFoundError,
  RefusedTransitionError,
} from '~/utils/workflow.server.ts'
import type { Outcome } from '../../machines/referral.machine.ts'
import { actorFor } from '../support/actors.ts'
import { callAction, callLoader, sessionCookieFor } from '../support/route-calls.ts'
import { followUpReferrals } from '../../server/jobs.ts'
import { Scheduler } from '../../server/scheduler.ts'

/**
 * Issue 6: referrals (DOMAIN.md process 3 and "Consent-gated sharing") against the real, migrated
 * and seeded database, the real models, the real scheduler and the real route modules. Every
 * company is invented here (random CVR numbers from the 7xxxxxxx range, a random token in every
 * name), so searches for them in replies cannot match anything else.
 */

const DAY = 24 * 60 * 60 * 1000
const TOKEN = Array.from({ length: 6 }, () => String.fromCharCode(97 + randomInt(26))).join('')
const Token = TOKEN[0]!.toUpperCase() + TOKEN.slice(1)

const EMAILS = {
  lesKolding: 'les.kolding@kolding.demo',
  lesDirKolding: 'lesdir.kolding@kolding.demo',
  lesVejle: 'les.vejle@vejle.demo',
  kam: 'kam.kolding@ehsyd.demo',
  ddc: 'ddc@designcenter.demo',
  kkr: 'kkr@kkr.demo',
  admin: 'admin@knudepunkt.demo',
} as const
type Who = keyof typeof EMAILS

const users = {} as Record<Who, CurrentUser>
const cookies = {} as Record<Who, string>
const org = {
  kolding: '',
  vejle: '',
  house: '',
  kkr: '',
  ddc: '',
  designSchool: '',
  designCluster: '',
  clean: '',
  adviser: '',
  education: '',
  closedAdviser: '',
}
const kommune = { kolding: '', vejle: '' }
const published: Invalidation[] = []

beforeAll(async () => {
  setPublisher({
    publish: (invalidation) => published.push(invalidation),
    disconnectUser() {},
    disconnectSession() {},
  })
  for (const who of Object.keys(EMAILS) as Who[]) {
    users[who] = await actorFor(EMAILS[who])
    cookies[who] = (await sessionCookieFor(EMAILS[who])).cookie
  }
  const orgId = async (name: string) =>
    (await db.organisation.findUniqueOrThrow({ where: { name } })).id
  org.kolding = await orgId('Business Kolding')
  org.vejle = await orgId('Business Vejle')
  org.house = await orgId('Erhvervshus Sydjylland')
  org.kkr = await orgId('KKR Syddanmark')
  org.ddc = await orgId('Dansk Design Center')
  org.designSchool = await orgId('Designskolen Kolding')
  org.designCluster = await orgId('Lifestyle & Design Cluster')
  org.clean = await orgId('CLEAN')
  const newOrganisation = async (name: string, kind: 'EXTERNAL' | 'EDUCATION', active = true) =>
    (
      await createOrganisation({
        actorId: users.admin.id,
        values: {
          name,
          kind,
          description: null,
          designEcosystem: false,
          active,
          hubKommuneIds: [],
        },
      })
    ).id
  org.adviser = await newOrganisation(`Rådgiverhuset ${Token} ApS`, 'EXTERNAL')
  org.education = await newOrganisation(`Erhvervsakademi ${Token}`, 'EDUCATION')
  org.closedAdviser = await newOrganisation(`Lukket Rådgivning ${Token}`, 'EXTERNAL', false)
  kommune.kolding = (await db.kommune.findUniqueOrThrow({ where: { name: 'Kolding' } })).id
  kommune.vejle = (await db.kommune.findUniqueOrThrow({ where: { name: 'Vejle' } })).id
})

afterAll(() => {
  setPublisher({ publish() {}, disconnectUser() {}, disconnectSession() {} })
})

// ---------------------------------------------------------------------------------------------
// Helpers: invented companies, cases and consents, made through the real models.

const cvrs = new Set<string>()
function newCvr() {
  let cvr = ''
  do cvr = `7${randomInt(0, 10_000_000).toString().padStart(7, '0')}`
  while (cvrs.has(cvr))
  cvrs.add(cvr)
  return cvr
}

type TestCompany = { id: string; name: string; cvr: string }
let companyCounter = 0

async function newCompany(actor: CurrentUser, kommuneId = kommune.kolding): Promise<TestCompany> {
  const name = `Fyrretræ Møbler ${Token} ${++companyCounter} ApS`
  const cvr = newCvr()
  const input = CompanySchema.parse({
    cvr,
    name,
    kommuneId,
    industry: 'Møbelproduktion',
    employeeBand: '10-49',
    segment: 'VAEKST',
  })
  return { id: (await createCompany({ actor, input })).id, name, cvr }
}

async function newCase(actor: CurrentUser, companyIds: string[]) {
  const form = companyIds.length === 1 ? 'ONE_TO_ONE' : 'ONE_TO_MANY'
  return (
    await createCase({
      actor,
      input: { title: `Designforløb ${Token}`, form, topics: ['DESIGN'], companyIds },
    })
  ).id
}

type ConsentScope = { all: true } | { organisationIds: string[] }
async function consent(
  actor: CurrentUser,
  companyId: string,
  scope: ConsentScope,
  purposes: ('GUIDANCE' | 'REFERRAL' | 'EVALUATION')[],
) {
  const input = ConsentSchema.parse({
    givenByName: `Direktør ${Token}`,
    givenByRole: 'Direktør',
    method: 'WRITTEN',
    givenAt: copenhagenDate(new Date()),
    scope: 'all' in scope ? 'ALL' : 'NAMED',
    organisationIds: 'all' in scope ? [] : scope.organisationIds,
    purposes,
    expiresAt: copenhagenDate(new Date(Date.now() + 365 * DAY)),
  })
  return (
    await recordConsent({
      actor,
      companyId,
      ownerOrganisationId: actor.organisations[0]!.id,
      input,
    })
  ).id
}

/** A company of `actor`'s organisation in a case of its own, with a referral draft to `recipientId`. */
async function draft({
  actor = users.lesKolding,
  recipientId = org.ddc,
  consentTo,
  kommuneId,
}: {
  actor?: CurrentUser
  recipientId?: string
  consentTo?: ConsentScope
  kommuneId?: string
} = {}) {
  const company = await newCompany(actor, kommuneId)
  const caseId = await newCase(actor, [company.id])
  const consentId = consentTo ? await consent(actor, company.id, consentTo, ['REFERRAL']) : null
  const referral = await createReferral({
    actor,
    caseId,
    companyId: company.id,
    recipientId,
    purpose: `Designrådgivning til ny kollektion hos ${company.name}`,
    noteToRecipient: `Ring til direktøren i ${Token}-fabrikken`,
    companyContact: `Henrietta ${Token}sen, 70 00 00 00`,
  })
  return { id: referral.id, company, caseId, consentId }
}

async function row(id: string) {
  return db.referral.findUniqueOrThrow({ where: { id } })
}

async function step(
  id: string,
  type: 'SEND' | 'RECORD_OUTCOME' | 'CANCEL',
  options: {
    actor?: CurrentUser
    outcome?: Outcome
    note?: string
    reason?: string
    now?: Date
  } = {},
) {
  const { actor = users.lesKolding, ...rest } = options
  return transitionReferral({ id, type, expectedVersion: (await row(id)).version, actor, ...rest })
}

/** A draft with a consent for referral to the recipient, sent. */
async function sent(options: Parameters<typeof draft>[0] & { now?: Date } = {}) {
  const { now, ...rest } = options
  const made = await draft({
    consentTo: { organisationIds: [rest.recipientId ?? org.ddc] },
    ...rest,
  })
  await step(made.id, 'SEND', { actor: rest.actor, now })
  return made
}

function notificationsTo(userId: string, link: string) {
  return db.notification.findMany({ where: { userId, link }, orderBy: { createdAt: 'asc' } })
}

/** Everything a refused write could have touched. */
async function footprint(id: string) {
  const r = await row(id)
  return {
    state: r.state,
    version: r.version,
    context: r.context,
    sentAt: r.sentAt,
    followUpDueAt: r.followUpDueAt,
    designEcosystem: r.designEcosystem,
    outcome: r.outcome,
    outcomeAt: r.outcomeAt,
    acknowledgedAt: r.acknowledgedAt,
    workflowEvents: await db.workflowEvent.count({
      where: { entityType: 'referral', entityId: id },
    }),
    notifications: await db.notification.count(),
    emails: await db.outboxEmail.count(),
  }
}

function monthsBetween(fromIso: string, toIso: string) {
  return (
    Number(toIso.slice(0, 4)) * 12 +
    Number(toIso.slice(5, 7)) -
    (Number(fromIso.slice(0, 4)) * 12 + Number(fromIso.slice(5, 7)))
  )
}

// ---------------------------------------------------------------------------------------------

describe('the recipients', () => {
  it('are the active design-ecosystem actors, clusters, advisers and other public actors, by kind', async () => {
    const recipients = await listRecipients()
    const kindOf = new Map(recipients.map((r) => [r.id, r.recipientKind]))
    expect(kindOf.get(org.ddc)).toBe('DESIGN')
    expect(kindOf.get(org.designSchool)).toBe('DESIGN')
    // A cluster in the design ecosystem counts as design, the others as clusters.
    expect(kindOf.get(org.designCluster)).toBe('DESIGN')
    expect(kindOf.get(org.clean)).toBe('CLUSTER')
    expect(kindOf.get(org.adviser)).toBe('ADVISER')
    expect(kindOf.get(org.education)).toBe('PUBLIC')
    for (const notRecipient of [org.closedAdviser, org.kolding, org.vejle, org.house, org.kkr])
      expect(kindOf.has(notRecipient)).toBe(false)
    // The design ecosystem comes first.
    const firstOther = recipients.findIndex((r) => !r.designEcosystem)
    expect(recipients.slice(firstOther).every((r) => !r.designEcosystem)).toBe(true)
  })

  it('recipientKindOf follows the organisation kind and the design flag', () => {
    const cases: [{ kind: string; designEcosystem: boolean }, RecipientKind][] = [
      [{ kind: 'DESIGN_ACTOR', designEcosystem: false }, 'DESIGN'],
      [{ kind: 'CLUSTER', designEcosystem: true }, 'DESIGN'],
      [{ kind: 'EXTERNAL', designEcosystem: true }, 'DESIGN'],
      [{ kind: 'CLUSTER', designEcosystem: false }, 'CLUSTER'],
      [{ kind: 'EXTERNAL', designEcosystem: false }, 'ADVISER'],
      [{ kind: 'EDUCATION', designEcosystem: false }, 'PUBLIC'],
      [{ kind: 'LABOUR_MARKET', designEcosystem: false }, 'PUBLIC'],
    ]
    for (const [organisation, kind] of cases) expect(recipientKindOf(organisation)).toBe(kind)
  })
})

describe('creating a referral from a case', () => {
  it('makes a draft of a Kolding company to Dansk Design Center, owned by the case owner and the user', async () => {
    const before = published.length
    const { id, company, caseId } = await draft()
    const r = await row(id)
    expect(r).toMatchObject({
      state: 'draft',
      version: 1,
      caseId,
      companyId: company.id,
      recipientId: org.ddc,
      ownerOrganisationId: org.kolding,
      ownerId: users.lesKolding.id,
      sentAt: null,
      followUpDueAt: null,
      outcome: null,
      acknowledgedAt: null,
      designEcosystem: false,
    })
    expect(r.purpose).toContain(company.name)
    expect(JSON.parse(r.context)).toEqual({ outcome: null, outcomeNote: null, cancelReason: null })
    const audit = await db.auditEntry.findMany({ where: { entityType: 'referral', entityId: id } })
    expect(audit.map((a) => a.summary)).toEqual(['Henvisning til Dansk Design Center oprettet'])
    // Lists and pages are told to reload; the message names no company.
    expect(published.slice(before)).toContainEqual(
      expect.objectContaining({ topic: 'referral', id }),
    )
    expect(JSON.stringify(published.slice(before))).not.toContain(company.name)
  })

  it('refuses an unknown recipient, a company not in the case and a user of another organisation, writing nothing', async () => {
    const company = await newCompany(users.lesKolding)
    const other = await newCompany(users.lesKolding)
    const caseId = await newCase(users.lesKolding, [company.id])
    const base = {
      actor: users.lesKolding,
      caseId,
      companyId: company.id,
      recipientId: org.ddc,
      purpose: 'Designrådgivning',
    }
    const counts = async () => ({
      referrals: await db.referral.count(),
      audit: await db.auditEntry.count({ where: { entityType: 'referral' } }),
    })
    const before = await counts()

    const refusals: [Parameters<typeof createReferral>[0], RegExp][] = [
      [{ ...base, recipientId: 'no-such-organisation' }, /findes ikke på listen over modtagere/],
      [{ ...base, recipientId: org.closedAdviser }, /findes ikke på listen over modtagere/],
      [{ ...base, recipientId: org.vejle }, /findes ikke på listen over modtagere/],
      [{ ...base, recipientId: org.kkr }, /findes ikke på listen over modtagere/],
      [{ ...base, companyId: other.id }, /ikke med i forløbet/],
      [{ ...base, actor: users.lesVejle }, /Kun den organisation, der ejer forløbet/],
      [{ ...base, actor: users.kam }, /Kun den organisation, der ejer forløbet/],
      [{ ...base, actor: users.ddc }, /Kun den organisation, der ejer forløbet/],
    ]
    for (const [input, message] of refusals) {
      const attempt = createReferral(input)
      await expect(attempt).rejects.toBeInstanceOf(ReferralRefusedError)
      await expect(attempt).rejects.toThrow(message)
    }
    await expect(createReferral({ ...base, caseId: 'no-such-case' })).rejects.toBeInstanceOf(
      NotFoundError,
    )
    expect(await counts()).toEqual(before)
  })

  it('through the form: the case owner is taken to the new referral, another organisation gets a Danish refusal', async () => {
    const company = await newCompany(users.lesKolding)
    const caseId = await newCase(users.lesKolding, [company.id])
    const form = {
      caseId,
      companyId: company.id,
      recipientId: org.ddc,
      purpose: 'Hjælp til produktdesign',
      noteToRecipient: '',
      companyContact: '',
    }

    const page = await callLoader(newReferralRoute, {
      path: `/henvisninger/ny?forloeb=${caseId}`,
      cookie: cookies.lesKolding,
    })
    expect(page.status).toBe(200)
    expect(page.body).toContain(company.name)
    expect(page.body).toContain('Dansk Design Center')

    const before = await db.referral.count()
    const refused = await callAction(newReferralRoute, {
      path: '/henvisninger/ny',
      cookie: cookies.lesVejle,
      form,
    })
    expect(refused.status).toBe(400)
    expect(refused.body).toContain(
      'Kun den organisation, der ejer forløbet, kan henvise virksomheden.',
    )
    expect(refused.body).not.toContain(company.name)
    const noRecipient = await callAction(newReferralRoute, {
      path: '/henvisninger/ny',
      cookie: cookies.lesKolding,
      form: { ...form, recipientId: org.vejle },
    })
    expect(noRecipient.status).toBe(400)
    expect(noRecipient.body).toContain(
      'Modtageren findes ikke på listen over modtagere af henvisninger.',
    )
    expect(await db.referral.count()).toBe(before)
    // Les Vejle cannot even open the form for Kolding's case.
    expect(
      (
        await callLoader(newReferralRoute, {
          path: `/henvisninger/ny?forloeb=${caseId}`,
          cookie: cookies.lesVejle,
        })
      ).status,
    ).toBe(404)

    const created = await callAction(newReferralRoute, {
      path: '/henvisninger/ny',
      cookie: cookies.lesKolding,
      form,
    })
    expect(created.status).toBe(302)
    const made = await db.referral.findFirstOrThrow({ where: { caseId } })
    expect(created.location).toBe(`/henvisninger/${made.id}`)
    expect(made).toMatchObject({
      state: 'draft',
      purpose: 'Hjælp til produktdesign',
      noteToRecipient: null,
      companyContact: null,
    })
  })
})

describe('sending needs a consent covering referral to the recipient', () => {
  it('refuses SEND without any consent with MissingReferralConsentError, and writes nothing', async () => {
    const { id, company } = await draft()
    const before = await footprint(id)
    const attempt = step(id, 'SEND')
    await expect(attempt).rejects.toBeInstanceOf(MissingReferralConsentError)
    await expect(attempt).rejects.toMatchObject({
      companyId: company.id,
      recipientName: 'Dansk Design Center',
    })
    expect(await footprint(id)).toEqual(before)
    expect(before).toMatchObject({ state: 'draft', version: 1, workflowEvents: 0 })

    // Through the page, the refusal is Danish, says why, and points to where consent is recorded.
    const reply = await callAction(referralRoute, {
      path: `/henvisninger/${id}`,
      cookie: cookies.lesKolding,
      params: { id },
      form: { intent: 'transition', event: 'SEND', version: '1' },
    })
    expect(reply.status).toBe(409)
    expect(reply.body).toContain(
      'Henvisningen kan ikke sendes: virksomheden har ikke givet samtykke til henvisning til Dansk Design Center.',
    )
    expect(reply.body).toContain('Registrér samtykket på virksomhedens side.')
    expect(await footprint(id)).toEqual(before)

    // The page knows consent is missing and offers no SEND.
    const page = await callLoader(referralRoute, {
      path: `/henvisninger/${id}`,
      cookie: cookies.lesKolding,
      params: { id },
    })
    expect(page.status).toBe(200)
    expect(page.body).toContain('"missingConsent":true')
    expect(page.body).not.toContain('"SEND"')
  })

  it('still refuses with a consent for guidance only, one naming another organisation, or one revoked', async () => {
    const { id, company } = await draft()
    const attempts: (() => Promise<unknown>)[] = [
      () =>
        consent(users.lesKolding, company.id, { organisationIds: [org.ddc] }, [
          'GUIDANCE',
          'EVALUATION',
        ]),
      () => consent(users.lesKolding, company.id, { all: true }, ['GUIDANCE']),
      () =>
        consent(users.lesKolding, company.id, { organisationIds: [org.designSchool, org.house] }, [
          'REFERRAL',
        ]),
      async () => {
        const consentId = await consent(
          users.lesKolding,
          company.id,
          { organisationIds: [org.ddc] },
          ['REFERRAL'],
        )
        await revokeConsent({
          actor: users.lesKolding,
          companyId: company.id,
          consentId,
          reason: 'Virksomheden har fortrudt',
        })
      },
    ]
    const before = await footprint(id)
    for (const addConsent of attempts) {
      await addConsent()
      await expect(step(id, 'SEND')).rejects.toBeInstanceOf(MissingReferralConsentError)
      expect(await footprint(id)).toEqual({
        ...before,
        notifications: expect.any(Number),
        emails: expect.any(Number),
      })
    }
    expect((await row(id)).state).toBe('draft')
  })

  it('tells a user of another organisation that they may not send, without a word about consent', async () => {
    const { id } = await draft()
    await expect(step(id, 'SEND', { actor: users.lesVejle })).rejects.toBeInstanceOf(
      ForbiddenTransitionError,
    )
    await expect(step(id, 'SEND', { actor: users.ddc })).rejects.toBeInstanceOf(
      ForbiddenTransitionError,
    )
    expect((await row(id)).state).toBe('draft')
  })

  it('sends with a consent naming Dansk Design Center for referral: due six months later, counted for 8c, the recipient told without the company', async () => {
    const { id, company } = await draft()
    await consent(users.lesKolding, company.id, { organisationIds: [org.ddc] }, ['REFERRAL'])
    const ddcUsers = (
      await db.membership.findMany({
        where: { organisationId: org.ddc, user: { active: true } },
        select: { userId: true },
      })
    ).map((m) => m.userId)
    expect(ddcUsers).toContain(users.ddc.id)
    const emailsBefore = await db.outboxEmail.count({ where: { toEmail: EMAILS.ddc } })
    const before = published.length

    const now = new Date()
    const result = await step(id, 'SEND', { now })
    expect(result).toMatchObject({ from: 'draft', to: 'sent', version: 2 })
    const r = await row(id)
    expect(r.state).toBe('sent')
    expect(r.sentAt).toEqual(now)
    expect(r.followUpDueAt).toEqual(followUpDate(now))
    expect(monthsBetween(copenhagenDate(now), copenhagenDate(r.followUpDueAt!))).toBe(6)
    expect(r.followUpDueAt!.getTime() - now.getTime()).toBeGreaterThan(180 * DAY)
    expect(r.followUpDueAt!.getTime() - now.getTime()).toBeLessThan(185 * DAY)
    expect(r.designEcosystem).toBe(true)
    const events = await db.workflowEvent.findMany({
      where: { entityType: 'referral', entityId: id },
    })
    expect(events).toMatchObject([
      {
        event: 'SEND',
        fromState: 'draft',
        toState: 'sent',
        version: 2,
        actorId: users.lesKolding.id,
      },
    ])

    // Every user of Dansk Design Center is told, in the app and by e-mail, with no company identity.
    for (const userId of ddcUsers) {
      const notes = await notificationsTo(userId, `/henvisninger/${id}`)
      expect(notes).toHaveLength(1)
      expect(notes[0]!.title).toBe('Ny henvisning fra Business Kolding')
    }
    const emails = await db.outboxEmail.findMany({
      where: { toEmail: EMAILS.ddc },
      orderBy: { createdAt: 'asc' },
    })
    expect(emails.length).toBe(emailsBefore + 1)
    const told = JSON.stringify([
      await notificationsTo(users.ddc.id, `/henvisninger/${id}`),
      emails,
      events,
      published.slice(before),
    ])
    for (const secret of [company.name, company.cvr, Token]) expect(told).not.toContain(secret)
    expect(published.slice(before)).toContainEqual(
      expect.objectContaining({ topic: 'referral', id }),
    )
    // The owner is not told about their own sending.
    expect(await notificationsTo(users.lesKolding.id, `/henvisninger/${id}`)).toHaveLength(0)
  })

  it('sends with a consent for all partners for referral, also through the page', async () => {
    const { id, company } = await draft({ recipientId: org.clean })
    await consent(users.lesKolding, company.id, { all: true }, ['REFERRAL'])
    const reply = await callAction(referralRoute, {
      path: `/henvisninger/${id}`,
      cookie: cookies.lesKolding,
      params: { id },
      form: { intent: 'transition', event: 'SEND', version: '1' },
    })
    expect(reply.status).toBe(200)
    expect(reply.body).toContain('Send henvisningen: udført.')
    const r = await row(id)
    expect(r).toMatchObject({ state: 'sent', version: 2, designEcosystem: false })
    expect(r.sentAt).not.toBeNull()
    // A second SEND (stale or not) changes nothing.
    await expect(step(id, 'SEND')).rejects.toBeInstanceOf(RefusedTransitionError)
    expect((await row(id)).version).toBe(2)
  })
})

describe('followUpDate', () => {
  const local = (instant: Date) => `${copenhagenDate(instant)} ${copenhagenTime(instant)}`

  it('is six calendar months on, the end of February from 31 August', () => {
    // A plain date, summer time at both ends: the same instant six months on.
    expect(followUpDate(new Date('2026-04-15T09:30:00Z'))).toEqual(new Date('2026-10-15T09:30:00Z'))
    // 31 August → 28 February, or 29 in a leap year; the same time of day in Copenhagen.
    expect(local(followUpDate(new Date('2026-08-31T10:00:00Z')))).toBe('2027-02-28 12:00')
    expect(local(followUpDate(new Date('2027-08-31T10:00:00Z')))).toBe('2028-02-29 12:00')
    expect(local(followUpDate(new Date('2026-03-15T09:30:00Z')))).toBe('2026-09-15 10:30')
    expect(local(followUpDate(new Date('2026-12-31T12:00:00Z')))).toBe('2027-06-30 13:00')
    expect(local(followUpDate(new Date('2026-05-31T12:00:00Z')))).toBe('2026-11-30 14:00')
  })

  it("counts months in Copenhagen's calendar, also just after midnight", () => {
    // 00:30 on 1 September in Copenhagen (22:30 UTC on 31 August): due on 1 March.
    expect(copenhagenDate(followUpDate(new Date('2026-08-31T22:30:00Z')))).toBe('2027-03-01')
    // 00:30 on 31 March in Copenhagen (22:30 UTC on 30 March): due on 30 September.
    expect(copenhagenDate(followUpDate(new Date('2026-03-30T22:30:00Z')))).toBe('2026-09-30')
    // 00:30 on 1 January in Copenhagen (23:30 UTC on 31 December): due on 1 July.
    expect(copenhagenDate(followUpDate(new Date('2026-12-31T23:30:00Z')))).toBe('2027-07-01')
  })
})

describe('the six-month follow-up job', () => {
  it('leaves the referral alone a day before six months, then makes it due and tells the owner', async () => {
    const { id } = await sent()
    const sentAt = (await row(id)).sentAt!
    const due = followUpDate(sentAt)
    const link = `/henvisninger/${id}`
    const ownerNotes = () => notificationsTo(users.lesKolding.id, link)

    const early = await new Scheduler([followUpReferrals], {
      holder: 'test-early',
      clock: () => new Date(due.getTime() - DAY),
    }).runJob('referrals-follow-up', { force: true })
    expect(early).toMatchObject({ status: 'ran', ok: true })
    expect((await row(id)).state).toBe('sent')
    expect(await ownerNotes()).toHaveLength(0)

    const clock = new Date(due.getTime() + DAY)
    const late = await new Scheduler([followUpReferrals], {
      holder: 'test-late',
      clock: () => clock,
    }).runJob('referrals-follow-up', { force: true })
    expect(late).toMatchObject({ status: 'ran', ok: true })
    expect(late.status === 'ran' && late.result).toMatch(/^[1-9]\d* opfølgninger forfaldne$/)
    const r = await row(id)
    expect(r).toMatchObject({ state: 'followUpDue', version: 3 })
    const event = await db.workflowEvent.findFirstOrThrow({
      where: { entityType: 'referral', entityId: id, event: 'FOLLOW_UP_DUE' },
    })
    expect(event).toMatchObject({
      fromState: 'sent',
      toState: 'followUpDue',
      actorId: null,
      at: clock,
    })
    const notes = await ownerNotes()
    expect(notes).toHaveLength(1)
    expect(notes[0]!.title).toBe('Opfølgning på en henvisning til Dansk Design Center er forfalden')
    expect(notes[0]!.body).toContain('registrér svaret')

    // Running again changes nothing and tells nobody twice.
    await new Scheduler([followUpReferrals], {
      holder: 'test-again',
      clock: () => new Date(clock.getTime() + DAY),
    }).runJob('referrals-follow-up', { force: true })
    expect(await row(id)).toMatchObject({ state: 'followUpDue', version: 3 })
    expect(await ownerNotes()).toHaveLength(1)
  })

  it('does not touch drafts, closed or cancelled referrals', async () => {
    const waiting = await draft()
    const closed = await sent()
    await step(closed.id, 'RECORD_OUTCOME', { outcome: 'USED', note: '' })
    const cancelled = await sent()
    await step(cancelled.id, 'CANCEL', { reason: 'Virksomheden er lukket' })
    const before = await Promise.all([waiting, closed, cancelled].map(async (r) => footprint(r.id)))
    await runReferralFollowUps(new Date(Date.now() + 400 * DAY))
    const after = await Promise.all([waiting, closed, cancelled].map(async (r) => footprint(r.id)))
    expect(after.map(({ notifications: _n, emails: _e, ...rest }) => rest)).toEqual(
      before.map(({ notifications: _n, emails: _e, ...rest }) => rest),
    )
    expect(after.map((f) => f.state)).toEqual(['draft', 'closed', 'cancelled'])
  })

  it('refuses FOLLOW_UP_DUE from a person: only the system makes a referral due', async () => {
    // transitionReferral offers no FOLLOW_UP_DUE; the machine event reaches only the job.
    const { id } = await sent()
    await expect(
      transitionReferral({
        id,
        type: 'FOLLOW_UP_DUE' as never,
        expectedVersion: 2,
        actor: users.lesKolding,
      }),
    ).rejects.toBeInstanceOf(ForbiddenTransitionError)
    expect((await row(id)).state).toBe('sent')
  })
})

describe('recording the outcome and cancelling', () => {
  it('refuses an outcome before sending', async () => {
    const { id } = await draft()
    const before = await footprint(id)
    await expect(
      step(id, 'RECORD_OUTCOME', { outcome: 'USED', note: 'Brugte den' }),
    ).rejects.toBeInstanceOf(RefusedTransitionError)
    expect(await footprint(id)).toEqual(before)
  })

  it('records an earlier follow-up from sent, then refuses a second outcome', async () => {
    const { id } = await sent()
    const now = new Date()
    await step(id, 'RECORD_OUTCOME', {
      outcome: 'EXPECTS_TO_USE',
      note: '  Starter et designforløb i maj  ',
      now,
    })
    const r = await row(id)
    expect(r).toMatchObject({
      state: 'closed',
      version: 3,
      outcome: 'EXPECTS_TO_USE',
      outcomeAt: now,
    })
    expect(JSON.parse(r.context)).toMatchObject({
      outcome: 'EXPECTS_TO_USE',
      outcomeNote: 'Starter et designforløb i maj',
    })

    const before = await footprint(id)
    await expect(
      step(id, 'RECORD_OUTCOME', { outcome: 'NOT_USED', note: 'Alligevel ikke' }),
    ).rejects.toBeInstanceOf(RefusedTransitionError)
    expect(await footprint(id)).toEqual(before)

    const reply = await callAction(referralRoute, {
      path: `/henvisninger/${id}`,
      cookie: cookies.lesKolding,
      params: { id },
      form: {
        intent: 'transition',
        event: 'RECORD_OUTCOME',
        version: '3',
        outcome: 'NOT_USED',
        note: '',
      },
    })
    expect(reply.status).toBe(409)
    expect(reply.body).toContain(
      '«Registrér opfølgning» er ikke muligt, mens sagen er «Afsluttet».',
    )
    expect(await footprint(id)).toEqual(before)
  })

  it('records the outcome once due', async () => {
    const { id } = await sent()
    await runReferralFollowUps(new Date(followUpDate((await row(id)).sentAt!).getTime() + DAY))
    expect((await row(id)).state).toBe('followUpDue')
    await step(id, 'RECORD_OUTCOME', { outcome: 'UNKNOWN', note: '' })
    expect(await row(id)).toMatchObject({ state: 'closed', outcome: 'UNKNOWN' })
    expect(JSON.parse((await row(id)).context)).toMatchObject({
      outcome: 'UNKNOWN',
      outcomeNote: null,
    })
  })

  it('refuses an unknown outcome, in the model and on the page', async () => {
    const { id } = await sent()
    const before = await footprint(id)
    await expect(
      step(id, 'RECORD_OUTCOME', { outcome: 'MAYBE' as Outcome, note: '' }),
    ).rejects.toBeInstanceOf(RefusedTransitionError)
    expect(await footprint(id)).toEqual(before)
    const reply = await callAction(referralRoute, {
      path: `/henvisninger/${id}`,
      cookie: cookies.lesKolding,
      params: { id },
      form: {
        intent: 'transition',
        event: 'RECORD_OUTCOME',
        version: '2',
        outcome: 'MAYBE',
        note: '',
      },
    })
    expect(reply.status).toBe(400)
    expect(reply.body).toContain('Vælg virksomhedens svar.')
    const missing = await callAction(referralRoute, {
      path: `/henvisninger/${id}`,
      cookie: cookies.lesKolding,
      params: { id },
      form: { intent: 'transition', event: 'RECORD_OUTCOME', version: '2', note: '' },
    })
    expect(missing.status).toBe(400)
    expect(missing.body).toContain('Vælg virksomhedens svar.')
    expect(await footprint(id)).toEqual(before)
  })

  it('lets only the owning organisation record the outcome or cancel', async () => {
    const { id } = await sent()
    for (const actor of [users.lesVejle, users.ddc, users.kam]) {
      await expect(
        step(id, 'RECORD_OUTCOME', { actor, outcome: 'USED', note: '' }),
      ).rejects.toBeInstanceOf(ForbiddenTransitionError)
      await expect(step(id, 'CANCEL', { actor, reason: 'Ikke relevant' })).rejects.toBeInstanceOf(
        ForbiddenTransitionError,
      )
    }
    expect((await row(id)).state).toBe('sent')
    // Another user of the owning organisation may.
    await step(id, 'RECORD_OUTCOME', {
      actor: users.lesDirKolding,
      outcome: 'NOT_USED',
      note: 'Fandt en anden designer',
    })
    expect((await row(id)).outcome).toBe('NOT_USED')
  })

  it('cancels from draft and from sent with a reason, and refuses a cancel without one', async () => {
    const fromDraft = await draft()
    await expect(step(fromDraft.id, 'CANCEL', { reason: ' x ' })).rejects.toBeInstanceOf(
      RefusedTransitionError,
    )
    await expect(step(fromDraft.id, 'CANCEL', {})).rejects.toBeInstanceOf(RefusedTransitionError)
    expect((await row(fromDraft.id)).state).toBe('draft')
    await step(fromDraft.id, 'CANCEL', { reason: '  Virksomheden har fundet en anden løsning ' })
    expect(await row(fromDraft.id)).toMatchObject({ state: 'cancelled', sentAt: null })
    expect(JSON.parse((await row(fromDraft.id)).context)).toMatchObject({
      cancelReason: 'Virksomheden har fundet en anden løsning',
    })

    const fromSent = await sent()
    await step(fromSent.id, 'CANCEL', { reason: 'Sendt ved en fejl' })
    expect(await row(fromSent.id)).toMatchObject({ state: 'cancelled', outcome: null })
    const event = await db.workflowEvent.findFirstOrThrow({
      where: { entityType: 'referral', entityId: fromSent.id, event: 'CANCEL' },
    })
    expect(JSON.parse(event.payload!)).toEqual({ reason: 'Sendt ved en fejl' })
  })

  it('refuses to cancel a closed, cancelled or due referral', async () => {
    const closed = await sent()
    await step(closed.id, 'RECORD_OUTCOME', { outcome: 'USED', note: '' })
    const cancelled = await draft()
    await step(cancelled.id, 'CANCEL', { reason: 'Ikke længere aktuelt' })
    const due = await sent()
    await runReferralFollowUps(new Date(followUpDate((await row(due.id)).sentAt!).getTime() + DAY))
    for (const { id } of [closed, cancelled, due]) {
      const before = await footprint(id)
      await expect(step(id, 'CANCEL', { reason: 'Fortrudt igen' })).rejects.toBeInstanceOf(
        RefusedTransitionError,
      )
      expect(await footprint(id)).toEqual(before)
    }
    const reply = await callAction(referralRoute, {
      path: `/henvisninger/${closed.id}`,
      cookie: cookies.lesKolding,
      params: { id: closed.id },
      form: {
        intent: 'transition',
        event: 'CANCEL',
        version: String((await row(closed.id)).version),
        reason: 'Fortrudt igen',
      },
    })
    expect(reply.status).toBe(409)
    expect(reply.body).toContain(
      '«Annullér henvisningen» er ikke muligt, mens sagen er «Afsluttet».',
    )
    expect((await row(closed.id)).state).toBe('closed')
  })
})

describe('acknowledgement by the recipient', () => {
  it('is only for a user of the recipient organisation, only once, only when sent', async () => {
    const { id } = await draft({ consentTo: { organisationIds: [org.ddc] } })
    await expect(acknowledgeReferral({ actor: users.ddc, id })).rejects.toThrow(
      'Henvisningen er ikke sendt.',
    )
    await step(id, 'SEND')
    for (const actor of [users.lesKolding, users.lesVejle, users.kam]) {
      const attempt = acknowledgeReferral({ actor, id })
      await expect(attempt).rejects.toBeInstanceOf(ReferralRefusedError)
      await expect(attempt).rejects.toThrow('Kun modtageren kan kvittere for henvisningen.')
    }
    expect((await row(id)).acknowledgedAt).toBeNull()

    const now = new Date()
    await acknowledgeReferral({ actor: users.ddc, id, now })
    expect(await row(id)).toMatchObject({
      acknowledgedAt: now,
      acknowledgedById: users.ddc.id,
      state: 'sent',
    })
    const notes = await notificationsTo(users.lesKolding.id, `/henvisninger/${id}`)
    expect(notes.map((n) => n.title)).toEqual([
      'Dansk Design Center har kvitteret for en henvisning',
    ])

    const again = acknowledgeReferral({ actor: users.ddc, id, now: new Date(now.getTime() + DAY) })
    await expect(again).rejects.toBeInstanceOf(ReferralRefusedError)
    await expect(again).rejects.toThrow('Der er allerede kvitteret for henvisningen.')
    expect((await row(id)).acknowledgedAt).toEqual(now)
    expect(await notificationsTo(users.lesKolding.id, `/henvisninger/${id}`)).toHaveLength(1)
  })

  it('is refused for a referral sent to another recipient, and once cancelled', async () => {
    const toClean = await sent({ recipientId: org.clean })
    await expect(acknowledgeReferral({ actor: users.ddc, id: toClean.id })).rejects.toThrow(
      'Kun modtageren kan kvittere for henvisningen.',
    )
    const cancelled = await sent()
    await step(cancelled.id, 'CANCEL', { reason: 'Sendt ved en fejl' })
    await expect(acknowledgeReferral({ actor: users.ddc, id: cancelled.id })).rejects.toThrow(
      'Henvisningen er ikke sendt.',
    )
    await expect(
      acknowledgeReferral({ actor: users.ddc, id: 'no-such-referral' }),
    ).rejects.toBeInstanceOf(NotFoundError)
    expect((await row(toClean.id)).acknowledgedAt).toBeNull()
    expect((await row(cancelled.id)).acknowledgedAt).toBeNull()
  })

  it('works from the referral page, and a second time gives a Danish 409', async () => {
    const { id } = await sent()
    const page = await callLoader(referralRoute, {
      path: `/henvisninger/${id}`,
      cookie: cookies.ddc,
      params: { id },
    })
    expect(page.body).toContain('"canAcknowledge":true')
    const first = await callAction(referralRoute, {
      path: `/henvisninger/${id}`,
      cookie: cookies.ddc,
      params: { id },
      form: { intent: 'acknowledge' },
    })
    expect(first.status).toBe(200)
    expect(first.body).toContain('Der er kvitteret for henvisningen.')
    const second = await callAction(referralRoute, {
      path: `/henvisninger/${id}`,
      cookie: cookies.ddc,
      params: { id },
      form: { intent: 'acknowledge' },
    })
    expect(second.status).toBe(409)
    expect(second.body).toContain('Der er allerede kvitteret for henvisningen.')
    const after = await callLoader(referralRoute, {
      path: `/henvisninger/${id}`,
      cookie: cookies.ddc,
      params: { id },
    })
    expect(after.body).toContain('"canAcknowledge":false')
  })
})

describe("the recipients' view, through the consent gate", () => {
  it('identifies the company to Dansk Design Center only while a referral consent covers it, and logs each view', async () => {
    const { id, company, consentId } = await sent()
    const accesses = () =>
      db.consentAccess.findMany({ where: { companyId: company.id, userId: users.ddc.id } })

    const seen = await getReferralPage(users.ddc, id)
    expect(seen).not.toBeNull()
    expect(seen!.company).toMatchObject({
      identified: true,
      via: 'consent',
      name: company.name,
      cvr: company.cvr,
    })
    expect(seen!.details?.purpose).toContain(company.name)
    expect(seen!.details?.companyContact).toContain(`Henrietta ${Token}sen`)
    expect(await accesses()).toMatchObject([{ place: 'henvisning', consentId }])

    // The same through the route, with the received list.
    const page = await callLoader(referralRoute, {
      path: `/henvisninger/${id}`,
      cookie: cookies.ddc,
      params: { id },
    })
    expect(page.status).toBe(200)
    expect(page.body).toContain(company.name)
    expect(page.body).toContain(company.cvr)
    const received = (await listReferrals(users.ddc)).received.find((r) => r.id === id)
    expect(received?.company).toMatchObject({ identified: true, name: company.name })
    expect((await accesses()).length).toBeGreaterThanOrEqual(3)
    expect(
      (await accesses()).every((a) => a.place === 'henvisning' && a.consentId === consentId),
    ).toBe(true)

    // Revoked: de-identified at once, nothing identifying left, and no more logged views.
    await revokeConsent({
      actor: users.lesKolding,
      companyId: company.id,
      consentId: consentId!,
      reason: 'Virksomheden ønsker det ikke længere',
    })
    const logged = (await accesses()).length
    const hidden = await getReferralPage(users.ddc, id)
    expect(hidden!.company.identified).toBe(false)
    expect(hidden!.details).toBeNull()
    expect(hidden!.recipient.id).toBe(org.ddc)
    const hiddenPage = await callLoader(referralRoute, {
      path: `/henvisninger/${id}`,
      cookie: cookies.ddc,
      params: { id },
    })
    expect(hiddenPage.status).toBe(200)
    const hiddenList = (await listReferrals(users.ddc)).received.find((r) => r.id === id)
    expect(hiddenList?.company.identified).toBe(false)
    const text = JSON.stringify([hidden, hiddenList]) + hiddenPage.body
    for (const secret of [company.name, company.cvr, `Henrietta ${Token}sen`, `${Token}-fabrikken`])
      expect(text).not.toContain(secret)
    expect(await accesses()).toHaveLength(logged)
  })

  it('shows the referral de-identified to another LES without consent, and identified to the owner without logging', async () => {
    const { id, company } = await sent()
    const vejle = await getReferralPage(users.lesVejle, id)
    expect(vejle!.company.identified).toBe(false)
    expect(vejle!.details).toBeNull()
    expect(vejle!.company.kommune).toBeTruthy()
    const vejlePage = await callLoader(referralRoute, {
      path: `/henvisninger/${id}`,
      cookie: cookies.lesVejle,
      params: { id },
    })
    expect(vejlePage.status).toBe(200)
    const text = JSON.stringify(vejle) + vejlePage.body
    for (const secret of [company.name, company.cvr, `Henrietta ${Token}sen`, `${Token}-fabrikken`])
      expect(text).not.toContain(secret)

    const owner = await getReferralPage(users.lesKolding, id)
    expect(owner!.company).toMatchObject({ identified: true, via: 'owner', name: company.name })
    expect(owner!.details).not.toBeNull()
    expect(
      await db.consentAccess.count({
        where: { companyId: company.id, userId: { in: [users.lesKolding.id, users.lesVejle.id] } },
      }),
    ).toBe(0)
  })

  it('gives Dansk Design Center a 404 for a referral sent to another recipient, and KKR no referral pages at all', async () => {
    const { id, company } = await draft({ recipientId: org.clean, consentTo: { all: true } })
    await step(id, 'SEND')
    const other = await callLoader(referralRoute, {
      path: `/henvisninger/${id}`,
      cookie: cookies.ddc,
      params: { id },
    })
    expect(other.status).toBe(404)
    expect(other.body).not.toContain(company.name)
    const acknowledge = await callAction(referralRoute, {
      path: `/henvisninger/${id}`,
      cookie: cookies.ddc,
      params: { id },
      form: { intent: 'acknowledge' },
    })
    expect(acknowledge.status).toBe(404)
    expect((await listReferrals(users.ddc)).received.map((r) => r.id)).not.toContain(id)
    expect(
      (
        await callLoader(referralRoute, {
          path: `/henvisninger/${id}`,
          cookie: cookies.kkr,
          params: { id },
        })
      ).status,
    ).toBe(403)
    expect(
      (await callLoader(referralsRoute, { path: '/henvisninger', cookie: cookies.kkr })).status,
    ).toBe(403)
  })

  it('does not show the recipient a referral that has not been sent', async () => {
    const { id, company } = await draft({ consentTo: { organisationIds: [org.ddc] } })
    expect((await listReferrals(users.ddc)).received.map((r) => r.id)).not.toContain(id)
    expect(await getReferralPage(users.ddc, id)).toBeNull()
    const page = await callLoader(referralRoute, {
      path: `/henvisninger/${id}`,
      cookie: cookies.ddc,
      params: { id },
    })
    expect(page.body).not.toContain(company.name)
    expect(page.status).toBe(404)
    expect(await db.consentAccess.count({ where: { companyId: company.id } })).toBe(0)
    // The owner and other LES still see the draft (the owner identified).
    expect((await getReferralPage(users.lesKolding, id))?.company).toMatchObject({
      identified: true,
      name: company.name,
    })
    expect((await getReferralPage(users.lesVejle, id))?.company.identified).toBe(false)
    // Once sent, the recipient sees it, identified through the referral consent.
    await step(id, 'SEND')
    expect((await getReferralPage(users.ddc, id))?.company).toMatchObject({
      identified: true,
      via: 'consent',
      name: company.name,
    })
  })
})

describe('the figures (goal 8c and goal 4)', () => {
  const Y = 2021
  const at = (iso: string) => new Date(`${iso}T10:00:00Z`)

  it('count design referrals and uptake per year, filtered by organisation and recipient kind', async () => {
    // Referrals sent in 2021 (a year no other test sends in), with their outcomes:
    //   Kolding → Dansk Design Center          DESIGN   USED
    //   Kolding → Dansk Design Center          DESIGN   UNKNOWN
    //   Kolding → Lifestyle & Design Cluster   DESIGN   NOT_USED
    //   Kolding → CLEAN                        CLUSTER  EXPECTS_TO_USE
    //   Kolding → the adviser                  ADVISER  (not followed up)
    //   Kolding → the academy                  PUBLIC   NOT_USED
    //   House   → Dansk Design Center          DESIGN   USED
    //   House   → Designskolen Kolding         DESIGN   NOT_USED
    // plus a Kolding draft to Dansk Design Center (never sent), one cancelled after sending to
    // Designskolen Kolding, and one Kolding → Dansk Design Center sent in 2020, USED.
    const plan: [CurrentUser, string, Outcome | null][] = [
      [users.lesKolding, org.ddc, 'USED'],
      [users.lesKolding, org.ddc, 'UNKNOWN'],
      [users.lesKolding, org.designCluster, 'NOT_USED'],
      [users.lesKolding, org.clean, 'EXPECTS_TO_USE'],
      [users.lesKolding, org.adviser, null],
      [users.lesKolding, org.education, 'NOT_USED'],
      [users.kam, org.ddc, 'USED'],
      [users.kam, org.designSchool, 'NOT_USED'],
    ]
    for (const [i, [actor, recipientId, outcome]] of plan.entries()) {
      const { id } = await sent({ actor, recipientId, now: at(`${Y}-0${(i % 9) + 1}-10`) })
      if (outcome)
        await step(id, 'RECORD_OUTCOME', { actor, outcome, note: '', now: at(`${Y}-10-01`) })
    }
    await draft({ consentTo: { organisationIds: [org.ddc] } })
    const cancelled = await sent({ recipientId: org.designSchool, now: at(`${Y}-04-01`) })
    await step(cancelled.id, 'CANCEL', { reason: 'Sendt til den forkerte modtager' })
    const earlier = await sent({ now: at(`${Y - 1}-11-20`) })
    await step(earlier.id, 'RECORD_OUTCOME', { outcome: 'USED', note: '', now: at(`${Y}-02-01`) })

    const during = at(`${Y}-12-01`)
    const figure = async (filter: Parameters<typeof referralFigures>[0]) =>
      referralFigures(filter, during)
    const uptakeOf = (numerator: number, denominator: number, n: number) => ({
      numerator,
      denominator,
      n,
      value: denominator > 0 ? numerator / denominator : null,
    })

    // All: design = DDC ×2, L&D cluster, House→DDC, Designskolen; the cancelled one does not count.
    // Uptake: 7 recorded, 1 UNKNOWN left out → (USED ×2 + EXPECTS_TO_USE) / 6.
    const all = await figure({})
    expect(all.year).toBe(Y)
    expect(all.design).toBe(5)
    expect(all.uptake).toEqual(uptakeOf(3, 6, 7))
    const row2021 = all.byYear.find((r) => r.year === Y)
    expect(row2021).toMatchObject({ sent: 8, design: 5, uptake: uptakeOf(3, 6, 7) })
    expect(all.byYear.find((r) => r.year === Y - 1)).toMatchObject({
      sent: 1,
      design: 1,
      uptake: uptakeOf(1, 1, 1),
    })

    // Business Kolding: 6 sent (the cancelled one left out); design = DDC ×2, L&D cluster → 3;
    // outcomes USED, UNKNOWN, NOT_USED, EXPECTS_TO_USE, NOT_USED → 2 / 4, n 5.
    const kolding = await figure({ organisationId: org.kolding })
    expect(kolding.design).toBe(3)
    expect(kolding.uptake).toEqual(uptakeOf(2, 4, 5))
    // The Erhvervshus: 1 / 2.
    const house = await figure({ organisationId: org.house })
    expect(house.design).toBe(2)
    expect(house.uptake).toEqual(uptakeOf(1, 2, 2))
    // Business Vejle made none.
    const vejle = await figure({ organisationId: org.vejle })
    expect(vejle.design).toBe(0)
    expect(vejle.uptake).toEqual(uptakeOf(0, 0, 0))
    expect(vejle.byYear.find((r) => r.year === Y)).toBeUndefined()

    // By recipient kind: DESIGN has USED, UNKNOWN, NOT_USED, USED, NOT_USED → 2 / 4, n 5.
    const design = await figure({ recipientKind: 'DESIGN' })
    expect(design.design).toBe(5)
    expect(design.uptake).toEqual(uptakeOf(2, 4, 5))
    const cluster = await figure({ recipientKind: 'CLUSTER' })
    expect(cluster.design).toBe(0)
    expect(cluster.uptake).toEqual(uptakeOf(1, 1, 1))
    const adviser = await figure({ recipientKind: 'ADVISER' })
    expect(adviser.uptake).toEqual(uptakeOf(0, 0, 0))
    expect(adviser.byYear.find((r) => r.year === Y)).toMatchObject({ sent: 1, design: 0 })
    const publicActor = await figure({ recipientKind: 'PUBLIC' })
    expect(publicActor.uptake).toEqual(uptakeOf(0, 1, 1))
    // Both filters: Kolding to the design ecosystem → USED, UNKNOWN, NOT_USED → 1 / 2, n 3.
    const koldingDesign = await figure({ organisationId: org.kolding, recipientKind: 'DESIGN' })
    expect(koldingDesign.design).toBe(3)
    expect(koldingDesign.uptake).toEqual(uptakeOf(1, 2, 3))

    // The year before has its own figures.
    const before = await referralFigures({}, at(`${Y - 1}-12-01`))
    expect(before.year).toBe(Y - 1)
    expect(before.design).toBe(1)
    expect(before.uptake).toEqual(uptakeOf(1, 1, 1))
  })

  it('change by exactly the referrals sent and followed up this year, on the page too', async () => {
    const figures = () =>
      Promise.all([
        referralFigures({}),
        referralFigures({ organisationId: org.vejle }),
        referralFigures({ organisationId: org.kolding }),
        referralFigures({ organisationId: org.vejle, recipientKind: 'DESIGN' }),
      ])
    const [all0, vejle0, kolding0, vejleDesign0] = await figures()

    const toDdc = await sent({ actor: users.lesVejle, kommuneId: kommune.vejle })
    const toClean = await sent({
      actor: users.lesVejle,
      recipientId: org.clean,
      kommuneId: kommune.vejle,
    })
    const [all1, vejle1, kolding1, vejleDesign1] = await figures()
    expect(all1.design).toBe(all0.design + 1)
    expect(vejle1.design).toBe(vejle0.design + 1)
    expect(vejleDesign1.design).toBe(vejleDesign0.design + 1)
    expect(kolding1).toEqual(kolding0)
    expect(vejle1.uptake).toEqual(vejle0.uptake)

    await step(toDdc.id, 'RECORD_OUTCOME', { actor: users.lesVejle, outcome: 'USED', note: '' })
    await step(toClean.id, 'RECORD_OUTCOME', {
      actor: users.lesVejle,
      outcome: 'UNKNOWN',
      note: '',
    })
    const [all2, vejle2, kolding2, vejleDesign2] = await figures()
    expect(all2.uptake).toMatchObject({
      numerator: all1.uptake.numerator + 1,
      denominator: all1.uptake.denominator + 1,
      n: all1.uptake.n + 2,
    })
    expect(vejle2.uptake).toMatchObject({
      numerator: vejle1.uptake.numerator + 1,
      denominator: vejle1.uptake.denominator + 1,
      n: vejle1.uptake.n + 2,
    })
    expect(vejleDesign2.uptake).toMatchObject({
      numerator: vejleDesign1.uptake.numerator + 1,
      denominator: vejleDesign1.uptake.denominator + 1,
      n: vejleDesign1.uptake.n + 1,
    })
    expect(kolding2).toEqual(kolding1)

    // The referrals page shows the filtered figures; an unknown recipient kind is ignored.
    const page = await callLoader(referralsRoute, {
      path: `/henvisninger?organisation=${org.vejle}&modtager=DESIGN`,
      cookie: cookies.lesKolding,
    })
    expect(page.status).toBe(200)
    const body = JSON.parse(page.body) as { figures: unknown; filter: unknown }
    expect(body.filter).toEqual({ organisationId: org.vejle, recipientKind: 'DESIGN' })
    expect(body.figures).toEqual(JSON.parse(JSON.stringify(vejleDesign2)))
    const unfiltered = JSON.parse(
      (
        await callLoader(referralsRoute, {
          path: '/henvisninger?modtager=NONSENSE&organisation=nobody',
          cookie: cookies.lesKolding,
        })
      ).body,
    ) as { figures: unknown; filter: unknown }
    expect(unfiltered.filter).toEqual({ organisationId: '', recipientKind: '' })
    expect(unfiltered.figures).toEqual(JSON.parse(JSON.stringify(all2)))
  })
})

describe('follow-ups due, per user and per organisation', () => {
  it('lists my follow-ups and my organisation’s, and marks them overdue 30 days after they fell due', async () => {
    const mine = await sent()
    const colleague = await sent({ actor: users.lesDirKolding })
    const vejle = await sent({ actor: users.lesVejle, kommuneId: kommune.vejle })
    const notDue = await draft()
    const due = followUpDate((await row(colleague.id)).sentAt!)
    const fellDue = new Date(due.getTime() + DAY)
    await runReferralFollowUps(fellDue)
    for (const { id } of [mine, colleague, vejle]) expect((await row(id)).state).toBe('followUpDue')

    const ids = (list: { id: string }[]) => list.map((r) => r.id)
    const forLone = await listFollowUps(users.lesKolding, {}, fellDue)
    expect(ids(forLone.mine)).toContain(mine.id)
    expect(ids(forLone.mine)).not.toContain(colleague.id)
    expect(ids(forLone.organisation)).toEqual(expect.arrayContaining([mine.id, colleague.id]))
    expect(ids(forLone.organisation)).not.toContain(vejle.id)
    expect(ids(forLone.organisation)).not.toContain(notDue.id)
    expect(forLone.organisation.every((r) => r.state === 'followUpDue')).toBe(true)
    expect(forLone.mine.find((r) => r.id === mine.id)).toMatchObject({
      overdue: false,
      mine: true,
      company: { identified: true, name: mine.company.name },
    })

    const forLars = await listFollowUps(users.lesDirKolding, {}, fellDue)
    expect(ids(forLars.mine)).toContain(colleague.id)
    expect(ids(forLars.mine)).not.toContain(mine.id)
    const forVibeke = await listFollowUps(users.lesVejle, {}, fellDue)
    expect(ids(forVibeke.mine)).toContain(vejle.id)
    expect(ids(forVibeke.organisation)).not.toContain(mine.id)
    expect(ids((await listFollowUps(users.ddc, {}, fellDue)).organisation)).not.toContain(mine.id)

    const overdueAt = (now: Date) =>
      listFollowUps(users.lesKolding, {}, now).then(
        (l) => l.organisation.find((r) => r.id === mine.id)?.overdue,
      )
    const mineDue = followUpDate((await row(mine.id)).sentAt!)
    expect(await overdueAt(new Date(mineDue.getTime() + (OVERDUE_DAYS - 1) * DAY))).toBe(false)
    expect(await overdueAt(new Date(mineDue.getTime() + OVERDUE_DAYS * DAY + 60_000))).toBe(true)
    expect(await overdueAt(new Date(mineDue.getTime() + (OVERDUE_DAYS + 1) * DAY))).toBe(true)

    // Once the outcome is recorded, it leaves the lists.
    await step(mine.id, 'RECORD_OUTCOME', { outcome: 'USED', note: '' })
    const after = await listFollowUps(users.lesKolding, {}, fellDue)
    expect(ids(after.mine)).not.toContain(mine.id)
    expect(ids(after.organisation)).toContain(colleague.id)
  })

  it('lists the referrals an organisation made and those it received', async () => {
    const made = await sent()
    const madeIds = (await listReferrals(users.lesKolding)).made.map((r) => r.id)
    expect(madeIds).toContain(made.id)
    expect((await listReferrals(users.lesVejle)).made.map((r) => r.id)).not.toContain(made.id)
    const ddcLists = await listReferrals(users.ddc)
    expect(ddcLists.made).toEqual([])
    expect(ddcLists.received.map((r) => r.id)).toContain(made.id)
    expect(ddcLists.received.every((r) => r.recipient.id === org.ddc && r.sentAt !== null)).toBe(
      true,
    )
  })
})
