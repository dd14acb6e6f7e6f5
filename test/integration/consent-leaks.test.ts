import { randomInt } from 'node:crypto'
import { createServer, type Server as HttpServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { Server } from 'socket.io'
import { io as connect, type Socket } from 'socket.io-client'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { addActivity, createCase } from '~/models/case.server.ts'
import { addContact, createCompany } from '~/models/company.server.ts'
import { expireConsents, recordConsent } from '~/models/consent.server.ts'
import * as overviewRoute from '~/routes/_app._index.tsx'
import * as adminIndexRoute from '~/routes/_app.admin._index.tsx'
import * as adminUserRoute from '~/routes/_app.admin.brugere.$id.tsx'
import * as adminUsersRoute from '~/routes/_app.admin.brugere._index.tsx'
import * as adminKommuneRoute from '~/routes/_app.admin.kommuner.$id.tsx'
import * as adminKommunerRoute from '~/routes/_app.admin.kommuner._index.tsx'
import * as adminOrganisationRoute from '~/routes/_app.admin.organisationer.$id.tsx'
import * as adminOrganisationsRoute from '~/routes/_app.admin.organisationer._index.tsx'
import * as adminLayoutRoute from '~/routes/_app.admin.tsx'
import * as adminOutboxRoute from '~/routes/_app.admin.udbakke.tsx'
import * as referralsRoute from '~/routes/_app.henvisninger._index.tsx'
import * as notificationsRoute from '~/routes/_app.notifikationer.tsx'
import * as appLayoutRoute from '~/routes/_app.tsx'
import * as companyRoute from '~/routes/_app.virksomheder.$id.tsx'
import * as exportPageRoute from '~/routes/_app.virksomheder.$id_.eksport.tsx'
import * as companiesRoute from '~/routes/_app.virksomheder._index.tsx'
import * as caseRoute from '~/routes/_app.virksomheder.forloeb.$id.tsx'
import * as newCaseRoute from '~/routes/_app.virksomheder.forloeb.ny.tsx'
import * as importRoute from '~/routes/_app.virksomheder.import.tsx'
import * as newCompanyRoute from '~/routes/_app.virksomheder.ny.tsx'
import * as expiringRoute from '~/routes/_app.virksomheder.samtykker.tsx'
import * as exportJsonRoute from '~/routes/virksomheder.$id.eksport[.]json.ts'
import type { CurrentUser } from '~/utils/auth.server.ts'
import { CompanySchema, ConsentSchema } from '~/utils/company-fields.ts'
import { copenhagenDate } from '~/utils/dates.ts'
import { db } from '~/utils/db.server.ts'
import type { Invalidation } from '~/utils/realtime.server.ts'
import { actorFor } from '../support/actors.ts'
import { tableNames } from '../support/tables.ts'
import {
  callAction,
  callLoader,
  sessionCookieFor,
  type RouteReply,
} from '../support/route-calls.ts'
import { attachRealtime } from '../../server/realtime.ts'

/**
 * Issue 5: no loader, search result, export, action reply, socket message, notification or e-mail
 * that reaches a user who may not see a company carries its identity. The tests go through the
 * real route modules (with real session cookies), the real socket server and the real database,
 * and search the whole serialised reply (headers included) for every identifying string the test
 * invented. Each phase has a positive control: somebody who may see the company does find the
 * strings in the same replies, so the searches can fail.
 */

const DAY = 24 * 60 * 60 * 1000

// ---------------------------------------------------------------------------------------------
// The invented company. Every string carries TOKEN (letters only), so even a fragment (say, a
// lower-cased search text) is caught; the CVR and P-number are random and checked on their own.

const TOKEN = Array.from({ length: 8 }, () => String.fromCharCode(97 + randomInt(26))).join('')
const Token = TOKEN[0]!.toUpperCase() + TOKEN.slice(1)
const secret = {
  name: `Skovfoged Lakridsværk ${Token} ApS`,
  cvr: `9${randomInt(1_000_000, 10_000_000)}`,
  pNumber: `5${randomInt(100_000_000, 1_000_000_000)}`,
  address: `Lakridsstien ${Token} 4, 6000 Kolding`,
  contactName: `Henrietta ${Token}sen`,
  contactEmail: `henrietta.${TOKEN}@lakrids.example`,
  caseTitle: `Lakrids ${Token}: eksport til Japan`,
  nextStep: `Ring til direktøren i ${Token}-fabrikken`,
  note: `Møde i ${Token}-fabrikken om nye markeder`,
  laterNote: `Opfølgning hos ${Token} efter overdragelsen`,
  consentGiver: `Gertrud ${Token}`,
  token: TOKEN,
}
/** The CVR written the way people also write it. */
const spacedCvr = secret.cvr.replace(/(\d{2})(?=\d)/g, '$1 ')
const SECRETS: readonly string[] = [...Object.values(secret), spacedCvr]
/** For replies to a form in which the user typed the CVR themselves: everything but the CVR. */
const SECRETS_BUT_CVR = SECRETS.filter((s) => s !== secret.cvr && s !== spacedCvr)

const EMAILS = {
  lesKolding: 'les.kolding@kolding.demo',
  lesVejle: 'les.vejle@vejle.demo',
  kam: 'kam.kolding@ehsyd.demo',
  kkr: 'kkr@kkr.demo',
  admin: 'admin@knudepunkt.demo',
  director: 'direktor@ehsyd.demo',
  trekant: 'br.trekant@trekant.demo',
} as const
type Who = keyof typeof EMAILS
const OUTSIDERS: Who[] = ['lesVejle', 'kam', 'kkr', 'admin', 'director', 'trekant']
/** Users whose role may open company and case pages (the others get 403 there). */
const MAY_VIEW_CASES = new Set<Who>(['lesKolding', 'lesVejle', 'kam', 'director'])

const cookies = {} as Record<Who, string>
const userIds = {} as Record<Who, string>
let lesKolding: CurrentUser
const org = { kolding: '', vejle: '', house: '' }
let koldingKommuneId = ''
let companyId = ''
let caseId = ''
const consentIds = { vejle: '', house: '' }

// ---------------------------------------------------------------------------------------------
// The real socket server, with one client per user, collecting every message they receive.

let httpServer: HttpServer
let io: Server
const sockets = new Map<Who, Socket>()
const inbox: { who: Who; message: unknown }[] = []

function connected(socket: Socket) {
  return new Promise<void>((resolve, reject) => {
    if (socket.connected) return resolve()
    socket.once('connect', () => resolve())
    socket.once('connect_error', reject)
  })
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

/** The topics the company, case and overview pages subscribe to (useLiveTopics), and more. */
function subscribeAll(topics: string[]) {
  for (const socket of sockets.values()) socket.emit('subscribe', topics)
  return pause(100)
}

// ---------------------------------------------------------------------------------------------

function consentFor(organisationId: string, givenByName = secret.consentGiver) {
  return ConsentSchema.parse({
    givenByName,
    givenByRole: 'Direktør',
    method: 'WRITTEN',
    givenAt: copenhagenDate(new Date()),
    scope: 'NAMED',
    organisationIds: [organisationId],
    purposes: ['GUIDANCE'],
    expiresAt: copenhagenDate(new Date(Date.now() + 180 * DAY)),
  })
}

async function caseVersion() {
  return (await db.case.findUniqueOrThrow({ where: { id: caseId }, select: { version: true } }))
    .version
}

async function companyVersion() {
  return (
    await db.company.findUniqueOrThrow({ where: { id: companyId }, select: { version: true } })
  ).version
}

type Probe = {
  label: string
  run: (cookie: string) => Promise<RouteReply>
  /** What the user typed (a search query) and the reply echoes back: not a leak. */
  echo?: string
  /** Replies to a form in which the user typed the CVR: searched for everything but the CVR. */
  secrets?: readonly string[]
}

const get = (
  label: string,
  route: Parameters<typeof callLoader>[0],
  path: string,
  params: Record<string, string> = {},
  echo?: string,
): Probe => ({
  label: `GET ${label}`,
  run: (cookie) => callLoader(route, { path, cookie, params }),
  echo,
})

/** Every loader that touches companies, cases, consents, notifications, e-mails or audit logs. */
async function loaderProbes(): Promise<Probe[]> {
  const c = companyId
  const k = caseId
  const q = (label: string, query: string, extra = '') =>
    get(
      `/virksomheder?q=${label}${extra}`,
      companiesRoute,
      `/virksomheder?q=${encodeURIComponent(query)}${extra}`,
      {},
      query.slice(0, 100),
    )
  return [
    get('/ (layout)', appLayoutRoute, '/'),
    get('/ (overview)', overviewRoute, '/'),
    get('/virksomheder', companiesRoute, '/virksomheder'),
    get('/virksomheder?kommune=alle', companiesRoute, '/virksomheder?kommune=alle'),
    get(
      '/virksomheder?kommune=<Kolding>',
      companiesRoute,
      `/virksomheder?kommune=${koldingKommuneId}`,
    ),
    q('<name>', secret.name),
    q('<name>', secret.name, '&kommune=alle'),
    q('<cvr>', secret.cvr),
    q('<cvr>', secret.cvr, '&kommune=alle'),
    q('<token>', TOKEN, '&kommune=alle'),
    q('<cvr prefix>', secret.cvr.slice(0, 6), '&kommune=alle'),
    q('<p-number>', secret.pNumber, '&kommune=alle'),
    get('/virksomheder/<id>', companyRoute, `/virksomheder/${c}`, { id: c }),
    get('/virksomheder/forloeb/<id>', caseRoute, `/virksomheder/forloeb/${k}`, { id: k }),
    get('/virksomheder/forloeb/ny', newCaseRoute, '/virksomheder/forloeb/ny'),
    get(
      '/virksomheder/forloeb/ny?virksomhed=<id>',
      newCaseRoute,
      `/virksomheder/forloeb/ny?virksomhed=${c}`,
    ),
    get('/virksomheder/samtykker', expiringRoute, '/virksomheder/samtykker'),
    get('/virksomheder/<id>/eksport', exportPageRoute, `/virksomheder/${c}/eksport`, { id: c }),
    get('/virksomheder/<id>/eksport.json', exportJsonRoute, `/virksomheder/${c}/eksport.json`, {
      id: c,
    }),
    get('/virksomheder/ny', newCompanyRoute, '/virksomheder/ny'),
    get('/virksomheder/import', importRoute, '/virksomheder/import'),
    get('/henvisninger', referralsRoute, '/henvisninger'),
    get('/notifikationer', notificationsRoute, '/notifikationer'),
    get('/admin (layout)', adminLayoutRoute, '/admin'),
    get('/admin', adminIndexRoute, '/admin'),
    get('/admin/udbakke', adminOutboxRoute, '/admin/udbakke'),
    get('/admin/brugere', adminUsersRoute, '/admin/brugere'),
    get('/admin/brugere/<les.kolding>', adminUserRoute, `/admin/brugere/${userIds.lesKolding}`, {
      id: userIds.lesKolding,
    }),
    get('/admin/brugere/<kam.kolding>', adminUserRoute, `/admin/brugere/${userIds.kam}`, {
      id: userIds.kam,
    }),
    get('/admin/organisationer', adminOrganisationsRoute, '/admin/organisationer'),
    ...Object.entries(org).map(([name, id]) =>
      get(
        `/admin/organisationer/<${name}>`,
        adminOrganisationRoute,
        `/admin/organisationer/${id}`,
        { id },
      ),
    ),
    get('/admin/kommuner', adminKommunerRoute, '/admin/kommuner'),
    get('/admin/kommuner/<Kolding>', adminKommuneRoute, `/admin/kommuner/${koldingKommuneId}`, {
      id: koldingKommuneId,
    }),
  ]
}

/** Every action that takes a company or case id, tried by someone who may not see the company. */
async function actionProbes(): Promise<Probe[]> {
  const c = companyId
  const k = caseId
  const version = String(await caseVersion())
  const companyPost = (intent: string, fields: Record<string, string | string[]> = {}): Probe => ({
    label: `POST /virksomheder/<id> intent=${intent}`,
    run: (cookie) =>
      callAction(companyRoute, {
        path: `/virksomheder/${c}`,
        cookie,
        params: { id: c },
        form: { intent, ...fields },
      }),
  })
  const casePost = (intent: string, fields: Record<string, string>): Probe => ({
    label: `POST /virksomheder/forloeb/<id> intent=${intent}${fields.event ? ` event=${fields.event}` : ''}`,
    run: (cookie) =>
      callAction(caseRoute, {
        path: `/virksomheder/forloeb/${k}`,
        cookie,
        params: { id: k },
        form: { intent, ...fields },
      }),
  })
  const csv = () => {
    const form = new FormData()
    form.append(
      'file',
      new File(
        [
          `cvr;p_nummer;navn;adresse;kommune;branche;ansatte;segment\n${secret.cvr};;Andet Navn ApS;;Kolding;;;vækst\n`,
        ],
        'import.csv',
        { type: 'text/csv' },
      ),
    )
    return form
  }
  const today = copenhagenDate(new Date())
  return [
    companyPost('add-contact', { name: 'Ny Kontakt', email: 'ny@kontakt.example' }),
    companyPost('update', {
      version: String(await companyVersion()),
      cvr: '98765432',
      name: 'Omdøbt ApS',
      kommuneId: koldingKommuneId,
      segment: 'DRIFT',
    }),
    companyPost('consent', {
      givenByName: 'Nogen',
      method: 'WRITTEN',
      givenAt: today,
      scope: 'ALL',
      purposes: 'GUIDANCE',
      expiresAt: copenhagenDate(new Date(Date.now() + 30 * DAY)),
    }),
    companyPost('revoke', {
      consentId: consentIds.vejle || consentIds.house || 'ukendt',
      reason: 'Forsøg på tilbagekaldelse',
    }),
    companyPost('remove-contact', { contactId: 'ukendt' }),
    companyPost('erase', { confirmCvr: '11111111' }),
    companyPost('ukendt'),
    casePost('transition', { event: 'HAND_OVER', version }),
    casePost('transition', { event: 'CLOSE', version }),
    casePost('activity', { kind: 'NOTE', date: today, note: 'Et forsøg' }),
    casePost('next-step', { version, nextStep: 'Forsøg', nextStepDue: '' }),
    {
      label: 'POST /virksomheder/forloeb/ny with the company',
      run: (cookie) =>
        callAction(newCaseRoute, {
          path: '/virksomheder/forloeb/ny',
          cookie,
          form: { title: 'Mit forløb', form: 'ONE_TO_ONE', companyIds: [c], topics: ['GREEN'] },
        }),
    },
    {
      label: 'POST /virksomheder/ny with the same CVR',
      run: (cookie) =>
        callAction(newCompanyRoute, {
          path: '/virksomheder/ny',
          cookie,
          form: {
            cvr: secret.cvr,
            name: 'Andet Navn ApS',
            kommuneId: koldingKommuneId,
            segment: 'DRIFT',
          },
        }),
      secrets: SECRETS_BUT_CVR,
    },
    {
      label: 'POST /virksomheder/import with the same CVR',
      run: (cookie) =>
        callAction(importRoute, { path: '/virksomheder/import', cookie, form: csv() }),
      secrets: SECRETS_BUT_CVR,
    },
    {
      label: 'POST /notifikationer read-all',
      run: (cookie) =>
        callAction(notificationsRoute, {
          path: '/notifikationer',
          cookie,
          form: { intent: 'read-all' },
        }),
    },
  ]
}

/** The reply with what the user typed cut out: `"q":"<query>"` in the loader data. */
function withoutEcho(body: string, echo: string | undefined) {
  return echo ? body.split(`"q":${JSON.stringify(echo)}`).join('"q":"<echo>"') : body
}

function found(text: string, secrets: readonly string[]) {
  const lower = text.toLowerCase()
  return secrets.filter((s) => lower.includes(s.toLowerCase()))
}

type Sweep = Map<string, RouteReply & { text: string }>

/** Calls every probe as this user; returns the replies and the list of leaks found. */
async function sweep(who: Who, probes: Probe[]) {
  const replies: Sweep = new Map()
  const leaks: string[] = []
  const errors: string[] = []
  for (const probe of probes) {
    const reply = await probe.run(cookies[who])
    const text = withoutEcho(reply.body, probe.echo)
    replies.set(probe.label, { ...reply, text })
    if (reply.status >= 500)
      errors.push(`${probe.label}: ${reply.status} ${reply.body.slice(0, 200)}`)
    for (const s of found(text, probe.secrets ?? SECRETS))
      leaks.push(`${probe.label} (${reply.status}) shows «${s}»`)
  }
  return { replies, leaks, errors }
}

/** The whole sweep for someone who may not see the company: nothing leaks, and the pages are real. */
async function expectNothingLeaksTo(who: Who) {
  const { replies, leaks, errors } = await sweep(who, [
    ...(await loaderProbes()),
    ...(await actionProbes()),
  ])
  expect(errors, `server errors for ${who}`).toEqual([])
  expect(leaks, `leaks to ${who}`).toEqual([])
  // Control: the sweep really reached the pages (a de-identified view, not only refusals) …
  const companyPage = replies.get('GET /virksomheder/<id>')!
  const casePage = replies.get('GET /virksomheder/forloeb/<id>')!
  if (MAY_VIEW_CASES.has(who)) {
    expect(companyPage.status).toBe(200)
    expect(companyPage.text).toContain(companyId)
    expect(companyPage.text).toContain('"identified":false')
    expect(casePage.status).toBe(200)
    expect(casePage.text).toContain(caseId)
    expect(casePage.text).toContain('"details":null')
  } else {
    expect(companyPage.status).toBe(403)
    expect(casePage.status).toBe(403)
  }
  // … and the exports refuse (404 for those who may export their own, giving no hint, else 403).
  for (const label of ['GET /virksomheder/<id>/eksport', 'GET /virksomheder/<id>/eksport.json']) {
    expect([403, 404], label).toContain(replies.get(label)!.status)
  }
  // Nothing the outsider tried changed the company or its case.
  const company = await db.company.findUniqueOrThrow({
    where: { id: companyId },
    include: { contacts: true, caseLinks: true },
  })
  expect(company.name).toBe(secret.name)
  expect(company.erasedAt).toBeNull()
  expect(company.contacts.map((c) => c.name)).toEqual([secret.contactName])
  expect(company.caseLinks.map((l) => l.caseId)).toEqual([caseId])
}

async function loaderReply(who: Who, label: string) {
  const probe = (await loaderProbes()).find((p) => p.label === label)
  if (!probe) throw new Error(`no probe ${label}`)
  const reply = await probe.run(cookies[who])
  return { ...reply, text: withoutEcho(reply.body, probe.echo) }
}

// ---------------------------------------------------------------------------------------------

beforeAll(async () => {
  httpServer = createServer()
  io = attachRealtime(httpServer)
  await new Promise<void>((resolve) => httpServer.listen(0, '127.0.0.1', resolve))
  const url = `http://127.0.0.1:${(httpServer.address() as AddressInfo).port}`

  for (const [who, email] of Object.entries(EMAILS) as [Who, string][]) {
    const session = await sessionCookieFor(email)
    cookies[who] = session.cookie
    userIds[who] = session.userId
    const socket = connect(url, {
      transports: ['websocket'],
      extraHeaders: { Cookie: session.cookie },
      reconnection: false,
    })
    socket.on('invalidate', (message: unknown) => inbox.push({ who, message }))
    sockets.set(who, socket)
  }
  await Promise.all([...sockets.values()].map(connected))
  await subscribeAll(['company', 'case', 'kommune', 'notification', 'outbox'])

  lesKolding = await actorFor(EMAILS.lesKolding)
  const orgId = async (name: string) =>
    (await db.organisation.findUniqueOrThrow({ where: { name } })).id
  org.kolding = await orgId('Business Kolding')
  org.vejle = await orgId('Business Vejle')
  org.house = await orgId('Erhvervshus Sydjylland')
  koldingKommuneId = (await db.kommune.findUniqueOrThrow({ where: { name: 'Kolding' } })).id

  // les.kolding logs the company, a contact, a case and an activity, without any consent.
  const input = CompanySchema.parse({
    cvr: secret.cvr,
    pNumber: secret.pNumber,
    name: secret.name,
    address: secret.address,
    kommuneId: koldingKommuneId,
    industry: 'Konfekture',
    employeeBand: '10-49',
    segment: 'VAEKST',
  })
  companyId = (await createCompany({ actor: lesKolding, input })).id
  await addContact({
    actor: lesKolding,
    companyId,
    input: {
      name: secret.contactName,
      role: 'Indkøbschef',
      email: secret.contactEmail,
      phone: '+45 70 00 00 00',
    },
  })
  const kase = await createCase({
    actor: lesKolding,
    input: {
      title: secret.caseTitle,
      form: 'ONE_TO_ONE',
      topics: ['GREEN'],
      companyIds: [companyId],
      nextStep: secret.nextStep,
    },
  })
  caseId = kase.id
  await addActivity({
    actor: lesKolding,
    caseId,
    kind: 'MEETING',
    date: copenhagenDate(new Date()),
    note: secret.note,
  })
  await subscribeAll([`company:${companyId}`, `case:${caseId}`])
})

afterAll(async () => {
  for (const socket of sockets.values()) socket.close()
  if (io) await new Promise((resolve) => io.close(resolve))
})

// ---------------------------------------------------------------------------------------------

describe('(a) without consent', () => {
  it('the owner finds every invented string on its own pages (positive control)', async () => {
    const { replies, errors } = await sweep('lesKolding', await loaderProbes())
    expect(errors).toEqual([])
    const text = (label: string) => replies.get(label)!.text
    const companyPage = text('GET /virksomheder/<id>')
    for (const s of [
      secret.name,
      secret.cvr,
      secret.pNumber,
      secret.address,
      secret.contactName,
      secret.contactEmail,
      secret.caseTitle,
    ])
      expect(companyPage).toContain(s)
    const casePage = text('GET /virksomheder/forloeb/<id>')
    for (const s of [secret.name, secret.cvr, secret.caseTitle, secret.nextStep, secret.note])
      expect(casePage).toContain(s)
    for (const label of ['GET /virksomheder/<id>/eksport', 'GET /virksomheder/<id>/eksport.json']) {
      for (const s of [
        secret.name,
        secret.cvr,
        secret.contactName,
        secret.contactEmail,
        secret.caseTitle,
        secret.note,
      ])
        expect(text(label), label).toContain(s)
    }
    // The JSON file's name carries the CVR: headers are searched too.
    expect(replies.get('GET /virksomheder/<id>/eksport.json')!.text).toContain(
      `filename=\\"virksomhed-${secret.cvr}-`,
    )
    for (const label of [
      'GET /virksomheder',
      'GET /virksomheder?kommune=alle',
      'GET /virksomheder?q=<name>',
      'GET /virksomheder?q=<name>&kommune=alle',
      'GET /virksomheder?q=<cvr>',
      'GET /virksomheder?q=<token>&kommune=alle',
      'GET /virksomheder?q=<cvr prefix>&kommune=alle',
      'GET /virksomheder/forloeb/ny',
    ]) {
      expect(text(label), label).toContain(secret.name)
    }
    expect(text('GET /virksomheder?q=<cvr>'), 'search by CVR finds the company').toContain(
      `"results":[{"id":"${companyId}"`,
    )
    expect(text('GET /virksomheder/forloeb/ny?virksomhed=<id>')).toContain(
      `"preselected":"${companyId}"`,
    )
  })

  it('the search echo is cut out only where it is the echo (control for withoutEcho)', async () => {
    const reply = await loaderReply('lesVejle', 'GET /virksomheder?q=<name>')
    expect(reply.body).toContain(secret.name) // the raw reply holds the typed query …
    expect(reply.text).not.toContain(secret.name) // … which is the only occurrence for an outsider
    expect(reply.text).toContain('"results":[]')
  })

  it("refuses the owner's hand-over without consent, naming the company only to the owner", async () => {
    const version = await caseVersion()
    const owner = await callAction(caseRoute, {
      path: `/virksomheder/forloeb/${caseId}`,
      cookie: cookies.lesKolding,
      params: { id: caseId },
      form: { intent: 'transition', event: 'HAND_OVER', version: String(version) },
    })
    expect(owner.status).toBe(409)
    expect(owner.body).toContain(secret.name)
    expect(owner.body).toContain(`/virksomheder/${companyId}`)
    expect(await caseVersion()).toBe(version)
  })

  it.each(OUTSIDERS)(
    '%s: no loader, search, export or action reply shows the company',
    async (who) => {
      await expectNothingLeaksTo(who)
    },
  )
})

describe('(b) consent naming Business Vejle only', () => {
  beforeAll(async () => {
    consentIds.vejle = (
      await recordConsent({
        actor: lesKolding,
        companyId,
        ownerOrganisationId: org.kolding,
        input: consentFor(org.vejle),
      })
    ).id
  })

  it('les.vejle now sees the company, finds it by name and CVR, and sees the case (positive control)', async () => {
    const companyPage = await loaderReply('lesVejle', 'GET /virksomheder/<id>')
    expect(companyPage.status).toBe(200)
    for (const s of [secret.name, secret.cvr, secret.contactName, secret.contactEmail])
      expect(companyPage.text).toContain(s)
    expect(companyPage.text).toContain('"via":"consent"')
    expect((await loaderReply('lesVejle', 'GET /virksomheder?q=<cvr>')).text).toContain(
      `"results":[{"id":"${companyId}"`,
    )
    expect((await loaderReply('lesVejle', 'GET /virksomheder?q=<name>')).text).toContain(
      secret.name,
    )
    const casePage = await loaderReply('lesVejle', 'GET /virksomheder/forloeb/<id>')
    expect(casePage.text).toContain(secret.caseTitle)
    // The view was written to the access log.
    expect(
      await db.consentAccess.count({
        where: { companyId, consentId: consentIds.vejle, userId: userIds.lesVejle },
      }),
    ).toBeGreaterThan(0)
  })

  it.each(OUTSIDERS.filter((who) => who !== 'lesVejle'))('%s: still sees nothing', async (who) => {
    await expectNothingLeaksTo(who)
  })
})

describe('(c) hand-over with consent for the Erhvervshus', () => {
  let notificationsBefore: string[] = []
  let emailsBefore: string[] = []

  beforeAll(async () => {
    notificationsBefore = (await db.notification.findMany({ select: { id: true } })).map(
      (n) => n.id,
    )
    emailsBefore = (await db.outboxEmail.findMany({ select: { id: true } })).map((e) => e.id)
    consentIds.house = (
      await recordConsent({
        actor: lesKolding,
        companyId,
        ownerOrganisationId: org.kolding,
        input: consentFor(org.house),
      })
    ).id
    const reply = await callAction(caseRoute, {
      path: `/virksomheder/forloeb/${caseId}`,
      cookie: cookies.lesKolding,
      params: { id: caseId },
      form: { intent: 'transition', event: 'HAND_OVER', version: String(await caseVersion()) },
    })
    if (reply.status !== 200) throw new Error(`hand-over failed: ${reply.status} ${reply.body}`)
    const activity = await callAction(caseRoute, {
      path: `/virksomheder/forloeb/${caseId}`,
      cookie: cookies.lesKolding,
      params: { id: caseId },
      form: {
        intent: 'activity',
        kind: 'CALL',
        date: copenhagenDate(new Date()),
        note: secret.laterNote,
      },
    })
    if (activity.status !== 200)
      throw new Error(`activity failed: ${activity.status} ${activity.body}`)
    await pause(200)
  })

  it('the case is handed over', async () => {
    expect((await db.case.findUniqueOrThrow({ where: { id: caseId } })).state).toBe('handedOver')
  })

  it('the new notification and e-mail rows carry no name or CVR', async () => {
    const notifications = await db.notification.findMany({
      where: { id: { notIn: notificationsBefore } },
    })
    const emails = await db.outboxEmail.findMany({ where: { id: { notIn: emailsBefore } } })
    // Positive control: the key account manager for Kolding was told, in the app and by e-mail.
    expect(
      notifications.filter(
        (n) => n.userId === userIds.kam && n.link === `/virksomheder/forloeb/${caseId}`,
      ),
    ).toHaveLength(1)
    expect(emails.filter((e) => e.toEmail === EMAILS.kam)).toHaveLength(1)
    expect(found(JSON.stringify(notifications), SECRETS)).toEqual([])
    expect(found(JSON.stringify(emails), SECRETS)).toEqual([])
  })

  it('the notification page and the admin outbox show the message, not the company', async () => {
    const notifications = await loaderReply('kam', 'GET /notifikationer')
    expect(notifications.text).toContain(`/virksomheder/forloeb/${caseId}`)
    expect(found(notifications.text, SECRETS)).toEqual([])
    const outbox = await loaderReply('admin', 'GET /admin/udbakke')
    expect(outbox.text).toContain(EMAILS.kam)
    expect(found(outbox.text, SECRETS)).toEqual([])
  })

  it('the key account manager now sees the company through the consent (positive control)', async () => {
    const companyPage = await loaderReply('kam', 'GET /virksomheder/<id>')
    expect(companyPage.text).toContain(secret.name)
    expect(companyPage.text).toContain(secret.cvr)
  })

  it.each(['kkr', 'trekant'] as Who[])('%s: still sees nothing', async (who) => {
    await expectNothingLeaksTo(who)
  })
})

describe('(d) revoking the consent for Business Vejle', () => {
  beforeAll(async () => {
    const reply = await callAction(companyRoute, {
      path: `/virksomheder/${companyId}`,
      cookie: cookies.lesKolding,
      params: { id: companyId },
      form: {
        intent: 'revoke',
        consentId: consentIds.vejle,
        reason: 'Virksomheden har trukket samtykket tilbage',
      },
    })
    if (reply.status !== 200) throw new Error(`revoke failed: ${reply.status} ${reply.body}`)
  })

  it('les.vejle no longer sees the company anywhere', async () => {
    await expectNothingLeaksTo('lesVejle')
  })

  it('the Erhvervshus still does: only the revoked consent stopped (positive control)', async () => {
    expect((await loaderReply('kam', 'GET /virksomheder/<id>')).text).toContain(secret.name)
    expect((await loaderReply('director', 'GET /virksomheder?q=<cvr>')).text).toContain(secret.name)
  })
})

describe('(e) revoking the consent for the Erhvervshus too', () => {
  beforeAll(async () => {
    const reply = await callAction(companyRoute, {
      path: `/virksomheder/${companyId}`,
      cookie: cookies.lesKolding,
      params: { id: companyId },
      form: { intent: 'revoke', consentId: consentIds.house, reason: 'Samarbejdet er slut' },
    })
    if (reply.status !== 200) throw new Error(`revoke failed: ${reply.status} ${reply.body}`)
  })

  it.each(OUTSIDERS)('%s: sees nothing again, although the case was handed over', async (who) => {
    await expectNothingLeaksTo(who)
  })

  it('the owner still sees it all (positive control)', async () => {
    const casePage = await loaderReply('lesKolding', 'GET /virksomheder/forloeb/<id>')
    for (const s of [secret.name, secret.caseTitle, secret.note, secret.laterNote])
      expect(casePage.text).toContain(s)
  })

  it('no notification or e-mail row in the whole database carries the company', async () => {
    expect(found(JSON.stringify(await db.notification.findMany()), SECRETS)).toEqual([])
    expect(found(JSON.stringify(await db.outboxEmail.findMany()), SECRETS)).toEqual([])
  })
})

describe('(f) an organisation that opened its own case under a consent that is later revoked', () => {
  // A token of its own, so that this company's strings are not mistaken for the first one's.
  const token = Array.from({ length: 8 }, () => String.fromCharCode(97 + randomInt(26))).join('')
  const other = {
    name: `Brødrene ${token} Blikkenslagere`,
    cvr: `8${randomInt(1_000_000, 10_000_000)}`,
    caseTitle: `Blik ${token}: ny fabrikshal`,
    note: `Fortroligt om ${token}s økonomi`,
  }
  let otherId = ''
  let koldingCaseId = ''
  let vejleCaseId = ''

  beforeAll(async () => {
    const input = CompanySchema.parse({
      cvr: other.cvr,
      name: other.name,
      kommuneId: koldingKommuneId,
      segment: 'DRIFT',
    })
    otherId = (await createCompany({ actor: lesKolding, input })).id
    koldingCaseId = (
      await createCase({
        actor: lesKolding,
        input: {
          title: other.caseTitle,
          form: 'ONE_TO_ONE',
          topics: ['GREEN'],
          companyIds: [otherId],
        },
      })
    ).id
    await addActivity({
      actor: lesKolding,
      caseId: koldingCaseId,
      kind: 'NOTE',
      date: copenhagenDate(new Date()),
      note: other.note,
    })
    const consent = await recordConsent({
      actor: lesKolding,
      companyId: otherId,
      ownerOrganisationId: org.kolding,
      input: consentFor(org.vejle, `Ole ${token}`),
    })
    const created = await callAction(newCaseRoute, {
      path: '/virksomheder/forloeb/ny',
      cookie: cookies.lesVejle,
      form: {
        title: 'Vejles eget forløb',
        form: 'ONE_TO_ONE',
        companyIds: [otherId],
        topics: ['GREEN'],
      },
    })
    if (created.status !== 302 || !created.location)
      throw new Error(`case not created: ${created.status} ${created.body}`)
    vejleCaseId = created.location.split('/').pop()!
    const revoked = await callAction(companyRoute, {
      path: `/virksomheder/${otherId}`,
      cookie: cookies.lesKolding,
      params: { id: otherId },
      form: { intent: 'revoke', consentId: consent.id, reason: 'Trukket tilbage' },
    })
    if (revoked.status !== 200) throw new Error(`revoke failed: ${revoked.status} ${revoked.body}`)
  })

  it("Business Vejle sees the company through its own case, but Business Kolding's case only de-identified (control)", async () => {
    const companyPage = await callLoader(companyRoute, {
      path: `/virksomheder/${otherId}`,
      cookie: cookies.lesVejle,
      params: { id: otherId },
    })
    expect(companyPage.body).toContain(other.name)
    expect(companyPage.body).toContain(koldingCaseId)
    const koldingCase = await callLoader(caseRoute, {
      path: `/virksomheder/forloeb/${koldingCaseId}`,
      cookie: cookies.lesVejle,
      params: { id: koldingCaseId },
    })
    expect(koldingCase.status).toBe(200)
    expect(koldingCase.body).toContain('"details":null')
    // The owner's export does hold the case details, so the search below can find them.
    const ownerExport = await callLoader(exportJsonRoute, {
      path: `/virksomheder/${otherId}/eksport.json`,
      cookie: cookies.lesKolding,
      params: { id: otherId },
    })
    expect(found(ownerExport.body, [other.caseTitle, other.note])).toEqual([
      other.caseTitle,
      other.note,
    ])
  })

  it("Business Kolding's case details reach Business Vejle on no page and in no export", async () => {
    const replies = [
      [
        'company page',
        await callLoader(companyRoute, {
          path: `/virksomheder/${otherId}`,
          cookie: cookies.lesVejle,
          params: { id: otherId },
        }),
      ],
      [
        'Kolding case page',
        await callLoader(caseRoute, {
          path: `/virksomheder/forloeb/${koldingCaseId}`,
          cookie: cookies.lesVejle,
          params: { id: koldingCaseId },
        }),
      ],
      [
        'Vejle case page',
        await callLoader(caseRoute, {
          path: `/virksomheder/forloeb/${vejleCaseId}`,
          cookie: cookies.lesVejle,
          params: { id: vejleCaseId },
        }),
      ],
      [
        'export page',
        await callLoader(exportPageRoute, {
          path: `/virksomheder/${otherId}/eksport`,
          cookie: cookies.lesVejle,
          params: { id: otherId },
        }),
      ],
      [
        'export json',
        await callLoader(exportJsonRoute, {
          path: `/virksomheder/${otherId}/eksport.json`,
          cookie: cookies.lesVejle,
          params: { id: otherId },
        }),
      ],
    ] as const
    const leaks = replies.flatMap(([label, reply]) =>
      found(reply.body, [other.caseTitle, other.note]).map(
        (s) => `${label} (${reply.status}) shows «${s}»`,
      ),
    )
    expect(leaks).toEqual([])
  })
})

describe('(g) a consent that runs out', () => {
  let consentId = ''

  beforeAll(async () => {
    consentId = (
      await recordConsent({
        actor: lesKolding,
        companyId,
        ownerOrganisationId: org.kolding,
        input: consentFor(org.vejle),
      })
    ).id
  })

  it('shows the company to les.vejle while it lasts (positive control)', async () => {
    expect((await loaderReply('lesVejle', 'GET /virksomheder/<id>')).text).toContain(secret.name)
  })

  it('hides it everywhere once its expiry has passed, before and after the expiry job', async () => {
    await db.consent.update({
      where: { id: consentId },
      data: { expiresAt: new Date(Date.now() - 1000) },
    })
    await expectNothingLeaksTo('lesVejle')
    expect(await expireConsents(new Date())).toBe(1)
    await expectNothingLeaksTo('lesVejle')
  })
})

/** Every row of every table, as text. */
async function wholeDatabase() {
  const dump: string[] = []
  for (const name of await tableNames(db)) {
    const rows = await db.$queryRawUnsafe<unknown[]>(`SELECT * FROM "${name}"`)
    dump.push(
      `${name}: ${JSON.stringify(rows, (_key, value: unknown) => (typeof value === 'bigint' ? String(value) : value))}`,
    )
  }
  return dump.join('\n')
}

describe("(h) erasure on the company's request", () => {
  beforeAll(async () => {
    const { cookie } = await sessionCookieFor('lesdir.kolding@kolding.demo')
    const reply = await callAction(companyRoute, {
      path: `/virksomheder/${companyId}`,
      cookie,
      params: { id: companyId },
      form: { intent: 'erase', confirmCvr: spacedCvr },
    })
    if (reply.status !== 302) throw new Error(`erase failed: ${reply.status} ${reply.body}`)
  })

  it('the database held the company before (control) and holds none of its identity now', async () => {
    // The control: the same scan finds the second company's name, which was not erased.
    const dump = await wholeDatabase()
    expect(dump).toContain('Blikkenslagere')
    expect(found(dump, SECRETS)).toEqual([])
  })

  it.each(['lesKolding', ...OUTSIDERS] as Who[])(
    '%s: no loader shows anything of the erased company',
    async (who) => {
      const { replies, leaks, errors } = await sweep(who, await loaderProbes())
      expect(errors).toEqual([])
      expect(leaks).toEqual([])
      if (MAY_VIEW_CASES.has(who))
        expect(replies.get('GET /virksomheder/<id>')!.text).toContain('"erased":true')
    },
  )
})

describe('(i) socket messages', () => {
  it('arrived for every write, on every client, and carry no company data', async () => {
    await pause(200)
    const of = (who: Who) =>
      inbox.filter((m) => m.who === who).map((m) => m.message as Invalidation)
    // Positive controls: the outsiders' open pages were told about the company and its case …
    for (const who of OUTSIDERS) {
      const messages = of(who)
      expect(
        messages.some((m) => m.topic === 'company' && m.id === companyId),
        `${who} heard about the company`,
      ).toBe(true)
      expect(
        messages.some((m) => m.topic === 'case' && m.id === caseId),
        `${who} heard about the case`,
      ).toBe(true)
    }
    // … for each write: creation, contact, case, two consents, two revocations (and more after).
    expect(
      of('lesVejle').filter((m) => m.topic === 'company' && m.id === companyId).length,
    ).toBeGreaterThanOrEqual(7)
    // … and the key account manager's inbox was told about the notification.
    expect(of('kam').some((m) => m.topic === 'notification')).toBe(true)
    expect(of('admin').some((m) => m.topic === 'outbox')).toBe(true)

    expect(found(JSON.stringify(inbox), SECRETS)).toEqual([])
    for (const { message } of inbox)
      expect(Object.keys(message as object).sort()).toEqual(['id', 'topic', 'version'])
  })
})
