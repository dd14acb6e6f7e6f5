/**
 * The authorisation table for the sweep in authorisation.spec.ts (issue 11): for every file in
 * app/routes, what each demo user and an anonymous visitor get for GET, and what a POST by each
 * user who may not do it gets. Default deny: a route file with no rule here, or a row without a
 * column for every demo user, fails the sweep. The expectations follow app/utils/permissions.ts
 * (docs/permissions.md) and the checks each loader and action makes; they are written out by
 * hand, never computed from the permission table, so a change to either side shows up here.
 *
 * A row is one outcome per column, separated by spaces, in the order of COLUMNS:
 *   200, 400, 403, 404, 405, 409, 410  the status, no redirect (a 403 page is the Danish one)
 *   login                              a redirect to /login (the anonymous visitor)
 *   →/path                             a redirect to exactly that path
 *   ·                                  (POST rows only) the user may do this: not sent, so the
 *                                      sweep changes nothing
 */

export const COLUMNS = [
  'anon',
  'admin',
  'direktor',
  'kam.kolding',
  'kam.esbjerg',
  'konsulent',
  'les.kolding',
  'lesdir.kolding',
  'lesdir.vejle',
  'les.vejle',
  'kommune.kolding',
  'br.trekant',
  'ddc',
  'kkr',
] as const
export type Who = (typeof COLUMNS)[number]
export type DemoUser = Exclude<Who, 'anon'>

/** Ids of records the sweep creates or finds (security-fixtures.ts); `{name}` in a path. */
export type Fixtures = {
  userLesVejle: string
  kommuneKolding: string
  organisationKolding: string
  organisationDdc: string
  userKkr: string
  /** The seeded series' last planned meeting (far ahead, so no job or other test touches it). */
  meeting: string
  /** The seeded series' held (closed) meeting, which has minutes. */
  heldMeeting: string
  /** The seeded open action item, owned by lesdir.kolding, created by the chair. */
  actionItem: string
  /** A Kolding declaration the sweep creates (a year no other test uses), in draft. */
  declarationKolding: string
  declarationYear: string
  /** The seeded Esbjerg declaration. */
  declarationEsbjerg: string
  /** A Kolding company of les.kolding's with a consent for all partners (guidance, referral). */
  company: string
  companyCvr: string
  consent: string
  /** les.kolding's case with `company`. */
  case: string
  /** A Kolding company of les.kolding's without any consent. */
  privateCompany: string
  /** A referral of `company` from `case` to Dansk Design Center, sent. */
  referral: string
  /** DDC's notification of that referral. */
  ddcNotification: string
  /** An agreement the director opened with a cluster, with one uploaded document. */
  agreement: string
  document: string
  /** br.trekant's calendar subscription token. */
  calendarToken: string
  today: string
}

/** Read access to the e2e database, for versions and for counting rows before and after a POST. */
export type Db = {
  get(sql: string, ...params: unknown[]): Record<string, unknown> | undefined
  version(table: string, id: string): number
}

export type GetProbe = { path: string; row: string }

export type PostProbe = {
  /** A document POST (a form without JavaScript); `?index` for index routes. */
  path: string
  form: (f: Fixtures, db: Db) => Record<string, string>
  row: string
  /** What must be the same after every refused POST of this probe. */
  unchanged: (f: Fixtures, db: Db) => unknown
}

export type RouteRule = {
  get: GetProbe[]
  /** The route exports an action: its probes. Without one: the path a POST must get 405 at. */
  post: PostProbe[] | { noAction: string }
}

// Rows used by many routes. Columns:
//                        anon  admin dir  kamK kamE kons lesK ldK  ldV  lesV komK brT  ddc  kkr
const ANYONE = /*      */ 'login 200  200  200  200  200  200  200  200  200  200  200  200  200'
const ADMIN_ONLY = /*  */ 'login 200  403  403  403  403  403  403  403  403  403  403  403  403'
const DIRECTOR_ONLY = 'login 403  200  403  403  403  403  403  403  403  403  403  403  403'
/** view:case (and create:company/case/consent, which the same roles hold, all with an owning organisation). */
const CASES = /*       */ 'login 403  200  200  200  200  200  200  200  200  403  403  403  403'
/** update:company and owns the company (Business Kolding); the other case roles get 404, no hint it exists. */
const COMPANY_OWNER = 'login 403  404  404  404  404  200  200  404  404  403  403  403  403'
/** view:meeting with scope any (the chair, the LES and business-region directors). */
const MEETINGS = /*    */ 'login 403  200  403  403  403  403  200  200  403  403  200  403  403'
/** view:declaration of Kolding: any, or own for Kolding's LES and kommune. */
const DECLARATION_KOLDING = 'login 403 200 200 200 200 200 200 403 403 200 200 403 200'
const DECLARATION_ESBJERG = 'login 403 200 200 200 200 403 403 403 403 403 200 403 200'
const DECLARATIONS = /* */ 'login 403  200  200  200  200  200  200  200  200  200  200  403  200'
const WORKDAYS = /*    */ 'login 403  200  200  200  403  200  200  200  200  200  200  403  200'
const REFERRALS = /*   */ 'login 403  200  200  200  200  200  200  200  200  403  403  200  403'
const AGREEMENTS = /*  */ 'login 403  200  200  200  200  403  403  403  403  403  403  403  200'
const GOALS = /*       */ 'login 403  200  200  200  200  403  200  200  403  200  200  403  200'
const PUBLIC = /*      */ '200   200  200  200  200  200  200  200  200  200  200  200  200  200'

// POST rows: who is refused, and how.
//                             anon  admin dir  kamK kamE kons lesK ldK  ldV  lesV komK brT  ddc  kkr
const POST_ADMIN_ONLY = /*  */ 'login ·    403  403  403  403  403  403  403  403  403  403  403  403'
const POST_DIRECTOR_ONLY = 'login 403 · 403 403 403 403 403 403 403 403 403 403 403'
/** The owner (Business Kolding) may; the other case roles are refused by ownership, the rest by role. */
const POST_COMPANY_OWNER = 'login 403 403 403 403 403 · · 403 403 403 403 403 403'
const POST_CASES = /*       */ 'login 403  ·    ·    ·    ·    ·    ·    ·    ·    403  403  403  403'
const POST_AGREEMENT_EDITORS = 'login 403 · · · · 403 403 403 403 403 403 403 403'

/** Watches count only what the probe itself would write: other specs write to the same tables at the same time. */
const count = (db: Db, sql: string, ...params: unknown[]) => Number(db.get(`SELECT count(*) AS n FROM ${sql}`, ...params)?.n)

const ADMIN_PAGE = (path: string): RouteRule => ({ get: [{ path, row: ADMIN_ONLY }], post: { noAction: path } })

export const ROUTE_RULES: Record<string, RouteRule> = {
  '_app.$.tsx': {
    get: [{ path: '/findes-ikke', row: 'login 404 404 404 404 404 404 404 404 404 404 404 404 404' }],
    post: { noAction: '/findes-ikke' },
  },
  '_app._index.tsx': { get: [{ path: '/', row: ANYONE }], post: { noAction: '/?index' } },

  // Administration: the layout's loader alone (single fetch, `_routes`), then each page.
  '_app.admin.tsx': { get: [{ path: '/admin/udbakke.data?_routes=routes/_app.admin', row: ADMIN_ONLY }], post: { noAction: '/admin' } },
  '_app.admin._index.tsx': {
    get: [{ path: '/admin', row: 'login →/admin/brugere 403 403 403 403 403 403 403 403 403 403 403 403' }],
    post: { noAction: '/admin?index' },
  },
  '_app.admin.brugere._index.tsx': ADMIN_PAGE('/admin/brugere'),
  '_app.admin.brugere.$id.tsx': {
    get: [{ path: '/admin/brugere/{userLesVejle}', row: ADMIN_ONLY }],
    post: [
      {
        path: '/admin/brugere/{userLesVejle}',
        form: (f, db) => ({ intent: 'deactivate', version: String(db.version('User', f.userLesVejle)) }),
        row: POST_ADMIN_ONLY,
        unchanged: (f, db) => db.get('SELECT active, version FROM User WHERE id = ?', f.userLesVejle),
      },
    ],
  },
  '_app.admin.brugere.ny.tsx': {
    get: [{ path: '/admin/brugere/ny', row: ADMIN_ONLY }],
    post: [
      {
        path: '/admin/brugere/ny',
        form: (f) => ({ name: 'Ubuden Gæst', email: 'ubuden@example.invalid', organisationId: f.organisationKolding, roles: 'LES_DIRECTOR' }),
        row: POST_ADMIN_ONLY,
        unchanged: (_f, db) => count(db, `User WHERE email = 'ubuden@example.invalid'`),
      },
    ],
  },
  '_app.admin.job.tsx': {
    get: [{ path: '/admin/job', row: ADMIN_ONLY }],
    // Only this job's runs: other specs run other jobs (the outbox) at the same time.
    post: [{ path: '/admin/job', form: () => ({ name: 'sessions-cleanup' }), row: POST_ADMIN_ONLY, unchanged: (_f, db) => count(db, `JobRun WHERE name = 'sessions-cleanup'`) }],
  },
  '_app.admin.kommuner._index.tsx': ADMIN_PAGE('/admin/kommuner'),
  '_app.admin.kommuner.$id.tsx': {
    get: [{ path: '/admin/kommuner/{kommuneKolding}', row: ADMIN_ONLY }],
    post: [
      {
        path: '/admin/kommuner/{kommuneKolding}',
        form: (f, db) => ({ version: String(db.version('Kommune', f.kommuneKolding)), area: 'URBAN', keyAccountManagerId: '' }),
        row: POST_ADMIN_ONLY,
        unchanged: (f, db) => db.get('SELECT version, keyAccountManagerId, area FROM Kommune WHERE id = ?', f.kommuneKolding),
      },
    ],
  },
  '_app.admin.organisationer._index.tsx': ADMIN_PAGE('/admin/organisationer'),
  '_app.admin.organisationer.$id.tsx': {
    get: [{ path: '/admin/organisationer/{organisationKolding}', row: ADMIN_ONLY }],
    post: [
      {
        path: '/admin/organisationer/{organisationKolding}',
        form: (f, db) => ({ version: String(db.version('Organisation', f.organisationKolding)), name: 'Overtaget', kind: 'LES', active: 'false' }),
        row: POST_ADMIN_ONLY,
        unchanged: (f, db) => db.get('SELECT version, name, active FROM Organisation WHERE id = ?', f.organisationKolding),
      },
    ],
  },
  '_app.admin.organisationer.ny.tsx': {
    get: [{ path: '/admin/organisationer/ny', row: ADMIN_ONLY }],
    post: [
      {
        path: '/admin/organisationer/ny',
        form: () => ({ name: 'Ubuden Organisation', kind: 'EXTERNAL' }),
        row: POST_ADMIN_ONLY,
        unchanged: (_f, db) => count(db, `Organisation WHERE name = 'Ubuden Organisation'`),
      },
    ],
  },
  '_app.admin.udbakke.tsx': ADMIN_PAGE('/admin/udbakke'),

  // Director meetings.
  '_app.direktoermoeder._index.tsx': {
    get: [{ path: '/direktoermoeder', row: MEETINGS }],
    post: [
      {
        // A new series is the chair's (create:meeting); the other participants and everyone else are refused.
        path: '/direktoermoeder?index',
        form: (f) => ({ intent: 'series', title: 'Ubuden mødeserie', firstDate: f.today, startTime: '09:00', durationMinutes: '60', intervalDays: '14' }),
        row: POST_DIRECTOR_ONLY,
        unchanged: (_f, db) => count(db, `MeetingSeries WHERE title = 'Ubuden mødeserie'`),
      },
    ],
  },
  '_app.direktoermoeder.$id.tsx': {
    get: [
      { path: '/direktoermoeder/{meeting}', row: MEETINGS },
      { path: '/direktoermoeder/findes-ikke', row: 'login 404 404 404 404 404 404 404 404 404 404 404 404 404' },
    ],
    post: [
      {
        // Only the chair moves the meeting on; participants who are not the chair get 403 as well.
        path: '/direktoermoeder/{meeting}',
        form: (f, db) => ({ intent: 'transition', event: 'CANCEL', reason: 'Aflyst af en uvedkommende', version: String(db.version('Meeting', f.meeting)) }),
        row: POST_DIRECTOR_ONLY,
        unchanged: (f, db) => db.get('SELECT state, version FROM Meeting WHERE id = ?', f.meeting),
      },
      {
        path: '/direktoermoeder/{meeting}',
        form: (f) => ({ intent: 'guest', userId: f.userKkr }),
        row: POST_DIRECTOR_ONLY,
        unchanged: (f, db) => count(db, 'MeetingParticipant WHERE meetingId = ?', f.meeting),
      },
    ],
  },
  '_app.direktoermoeder.opgaver.tsx': {
    get: [{ path: '/direktoermoeder/opgaver', row: MEETINGS }],
    post: [
      {
        // The owner (lesdir.kolding) and the chair may close it; the other meeting users get 403.
        path: '/direktoermoeder/opgaver',
        form: (f, db) => ({ id: f.actionItem, version: String(db.version('ActionItem', f.actionItem)), status: 'DONE' }),
        row: 'login 403 · 403 403 403 403 · 403 403 403 403 403 403',
        unchanged: (f, db) => db.get('SELECT status, version FROM ActionItem WHERE id = ?', f.actionItem),
      },
    ],
  },
  'direktoermoeder.$id.referat.tsx': {
    get: [{ path: '/direktoermoeder/{heldMeeting}/referat', row: MEETINGS }],
    post: { noAction: '/direktoermoeder/{heldMeeting}/referat' },
  },
  'direktoermoeder.$id[.]ics.ts': {
    get: [{ path: '/direktoermoeder/{meeting}.ics', row: MEETINGS }],
    post: { noAction: '/direktoermoeder/{meeting}.ics' },
  },
  'kalender.$token[.]ics.ts': {
    // No login: the secret token is the key, whoever holds it; a wrong one is 404 for everyone.
    get: [
      { path: '/kalender/{calendarToken}.ics', row: PUBLIC },
      { path: '/kalender/ugyldig-adresse.ics', row: '404 404 404 404 404 404 404 404 404 404 404 404 404 404' },
    ],
    post: { noAction: '/kalender/{calendarToken}.ics' },
  },

  // Intent declarations and local workdays.
  '_app.hensigtserklaeringer._index.tsx': {
    get: [{ path: '/hensigtserklaeringer', row: DECLARATIONS }],
    post: [
      {
        // create:declaration for Kolding: the director (any), Kolding's KAM (assigned), Kolding's LES director (own).
        path: '/hensigtserklaeringer?index',
        form: (f) => ({ intent: 'create', kommuneId: f.kommuneKolding, year: String(Number(f.declarationYear) + 1) }),
        row: 'login 403 · · 403 403 403 · 403 403 403 403 403 403',
        unchanged: (f, db) => count(db, 'Declaration WHERE kommuneId = ?', f.kommuneKolding),
      },
    ],
  },
  '_app.hensigtserklaeringer.$id.tsx': {
    get: [
      { path: '/hensigtserklaeringer/{declarationKolding}', row: DECLARATION_KOLDING },
      { path: '/hensigtserklaeringer/{declarationEsbjerg}', row: DECLARATION_ESBJERG },
      { path: '/hensigtserklaeringer/findes-ikke', row: 'login 403 404 404 404 404 404 404 404 404 404 404 403 404' },
    ],
    post: [
      {
        // Signing is for the three parties' signatories (here still a draft, so they would get 409).
        path: '/hensigtserklaeringer/{declarationKolding}',
        form: (f, db) => ({ intent: 'transition', event: 'SIGN', version: String(db.version('Declaration', f.declarationKolding)) }),
        row: 'login 403 · 403 403 403 403 · 403 403 · 403 403 403',
        unchanged: (f, db) => db.get('SELECT state, version, context FROM Declaration WHERE id = ?', f.declarationKolding),
      },
      {
        // The dialogue is for editors (update:declaration) and signatories (canTakePart).
        path: '/hensigtserklaeringer/{declarationKolding}',
        form: () => ({ intent: 'comment', body: 'Ubuden kommentar' }),
        row: 'login 403 · · 403 403 403 · 403 403 · 403 403 403',
        unchanged: (f, db) => count(db, 'DeclarationComment WHERE declarationId = ?', f.declarationKolding),
      },
      {
        // Content: update:declaration for Kolding only.
        path: '/hensigtserklaeringer/{declarationKolding}',
        form: (f, db) => ({ intent: 'save-content', contentRevision: String(db.get('SELECT contentRevision AS r FROM Declaration WHERE id = ?', f.declarationKolding)?.r), themes: 'Overtaget', workdaysPerMonth: '1' }),
        row: 'login 403 · · 403 403 403 · 403 403 403 403 403 403',
        unchanged: (f, db) => db.get('SELECT content, contentRevision FROM Declaration WHERE id = ?', f.declarationKolding),
      },
    ],
  },
  'hensigtserklaeringer.$id.print.tsx': {
    get: [
      { path: '/hensigtserklaeringer/{declarationKolding}/print', row: DECLARATION_KOLDING },
      { path: '/hensigtserklaeringer/{declarationEsbjerg}/print', row: DECLARATION_ESBJERG },
    ],
    post: { noAction: '/hensigtserklaeringer/{declarationKolding}/print' },
  },
  '_app.hensigtserklaeringer.arbejdsdage.tsx': {
    get: [{ path: '/hensigtserklaeringer/arbejdsdage', row: WORKDAYS }],
    post: [
      {
        // create:workday is the KAM's, for their own kommuner: Esbjerg's KAM is refused Kolding with a field error (400).
        path: '/hensigtserklaeringer/arbejdsdage',
        form: (f) => ({ kommuneId: f.kommuneKolding, date: f.today, companiesMet: '1', notes: 'Ubuden arbejdsdag' }),
        row: 'login 403 403 · 400 403 403 403 403 403 403 403 403 403',
        unchanged: (f, db) => count(db, 'LocalWorkday WHERE kommuneId = ?', f.kommuneKolding),
      },
    ],
  },

  // Companies, cases and consent.
  '_app.virksomheder._index.tsx': { get: [{ path: '/virksomheder', row: CASES }], post: { noAction: '/virksomheder?index' } },
  '_app.virksomheder.$id.tsx': {
    get: [
      { path: '/virksomheder/{company}', row: CASES },
      { path: '/virksomheder/findes-ikke', row: 'login 403 404 404 404 404 404 404 404 404 403 403 403 403' },
    ],
    post: [
      {
        path: '/virksomheder/{company}',
        form: () => ({ intent: 'add-contact', name: 'Ubuden Kontakt' }),
        row: POST_COMPANY_OWNER,
        unchanged: (f, db) => count(db, 'ContactPerson WHERE companyId = ?', f.company),
      },
      {
        path: '/virksomheder/{company}',
        form: (f) => ({ intent: 'revoke', consentId: f.consent, reason: 'Tilbagekaldt af en uvedkommende' }),
        row: POST_COMPANY_OWNER,
        unchanged: (f, db) => db.get('SELECT revokedAt FROM Consent WHERE id = ?', f.consent),
      },
      {
        path: '/virksomheder/{company}',
        form: (f) => ({ intent: 'erase', confirmCvr: f.companyCvr }),
        row: POST_COMPANY_OWNER,
        unchanged: (f, db) => db.get('SELECT name, cvr, erasedAt, version FROM Company WHERE id = ?', f.company),
      },
    ],
  },
  '_app.virksomheder.$id_.eksport.tsx': {
    get: [{ path: '/virksomheder/{company}/eksport', row: COMPANY_OWNER }],
    post: { noAction: '/virksomheder/{company}/eksport' },
  },
  'virksomheder.$id.eksport[.]json.ts': {
    get: [{ path: '/virksomheder/{company}/eksport.json', row: COMPANY_OWNER }],
    post: { noAction: '/virksomheder/{company}/eksport.json' },
  },
  '_app.virksomheder.ny.tsx': {
    get: [{ path: '/virksomheder/ny', row: CASES }],
    post: [
      {
        path: '/virksomheder/ny',
        form: (f) => ({ name: 'Ubuden ApS', cvr: '98765432', kommuneId: f.kommuneKolding, segment: 'DRIFT' }),
        row: POST_CASES,
        unchanged: (_f, db) => count(db, `Company WHERE cvr = '98765432'`),
      },
    ],
  },
  '_app.virksomheder.import.tsx': {
    get: [{ path: '/virksomheder/import', row: CASES }],
    post: [{ path: '/virksomheder/import', form: () => ({ file: 'cvr;navn' }), row: POST_CASES, unchanged: (_f, db) => count(db, `Company WHERE name LIKE 'Ubuden%'`) }],
  },
  'virksomheder.import.skabelon[.]csv.ts': {
    get: [{ path: '/virksomheder/import/skabelon.csv', row: CASES }],
    post: { noAction: '/virksomheder/import/skabelon.csv' },
  },
  '_app.virksomheder.samtykker.tsx': { get: [{ path: '/virksomheder/samtykker', row: CASES }], post: { noAction: '/virksomheder/samtykker' } },
  '_app.virksomheder.forloeb.$id.tsx': {
    get: [
      { path: '/virksomheder/forloeb/{case}', row: CASES },
      { path: '/virksomheder/forloeb/findes-ikke', row: 'login 403 404 404 404 404 404 404 404 404 403 403 403 403' },
    ],
    post: [
      {
        path: '/virksomheder/forloeb/{case}',
        form: (f) => ({ intent: 'activity', kind: 'NOTE', date: f.today, note: 'Ubuden note' }),
        row: POST_COMPANY_OWNER,
        unchanged: (f, db) => count(db, 'CaseActivity WHERE caseId = ?', f.case),
      },
      {
        path: '/virksomheder/forloeb/{case}',
        form: (f, db) => ({ intent: 'transition', event: 'CLOSE', version: String(db.version('Case', f.case)) }),
        row: POST_COMPANY_OWNER,
        unchanged: (f, db) => db.get('SELECT state, version FROM "Case" WHERE id = ?', f.case),
      },
      {
        path: '/virksomheder/forloeb/{case}',
        form: (f, db) => ({ intent: 'next-step', nextStep: 'Ubudent næste skridt', nextStepDue: f.today, version: String(db.version('Case', f.case)) }),
        row: POST_COMPANY_OWNER,
        unchanged: (f, db) => db.get('SELECT nextStep, version FROM "Case" WHERE id = ?', f.case),
      },
    ],
  },
  '_app.virksomheder.forloeb.ny.tsx': {
    get: [{ path: '/virksomheder/forloeb/ny', row: CASES }],
    post: [
      {
        // A case with a company the user may not identify (no consent, not theirs) is refused (400).
        path: '/virksomheder/forloeb/ny',
        form: (f) => ({ title: 'Ubudent forløb', form: 'ONE_TO_ONE', companyIds: f.privateCompany, topics: 'GREEN' }),
        row: 'login 403 400 400 400 400 · · 400 400 403 403 403 403',
        unchanged: (f, db) => count(db, 'CaseCompany WHERE companyId = ?', f.privateCompany),
      },
    ],
  },

  // Referrals.
  '_app.henvisninger._index.tsx': { get: [{ path: '/henvisninger', row: REFERRALS }], post: { noAction: '/henvisninger?index' } },
  '_app.henvisninger.$id.tsx': {
    get: [{ path: '/henvisninger/{referral}', row: REFERRALS }],
    post: [
      {
        // Only the recipient acknowledges; the case roles are refused by the model (409), the rest by role.
        path: '/henvisninger/{referral}',
        form: () => ({ intent: 'acknowledge' }),
        row: 'login 403 409 409 409 409 409 409 409 409 403 403 · 403',
        unchanged: (f, db) => db.get('SELECT acknowledgedAt FROM Referral WHERE id = ?', f.referral),
      },
      {
        // Only the owner (Business Kolding) moves it on; the recipient too is refused.
        path: '/henvisninger/{referral}',
        form: (f, db) => ({ intent: 'transition', event: 'CANCEL', reason: 'Annulleret af en uvedkommende', version: String(db.version('Referral', f.referral)) }),
        row: POST_COMPANY_OWNER,
        unchanged: (f, db) => db.get('SELECT state, version FROM Referral WHERE id = ?', f.referral),
      },
    ],
  },
  '_app.henvisninger.ny.tsx': {
    get: [{ path: '/henvisninger/ny?forloeb={case}', row: COMPANY_OWNER }],
    post: [
      {
        // Only the case's owner refers; other case roles are refused by the model (400).
        path: '/henvisninger/ny',
        form: (f) => ({ caseId: f.case, companyId: f.company, recipientId: f.organisationDdc, purpose: 'Ubuden henvisning' }),
        row: 'login 403 400 400 400 400 · · 400 400 403 403 403 403',
        unchanged: (f, db) => count(db, 'Referral WHERE caseId = ?', f.case),
      },
    ],
  },

  // Cluster agreements.
  '_app.klyngeaftaler._index.tsx': {
    get: [{ path: '/klyngeaftaler', row: AGREEMENTS }],
    post: [
      {
        path: '/klyngeaftaler?index',
        form: (f) => ({ partnerId: f.organisationDdc }),
        row: POST_AGREEMENT_EDITORS,
        unchanged: (f, db) => count(db, 'Agreement WHERE partnerId = ?', f.organisationDdc),
      },
    ],
  },
  '_app.klyngeaftaler.$id.tsx': {
    get: [{ path: '/klyngeaftaler/{agreement}', row: AGREEMENTS }],
    post: [
      {
        path: '/klyngeaftaler/{agreement}',
        form: (f) => ({ intent: 'interaction', kind: 'EMAIL', date: f.today, note: 'Ubuden henvendelse' }),
        row: POST_AGREEMENT_EDITORS,
        unchanged: (f, db) => count(db, 'AgreementInteraction WHERE agreementId = ?', f.agreement),
      },
      {
        path: '/klyngeaftaler/{agreement}',
        form: (f, db) => ({ intent: 'transition', event: 'DECLINE', reason: 'Afslået af en uvedkommende', version: String(db.version('Agreement', f.agreement)) }),
        row: POST_AGREEMENT_EDITORS,
        unchanged: (f, db) => db.get('SELECT state, version FROM Agreement WHERE id = ?', f.agreement),
      },
      {
        // The Erhvervshus signs through its director only (sign:agreement).
        path: '/klyngeaftaler/{agreement}',
        form: (f, db) => ({ intent: 'sign', party: 'ERHVERVSHUS', version: String(db.version('Agreement', f.agreement)) }),
        row: POST_DIRECTOR_ONLY,
        unchanged: (f, db) => db.get('SELECT state, version, context FROM Agreement WHERE id = ?', f.agreement),
      },
    ],
  },
  'klyngeaftaler.$id.dokumenter.$documentId.ts': {
    get: [{ path: '/klyngeaftaler/{agreement}/dokumenter/{document}', row: AGREEMENTS }],
    post: { noAction: '/klyngeaftaler/{agreement}/dokumenter/{document}' },
  },

  // Goals and reporting.
  '_app.maal._index.tsx': {
    get: [{ path: '/maal', row: GOALS }],
    post: [
      {
        path: '/maal?index',
        form: () => ({ year: '2024', goalKey: 'G1', comment: 'Ubuden kommentar', version: '0' }),
        row: POST_DIRECTOR_ONLY,
        unchanged: (_f, db) => count(db, `GoalComment WHERE comment = 'Ubuden kommentar'`),
      },
    ],
  },
  '_app.maal.svar.tsx': { get: [{ path: '/maal/svar', row: GOALS }], post: { noAction: '/maal/svar' } },
  '_app.maal.indberetning.tsx': {
    get: [{ path: '/maal/indberetning', row: DIRECTOR_ONLY }],
    post: [
      {
        path: '/maal/indberetning',
        form: () => ({ intent: 'figure', year: '2024', key: 'AWARENESS', value: '99', source: 'Ubuden kilde' }),
        row: POST_DIRECTOR_ONLY,
        unchanged: (_f, db) => count(db, `ReportedFigure WHERE source = 'Ubuden kilde'`),
      },
    ],
  },
  'maal.rapport.tsx': { get: [{ path: '/maal/rapport', row: GOALS }], post: { noAction: '/maal/rapport' } },
  'maal.rapport[.]csv.ts': { get: [{ path: '/maal/rapport.csv', row: GOALS }], post: { noAction: '/maal/rapport.csv' } },
  'maal.brugerevaluering-skabelon[.]csv.ts': {
    get: [{ path: '/maal/brugerevaluering-skabelon.csv', row: DIRECTOR_ONLY }],
    post: { noAction: '/maal/brugerevaluering-skabelon.csv' },
  },

  // Every user's own pages, the layout, and the pages outside it.
  '_app.tsx': { get: [{ path: '/indstillinger.data?_routes=routes/_app', row: ANYONE }], post: { noAction: '/' } },
  '_app.notifikationer.tsx': {
    get: [{ path: '/notifikationer', row: ANYONE }],
    post: [
      {
        // Anyone may mark their own notifications; another user's (DDC's) is left as it is.
        path: '/notifikationer',
        form: (f) => ({ intent: 'read', id: f.ddcNotification }),
        row: 'login 200 200 200 200 200 200 200 200 200 200 200 · 200',
        unchanged: (f, db) => db.get('SELECT readAt FROM Notification WHERE id = ?', f.ddcNotification),
      },
    ],
  },
  '_app.indstillinger.tsx': {
    get: [{ path: '/indstillinger', row: ANYONE }],
    post: [
      {
        // Everyone's own settings: only the anonymous visitor is refused.
        path: '/indstillinger',
        form: () => ({}),
        row: 'login · · · · · · · · · · · · ·',
        unchanged: (_f, db) => count(db, 'NotificationPreference'),
      },
    ],
  },
  'login.tsx': {
    get: [{ path: '/login', row: '200 →/ →/ →/ →/ →/ →/ →/ →/ →/ →/ →/ →/ →/' }],
    // Not probed: failed logins count towards the lock-out of the address every test logs in from.
    post: [{ path: '/login', form: () => ({}), row: '· · · · · · · · · · · · · ·', unchanged: () => null }],
  },
  'logout.tsx': {
    get: [{ path: '/logout', row: '→/ →/ →/ →/ →/ →/ →/ →/ →/ →/ →/ →/ →/ →/' }],
    // Logged-in users are not probed: it would end the session the sweep uses.
    post: [{ path: '/logout', form: () => ({}), row: '→/login?loggedOut=1 · · · · · · · · · · · · ·', unchanged: () => null }],
  },
  'adgangskode.$token.tsx': {
    get: [{ path: '/adgangskode/ugyldigt-link', row: PUBLIC }],
    post: [
      {
        path: '/adgangskode/ugyldigt-link',
        form: () => ({ password: 'Et langt og usædvanligt kodeord 4711', confirm: 'Et langt og usædvanligt kodeord 4711' }),
        row: '410 410 410 410 410 410 410 410 410 410 410 410 410 410',
        unchanged: (_f, db) => db.get(`SELECT group_concat(passwordHash) AS n FROM "User" WHERE email LIKE '%.demo'`),
      },
    ],
  },
}
