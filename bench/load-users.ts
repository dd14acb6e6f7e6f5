/**
 * The simulated users of the load benchmark (bench/load.ts): who they are (demo accounts, several
 * sessions each), which pages they open, and what they write, through the same forms a person
 * submits: a case's transition form (CLOSE, or REOPEN with a reason, with the version the page
 * showed), its activity form, and a director meeting's agenda proposal. Every request is a full
 * document request, as the forms work without JavaScript, with the Origin header a browser sends.
 */
import { randomUUID } from 'node:crypto'
import { ACTIVITY_KINDS } from '../app/utils/company-fields.ts'
import { copenhagenDate } from '../app/utils/dates.ts'
import { ITEM_KINDS } from '../app/utils/meeting-fields.ts'
import { sleep } from './lib.ts'
import type { AckedWrite, Workload } from './load-data.ts'

export type Kind = 'page' | 'transition' | 'comment'
export type Sample = { kind: Kind; label: string; ms: number; status: number }

const COMPANY = '/virksomheder/:id'
const CASE = '/virksomheder/forloeb/:id'
const MEETING = '/direktoermoeder/:id'

/** How often a step is each kind of write (the rest of the steps open a page). */
type WriteShares = { transition: number; activity: number; proposal: number }
const READER: WriteShares = { transition: 0, activity: 0, proposal: 0 }
const LES_STAFF: WriteShares = { transition: 0.2, activity: 0.25, proposal: 0 }
const LES_DIRECTOR: WriteShares = { transition: 0.2, activity: 0.15, proposal: 0.1 }
const MEETING_MEMBER: WriteShares = { transition: 0, activity: 0, proposal: 0.2 }

/** A demo account and how many people use it at once (sessions of their own). Pages follow app/utils/permissions.ts. */
type Persona = {
  email: string
  sessions: number
  home: string | null
  pages: string[]
  writes: WriteShares
}

const LES_PAGES = ['/', '/virksomheder', '/henvisninger', '/hensigtserklaeringer', COMPANY, CASE]
export const PERSONAS: Persona[] = [
  {
    email: 'les.kolding@kolding.demo',
    sessions: 8,
    home: 'Kolding',
    pages: LES_PAGES,
    writes: LES_STAFF,
  },
  {
    email: 'lesdir.kolding@kolding.demo',
    sessions: 4,
    home: 'Kolding',
    pages: [...LES_PAGES, '/direktoermoeder', MEETING, '/maal'],
    writes: LES_DIRECTOR,
  },
  {
    email: 'les.vejle@vejle.demo',
    sessions: 8,
    home: 'Vejle',
    pages: LES_PAGES,
    writes: LES_STAFF,
  },
  {
    email: 'lesdir.vejle@vejle.demo',
    sessions: 4,
    home: 'Vejle',
    pages: [...LES_PAGES, '/direktoermoeder', MEETING, '/maal'],
    writes: LES_DIRECTOR,
  },
  {
    email: 'direktor@ehsyd.demo',
    sessions: 4,
    home: 'Kolding',
    pages: [
      '/',
      '/virksomheder',
      '/henvisninger',
      '/direktoermoeder',
      MEETING,
      '/maal',
      '/hensigtserklaeringer',
      '/klyngeaftaler',
      CASE,
    ],
    writes: MEETING_MEMBER,
  },
  {
    email: 'br.trekant@trekant.demo',
    sessions: 2,
    home: null,
    pages: ['/', '/direktoermoeder', MEETING, '/maal', '/hensigtserklaeringer'],
    writes: MEETING_MEMBER,
  },
  {
    email: 'kam.kolding@ehsyd.demo',
    sessions: 4,
    home: 'Kolding',
    pages: [
      '/',
      '/virksomheder',
      '/henvisninger',
      '/maal',
      '/hensigtserklaeringer',
      '/klyngeaftaler',
      COMPANY,
      CASE,
    ],
    writes: READER,
  },
  {
    email: 'kam.esbjerg@ehsyd.demo',
    sessions: 3,
    home: 'Esbjerg',
    pages: [
      '/',
      '/virksomheder',
      '/henvisninger',
      '/maal',
      '/hensigtserklaeringer',
      '/klyngeaftaler',
      COMPANY,
    ],
    writes: READER,
  },
  {
    email: 'konsulent@ehsyd.demo',
    sessions: 3,
    home: null,
    pages: [
      '/',
      '/virksomheder',
      '/henvisninger',
      '/maal',
      '/hensigtserklaeringer',
      '/klyngeaftaler',
    ],
    writes: READER,
  },
  {
    email: 'kkr@kkr.demo',
    sessions: 3,
    home: null,
    pages: ['/', '/maal', '/hensigtserklaeringer', '/klyngeaftaler'],
    writes: READER,
  },
  {
    email: 'kommune.kolding@kolding.demo',
    sessions: 2,
    home: null,
    pages: ['/', '/hensigtserklaeringer', '/maal'],
    writes: READER,
  },
  {
    email: 'ddc@designcenter.demo',
    sessions: 2,
    home: null,
    pages: ['/', '/henvisninger'],
    writes: READER,
  },
  {
    email: 'admin@knudepunkt.demo',
    sessions: 3,
    home: null,
    pages: ['/', '/admin/brugere', '/admin/organisationer', '/admin/kommuner'],
    writes: READER,
  },
]
/** The kommuner whose LES cases and companies the users open. */
export const HOMES = [
  ...new Set(PERSONAS.map((p) => p.home).filter((h): h is string => h !== null)),
]

/**
 * The first `count` sessions, one persona at a time in turn, so a short run with few users still
 * has writers of each kind and readers.
 */
export function chooseSessions(count: number): Persona[] {
  const remaining = PERSONAS.map((p) => ({ persona: p, left: p.sessions }))
  const chosen: Persona[] = []
  while (chosen.length < count && remaining.some((r) => r.left > 0)) {
    for (const r of remaining) {
      if (chosen.length === count || r.left === 0) continue
      chosen.push(r.persona)
      r.left -= 1
    }
  }
  if (chosen.length < count)
    throw new Error(`there are only ${chosen.length} sessions in the roster`)
  return chosen
}

type Page = { label: string; url: string }
/** A simulated user: a persona's session on one app process, as a sticky load balancer keeps it. */
export type User = {
  persona: Persona
  base: string
  cookie: string
  pages: Page[]
  cases: string[]
}

export type Targets = Workload & { companyByKommune: Map<string, string> }

const pick = <T>(items: readonly T[]): T => items[Math.floor(Math.random() * items.length)]!

/** The pages of a persona; its case page is one of its home LES's cases, another at each visit. */
export function pagesFor(persona: Persona, targets: Targets): { pages: Page[]; cases: string[] } {
  const cases = persona.home ? (targets.casesByKommune.get(persona.home) ?? []) : []
  const pages = persona.pages.map((label) => {
    if (label === MEETING) return { label, url: `/direktoermoeder/${targets.meetingId}` }
    if (label === COMPANY || label === CASE) {
      const company = persona.home ? targets.companyByKommune.get(persona.home) : undefined
      if (!company || cases.length === 0)
        throw new Error(`${persona.email} has no home kommune for ${label}`)
      return {
        label,
        url: label === COMPANY ? `/virksomheder/${company}` : `/virksomheder/forloeb/${cases[0]}`,
      }
    }
    return { label, url: label }
  })
  return { pages, cases }
}

// ---------------------------------------------------------------------------------------------
// HTTP.

type Reply = { ms: number; status: number; html: string }

async function send(
  base: string,
  url: string,
  cookie: string,
  form?: Record<string, string>,
): Promise<Reply> {
  const t0 = performance.now()
  try {
    const res = await fetch(base + url, {
      method: form ? 'POST' : 'GET',
      headers: {
        Accept: 'text/html',
        Cookie: cookie,
        ...(form ? { 'Content-Type': 'application/x-www-form-urlencoded', Origin: base } : {}),
      },
      body: form ? new URLSearchParams(form) : undefined,
      redirect: 'manual',
      signal: AbortSignal.timeout(60_000),
    })
    const html = await res.text()
    return { ms: performance.now() - t0, status: res.status, html }
  } catch {
    return { ms: performance.now() - t0, status: 0, html: '' }
  }
}

/**
 * What a person reads off the case page before clicking: the version (the next-step form's hidden
 * field, shown to whoever may work on the case) and whether it is closed (a closed case has no
 * activity form).
 */
export function readCasePage(html: string): { version: number; closed: boolean } | null {
  const version = /<input type="hidden" name="version" value="(\d+)"\/>/.exec(html)?.[1]
  if (!version) return null
  return {
    version: Number(version),
    closed: !html.includes('<input type="hidden" name="intent" value="activity"/>'),
  }
}

// ---------------------------------------------------------------------------------------------
// What a user does.

export type Recorder = { sample(sample: Sample): void; acked(write: AckedWrite): void }

type Step = { user: User; think: () => number; record: Recorder; meetingId: string }

async function openPage({ user, record }: Step, page: Page): Promise<Reply> {
  const reply = await send(user.base, page.url, user.cookie)
  record.sample({ kind: 'page', label: page.label, ms: reply.ms, status: reply.status })
  return reply
}

/** Opens one of the home LES's cases and reads it; null when the page did not load or shows no form. */
async function openCase(step: Step) {
  const caseId = pick(step.user.cases)
  const reply = await openPage(step, { label: CASE, url: `/virksomheder/forloeb/${caseId}` })
  const seen = reply.status === 200 ? readCasePage(reply.html) : null
  return seen ? { caseId, ...seen } : null
}

/** Closes an open case, or reopens a closed one with a reason, sending the version the page showed. */
async function transitionCase(
  step: Step,
  seen: { caseId: string; version: number; closed: boolean },
) {
  const event = seen.closed ? 'REOPEN' : 'CLOSE'
  const form = {
    intent: 'transition',
    event,
    version: String(seen.version),
    ...(event === 'REOPEN' ? { reason: 'Genåbnet under belastningstesten' } : {}),
  }
  const reply = await send(
    step.user.base,
    `/virksomheder/forloeb/${seen.caseId}`,
    step.user.cookie,
    form,
  )
  step.record.sample({ kind: 'transition', label: event, ms: reply.ms, status: reply.status })
  if (reply.status === 200)
    step.record.acked({ kind: 'transition', caseId: seen.caseId, event, version: seen.version + 1 })
}

async function addActivity(step: Step, caseId: string) {
  const note = `Belastningstest ${randomUUID()}`
  const form = {
    intent: 'activity',
    kind: pick(ACTIVITY_KINDS),
    date: copenhagenDate(new Date()),
    note,
  }
  const reply = await send(
    step.user.base,
    `/virksomheder/forloeb/${caseId}`,
    step.user.cookie,
    form,
  )
  step.record.sample({ kind: 'comment', label: 'activity', ms: reply.ms, status: reply.status })
  if (reply.status === 200) step.record.acked({ kind: 'activity', caseId, note })
}

async function proposeItem(step: Step) {
  const url = `/direktoermoeder/${step.meetingId}`
  const reply = await openPage(step, { label: MEETING, url })
  if (reply.status !== 200) return
  await sleep(step.think())
  const title = `Forslag fra belastningstesten ${randomUUID()}`
  const form = {
    intent: 'propose',
    title,
    kind: pick(ITEM_KINDS),
    description: 'Et punkt til drøftelse.',
    presenter: '',
    requestedMinutes: '15',
  }
  const sent = await send(step.user.base, url, step.user.cookie, form)
  step.record.sample({ kind: 'comment', label: 'proposal', ms: sent.ms, status: sent.status })
  if (sent.status === 200) step.record.acked({ kind: 'proposal', meetingId: step.meetingId, title })
}

/** Opens a case, reads it, then transitions it (or, with `comment`, adds an activity; a closed case is reopened instead). */
async function workOnCase(step: Step, comment: boolean) {
  const seen = await openCase(step)
  if (!seen) return
  await sleep(step.think())
  if (comment && !seen.closed) await addActivity(step, seen.caseId)
  else await transitionCase(step, seen)
}

/** One step of a user: a write with the persona's shares, otherwise the next page in its round. */
async function takeStep(step: Step, round: number) {
  const { writes } = step.user.persona
  const r = Math.random()
  if (r < writes.transition) return workOnCase(step, false)
  if (r < writes.transition + writes.activity) return workOnCase(step, true)
  if (r < writes.transition + writes.activity + writes.proposal) return proposeItem(step)
  const page = step.user.pages[round % step.user.pages.length]!
  await openPage(
    step,
    page.label === CASE
      ? { label: CASE, url: `/virksomheder/forloeb/${pick(step.user.cases)}` }
      : page,
  )
}

/** Every user takes steps, pausing between them, until the time is up; resolves when the last has answered. */
export async function runUsers({
  users,
  ms,
  think,
  record,
  meetingId,
}: {
  users: readonly User[]
  ms: number
  think: () => number
  record: Recorder
  meetingId: string
}) {
  const end = performance.now() + ms
  await Promise.all(
    users.map(async (user, i) => {
      // Start each user at another moment and page, so the mix is even from the first second.
      await sleep(think() * (i / users.length))
      for (let round = i; performance.now() < end; round++) {
        await takeStep({ user, think, record, meetingId }, round)
        await sleep(think())
      }
    }),
  )
}
