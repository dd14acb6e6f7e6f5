import { readdirSync, readFileSync, statSync } from 'node:fs'
import path from 'node:path'
import { MantineProvider } from '@mantine/core'
import { data } from '@remix-run/node'
import { createRemixStub } from '@remix-run/testing'
import { parse } from 'csv-parse/sync'
import { createElement, type ComponentType } from 'react'
import { renderToString } from 'react-dom/server'
import { describe, expect, it } from 'vitest'
import * as companyRoute from '~/routes/_app.virksomheder.$id.tsx'
import * as goalsRoute from '~/routes/_app.maal._index.tsx'
import * as newCompanyRoute from '~/routes/_app.virksomheder.ny.tsx'
import * as kommuneRoute from '~/routes/_app.admin.kommuner.$id.tsx'
import { neutraliseCell } from '~/utils/csv-safe.ts'
import { copenhagenYear } from '~/utils/dates.ts'
import { db } from '~/utils/db.server.ts'
import {
  checkHostileInput,
  CSV_PAYLOADS,
  HOSTILE_GROUPS,
  looksDanish,
  oneOf,
  storableText,
  XSS_PAYLOADS,
} from '../support/hostile-input.ts'
import { callAction, callLoader, ORIGIN, sessionCookieFor, type LoaderModule } from '../support/route-calls.ts'

/**
 * Issue 11, hostile input — what holds across the action tests (hostile-input-*.test.ts):
 * every action route is covered; the harness itself can fail; text with markup is stored as
 * given and rendered as text; and every CSV the app serves neutralises cells a spreadsheet
 * would run as formulas.
 */

const routeModules = import.meta.glob<Record<string, unknown>>('/app/routes/*.{ts,tsx}', { eager: true })
const routeSources = import.meta.glob<string>('/app/routes/*.{ts,tsx}', { eager: true, query: '?raw', import: 'default' })
const fileOf = (key: string) => key.replace('/app/routes/', '')

// ---------------------------------------------------------------------------------------------

describe('every action has hostile-input properties', () => {
  const withAction = Object.entries(routeModules)
    .filter(([, module]) => typeof module.action === 'function')
    .map(([key]) => fileOf(key))
    .sort()

  it('finds the route modules that export an action (and only those)', () => {
    expect(withAction).toContain('login.tsx')
    expect(withAction).toContain('_app.virksomheder.$id.tsx')
    expect(withAction).not.toContain('_app.virksomheder._index.tsx')
    expect(withAction).not.toContain('maal.rapport[.]csv.ts')
  })

  it('covers each of them in exactly one hostile-input group', () => {
    const covered = Object.values(HOSTILE_GROUPS).flat()
    expect(new Set(covered).size, 'a route is listed in two groups').toBe(covered.length)
    expect([...covered].sort()).toEqual(withAction)
  })
})

// ---------------------------------------------------------------------------------------------
// The harness must be able to fail. These stand-in actions are not the app: each breaks one
// property on every call, and the same checker that runs against the real routes must say so.

describe('the hostile-input checker', () => {
  const fields = { name: storableText, kind: oneOf('A', 'B') }
  const who = 'kkr@kkr.demo'

  it('fails on an action that throws', async () => {
    const route = {
      action: async () => {
        throw new Error('boom')
      },
    }
    await expect(checkHostileInput('throwing stand-in', { route, who, path: '/x', fields, numRuns: 3 })).rejects.toThrow(/answered 500 \(thrown\)/)
  })

  it('fails on a refusal that writes to the database', async () => {
    const user = await db.user.findUniqueOrThrow({ where: { email: who } })
    const route = {
      action: async () => {
        await db.notification.create({ data: { userId: user.id, kind: 'mention', title: 'skrevet trods afvisning' } })
        return data({ ok: false, message: 'Det kan du ikke.' }, { status: 400 })
      },
    }
    await expect(checkHostileInput('writing stand-in', { route, who, path: '/x', fields, numRuns: 3 })).rejects.toThrow(/changed the database[\s\S]*Notification: \d+ → \d+ rows/)
  })

  it('fails on a refusal without a Danish message', async () => {
    const english = { action: async () => data({ ok: false, message: 'Invalid input: expected string, received undefined' }, { status: 400 }) }
    await expect(checkHostileInput('english stand-in', { route: english, who, path: '/x', fields, numRuns: 3 })).rejects.toThrow(/not Danish/)
    const silent = { action: async () => data({ ok: false }, { status: 422 }) }
    await expect(checkHostileInput('silent stand-in', { route: silent, who, path: '/x', fields, numRuns: 3 })).rejects.toThrow(/without a message/)
  })

  it('fails when a valid example is refused', async () => {
    const route = { action: async () => data({ ok: false, message: 'Det kan du ikke.' }, { status: 403 }) }
    await expect(checkHostileInput('refusing stand-in', { route, who, path: '/x', fields, examples: [{ params: {}, multipart: false, form: [['name', 'x']] }], numRuns: 3 })).rejects.toThrow(/valid example/)
  })

  it('fails when an accepted example did not store its markup as given', async () => {
    const route = { action: async () => data({ ok: true, message: 'Gemt.' }) }
    const input = { params: {}, multipart: false, form: [['name', XSS_PAYLOADS[0]]] as [string, string][] }
    await expect(checkHostileInput('forgetful stand-in', { route, who, path: '/x', fields, examples: [input], numRuns: 3 })).rejects.toThrow(/not stored as given/)
  })

  it('tells Danish messages from English ones', () => {
    for (const danish of ['Gentag adgangskoden.', 'Udfyld virksomhedens navn.', 'Ukendt handling.', 'Ugyldigt input: forventede streng, fik undefined', '«Start» er ikke muligt, mens sagen er «Lukket».', 'Kommunen «Unknown error» findes ikke.'])
      expect(looksDanish(danish), danish).toBe(true)
    for (const english of ['Invalid input: expected string, received undefined', 'Unexpected Server Error', 'Not Found', 'Too big: expected string to have <=200 characters', 'Required', '', '!'])
      expect(looksDanish(english), english).toBe(false)
  })
})

// ---------------------------------------------------------------------------------------------
// Markup in text is stored as given and rendered as text.

/** Every place in app/ that could put raw HTML into the page. */
function rawHtmlSinks(files: { file: string; text: string }[]) {
  const sink = /dangerouslySetInnerHTML|\.innerHTML\s*=|\.outerHTML\s*=|insertAdjacentHTML|document\.write\s*\(/
  return files.flatMap(({ file, text }) => text.split('\n').flatMap((line, i) => (sink.test(line) ? [`${file}:${i + 1}: ${line.trim()}`] : [])))
}

function sourceFiles(dir: string): { file: string; text: string }[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name)
    if (statSync(full).isDirectory()) return sourceFiles(full)
    return /\.(tsx?|jsx?)$/.test(name) && !/\.test\.tsx?$/.test(name) ? [{ file: path.relative(process.cwd(), full), text: readFileSync(full, 'utf8') }] : []
  })
}

/**
 * Server-renders a route component with the given loader data, as the app's SSR would. React's
 * warning that layout effects do not run on the server (Mantine uses them) is kept out of the log.
 */
function renderPage(Component: ComponentType, loaderData: unknown, url: string) {
  const Stub = createRemixStub([{ id: 'page', path: '*', Component }])
  const warn = console.error
  console.error = (...args: unknown[]) => {
    if (!String(args[0]).includes('useLayoutEffect does nothing on the server')) warn(...args)
  }
  try {
    return renderToString(createElement(MantineProvider, null, createElement(Stub, { initialEntries: [url], hydrationData: { loaderData: { page: loaderData } } })))
  } finally {
    console.error = warn
  }
}

/** Markup from user data that made it into the HTML as markup. */
function unescapedPayloads(html: string) {
  return ['<script>alert(1)', '<img src=x', 'onerror=alert(1)>'].filter((raw) => html.includes(raw))
}

describe('markup in text fields', () => {
  it('is never put into the page as raw HTML anywhere in app/', () => {
    const files = sourceFiles(path.resolve('app'))
    expect(files.length).toBeGreaterThan(50)
    expect(rawHtmlSinks([{ file: 'control.tsx', text: 'const a = 1\n<div dangerouslySetInnerHTML={{ __html: name }} />' }])).toEqual(['control.tsx:2: <div dangerouslySetInnerHTML={{ __html: name }} />'])
    expect(rawHtmlSinks(files)).toEqual([])
  })

  it('is stored as given and rendered escaped on the company page', async () => {
    const who = 'lesdir.kolding@kolding.demo'
    const { cookie } = await sessionCookieFor(who)
    const kolding = await db.kommune.findUniqueOrThrow({ where: { name: 'Kolding' } })
    const [script, image] = XSS_PAYLOADS
    const created = await callAction(newCompanyRoute, { path: '/virksomheder/ny', cookie, form: { cvr: '59876543', name: script, address: image, industry: script, kommuneId: kolding.id, segment: 'DRIFT' } })
    expect(created.status, created.body).toBe(302)
    const id = created.location!.split('/').pop()!
    const contact = await callAction(companyRoute, { path: `/virksomheder/${id}`, cookie, params: { id }, form: { intent: 'add-contact', name: image, role: script } })
    expect(contact.status, contact.body).toBe(200)

    const stored = await db.company.findUniqueOrThrow({ where: { id }, include: { contacts: true } })
    expect({ name: stored.name, address: stored.address, industry: stored.industry, contact: stored.contacts[0]?.name, role: stored.contacts[0]?.role }).toEqual({ name: script, address: image, industry: script, contact: image, role: script })

    const request = new Request(`${ORIGIN}/virksomheder/${id}`, { headers: { Cookie: cookie } })
    const loaderData = await companyRoute.loader({ request, params: { id }, context: { clientIp: '127.0.0.1' } })
    const html = renderPage(companyRoute.default, loaderData, `/virksomheder/${id}`)
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;')
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;')
    expect(unescapedPayloads(html)).toEqual([])

    // Control: the same rendering with raw HTML is caught.
    const Raw = () => createElement('div', { dangerouslySetInnerHTML: { __html: `${script}${image}` } })
    expect(unescapedPayloads(renderPage(Raw, null, '/'))).toEqual(['<script>alert(1)', '<img src=x', 'onerror=alert(1)>'])
  })
})

// ---------------------------------------------------------------------------------------------
// CSV injection: every CSV the app serves.

const FORMULA_START = /^[=+\-@\t\r]/

/** The cells of a served CSV (semicolon-separated, with a byte-order mark). */
function csvCells(body: string): string[][] {
  const text = body.slice(body.indexOf('\n') + 1)
  return parse(text, { bom: true, delimiter: ';', relax_column_count: true }) as string[][]
}

function formulaCells(rows: string[][]) {
  return rows.flatMap((row, r) => row.flatMap((cell, c) => (FORMULA_START.test(cell) ? [`row ${r + 1}, column ${c + 1}: ${JSON.stringify(cell)}`] : [])))
}

type CsvExport = { who: string; path: string; prepare?: () => Promise<string[]> }

const YEAR = copenhagenYear(new Date())
const GOALS = ['1', '2', '3', '4', '5', '6'] as const
const KOMMUNE_NAME = '=HYPERLINK("http://evil.example","Esbjerg")'

/**
 * Stores a formula-looking comment on each goal and a formula-looking kommune name, through the
 * real actions; returns the values as stored (the comment field trims a leading tab or CR).
 */
async function storeFormulaValues(): Promise<string[]> {
  const director = await sessionCookieFor('direktor@ehsyd.demo')
  for (const [i, goal] of GOALS.entries()) {
    const reply = await callAction(goalsRoute, { path: '/maal', cookie: director.cookie, form: { year: String(YEAR), goal, comment: CSV_PAYLOADS[i]!, version: '0' } })
    expect(reply.status, reply.body).toBe(200)
  }
  const admin = await sessionCookieFor('admin@knudepunkt.demo')
  const kommune = await db.kommune.findUniqueOrThrow({ where: { name: 'Esbjerg' }, include: { businessRegions: true } })
  const reply = await callAction(kommuneRoute, {
    path: `/admin/kommuner/${kommune.id}`,
    cookie: admin.cookie,
    params: { id: kommune.id },
    form: { code: kommune.code, name: KOMMUNE_NAME, lesId: kommune.lesId ?? '', area: kommune.area, areaConfirmed: 'on', keyAccountManagerId: kommune.keyAccountManagerId ?? '', businessRegionIds: kommune.businessRegions.map((r) => r.organisationId), version: String(kommune.version) },
  })
  expect(reply.status, reply.body).toBe(200)
  const comments = await db.goalComment.findMany({ where: { year: YEAR, goal: { in: [...GOALS] } } })
  expect(comments).toHaveLength(GOALS.length)
  const stored = [...comments.map((c) => c.comment), (await db.kommune.findUniqueOrThrow({ where: { id: kommune.id } })).name]
  expect(stored.filter((value) => FORMULA_START.test(value))).toHaveLength(GOALS.length + 1)
  return stored
}

/** Every route that serves text/csv, with who may fetch it and the formula values put in first. */
const CSV_EXPORTS: Record<string, CsvExport> = {
  'maal.rapport[.]csv.ts': { who: 'direktor@ehsyd.demo', path: `/maal/rapport.csv?aar=${YEAR}`, prepare: storeFormulaValues },
  // The two templates are fixed text with no stored data in them; checked all the same.
  'maal.brugerevaluering-skabelon[.]csv.ts': { who: 'direktor@ehsyd.demo', path: '/maal/brugerevaluering-skabelon.csv' },
  'virksomheder.import.skabelon[.]csv.ts': { who: 'les.kolding@kolding.demo', path: '/virksomheder/import/skabelon.csv' },
}

describe('CSV injection in exports', () => {
  it('knows every route that serves text/csv', () => {
    const csvRoutes = Object.entries(routeSources)
      .filter(([, source]) => /['"]Content-Type['"]\s*:\s*['"]text\/csv/i.test(source))
      .map(([key]) => fileOf(key))
      .sort()
    expect(csvRoutes).toContain('maal.rapport[.]csv.ts')
    expect(csvRoutes).toEqual(Object.keys(CSV_EXPORTS).sort())
  })

  it('finds formula cells in a CSV that does not neutralise them (control)', () => {
    const raw = ['a;b', ...CSV_PAYLOADS.map((p) => `"${p}";x`)].join('\n')
    expect(formulaCells(csvCells(`[]\n${raw}`))).toHaveLength(CSV_PAYLOADS.length)
  })

  for (const [file, csvExport] of Object.entries(CSV_EXPORTS)) {
    it(`${file} serves no cell that starts with = + - @ tab or CR`, async () => {
      const planted = (await csvExport.prepare?.()) ?? []
      const { cookie } = await sessionCookieFor(csvExport.who)
      const route = routeModules[`/app/routes/${file}`] as LoaderModule
      const reply = await callLoader(route, { path: csvExport.path, cookie })
      expect(reply.status, reply.body.slice(0, 300)).toBe(200)
      expect(reply.body).toMatch(/text\/csv/)
      const rows = csvCells(reply.body)
      expect(rows.length).toBeGreaterThan(1)
      expect(formulaCells(rows)).toEqual([])
      // What was planted comes back, neutralised, and otherwise as it was stored.
      const cells = new Set(rows.flat())
      for (const value of planted) expect(cells, `${JSON.stringify(value)} is not in the CSV as ${JSON.stringify(neutraliseCell(value))}`).toContain(neutraliseCell(value))
    })
  }
})
