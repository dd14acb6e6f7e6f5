import { readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { expect, test, type APIRequestContext, type APIResponse } from '@playwright/test'
import { UNSAFE_flatRoutes } from '@remix-run/dev'
import { matchRoutes } from '@remix-run/react'
import { COLUMNS, ROUTE_RULES, type Fixtures, type PostProbe, type RouteRule, type Who } from './route-rules.ts'
import { closeSessions, demoAccountColumns, openDb, openSessions, postForm, prepareFixtures, type ReadOnlyDb, type Sessions } from './security-fixtures.ts'

/**
 * Issue 11, authorisation sweep: every route file in app/routes, requested as every demo user and
 * anonymously, answers what the table in route-rules.ts says; every action refuses whoever may
 * not use it before anything else happens (403, 404, a login redirect; never a success, never a
 * 500) and the refused POST changes nothing. A route file without a rule fails (default deny).
 */

// Thousands of requests: a trace of them would cost more than the sweep.
test.use({ trace: 'off' })
// In order, in one worker: the tests share the records beforeAll makes (a second worker would
// make a new calendar address and so void the first one's).
test.describe.configure({ mode: 'default' })

const APP = fileURLToPath(new URL('../../app', import.meta.url))
/** As app/routes.ts. */
const IGNORED_ROUTE_FILES = ['**/*.test.*', '**/*.css']

type RouteEntry = { id: string; parentId?: string; path?: string; index?: boolean; file: string }

/** Every route file as Remix's flat-routes convention reads it (the same function app/routes.ts uses). */
function routeManifest(): Map<string, RouteEntry> {
  const manifest = UNSAFE_flatRoutes(APP, IGNORED_ROUTE_FILES, 'routes') as Record<string, RouteEntry>
  return new Map(Object.values(manifest).map((route) => [path.basename(route.file), route]))
}

type RouteTree = Parameters<typeof matchRoutes>[0]

/** The nesting Remix builds from the files, for matching a URL the way the server does. */
function routeTree(routes: RouteEntry[], parentId = 'root'): RouteTree {
  return routes
    .filter((r) => (r.parentId ?? 'root') === parentId)
    .map((r) => (r.index ? { id: r.id, path: r.path, index: true as const } : { id: r.id, path: r.path, children: routeTree(routes, r.id) }))
}

const isLayout = (routes: Map<string, RouteEntry>, route: RouteEntry) => [...routes.values()].some((r) => r.parentId === route.id)

const hasAction = (file: string) => /export\s+(async\s+)?function\s+action\b|export\s+const\s+action\b/.test(readFileSync(path.join(APP, 'routes', file), 'utf8'))

/** "/admin/udbakke.data?_routes=…" → "/admin/udbakke": the page a single-fetch request is for. */
function pagePath(url: string) {
  const pathname = url.split('?')[0]!
  return pathname === '/_root.data' ? '/' : pathname.replace(/\.data$/, '')
}

function fill(template: string, fixtures: Fixtures) {
  return template.replace(/\{(\w+)\}/g, (_, name: string) => {
    const value = fixtures[name as keyof Fixtures]
    if (value === undefined) throw new Error(`unknown fixture {${name}} in ${template}`)
    return encodeURIComponent(value)
  })
}

const TOKEN = /^(200|400|403|404|405|409|410|login|→\/\S*|·)$/

function cells(row: string): string[] {
  return row.trim().split(/\s+/)
}

/**
 * The single-fetch request that runs this one route's loader and no other ("/admin/brugere" →
 * "/admin/brugere.data?_routes=routes/_app.admin.brugere._index"), as the browser asks for data:
 * a loader that relied on its layout's check would answer it.
 */
function loaderOnlyUrl(url: string, routeId: string) {
  const [pathname, query] = url.split('?') as [string, string | undefined]
  const params = new URLSearchParams(query)
  params.set('_routes', routeId)
  return `${pathname === '/' ? '/_root' : pathname}.data?${params}`
}

/** "login", "→/path" or the status: what the answer was, in the table's words. */
function outcomeOf(response: APIResponse): string {
  const status = response.status()
  const location = response.headers().location
  // A single-fetch (.data) redirect is a 202 with the Location header.
  if (location && ((status >= 300 && status < 400) || status === 202)) {
    const url = new URL(location, 'http://app.invalid')
    const target = url.pathname + url.search
    return target === '/login' || target.startsWith('/login?redirectTo=') ? 'login' : `→${target}`
  }
  return String(status)
}

/** Runs the tasks, `width` at a time. */
async function inPool<T>(tasks: (() => Promise<T>)[], width = 6): Promise<T[]> {
  const results: T[] = []
  let next = 0
  await Promise.all(
    Array.from({ length: width }, async () => {
      while (next < tasks.length) {
        const i = next++
        results[i] = await tasks[i]!()
      }
    }),
  )
  return results
}

/** The headings of the Danish error pages (app/components/error-page.tsx). */
const ERROR_PAGES: Record<string, string> = { '403': 'Du har ikke adgang til denne side', '404': 'Siden findes ikke' }

/** A mismatch, said so that the table row to fix is plain. */
type Finding = string

async function checkGet(api: APIRequestContext, who: Who, url: string, expected: string, label: string): Promise<Finding[]> {
  const response = await api.get(url, { maxRedirects: 0 })
  const actual = outcomeOf(response)
  const findings: Finding[] = []
  if (actual !== expected) findings.push(`${label} GET ${url} as ${who}: expected ${expected}, got ${actual}`)
  const html = (response.headers()['content-type'] ?? '').startsWith('text/html')
  const heading = ERROR_PAGES[actual]
  if (heading && html && !(await response.text()).includes(heading)) findings.push(`${label} GET ${url} as ${who}: a ${actual} page without «${heading}»`)
  return findings
}

test.describe('@security authorisation sweep', () => {
  test('@security every route file has a rule, and every rule a column for every demo user', () => {
    const routes = routeManifest()
    const files = readdirSync(path.join(APP, 'routes')).filter((f) => routes.has(f))
    expect(files.length, 'route files found').toBeGreaterThan(40)
    expect(files.filter((f) => !ROUTE_RULES[f]), 'route files without a rule in route-rules.ts').toEqual([])
    expect(Object.keys(ROUTE_RULES).filter((f) => !files.includes(f)), 'rules for route files that do not exist').toEqual([])
    // One column per demo account and the anonymous visitor: a new demo role needs its column.
    expect([...COLUMNS].sort(), 'table columns').toEqual(['anon', ...demoAccountColumns()].sort())

    const tree = routeTree([...routes.values()])
    const problems: string[] = []
    for (const [file, rule] of Object.entries(ROUTE_RULES)) {
      const route = routes.get(file)!
      const rows = [...rule.get.map((p) => ({ kind: 'GET', ...p })), ...(Array.isArray(rule.post) ? rule.post.map((p) => ({ kind: 'POST', ...p })) : [])]
      for (const { kind, path: url, row } of rows) {
        const tokens = cells(row)
        if (tokens.length !== COLUMNS.length) problems.push(`${file} ${kind} ${url}: ${tokens.length} columns, not ${COLUMNS.length}`)
        for (const token of tokens) if (!TOKEN.test(token) || (kind === 'GET' && token === '·')) problems.push(`${file} ${kind} ${url}: «${token}» is not an outcome`)
      }
      if (hasAction(file) !== Array.isArray(rule.post)) problems.push(`${file}: ${hasAction(file) ? 'exports an action but has no POST probes' : 'has POST probes but no action'}`)
      // Each probe must reach this very route file (a layout: be among the matched routes).
      const urls = [...rule.get.map((p) => p.path), ...(Array.isArray(rule.post) ? rule.post.map((p) => p.path) : [rule.post.noAction])]
      for (const url of urls) {
        const concrete = pagePath(url.replace(/\{\w+\}/g, 'cabc123'))
        const matched = (matchRoutes(tree, concrete) ?? []).map((m) => m.route.id)
        const ok = isLayout(routes, route) ? matched.includes(route.id) : matched.at(-1) === route.id
        if (!ok) problems.push(`${file}: ${url} reaches ${matched.at(-1) ?? 'nothing'}, not ${route.id}`)
      }
    }
    expect(problems).toEqual([])
  })
})

test.describe('@security authorisation sweep against the server', () => {
  let sessions: Sessions
  let db: ReadOnlyDb
  let fixtures: Fixtures
  let baseURL: string

  test.beforeAll(async ({ playwright }) => {
    test.setTimeout(60_000)
    baseURL = test.info().project.use.baseURL!
    sessions = await openSessions(playwright, baseURL)
    db = openDb()
    fixtures = await prepareFixtures(sessions, baseURL, db)
  })

  test.afterAll(async () => {
    await closeSessions(sessions)
    db?.close()
  })

  test('@security GET: every route as every demo user and anonymously answers as the table says', async () => {
    test.setTimeout(120_000)
    const tasks = Object.entries(ROUTE_RULES).flatMap(([file, rule]) =>
      rule.get.flatMap(({ path: template, row }) => {
        const url = fill(template, fixtures)
        return cells(row).map((expected, i) => () => checkGet(sessions[COLUMNS[i]!], COLUMNS[i]!, url, expected, file))
      }),
    )
    expect(tasks.length).toBeGreaterThan(700)
    const findings = (await inPool(tasks)).flat()
    expect(findings, `${findings.length} answers differ from route-rules.ts`).toEqual([])
  })

  test('@security GET: each page loader alone, without its layouts (single fetch), answers as the table says', async () => {
    test.setTimeout(120_000)
    const routes = routeManifest()
    const tasks = Object.entries(ROUTE_RULES).flatMap(([file, rule]) => {
      const route = routes.get(file)!
      if ((route.parentId ?? 'root') === 'root' || isLayout(routes, route)) return []
      return rule.get.flatMap(({ path: template, row }) => {
        const url = loaderOnlyUrl(fill(template, fixtures), route.id)
        return cells(row).map((expected, i) => () => checkGet(sessions[COLUMNS[i]!], COLUMNS[i]!, url, expected, file))
      })
    })
    expect(tasks.length).toBeGreaterThan(500)
    const findings = (await inPool(tasks)).flat()
    expect(findings, `${findings.length} answers differ from route-rules.ts`).toEqual([])
  })

  test('@security POST: every action refuses whoever may not use it, and the refused request changes nothing', async () => {
    test.setTimeout(120_000)
    const findings: Finding[] = []
    const probes = Object.entries(ROUTE_RULES).flatMap(([file, rule]) => (Array.isArray(rule.post) ? rule.post.map((probe) => ({ file, probe })) : []))
    let sent = 0
    for (const { file, probe } of probes) {
      const before = JSON.stringify(probe.unchanged(fixtures, db))
      for (const [i, expected] of cells(probe.row).entries()) {
        if (expected === '·') continue
        sent++
        findings.push(...(await checkPost(file, probe, COLUMNS[i]!, expected)))
      }
      const after = JSON.stringify(probe.unchanged(fixtures, db))
      if (after !== before) findings.push(`${file} POST ${probe.path} ${JSON.stringify(probe.form(fixtures, db))}: the data changed: ${before} → ${after}`)
    }
    expect(sent, 'refused POSTs sent').toBeGreaterThan(250)
    expect(findings, `${findings.length} answers differ from route-rules.ts`).toEqual([])
  })

  test('@security POST to a route without an action answers 405 (the anonymous visitor: 405 or the login)', async () => {
    test.setTimeout(60_000)
    const tasks = Object.entries(ROUTE_RULES).flatMap(([file, rule]: [string, RouteRule]) => {
      if (Array.isArray(rule.post)) return []
      const url = fill(rule.post.noAction, fixtures)
      // The 405 comes from the route, whoever asks; Remix logs each one, so two askers are enough.
      return (['anon', 'kkr'] as const).map((who) => async () => {
        const actual = outcomeOf(await postForm(sessions[who], baseURL, url, { intent: 'x' }))
        const allowed = who === 'anon' ? ['405', 'login'] : ['405']
        return allowed.includes(actual) ? [] : [`${file} POST ${url} as ${who}: expected ${allowed.join(' or ')}, got ${actual}`]
      })
    })
    const findings = (await inPool(tasks)).flat()
    expect(findings).toEqual([])
  })

  async function checkPost(file: string, probe: PostProbe, who: Who, expected: string): Promise<Finding[]> {
    const url = fill(probe.path, fixtures)
    const form = probe.form(fixtures, db)
    const actual = outcomeOf(await postForm(sessions[who], baseURL, url, form))
    return actual === expected ? [] : [`${file} POST ${url} ${JSON.stringify(form)} as ${who}: expected ${expected}, got ${actual}`]
  }
})
