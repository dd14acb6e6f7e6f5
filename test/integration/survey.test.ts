import { beforeAll, describe, expect, it } from 'vitest'
import { importSurvey, surveyFacts } from '~/models/survey.server.ts'
import type { CurrentUser } from '~/utils/auth.server.ts'
import { db } from '~/utils/db.server.ts'
import { satisfaction } from '~/utils/goals.ts'
import { SURVEY_TEMPLATE } from '~/utils/survey-fields.ts'
import { actorFor } from '../support/actors.ts'

let director: CurrentUser
const now = new Date('2026-11-27T12:00:00Z')

beforeAll(async () => {
  director = await actorFor('direktor@ehsyd.demo')
})

const HEADER = 'svar_id;aar;segment;tilfredshed;anbefaling;effekt;henvisning_brugt;emner;kommune'

describe('survey import', () => {
  it('imports a good file, and a second import of the same file changes nothing', async () => {
    const file = [
      HEADER,
      'T-1;2025;vækst;Meget tilfreds;10;I høj grad;Ja;Grøn omstilling og cirkulær økonomi|Eksport;Kolding',
      'T-2;2025;drift;Tilfreds;7;I nogen grad;;DIGITAL;0621',
      'T-3;2025;VAEKST;Ved ikke;;Ved ikke;Ved ikke;;',
    ].join('\n')
    expect(await importSurvey({ actor: director, text: file, now })).toEqual({ ok: true, created: 3, unchanged: 0 })
    expect(await importSurvey({ actor: director, text: file, now })).toEqual({ ok: true, created: 0, unchanged: 3 })
    const stored = await db.surveyAnswer.findUniqueOrThrow({ where: { answerId: 'T-1' } })
    expect(stored).toMatchObject({ year: 2025, segment: 'VAEKST', satisfaction: 'VERY_SATISFIED', recommend: 10, effect: 'HIGH', referralUsed: 'YES', topics: 'GREEN,EXPORT' })
    const facts = await surveyFacts(2025)
    expect(facts).toHaveLength(3)
    // Goal 3 for vækst: 1 "Meget tilfreds" of 1 with an opinion (the "ved ikke" left out), n 2.
    expect(satisfaction(facts, 'VAEKST')).toMatchObject({ numerator: 1, denominator: 1, n: 2 })
  })

  it('imports the downloadable template as it is', async () => {
    const report = await importSurvey({ actor: director, text: SURVEY_TEMPLATE, now })
    expect(report).toEqual({ ok: true, created: 2, unchanged: 0 })
  })

  it('refuses a bad file with every row and problem named, and imports nothing', async () => {
    const before = await db.surveyAnswer.count()
    const file = [
      HEADER,
      'B-1;2026;drift;Meget tilfreds;11;I høj grad;;;', // score out of range
      'B-2;2026;stor;Rasende;5;Måske;Måske;Rumfart;Aarhus', // unknown values
      'B-3;2026;drift;Tilfreds;8;I nogen grad;;;',
      'B-3;2026;drift;Utilfreds;2;I lav grad;;;', // same id, other content
      'T-1;2025;drift;Tilfreds;7;I nogen grad;;;', // already imported with other content
      ';1999;drift;Tilfreds;;I nogen grad;;;', // no id, year out of range
    ].join('\n')
    const report = await importSurvey({ actor: director, text: file, now })
    expect(report.ok).toBe(false)
    if (report.ok) return
    expect(report.errors.map((e) => e.row)).toEqual([2, 3, 5, 6, 7])
    expect(report.errors[0]!.messages).toEqual(['Anbefaling skal være et helt tal fra 0 til 10 (var «11»).'])
    expect(report.errors[1]!.messages).toEqual([
      'Ukendt segment «stor» (drift eller vækst).',
      'Ukendt svar om tilfredshed «Rasende».',
      'Ukendt svar om effekt «Måske».',
      'Ukendt svar om henvisning «Måske».',
      'Ukendt emne «Rumfart».',
    ])
    expect(report.errors[2]!.messages).toEqual(['Svar-id B-3 står også i række 4 med andet indhold.'])
    expect(report.errors[3]!.messages).toEqual(['Svar-id T-1 er allerede importeret med andet indhold.'])
    expect(report.errors[4]!.messages).toEqual(['Svar-id mangler.', 'År skal være et årstal mellem 2000 og 2026.'])
    expect(await db.surveyAnswer.count()).toBe(before)
  })

  it('refuses wrong columns and a file that is not CSV', async () => {
    const wrong = await importSurvey({ actor: director, text: 'id;year;score\n1;2026;5\n', now })
    expect(wrong).toMatchObject({ ok: false, errors: [{ row: 1 }] })
    if (!wrong.ok) expect(wrong.errors[0]!.messages.join(' ')).toContain('Overskriftslinjen mangler kolonnerne: svar_id, aar, segment, tilfredshed, effekt.')
    const binary = await importSurvey({ actor: director, text: '\u0000PNG\u0001\u0002', now })
    expect(binary).toEqual({ ok: false, rows: 0, errors: [{ row: 1, messages: ['Filen kan ikke læses som CSV (semikolon- eller kommasepareret tekst).'] }] })
    const kommune = await importSurvey({ actor: director, text: `${HEADER}\nK-1;2026;drift;Tilfreds;5;I høj grad;;;Aarhus\n`, now })
    expect(kommune).toEqual({ ok: false, rows: 1, errors: [{ row: 2, messages: ['Kommunen «Aarhus» findes ikke blandt Erhvervshusets 13 kommuner.'] }] })
  })
})
