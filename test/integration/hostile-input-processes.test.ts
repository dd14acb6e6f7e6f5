import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { AGREEMENT_EVENTS, createAgreement } from '~/models/agreement.server.ts'
import { DECLARATION_EVENTS } from '~/models/declaration.server.ts'
import { decideItem, MEETING_EVENTS, proposeItem, transitionMeeting } from '~/models/meeting.server.ts'
import * as meetingRoute from '~/routes/_app.direktoermoeder.$id.tsx'
import * as meetingsRoute from '~/routes/_app.direktoermoeder._index.tsx'
import * as actionItemsRoute from '~/routes/_app.direktoermoeder.opgaver.tsx'
import * as declarationRoute from '~/routes/_app.hensigtserklaeringer.$id.tsx'
import * as declarationsRoute from '~/routes/_app.hensigtserklaeringer._index.tsx'
import * as workdaysRoute from '~/routes/_app.hensigtserklaeringer.arbejdsdage.tsx'
import * as agreementRoute from '~/routes/_app.klyngeaftaler.$id.tsx'
import * as agreementsRoute from '~/routes/_app.klyngeaftaler._index.tsx'
import * as goalsRoute from '~/routes/_app.maal._index.tsx'
import * as reportingRoute from '~/routes/_app.maal.indberetning.tsx'
import { INTERACTION_KINDS, OTHER_HOUSES } from '~/utils/agreement-content.ts'
import type { CurrentUser } from '~/utils/auth.server.ts'
import { SEGMENTS } from '~/utils/company-fields.ts'
import { copenhagenDate, copenhagenYear } from '~/utils/dates.ts'
import { db } from '~/utils/db.server.ts'
import { EFFECT, EFFECT_LABELS, REFERRAL_USE, REPORTED_KINDS, SATISFACTION, SATISFACTION_LABELS } from '~/utils/goals.ts'
import { ATTENDANCE, ITEM_KINDS } from '~/utils/meeting-fields.ts'
import { SURVEY_COLUMNS } from '~/utils/survey-fields.ts'
import { TOPICS } from '~/utils/topics.ts'
import { AGREEMENT_FORMS, RELEVANCE } from '../../machines/agreement.machine.ts'
import { MINUTES_APPROVALS } from '../../machines/meeting.machine.ts'
import { actorFor } from '../support/actors.ts'
import { checkHostileInput, csvFile, dateText, example, HOSTILE_GROUPS, idOr, numberText, oneOf, storableText, uploadFile, type ActionInput, type ActionSpec, versionText } from '../support/hostile-input.ts'

/**
 * Issue 11, hostile input: the processes — director meetings, intent declarations, local
 * workdays, cluster agreements and goal reporting — each from a user who may use them. See
 * test/support/hostile-input.ts for the properties.
 */

const DIRECTOR = 'direktor@ehsyd.demo'
const KAM_ESBJERG = 'kam.esbjerg@ehsyd.demo'
const THIS_YEAR = copenhagenYear(new Date())
const TODAY = copenhagenDate(new Date())

let director: CurrentUser
const meeting = { open: '', inSession: '', items: [] as string[], participants: [] as string[], actionItem: '' }
const declaration = { ids: [] as string[], kommuner: { esbjerg: '', fanoe: '', kolding: '', vejle: '' } }
const agreement = { id: '', partners: [] as string[] }
let uploads = ''

async function meetingVersion(id: string) {
  return (await db.meeting.findUniqueOrThrow({ where: { id } })).version
}

async function moveMeeting(id: string, type: (typeof MEETING_EVENTS)[number]) {
  await transitionMeeting({ id, type, expectedVersion: await meetingVersion(id), actor: director })
}

/** Two upcoming meetings: one with its agenda open for proposals, one in session. */
async function prepareMeetings() {
  const upcoming = await db.meeting.findMany({ where: { state: 'planned' }, orderBy: { startsAt: 'asc' }, take: 2 })
  meeting.open = upcoming[0]!.id
  meeting.inSession = upcoming[1]!.id
  for (const id of [meeting.open, meeting.inSession]) {
    await moveMeeting(id, 'OPEN_AGENDA')
    await proposeItem({ actor: director, meetingId: id, input: { title: 'Fjendtligt punkt', kind: 'DISCUSSION' } })
  }
  const items = await db.agendaItem.findMany({ where: { meetingId: { in: [meeting.open, meeting.inSession] } } })
  meeting.items = items.map((item) => item.id)
  await decideItem({ actor: director, itemId: items.find((item) => item.meetingId === meeting.inSession)!.id, status: 'ACCEPTED' })
  await moveMeeting(meeting.inSession, 'PUBLISH_AGENDA')
  await moveMeeting(meeting.inSession, 'START')
  meeting.participants = (await db.meetingParticipant.findMany({ where: { meetingId: meeting.inSession } })).map((p) => p.userId)
  meeting.actionItem = (await db.actionItem.findFirstOrThrow()).id
}

beforeAll(async () => {
  // Uploads that get through land in a directory of this file's own.
  uploads = mkdtempSync(path.join(tmpdir(), 'kp-hostile-uploads-'))
  process.env.UPLOAD_DIR = uploads
  director = await actorFor(DIRECTOR)
  await prepareMeetings()
  declaration.ids = (await db.declaration.findMany({ select: { id: true } })).map((d) => d.id)
  const kommuneId = async (name: string) => (await db.kommune.findUniqueOrThrow({ where: { name } })).id
  declaration.kommuner = { esbjerg: await kommuneId('Esbjerg'), fanoe: await kommuneId('Fanø'), kolding: await kommuneId('Kolding'), vejle: await kommuneId('Vejle') }
  agreement.partners = (await db.organisation.findMany({ where: { kind: { in: ['CLUSTER', 'EDUCATION'] } }, select: { id: true }, take: 6 })).map((o) => o.id)
  agreement.id = (await createAgreement({ actor: director, partnerId: agreement.partners[0]! })).id
})

afterAll(() => {
  rmSync(uploads, { recursive: true, force: true })
})

const version = versionText
const minutes = fc.oneof(oneOf('', '15', '30', '480', '481', '0'), numberText)
const time = oneOf('09:00', '23:59', '24:00', '9:00', '12:60')

function surveyFile(text: string): ActionInput {
  return { params: {}, multipart: true, form: [['file', new File([text], 'svar.csv', { type: 'text/csv' })]] }
}

const surveyCells: Record<string, fc.Arbitrary<string>> = {
  svar_id: fc.oneof(oneOf('ES-1', 'ES-2', '=1+1'), storableText),
  aar: oneOf(String(THIS_YEAR), String(THIS_YEAR - 1), '1999', String(THIS_YEAR + 1)),
  segment: oneOf(...SEGMENTS, 'vækst', 'drift'),
  tilfredshed: oneOf(...SATISFACTION, ...Object.values(SATISFACTION_LABELS)),
  anbefaling: oneOf('', '0', '10', '11', '-1', '7.5'),
  effekt: oneOf(...EFFECT, ...Object.values(EFFECT_LABELS)),
  henvisning_brugt: oneOf('', ...REFERRAL_USE, 'Ja'),
  emner: oneOf(...Object.keys(TOPICS), 'GREEN|EXPORT', ''),
  kommune: oneOf('', 'Kolding', 'Atlantis'),
}

const specs: Record<string, () => ActionSpec> = {
  '_app.direktoermoeder.$id.tsx': () => ({
    route: meetingRoute,
    who: DIRECTOR,
    path: `/direktoermoeder/${meeting.open}`,
    params: { id: idOr(meeting.open, meeting.inSession) },
    intents: ['transition', 'propose', 'decide-item', 'planned-minutes', 'reorder', 'current-item', 'attendance', 'decision', 'action-item', 'minutes', 'secretary', 'guest', 'move'],
    fields: {
      event: oneOf(...MEETING_EVENTS),
      version,
      reason: storableText,
      how: oneOf(...MINUTES_APPROVALS),
      title: storableText,
      description: storableText,
      kind: oneOf(...ITEM_KINDS),
      presenter: storableText,
      requestedMinutes: minutes,
      itemId: idOr(...meeting.items),
      status: oneOf('ACCEPTED', 'REJECTED'),
      plannedMinutes: minutes,
      order: fc.oneof(oneOf(meeting.items.join(','), [...meeting.items].reverse().join(',')), fc.array(idOr(...meeting.items), { maxLength: 3 }).map((ids) => ids.join(','))),
      userId: idOr(...meeting.participants),
      attendance: oneOf(...ATTENDANCE),
      agendaItemId: idOr(...meeting.items),
      text: storableText,
      ownerId: idOr(...meeting.participants),
      dueDate: dateText,
      minutesVersion: version,
      date: dateText,
      time,
      note: storableText,
    },
    numRuns: 50,
    examples: [
      example({ intent: 'propose', title: '<script>alert(1)</script>', description: '"><img src=x onerror=alert(1)>', kind: 'ORIENTATION' }, { id: meeting.open }),
      example({ intent: 'decision', text: "=cmd|' /C calc'!A0" }, { id: meeting.inSession }),
    ],
  }),
  '_app.direktoermoeder._index.tsx': () => ({
    route: meetingsRoute,
    who: DIRECTOR,
    path: '/direktoermoeder',
    intents: ['calendar-token', 'series'],
    fields: { title: storableText, firstDate: dateText, startTime: time, durationMinutes: minutes, location: storableText, participantIds: idOr(...meeting.participants) },
    lists: ['participantIds'],
    examples: [example({ intent: 'calendar-token' })],
  }),
  '_app.direktoermoeder.opgaver.tsx': () => ({
    route: actionItemsRoute,
    who: 'lesdir.kolding@kolding.demo',
    path: '/direktoermoeder/opgaver',
    fields: { id: idOr(meeting.actionItem), version, status: oneOf('DONE', 'DROPPED'), note: storableText },
    examples: [example({ id: meeting.actionItem, version: '1', status: 'DONE', note: '<script>alert(1)</script>' })],
  }),
  '_app.hensigtserklaeringer.$id.tsx': () => ({
    route: declarationRoute,
    who: KAM_ESBJERG,
    path: `/hensigtserklaeringer/${declaration.ids[0]}`,
    params: { id: idOr(...declaration.ids) },
    intents: ['transition', 'comment', 'save-content'],
    fields: {
      event: oneOf(...DECLARATION_EVENTS),
      version,
      reason: storableText,
      body: storableText,
      contentRevision: version,
      themes: storableText,
      cooperationModel: storableText,
      knowledgeSharing: storableText,
      outreachPlan: storableText,
      workdaysPerMonth: fc.oneof(oneOf('1', '2', '22', '23'), numberText),
      'goals[0].text': storableText,
      'goals[0].owner': storableText,
      'goals[0].indicator': storableText,
      'goals[31].text': storableText,
    },
    examples: [example({ intent: 'comment', body: '<script>alert(1)</script>' }, { id: declaration.ids[0]! })],
  }),
  '_app.hensigtserklaeringer._index.tsx': () => ({
    route: declarationsRoute,
    who: KAM_ESBJERG,
    path: '/hensigtserklaeringer',
    intents: ['create'],
    fields: { kommuneId: idOr(declaration.kommuner.fanoe, declaration.kommuner.esbjerg, declaration.kommuner.kolding), year: fc.oneof(oneOf(String(THIS_YEAR), String(THIS_YEAR + 1), '2019', '2101'), numberText) },
    examples: [example({ intent: 'create', kommuneId: declaration.kommuner.fanoe, year: String(THIS_YEAR) })],
  }),
  '_app.hensigtserklaeringer.arbejdsdage.tsx': () => ({
    route: workdaysRoute,
    who: 'kam.kolding@ehsyd.demo',
    path: '/hensigtserklaeringer/arbejdsdage',
    fields: { kommuneId: idOr(declaration.kommuner.kolding, declaration.kommuner.vejle, declaration.kommuner.esbjerg), date: dateText, notes: storableText, companiesMet: fc.oneof(oneOf('0', '3', '200', '201'), numberText) },
    examples: [example({ kommuneId: declaration.kommuner.kolding, date: TODAY, notes: '<script>alert(1)</script>', companiesMet: '2' })],
  }),
  '_app.klyngeaftaler.$id.tsx': () => ({
    route: agreementRoute,
    who: DIRECTOR,
    path: `/klyngeaftaler/${agreement.id}`,
    params: { id: idOr(agreement.id) },
    intents: ['transition', 'assess', 'sign', 'interaction', 'upload', 'save-content'],
    fields: {
      event: oneOf(...AGREEMENT_EVENTS),
      version,
      reason: storableText,
      relevance: oneOf(...RELEVANCE),
      rationale: fc.oneof(oneOf('En grundig begrundelse for vurderingen'), storableText),
      form: oneOf(...AGREEMENT_FORMS),
      partnerHouses: oneOf(...OTHER_HOUSES),
      party: oneOf('ERHVERVSHUS', 'PARTNER'),
      name: storableText,
      kind: oneOf(...Object.keys(INTERACTION_KINDS)),
      date: dateText,
      note: storableText,
      contentVersion: version,
      purpose: storableText,
      activities: storableText,
      contactPersons: storableText,
      startDate: dateText,
      endDate: dateText,
      nextStep: storableText,
      nextStepDate: dateText,
    },
    lists: ['partnerHouses'],
    files: { file: uploadFile },
    numRuns: 40,
    examples: [example({ intent: 'interaction', kind: 'MEETING', date: TODAY, note: '<script>alert(1)</script>' }, { id: agreement.id })],
  }),
  '_app.klyngeaftaler._index.tsx': () => ({
    route: agreementsRoute,
    who: DIRECTOR,
    path: '/klyngeaftaler',
    fields: { partnerId: idOr(...agreement.partners) },
    examples: [example({ partnerId: agreement.partners[1]! })],
  }),
  '_app.maal._index.tsx': () => ({
    route: goalsRoute,
    who: DIRECTOR,
    path: '/maal',
    fields: { year: fc.oneof(oneOf(String(THIS_YEAR), '2022', '2021', '99999999999'), numberText), goal: oneOf('1', '2', '8c', '9', 'x'.repeat(11)), comment: storableText, version: fc.oneof(oneOf('0', '1', '2'), versionText) },
    files: { file: csvFile(surveyCells) },
    examples: [
      example({ year: String(THIS_YEAR), goal: '1', comment: '<script>alert(1)</script>', version: '0' }),
      surveyFile(`${SURVEY_COLUMNS.join(';')}\n=cmd|' /C calc'!A0;${THIS_YEAR};vækst;Meget tilfreds;10;I høj grad;Ja;GREEN;Kolding\n`),
    ],
  }),
  '_app.maal.indberetning.tsx': () => ({
    route: reportingRoute,
    who: DIRECTOR,
    path: '/maal/indberetning',
    intents: ['figure', 'answer'],
    fields: {
      year: fc.oneof(oneOf(String(THIS_YEAR), '2021', String(THIS_YEAR + 1)), numberText),
      kind: oneOf(...REPORTED_KINDS),
      value: fc.oneof(oneOf('12.5', '1000', '1001', '-1000'), numberText),
      source: storableText,
      sourceDate: dateText,
      ...surveyCells,
    },
    lists: ['emner'],
    examples: [
      example({ intent: 'figure', year: String(THIS_YEAR), kind: 'AWARENESS', value: '42', source: '<script>alert(1)</script>', sourceDate: TODAY }),
      example({ intent: 'answer', svar_id: '"><img src=x onerror=alert(1)>', aar: String(THIS_YEAR), segment: 'VAEKST', tilfredshed: 'SATISFIED', effekt: 'HIGH', emner: ['GREEN', 'EXPORT'], kommune: '' }),
    ],
  }),
}

describe('hostile input: meetings, declarations, workdays, agreements and goals', () => {
  it('has a property for exactly the routes of its group', () => {
    expect(Object.keys(specs).sort()).toEqual([...HOSTILE_GROUPS.processes].sort())
  })

  for (const [file, spec] of Object.entries(specs)) {
    it(`${file} answers random and malformed forms with a success or a Danish 4xx, and a refusal changes nothing`, async () => {
      const resolved = spec()
      const stats = await checkHostileInput(file, resolved)
      expect(stats.refused, `${file}: no form was refused`).toBeGreaterThan(0)
    })
  }
})
