import { fileURLToPath } from 'node:url'
import { expect, type APIRequestContext, type APIResponse, type PlaywrightWorkerArgs } from '@playwright/test'
import Database from 'better-sqlite3'
import { DEMO_ACCOUNTS, DEMO_PASSWORD } from '../../prisma/demo-accounts.js'
import { copenhagenDate, inDays, uniqueToken } from './helpers.ts'
import { COLUMNS, type Db, type DemoUser, type Fixtures, type Who } from './route-rules.ts'

/**
 * What the security sweeps (authorisation.spec.ts, consent-crawl.spec.ts) share: one HTTP
 * session per demo user, read-only access to the e2e database, and the records the sweeps need,
 * made through the app's own forms (document POSTs, as a browser without JavaScript sends them).
 */

export type Sessions = Record<Who, APIRequestContext>

/** "les.kolding" → "les.kolding@kolding.demo". */
export function emailOf(who: DemoUser): string {
  const account = DEMO_ACCOUNTS.find((a) => a.email.split('@')[0] === who)
  if (!account) throw new Error(`no demo account for ${who}`)
  return account.email
}

/** The column names of the demo accounts, for checking that the table has one for each. */
export const demoAccountColumns = () => DEMO_ACCOUNTS.map((a) => a.email.split('@')[0]!)

async function logInOver(api: APIRequestContext, baseURL: string, who: DemoUser) {
  const response = await api.post('/login', {
    form: { email: emailOf(who), password: DEMO_PASSWORD, redirectTo: '' },
    headers: { Origin: baseURL },
    maxRedirects: 0,
  })
  expect(response.status(), `login as ${who}`).toBe(302)
}

/** One logged-in request context per demo user (their cookie jar holds the session), and one anonymous. */
export async function openSessions(playwright: PlaywrightWorkerArgs['playwright'], baseURL: string): Promise<Sessions> {
  const entries = await Promise.all(
    COLUMNS.map(async (who) => {
      const api = await playwright.request.newContext({ baseURL })
      if (who !== 'anon') await logInOver(api, baseURL, who)
      return [who, api] as const
    }),
  )
  return Object.fromEntries(entries) as Sessions
}

export async function closeSessions(sessions: Sessions | undefined) {
  await Promise.all(Object.values(sessions ?? {}).map((api) => api.dispose()))
}

/** The session cookie of a context, for the socket handshake. */
export async function sessionCookie(api: APIRequestContext): Promise<string> {
  const cookie = (await api.storageState()).cookies.find((c) => c.name === 'kp_session')
  if (!cookie) throw new Error('no session cookie')
  return `${cookie.name}=${cookie.value}`
}

/** A form POST as a browser without JavaScript sends it (same origin; repeated fields for arrays). */
export function postForm(api: APIRequestContext, baseURL: string, path: string, fields: Record<string, string | string[]>): Promise<APIResponse> {
  const body = new URLSearchParams()
  for (const [name, value] of Object.entries(fields)) for (const v of [value].flat()) body.append(name, v)
  return api.post(path, {
    data: body.toString(),
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', Origin: baseURL },
    maxRedirects: 0,
  })
}

/** The path a successful create redirects to ("/virksomheder/<id>"), or a failure naming the reply. */
export async function redirectTarget(response: APIResponse, what: string): Promise<string> {
  const location = response.headers().location
  if (response.status() !== 302 || !location) {
    throw new Error(`${what}: expected a redirect, got ${response.status()} ${(await response.text()).slice(0, 300)}`)
  }
  return new URL(location, 'http://x').pathname
}

const lastSegment = (path: string) => path.split('/').pop()!

// ---------------------------------------------------------------------------------------------
// The e2e database (playwright.config.ts: E2E_DATABASE_URL), read-only.

export type ReadOnlyDb = Db & { close(): void }

export function openDb(): ReadOnlyDb {
  const url = process.env.E2E_DATABASE_URL
  if (!url?.startsWith('file:')) throw new Error('E2E_DATABASE_URL must be a file: URL (playwright.config.ts sets it)')
  const path = url.startsWith('file://') ? fileURLToPath(url) : url.slice('file:'.length)
  const sqlite = new Database(path, { readonly: true, fileMustExist: true, timeout: 5_000 })
  const get = (sql: string, ...params: unknown[]) => sqlite.prepare(sql).get(...params) as Record<string, unknown> | undefined
  return {
    get,
    version(table, id) {
      const row = get(`SELECT version FROM "${table}" WHERE id = ?`, id)
      if (!row) throw new Error(`${table} ${id} not found`)
      return Number(row.version)
    },
    close: () => sqlite.close(),
  }
}

function idOf(db: Db, sql: string, ...params: unknown[]): string {
  const row = db.get(sql, ...params)
  if (!row?.id) throw new Error(`nothing found: ${sql} ${JSON.stringify(params)}`)
  return String(row.id)
}

// ---------------------------------------------------------------------------------------------
// Companies, consents and cases, made by their owner through the forms.

export type NewCompany = { id: string; name: string; cvr: string; token: string }

/** A CVR that starts with 9 (no timestamp or id in a page has such a run of digits by chance). */
export function randomCvr() {
  return `9${String(Math.floor(Math.random() * 10_000_000)).padStart(7, '0')}`
}

export async function createCompany(owner: APIRequestContext, baseURL: string, kommuneId: string, prefix: string): Promise<NewCompany> {
  const token = uniqueToken()
  const company = { name: `${prefix} ${token} ApS`, cvr: randomCvr(), token }
  const response = await postForm(owner, baseURL, '/virksomheder/ny', {
    name: company.name,
    cvr: company.cvr,
    kommuneId,
    segment: 'VAEKST',
    address: `${token}vej 7, 6000 Kolding`,
  })
  return { ...company, id: lastSegment(await redirectTarget(response, `register ${company.name}`)) }
}

export async function addContact(owner: APIRequestContext, baseURL: string, companyId: string, name: string) {
  const email = `${name.replace(/\s+/g, '.').toLowerCase()}@example.invalid`
  const response = await postForm(owner, baseURL, `/virksomheder/${companyId}`, { intent: 'add-contact', name, role: 'Direktør', email })
  expect(response.status(), `add contact ${name}`).toBe(200)
}

export async function createCase(owner: APIRequestContext, baseURL: string, companyIds: string[], title: string): Promise<string> {
  const response = await postForm(owner, baseURL, '/virksomheder/forloeb/ny', {
    title,
    form: companyIds.length === 1 ? 'ONE_TO_ONE' : 'ONE_TO_MANY',
    companyIds,
    topics: 'GREEN',
    nextStep: `Næste møde om ${title}`,
    nextStepDue: inDays(14),
  })
  return lastSegment(await redirectTarget(response, `open case ${title}`))
}

// ---------------------------------------------------------------------------------------------
// The records the authorisation sweep requests.

const THIS_YEAR = Number(copenhagenDate(new Date()).slice(0, 4))
/** Other specs draft Kolding's declarations for this year and the next; five years ahead is ours. */
const DECLARATION_YEAR = THIS_YEAR + 5

async function draftKoldingDeclaration(sessions: Sessions, baseURL: string, db: Db, kommuneId: string) {
  const response = await postForm(sessions.direktor, baseURL, '/hensigtserklaeringer?index', { intent: 'create', kommuneId, year: String(DECLARATION_YEAR) })
  if (response.status() === 409) return idOf(db, 'SELECT id FROM Declaration WHERE kommuneId = ? AND year = ?', kommuneId, DECLARATION_YEAR)
  return lastSegment(await redirectTarget(response, 'create the Kolding declaration'))
}

/** Opens an agreement with a partner that has none yet (another test may take one at the same moment: then the next). */
async function openAgreement(sessions: Sessions, baseURL: string, db: Db) {
  for (let attempt = 0; attempt < 5; attempt++) {
    const partnerId = idOf(db, `SELECT id FROM Organisation WHERE kind = 'CLUSTER' AND active = 1 AND id NOT IN (SELECT partnerId FROM Agreement) ORDER BY name DESC LIMIT 1`)
    const response = await postForm(sessions.direktor, baseURL, '/klyngeaftaler?index', { partnerId })
    if (response.status() !== 409) return lastSegment(await redirectTarget(response, 'open an agreement'))
  }
  throw new Error('no cluster without an agreement')
}

async function uploadDocument(sessions: Sessions, baseURL: string, db: Db, agreementId: string) {
  const response = await sessions.direktor.post(`/klyngeaftaler/${agreementId}`, {
    multipart: { intent: 'upload', file: { name: 'aftaleudkast.txt', mimeType: 'text/plain', buffer: Buffer.from('Udkast til samarbejdsaftale.\n') } },
    headers: { Origin: baseURL },
    maxRedirects: 0,
  })
  expect(response.status(), 'upload a document').toBe(200)
  return idOf(db, 'SELECT id FROM AgreementDocument WHERE agreementId = ?', agreementId)
}

async function sendReferral(sessions: Sessions, baseURL: string, db: Db, fixtures: { case: string; company: string; organisationDdc: string }) {
  const created = await postForm(sessions['les.kolding'], baseURL, '/henvisninger/ny', {
    caseId: fixtures.case,
    companyId: fixtures.company,
    recipientId: fixtures.organisationDdc,
    purpose: 'Designsprint om ny emballage',
  })
  const referral = lastSegment(await redirectTarget(created, 'create a referral'))
  const sent = await postForm(sessions['les.kolding'], baseURL, `/henvisninger/${referral}`, { intent: 'transition', event: 'SEND', version: String(db.version('Referral', referral)) })
  expect(sent.status(), 'send the referral').toBe(200)
  return referral
}

async function calendarToken(sessions: Sessions, baseURL: string) {
  const response = await postForm(sessions['br.trekant'], baseURL, '/direktoermoeder?index', { intent: 'calendar-token' })
  expect(response.status(), 'make a calendar address').toBe(200)
  const token = /\/kalender\/([A-Za-z0-9_-]+)\.ics/.exec(await response.text())?.[1]
  if (!token) throw new Error('no calendar address on the page')
  return token
}

/** Finds the seeded records and makes the rest, each through the app as the user who may. */
export async function prepareFixtures(sessions: Sessions, baseURL: string, db: Db): Promise<Fixtures> {
  const user = (who: DemoUser) => idOf(db, 'SELECT id FROM User WHERE email = ?', emailOf(who))
  const kommuneKolding = idOf(db, `SELECT id FROM Kommune WHERE name = 'Kolding'`)
  const organisationDdc = idOf(db, `SELECT id FROM Organisation WHERE name = 'Dansk Design Center'`)
  const series = idOf(db, `SELECT id FROM MeetingSeries WHERE title = 'Direktørmøde' ORDER BY createdAt LIMIT 1`)

  const les = sessions['les.kolding']
  const company = await createCompany(les, baseURL, kommuneKolding, 'Adgangstest')
  const consented = await postForm(les, baseURL, `/virksomheder/${company.id}`, {
    intent: 'consent',
    givenByName: 'Birthe Bager',
    givenByRole: 'Direktør',
    method: 'WRITTEN',
    givenAt: copenhagenDate(new Date()),
    scope: 'ALL',
    purposes: ['GUIDANCE', 'REFERRAL'],
    expiresAt: inDays(180),
  })
  expect(consented.status(), 'record the consent').toBe(200)
  const caseId = await createCase(les, baseURL, [company.id], `Adgangstest ${company.token}: designforløb`)
  const [declarationKolding, privateCompany, referral, agreement, token] = await Promise.all([
    draftKoldingDeclaration(sessions, baseURL, db, kommuneKolding),
    createCompany(les, baseURL, kommuneKolding, 'Fortrolig'),
    sendReferral(sessions, baseURL, db, { case: caseId, company: company.id, organisationDdc }),
    openAgreement(sessions, baseURL, db),
    calendarToken(sessions, baseURL),
  ])

  return {
    userLesVejle: user('les.vejle'),
    userKkr: user('kkr'),
    kommuneKolding,
    organisationKolding: idOf(db, `SELECT id FROM Organisation WHERE name = 'Business Kolding'`),
    organisationDdc,
    meeting: idOf(db, `SELECT id FROM Meeting WHERE seriesId = ? AND state = 'planned' ORDER BY startsAt DESC LIMIT 1`, series),
    heldMeeting: idOf(db, `SELECT id FROM Meeting WHERE seriesId = ? AND state = 'closed' ORDER BY startsAt LIMIT 1`, series),
    actionItem: idOf(db, `SELECT id FROM ActionItem WHERE text = 'Beskriv erfaringerne med den fælles besøgsmetode'`),
    declarationKolding,
    declarationYear: String(DECLARATION_YEAR),
    declarationEsbjerg: idOf(db, `SELECT d.id FROM Declaration d JOIN Kommune k ON k.id = d.kommuneId WHERE k.name = 'Esbjerg' AND d.year = ?`, THIS_YEAR),
    company: company.id,
    companyCvr: company.cvr,
    consent: idOf(db, 'SELECT id FROM Consent WHERE companyId = ?', company.id),
    case: caseId,
    privateCompany: privateCompany.id,
    referral,
    ddcNotification: idOf(db, 'SELECT id FROM Notification WHERE userId = ? AND link = ?', user('ddc'), `/henvisninger/${referral}`),
    agreement,
    document: await uploadDocument(sessions, baseURL, db, agreement),
    calendarToken: token,
    today: copenhagenDate(new Date()),
  }
}

