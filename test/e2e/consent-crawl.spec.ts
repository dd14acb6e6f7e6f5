import { expect, test, type APIRequestContext, type APIResponse } from '@playwright/test'
import { io, type Socket } from 'socket.io-client'
import { copenhagenDate, inDays } from './helpers.ts'
import { COLUMNS, ROUTE_RULES, type Who } from './route-rules.ts'
import {
  addContact,
  closeSessions,
  createCase,
  createCompany,
  openDb,
  openSessions,
  postForm,
  sessionCookie,
  type NewCompany,
  type ReadOnlyDb,
  type Sessions,
} from './security-fixtures.ts'

/**
 * Issue 11, consent-leak crawl: two Kolding companies are registered by Business Kolding with
 * contact people and cases and no consent, so only Business Kolding may see who they are. Every
 * other demo user (and an anonymous visitor) crawls every page reachable from the links of the
 * served HTML, plus the exports, reports and notifications, while listening on a socket as the
 * owner keeps changing the companies; the names, CVR numbers and contact people appear in no
 * page, file, header or socket message. The owner's own crawl finds them all (the search can
 * fail), and every listener hears the changes (the socket was live while they happened).
 *
 * test/integration/consent-leaks.test.ts goes through each route module with crafted requests;
 * this goes end to end through what the running server links to.
 */

test.use({ trace: 'off' })

const OWNER: Who = 'les.kolding'
/** Business Kolding: the owner organisation; everyone else has no consent for the companies. */
const OWNER_ORGANISATION: readonly Who[] = ['les.kolding', 'lesdir.kolding']
const CRAWLERS = COLUMNS.filter((who) => !OWNER_ORGANISATION.includes(who))

/** Bounds, so the crawl of all users takes about a minute: pages per user, and URLs per pattern. */
const MAX_PAGES = 80
const PER_PATTERN = 3

const TOPICS = ['action-item', 'agreement', 'case', 'company', 'declaration', 'goals', 'kommune', 'meeting', 'notification', 'outbox', 'referral', 'workday']

type Secret = { label: string; text: string }

type TestData = { a: NewCompany; b: NewCompany; contacts: string[]; cases: string[]; kommuneKolding: string }

/** Everything that identifies the companies: each carries a company's token, and the CVR numbers on their own. */
function secretsOf(data: TestData): Secret[] {
  const spaced = (cvr: string) => cvr.replace(/(\d{2})(?=\d)/g, '$1 ')
  return [
    ...[data.a, data.b].flatMap((c) => [
      { label: `name of ${c.name}`, text: c.token },
      { label: `CVR of ${c.name}`, text: c.cvr },
      { label: `spaced CVR of ${c.name}`, text: spaced(c.cvr) },
    ]),
    ...data.contacts.map((name) => ({ label: `contact ${name}`, text: name })),
  ]
}

function secretsIn(text: string, secrets: Secret[]): string[] {
  const haystack = text.toLowerCase()
  return secrets.filter((s) => haystack.includes(s.text.toLowerCase())).map((s) => s.label)
}

// ---------------------------------------------------------------------------------------------
// The crawl.

type Visit = { url: string; status: number; found: string[] }

const ID_SEGMENT = /^(c[a-z0-9]{20,}|[a-z0-9]{24,})$/

/** "/virksomheder/c123…?fane=x" → "/virksomheder/:id?fane": one pattern for all records of a page ("…/:id.ics" for their files). */
function patternOf(url: string) {
  const { pathname, searchParams } = new URL(url, 'http://app.invalid')
  const path = pathname
    .split('/')
    .map((segment) => {
      const [name, extension] = segment.split(/(?=\.\w+$)/)
      return ID_SEGMENT.test(name!) ? `:id${extension ?? ''}` : segment
    })
    .join('/')
  return `${path}?${[...searchParams.keys()].sort().join('&')}`
}

/** Same-origin GET links of a page; never /logout, assets or anchors. */
function linksIn(html: string): string[] {
  const links: string[] = []
  for (const [, href] of html.matchAll(/<a\b[^>]*?\shref="([^"]+)"/g)) {
    const url = href!.replace(/&amp;/g, '&')
    if (!url.startsWith('/') || url.startsWith('//')) continue
    const path = url.split('#')[0]!
    if (path === '' || path.startsWith('/logout') || path.startsWith('/assets/')) continue
    links.push(path)
  }
  return links
}

function whatWasSent(response: APIResponse, body: string) {
  const headers = Object.entries(response.headers())
    .map(([name, value]) => `${name}: ${value}`)
    .join('\n')
  return `${headers}\n\n${body}`
}

/** Breadth first from the seeds over the links in the served HTML; redirects are followed as links. */
async function crawl(api: APIRequestContext, seeds: string[], secrets: Secret[]): Promise<Visit[]> {
  const queue = [...seeds]
  const seen = new Set(seeds)
  const perPattern = new Map<string, number>()
  const visits: Visit[] = []
  const enqueue = (url: string) => {
    if (seen.has(url)) return
    const pattern = patternOf(url)
    if ((perPattern.get(pattern) ?? 0) >= PER_PATTERN) return
    perPattern.set(pattern, (perPattern.get(pattern) ?? 0) + 1)
    seen.add(url)
    queue.push(url)
  }
  while (queue.length > 0 && visits.length < MAX_PAGES) {
    const url = queue.shift()!
    const response = await api.get(url, { maxRedirects: 0 })
    const body = await response.text()
    visits.push({ url, status: response.status(), found: secretsIn(whatWasSent(response, body), secrets) })
    const location = response.headers().location
    if (location?.startsWith('/')) enqueue(location)
    if ((response.headers()['content-type'] ?? '').startsWith('text/html')) linksIn(body).forEach(enqueue)
  }
  return visits
}

// ---------------------------------------------------------------------------------------------
// The sockets.

type Heard = { who: Who; event: string; payload: string }

/** A socket as the user's browser opens it (with their session cookie), noting every message it gets. */
function listen(baseURL: string, who: Who, cookie: string, heard: Heard[]): Promise<Socket> {
  const socket = io(baseURL, { transports: ['websocket'], reconnection: false, extraHeaders: { Cookie: cookie } })
  socket.onAny((event: string, ...args: unknown[]) => heard.push({ who, event, payload: JSON.stringify(args) }))
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(socket))
    socket.once('connect_error', (error) => reject(new Error(`${who}: ${error.message}`)))
  })
}

// ---------------------------------------------------------------------------------------------

test.describe('@security consent-leak crawl', () => {
  let sessions: Sessions
  let db: ReadOnlyDb
  let baseURL: string
  let data: TestData

  test.beforeAll(async ({ playwright }) => {
    test.setTimeout(60_000)
    baseURL = test.info().project.use.baseURL!
    sessions = await openSessions(playwright, baseURL)
    db = openDb()
    const kommuneKolding = String(db.get(`SELECT id FROM Kommune WHERE name = 'Kolding'`)?.id)
    const owner = sessions[OWNER]
    const a = await createCompany(owner, baseURL, kommuneKolding, 'Lakridsværk')
    const b = await createCompany(owner, baseURL, kommuneKolding, 'Skovfoged')
    const contacts = [`Henrietta ${a.token}sen`, `Gertrud ${b.token}`]
    await addContact(owner, baseURL, a.id, contacts[0]!)
    await addContact(owner, baseURL, b.id, contacts[1]!)
    const cases = [await createCase(owner, baseURL, [a.id], `Eksport for ${a.token}`), await createCase(owner, baseURL, [a.id, b.id], `Workshop ${a.token} og ${b.token}`)]
    data = { a, b, contacts, cases, kommuneKolding }
  })

  test.afterAll(async () => {
    await closeSessions(sessions)
    db?.close()
  })

  /** The owner keeps working on the companies: a contact, new master data, an activity, a next step. */
  async function ownerChanges() {
    const owner = sessions[OWNER]
    const { a, cases } = data
    await addContact(owner, baseURL, a.id, `Ole ${a.token}`)
    const updated = await postForm(owner, baseURL, `/virksomheder/${a.id}`, {
      intent: 'update',
      version: String(db.version('Company', a.id)),
      name: `${a.name.replace(/ ApS$/, '')} Holding ApS`,
      cvr: a.cvr,
      kommuneId: data.kommuneKolding,
      segment: 'DRIFT',
      address: `${a.token}vej 9, 6000 Kolding`,
    })
    expect(updated.status(), 'the owner updates the company').toBe(200)
    const activity = await postForm(owner, baseURL, `/virksomheder/forloeb/${cases[0]}`, { intent: 'activity', kind: 'MEETING', date: copenhagenDate(new Date()), note: `Møde hos ${a.token} om Japan` })
    expect(activity.status(), 'the owner adds an activity').toBe(200)
    const nextStep = await postForm(owner, baseURL, `/virksomheder/forloeb/${cases[0]}`, { intent: 'next-step', version: String(db.version('Case', cases[0]!)), nextStep: `Ring til ${data.contacts[0]}`, nextStepDue: inDays(7) })
    expect(nextStep.status(), 'the owner sets the next step').toBe(200)
  }

  function seeds(): string[] {
    const { a, b, cases, kommuneKolding } = data
    return [
      '/',
      '/notifikationer',
      '/virksomheder',
      `/virksomheder?kommune=${kommuneKolding}`,
      `/virksomheder/${a.id}`,
      `/virksomheder/${b.id}`,
      ...cases.map((id) => `/virksomheder/forloeb/${id}`),
      `/virksomheder/${a.id}/eksport`,
      `/virksomheder/${a.id}/eksport.json`,
      `/henvisninger/ny?forloeb=${cases[0]}`,
      '/virksomheder/forloeb/ny',
      '/virksomheder/samtykker',
      '/maal/rapport',
      '/maal/rapport.csv',
      '/admin/udbakke',
    ]
  }

  test('@security no user without consent finds the companies in any page, export, header or socket message; the owner does', async () => {
    test.setTimeout(240_000)
    const secrets = secretsOf(data)
    const heard: Heard[] = []
    const listeners = await Promise.all(
      CRAWLERS.filter((who) => who !== 'anon').map(async (who) => listen(baseURL, who, await sessionCookie(sessions[who]), heard)),
    )
    try {
      for (const socket of listeners) socket.emit('subscribe', [...TOPICS, ...[data.a.id, data.b.id].map((id) => `company:${id}`), ...data.cases.map((id) => `case:${id}`)])

      // The crawls run while the owner changes the companies.
      const [crawls] = await Promise.all([
        Promise.all([...CRAWLERS, OWNER].map(async (who) => [who, await crawl(sessions[who], seeds(), secrets)] as const)),
        ownerChanges(),
      ])
      const visitsOf = new Map<Who, Visit[]>(crawls)

      // Every listener heard the owner's changes to company A: the sockets were live and subscribed.
      await expect
        .poll(() => CRAWLERS.filter((who) => who !== 'anon' && !heard.some((h) => h.who === who && h.payload.includes(data.a.id))), { timeout: 10_000 })
        .toEqual([])

      const leaks = [
        ...CRAWLERS.flatMap((who) => visitsOf.get(who)!.flatMap((v) => v.found.map((secret) => `${who} GET ${v.url}: ${secret}`))),
        ...heard.flatMap((h) => secretsIn(h.payload, secrets).map((secret) => `${h.who} socket «${h.event}»: ${secret}`)),
      ]
      expect(leaks, 'identifying data of companies without consent').toEqual([])

      // Positive control: the owner's crawl finds every name, CVR and contact person.
      const ownerFound = new Set(visitsOf.get(OWNER)!.flatMap((v) => v.found))
      expect(secrets.filter((s) => !s.label.startsWith('spaced') && !ownerFound.has(s.label)).map((s) => s.label), 'missed by the owner').toEqual([])

      // The companies' pages were reached: by exactly the users the authorisation table lets in (anonymised for them).
      const companyPageRow = ROUTE_RULES['_app.virksomheder.$id.tsx']!.get[0]!.row.trim().split(/\s+/)
      const mayOpen = COLUMNS.filter((_, i) => companyPageRow[i] === '200' && CRAWLERS.includes(COLUMNS[i]!))
      const opened = CRAWLERS.filter((who) => visitsOf.get(who)!.some((v) => v.url === `/virksomheder/${data.a.id}` && v.status === 200))
      expect(opened).toEqual(mayOpen)
      expect(mayOpen.length).toBeGreaterThan(4)

      const failures = [...visitsOf].flatMap(([who, visits]) => visits.filter((v) => v.status >= 500).map((v) => `${who} GET ${v.url}: ${v.status}`))
      expect(failures, 'server errors while crawling').toEqual([])
      const pages = [...visitsOf.values()].reduce((n, v) => n + v.length, 0)
      test.info().annotations.push({ type: 'crawl', description: `${pages} pages by ${visitsOf.size} users, ${heard.length} socket messages` })
    } finally {
      for (const socket of listeners) socket.close()
    }
  })
})
