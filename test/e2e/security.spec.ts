import type { ChildProcess } from 'node:child_process'
import { rmSync } from 'node:fs'
import path from 'node:path'
import { expect, test, type APIResponse, type Browser, type BrowserContext, type Page } from '@playwright/test'
import { DEMO_PASSWORD } from '../../prisma/demo-accounts.js'
import { createCase, logIn, registerCompany } from './helpers.ts'
import { freePort, prepareDatabase, startAppProcess, stopAppProcess } from './own-server.ts'

/**
 * Web security (issue 11) through the built app in Chromium: the security headers on every kind
 * of response, a Content-Security-Policy the whole app runs under without a single console error
 * or violation (live sockets included), the session cookie's attributes, a new session on every
 * login, and login throttling per account and per IP.
 */

const SESSION_COOKIE = 'kp_session'
const LOCKED = 'For mange mislykkede loginforsøg. Prøv igen om 15 minutter.'
const WRONG = 'Forkert e-mail eller adgangskode.'

const baseUrl = () => test.info().project.use.baseURL!

// ─── headers ────────────────────────────────────────────────────────────────────────────────

const EXPECTED_HEADERS = {
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'same-origin',
  'x-frame-options': 'DENY',
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'same-origin',
  'permissions-policy': 'camera=(), microphone=(), geolocation=()',
  // The e2e server runs in production, where cookies are Secure, so HSTS is sent.
  'strict-transport-security': 'max-age=31536000; includeSubDomains',
}

function directives(policy: string | undefined): Map<string, string[]> {
  const map = new Map<string, string[]>()
  for (const part of (policy ?? '').split(';')) {
    const [name, ...values] = part.trim().split(/\s+/)
    if (name) map.set(name, values)
  }
  return map
}

function expectSecurityHeaders(response: APIResponse, what: string) {
  const headers = response.headers()
  expect(headers, what).toMatchObject(EXPECTED_HEADERS)
  const policy = directives(headers['content-security-policy'])
  expect(policy.get('frame-ancestors'), what).toEqual(["'none'"])
  expect(policy.get('default-src'), what).toEqual(["'self'"])
  expect(policy.get('object-src'), what).toEqual(["'none'"])
  expect(policy.get('script-src'), what).not.toContain("'unsafe-inline'")
  return policy
}

test.describe('@security headers', () => {
  test('@security an HTML page carries every header, and each of its inline scripts the response’s nonce', async ({ request }) => {
    const response = await request.get('/login')
    expect(response.status()).toBe(200)
    const policy = expectSecurityHeaders(response, '/login')
    const [self, nonceSource] = policy.get('script-src')!
    expect(self).toBe("'self'")
    const nonce = /^'nonce-([A-Za-z0-9+/=]{24})'$/.exec(nonceSource ?? '')?.[1]
    expect(nonce, `script-src was ${policy.get('script-src')}`).toBeTruthy()

    const html = await response.text()
    const scripts = [...html.matchAll(/<script\b([^>]*)>/g)].map((match) => match[1]!)
    // Remix's context and module scripts, ScrollRestoration and Mantine's colour-scheme script.
    expect(scripts.length).toBeGreaterThanOrEqual(4)
    for (const attributes of scripts) expect(attributes).toContain(`nonce="${nonce}"`)

    const again = directives((await request.get('/login')).headers()['content-security-policy'])
    expect(again.get('script-src')).not.toEqual(policy.get('script-src'))
  })

  test('@security /healthz, an asset and a 404 carry the headers too', async ({ page }) => {
    const health = await page.request.get('/healthz')
    expect(health.status()).toBe(200)
    expect(await health.json()).toEqual({ ok: true })
    expectSecurityHeaders(health, '/healthz')

    const html = await (await page.request.get('/login')).text()
    const asset = /<link rel="modulepreload" href="(\/assets\/[^"]+\.js)"/.exec(html)?.[1]
    expect(asset, 'an asset linked from the login page').toBeTruthy()
    const assetResponse = await page.request.get(asset!)
    expect(assetResponse.status()).toBe(200)
    expect(assetResponse.headers()['content-type']).toContain('javascript')
    expectSecurityHeaders(assetResponse, asset!)

    await logIn(page, 'direktor@ehsyd.demo')
    const missing = await page.request.get('/findes-ikke')
    expect(missing.status()).toBe(404)
    expectSecurityHeaders(missing, '/findes-ikke')
  })

  test('@security the exports still work under the headers: JSON, CSV and a meeting’s .ics', async ({ browser }) => {
    const les = await newWatchedPage(browser)
    await logIn(les.page, 'les.kolding@kolding.demo')
    const company = await registerCompany(les.page, 'Eksporttest')
    const json = await les.page.request.get(`/virksomheder/${company.id}/eksport.json`)
    expect(json.status()).toBe(200)
    expect(json.headers()['content-type']).toContain('application/json')
    expect(JSON.stringify(await json.json())).toContain(company.cvr)
    expectSecurityHeaders(json, 'eksport.json')

    const template = await les.page.request.get('/virksomheder/import/skabelon.csv')
    expect(template.status()).toBe(200)
    expect(template.headers()['content-type']).toContain('text/csv')
    expectSecurityHeaders(template, 'skabelon.csv')

    const director = await newWatchedPage(browser)
    await logIn(director.page, 'direktor@ehsyd.demo')
    const report = await director.page.request.get('/maal/rapport.csv')
    expect(report.status()).toBe(200)
    expect(report.headers()['content-type']).toContain('text/csv')
    expectSecurityHeaders(report, 'rapport.csv')

    const meeting = await firstDetailPath(director.page, '/direktoermoeder', /^\/direktoermoeder\/(?!opgaver$)[a-z0-9]{20,}$/)
    const ics = await director.page.request.get(`${meeting}.ics`)
    expect(ics.status()).toBe(200)
    expect(ics.headers()['content-type']).toContain('text/calendar')
    expect(await ics.text()).toContain('BEGIN:VCALENDAR')
    expectSecurityHeaders(ics, 'møde.ics')
    expect([...les.problems, ...director.problems]).toEqual([])
    await les.page.context().close()
    await director.page.context().close()
  })
})

// ─── the app under its policy ───────────────────────────────────────────────────────────────

type Watched = { page: Page; problems: string[] }

/**
 * A fresh page that collects every console error, uncaught error and CSP violation. Violations
 * are reported from the page through an exposed function, so they survive full page loads.
 */
async function newWatchedPage(browser: Browser): Promise<Watched> {
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 } })
  const page = await context.newPage()
  const problems: string[] = []
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`console error on ${page.url()}: ${message.text()}`)
  })
  page.on('pageerror', (error) => problems.push(`uncaught on ${page.url()}: ${error.message}`))
  await page.exposeFunction('__reportCspViolation', (text: string) => problems.push(`CSP violation on ${page.url()}: ${text}`))
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (event) => {
      const report = (window as unknown as { __reportCspViolation: (text: string) => void }).__reportCspViolation
      void report(`${event.effectiveDirective} blocked ${event.blockedURI || 'inline'}`)
    })
  })
  return { page, problems }
}

/** The live connection indicator says "Live": the socket got through the policy. */
async function untilLive(page: Page) {
  await expect(page.getByRole('status').filter({ hasText: /^Live$/ })).toBeVisible()
}

/** Opens a page by its address (a full server render), waits for its heading and, inside the app, for "Live". */
async function visit(page: Page, path: string, { live = true } = {}) {
  const response = await page.goto(path)
  expect(response?.status(), path).toBe(200)
  await expect(page.getByRole('heading', { level: 1 }).first()).toBeVisible()
  if (live) await untilLive(page)
}

/** The first link on a list page whose path matches, opened as a server render. */
async function firstDetailPath(page: Page, listPath: string, pattern: RegExp) {
  await visit(page, listPath)
  const paths = await page.locator('a[href]').evaluateAll((links) => links.map((link) => link.getAttribute('href') ?? ''))
  const found = paths.find((href) => pattern.test(href))
  expect(found, `a link like ${pattern} on ${listPath}`).toBeTruthy()
  await visit(page, found!)
  return found!
}

test.describe('@security the app runs under its Content-Security-Policy without errors', () => {
  test('@security positive control: a console error is caught, an inline script without the nonce is blocked and reported', async ({ browser }) => {
    const { page, problems } = await newWatchedPage(browser)
    await visit(page, '/login', { live: false })
    expect(problems).toEqual([])
    await page.evaluate(() => console.error('prøvefejl'))
    await expect.poll(() => problems.some((problem) => problem.includes('console error') && problem.includes('prøvefejl'))).toBe(true)
    const ran = await page.evaluate(() => {
      const script = document.createElement('script')
      script.textContent = 'window.__injected = true'
      document.body.append(script)
      return (window as unknown as { __injected?: boolean }).__injected === true
    })
    expect(ran).toBe(false)
    await expect.poll(() => problems.some((problem) => problem.startsWith('CSP violation') && problem.includes('script-src'))).toBe(true)
    await page.context().close()
  })

  test('@security as LES: overview, companies, a new company and case (forms, client navigation), referrals, declarations', async ({ browser }) => {
    const { page, problems } = await newWatchedPage(browser)
    await visit(page, '/login', { live: false })
    await logIn(page, 'les.kolding@kolding.demo')
    await untilLive(page)
    await visit(page, '/virksomheder')
    const company = await registerCompany(page, 'CSP-test')
    await untilLive(page)
    await visit(page, `/virksomheder/${company.id}`)
    const caseId = await createCase(page, company, `CSP-forløb ${company.token}`, 'Grøn omstilling og cirkulær økonomi')
    await untilLive(page)
    await visit(page, `/virksomheder/forloeb/${caseId}`)
    await visit(page, '/henvisninger')
    await visit(page, '/hensigtserklaeringer')
    await visit(page, '/')
    expect(problems).toEqual([])
    await page.context().close()
  })

  test('@security as the director: meetings, a meeting, goals, declarations, a declaration, clusters, companies', async ({ browser }) => {
    const { page, problems } = await newWatchedPage(browser)
    await logIn(page, 'direktor@ehsyd.demo')
    await firstDetailPath(page, '/direktoermoeder', /^\/direktoermoeder\/(?!opgaver$)[a-z0-9]{20,}$/)
    await visit(page, '/maal')
    await expect(page.locator('.recharts-surface').first()).toBeVisible()
    await firstDetailPath(page, '/hensigtserklaeringer', /^\/hensigtserklaeringer\/(?!arbejdsdage$)[a-z0-9]{20,}$/)
    await visit(page, '/klyngeaftaler')
    await visit(page, '/virksomheder')
    await visit(page, '/henvisninger')
    expect(problems).toEqual([])
    await page.context().close()
  })

  test('@security as a key account manager: declarations, a declaration, the overview', async ({ browser }) => {
    const { page, problems } = await newWatchedPage(browser)
    await logIn(page, 'kam.esbjerg@ehsyd.demo')
    await visit(page, '/hensigtserklaeringer')
    await firstDetailPath(page, '/hensigtserklaeringer', /^\/hensigtserklaeringer\/(?!arbejdsdage$)[a-z0-9]{20,}$/)
    await visit(page, '/')
    expect(problems).toEqual([])
    await page.context().close()
  })

  test('@security as the administrator: administration', async ({ browser }) => {
    const { page, problems } = await newWatchedPage(browser)
    await logIn(page, 'admin@knudepunkt.demo')
    await visit(page, '/admin')
    await visit(page, '/admin/brugere')
    await visit(page, '/admin/organisationer')
    expect(problems).toEqual([])
    await page.context().close()
  })
})

// ─── cookies and sessions ───────────────────────────────────────────────────────────────────

async function sessionToken(context: BrowserContext) {
  return (await context.cookies()).find((cookie) => cookie.name === SESSION_COOKIE)?.value
}

/** A browser that brings this session token along and asks for the overview. */
async function isLoggedInWith(browser: Browser, token: string) {
  const context = await browser.newContext()
  await context.addCookies([{ name: SESSION_COOKIE, value: token, url: baseUrl() }])
  const page = await context.newPage()
  await page.goto('/')
  const loggedIn = !new URL(page.url()).pathname.startsWith('/login')
  await context.close()
  return loggedIn
}

test.describe('@security session cookie and session fixation', () => {
  test('@security the session cookie Chromium keeps is HttpOnly, SameSite=Lax and Secure', async ({ page, context }) => {
    await logIn(page, 'konsulent@ehsyd.demo')
    const cookie = (await context.cookies()).find((c) => c.name === SESSION_COOKIE)
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Lax', secure: true, path: '/' })
    // Scripts on the page cannot read it; positive control: a cookie without HttpOnly they can.
    await context.addCookies([{ name: 'probe', value: 'synlig', url: baseUrl() }])
    const visible = await page.evaluate(() => document.cookie)
    expect(visible).toContain('probe=synlig')
    expect(visible).not.toContain(SESSION_COOKIE)
  })

  test('@security a forged session cookie is replaced at login and never becomes valid', async ({ browser, page, context }) => {
    const forged = 'abcdefghijklmnopqrstuvwxyz234567'
    await context.addCookies([{ name: SESSION_COOKIE, value: forged, url: baseUrl() }])
    await logIn(page, 'konsulent@ehsyd.demo')
    const token = await sessionToken(context)
    expect(token).toMatch(/^[a-z2-7]{32}$/)
    expect(token).not.toBe(forged)
    expect(await isLoggedInWith(browser, token!)).toBe(true) // positive control for isLoggedInWith
    expect(await isLoggedInWith(browser, forged)).toBe(false)
  })

  test('@security logging in again, while logged in, issues a new token and ends the old session', async ({ browser, page, context }) => {
    await logIn(page, 'konsulent@ehsyd.demo')
    const first = (await sessionToken(context))!
    expect(await isLoggedInWith(browser, first)).toBe(true)
    // The login page sends a logged-in user away, so the form is posted directly, as a browser would.
    const response = await page.request.post('/login', {
      form: { email: 'kkr@kkr.demo', password: DEMO_PASSWORD, redirectTo: '/' },
      headers: { Origin: baseUrl() },
      maxRedirects: 0,
    })
    expect(response.status()).toBe(302)
    const second = (await sessionToken(context))!
    expect(second).toMatch(/^[a-z2-7]{32}$/)
    expect(second).not.toBe(first)
    expect(await isLoggedInWith(browser, first)).toBe(false)
    await page.goto('/')
    await expect(page.getByRole('button', { name: 'Brugermenu for Karl Krogh' })).toBeVisible()
  })
})

// ─── login throttling ───────────────────────────────────────────────────────────────────────

/**
 * Throttling locks accounts and IP addresses for 15 minutes, which on the shared server would
 * lock out every other test. So these tests run the production server a second time, on a
 * database of their own, behind a pretend reverse proxy (TRUST_PROXY=true): each test is a client
 * of its own through X-Forwarded-For.
 */
test.describe('@security login throttling through the real server', () => {
  test.describe.configure({ mode: 'serial' })
  let server: ChildProcess | undefined
  let url = ''
  const databaseFile = path.resolve(`.tmp/e2e/security-throttle-${process.pid}-${Date.now()}.db`)

  test.beforeAll(async () => {
    test.setTimeout(120_000)
    const env = { ...process.env, DATABASE_URL: `file:${databaseFile}`, LOG_LEVEL: 'silent' }
    prepareDatabase(env)
    const port = await freePort()
    url = `http://127.0.0.1:${port}`
    server = await startAppProcess(port, { ...env, TRUST_PROXY: 'true', JOBS: 'off' })
  })

  test.afterAll(async () => {
    await stopAppProcess(server)
    for (const suffix of ['', '-wal', '-shm']) rmSync(databaseFile + suffix, { force: true })
  })

  /** A browser that comes from this client address. */
  async function clientAt(browser: Browser, ip: string) {
    const context = await browser.newContext({ baseURL: url, extraHTTPHeaders: { 'X-Forwarded-For': ip } })
    return context.newPage()
  }

  async function tryLogin(page: Page, email: string, password: string) {
    await page.goto('/login')
    await page.getByLabel('E-mail').fill(email)
    await page.getByLabel('Adgangskode').fill(password)
    await page.getByRole('button', { name: 'Log ind' }).click()
  }

  async function expectRefused(page: Page, message: string) {
    await expect(page.getByRole('alert')).toHaveText(message)
    await expect(page).toHaveURL(/\/login/)
    expect(await sessionToken(page.context())).toBeUndefined()
  }

  test('@security five wrong passwords lock the account: the right one is then refused, from any address', async ({ browser }) => {
    const attacker = await clientAt(browser, '198.51.100.10')
    for (let attempt = 1; attempt <= 5; attempt++) {
      await tryLogin(attacker, 'les.vejle@vejle.demo', `forkert-${attempt}`)
      await expectRefused(attacker, WRONG)
    }
    await tryLogin(attacker, 'les.vejle@vejle.demo', DEMO_PASSWORD)
    await expectRefused(attacker, LOCKED)

    const owner = await clientAt(browser, '198.51.100.11')
    await tryLogin(owner, 'les.vejle@vejle.demo', DEMO_PASSWORD)
    await expectRefused(owner, LOCKED)

    // Positive control: the address is not locked, another account logs in from it.
    await tryLogin(attacker, 'kkr@kkr.demo', DEMO_PASSWORD)
    await expect(attacker.getByRole('heading', { level: 1 })).toContainText('Goddag')
    expect(await sessionToken(attacker.context())).toMatch(/^[a-z2-7]{32}$/)
    await attacker.context().close()
    await owner.context().close()
  })

  test('@security thirty failures from one address lock that address, for every account, and no other', async ({ browser, playwright }) => {
    const ip = '198.51.100.20'
    const api = await playwright.request.newContext({ baseURL: url, extraHTTPHeaders: { 'X-Forwarded-For': ip, Origin: url } })
    for (let attempt = 1; attempt <= 30; attempt++) {
      const response = await api.post('/login', { form: { email: `gaet${attempt}@example.dk`, password: 'forkert' }, maxRedirects: 0 })
      expect(response.status(), `attempt ${attempt}`).toBe(401)
      expect(await response.text()).toContain(WRONG)
    }
    await api.dispose()

    const locked = await clientAt(browser, ip)
    await tryLogin(locked, 'direktor@ehsyd.demo', DEMO_PASSWORD)
    await expectRefused(locked, LOCKED)

    const elsewhere = await clientAt(browser, '198.51.100.21')
    await tryLogin(elsewhere, 'direktor@ehsyd.demo', DEMO_PASSWORD)
    await expect(elsewhere.getByRole('heading', { level: 1 })).toContainText('Goddag')
    await locked.context().close()
    await elsewhere.context().close()
  })
})
