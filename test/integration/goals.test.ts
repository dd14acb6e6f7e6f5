import { beforeAll, describe, expect, it } from 'vitest'
import { addActivity, createCase } from '~/models/case.server.ts'
import { createCompany } from '~/models/company.server.ts'
import { computeGoals, listReportedFigures, liveGoals, saveReportedFigure } from '~/models/goals.server.ts'
import { createSurveyAnswer, importSurvey } from '~/models/survey.server.ts'
import { db } from '~/utils/db.server.ts'
import type { CurrentUser } from '~/utils/auth.server.ts'
import { actorFor } from '../support/actors.ts'

let director: CurrentUser
const now = new Date('2026-11-27T12:00:00Z')

beforeAll(async () => {
  director = await actorFor('direktor@ehsyd.demo')
})

const HEADER = 'svar_id;aar;segment;tilfredshed;anbefaling;effekt;henvisning_brugt;emner;kommune'

describe('the goals of a year, from the database', () => {
  it('lists every goal of the contract with a status', async () => {
    const result = await computeGoals(2026, now)
    expect(result.goals.map((g) => g.key)).toEqual(['1', '2', '3', '4', '5', '6', '7', '8a', '8b', '8c', '8d', '9'])
    expect(result.spread.perKommune).toHaveLength(13)
    // No survey answers yet for 2024: the survey goals cannot be measured.
    const empty = await computeGoals(2024, now)
    expect(empty.goals.find((g) => g.key === '3')!.status).toBe('notMeasurable')
    expect(empty.goals.find((g) => g.key === '6')!.status).toBe('notMeasurable')
  })

  it('computes the dashboard\'s figures once, then answers from the cache until a write', async () => {
    // The goals read the referral figures as of 1 July; caching those must not drop today's goals.
    const year = new Date().getFullYear()
    const first = await liveGoals(year)
    const again = await liveGoals(year)
    expect(again.refreshing).toBe(false)
    expect(again.value).toBe(first.value)
  })

  it('goal 3 and 6 follow imported survey answers (10 vækst, 10 drift, hand-computed)', async () => {
    // Vækst: 9 "Meget tilfreds" + 1 "Tilfreds" → 90 %; drift: 8 + 2 → 80 %: both meet 80 %.
    // Recommend: vækst all 10 → NPS 100; drift 8 × 9 and 2 × 5 → (8 − 2) / 10 = 60: NPS target missed → not met.
    // Effect: 14 "I høj grad" of 20 → 70 %: goal 6 met.
    const rows = Array.from({ length: 20 }, (_, i) => {
      const vaekst = i < 10
      const satisfaction = vaekst ? (i < 9 ? 'Meget tilfreds' : 'Tilfreds') : i < 18 ? 'Meget tilfreds' : 'Tilfreds'
      const recommend = vaekst ? 10 : i < 18 ? 9 : 5
      const effect = i < 14 ? 'I høj grad' : 'I nogen grad'
      return `G-${i};2023;${vaekst ? 'vækst' : 'drift'};${satisfaction};${recommend};${effect};;;`
    })
    expect(await importSurvey({ actor: director, text: [HEADER, ...rows].join('\n'), now })).toEqual({ ok: true, created: 20, unchanged: 0 })
    const result = await computeGoals(2023, now)
    const goal3 = result.goals.find((g) => g.key === '3')!
    expect(goal3.status).toBe('notMet')
    expect(goal3.value).toContain('Drift 80 % (n 10, NPS 60)')
    expect(goal3.value).toContain('vækst 90 % (n 10, NPS 100)')
    const goal6 = result.goals.find((g) => g.key === '6')!
    expect(goal6.status).toBe('met')
    expect(goal6.ratio).toMatchObject({ numerator: 14, denominator: 20, n: 20 })
  })

  it('takes one answer typed in by hand, and refuses a bad one or a second with the same id', async () => {
    const row = { svar_id: 'M-1', aar: '2022', segment: 'DRIFT', tilfredshed: 'VERY_SATISFIED', anbefaling: '9', effekt: 'HIGH', henvisning_brugt: '', emner: 'GREEN|DIGITAL', kommune: 'Kolding' }
    expect(await createSurveyAnswer({ actor: director, row, now })).toEqual({ ok: true })
    expect(await db.surveyAnswer.findUniqueOrThrow({ where: { answerId: 'M-1' } })).toMatchObject({ segment: 'DRIFT', topics: 'GREEN,DIGITAL', recommend: 9 })
    expect(await createSurveyAnswer({ actor: director, row, now })).toEqual({ ok: false, messages: ['Svar-id M-1 findes allerede.'] })
    expect(await createSurveyAnswer({ actor: director, row: { ...row, svar_id: 'M-2', anbefaling: '12' }, now })).toEqual({
      ok: false,
      messages: ['Anbefaling skal være et helt tal fra 0 til 10 (var «12»).'],
    })
    expect(await db.surveyAnswer.count({ where: { answerId: 'M-2' } })).toBe(0)
  })

  it('keeps one reported figure per kind and year, with its source, shown beside goal 1', async () => {
    await saveReportedFigure({ actor: director, year: 2022, kind: 'AWARENESS', value: 41.5, source: 'Kendskabsmåling 2022', sourceDate: '2022-12-01' })
    await saveReportedFigure({ actor: director, year: 2022, kind: 'AWARENESS', value: 43, source: 'Kendskabsmåling 2022, rettet', sourceDate: '2022-12-15' })
    const figures = await listReportedFigures(2022)
    expect(figures).toHaveLength(1)
    expect(figures[0]).toMatchObject({ value: 43, source: 'Kendskabsmåling 2022, rettet', version: 2 })
    const goal1 = (await computeGoals(2022, now)).goals.find((g) => g.key === '1')!
    expect(goal1.detail).toBe('Kendskabsgrad (Erhvervsstyrelsen): 43 %')
  })

  it('counts a company as guided in a year by a case opened then or an activity dated then, and as new only if not guided the year before', async () => {
    const les = await actorFor('les.kolding@kolding.demo')
    const kolding = await db.kommune.findUniqueOrThrow({ where: { name: 'Kolding' } })
    const before = await computeGoals(2021, now)
    const goal1 = () => before.goals.find((g) => g.key === '1')!.ratio!
    const koldingCount = (r: Awaited<ReturnType<typeof computeGoals>>) => r.spread.perKommune.find((k) => k.id === kolding.id)!.companies
    // A: case opened 2020, activity 2021 → guided 2021, not new. B: case opened 2021 → guided and new.
    const a = await createCompany({ actor: les, input: { cvr: '97100001', name: 'Guided A', kommuneId: kolding.id, segment: 'DRIFT' } })
    const b = await createCompany({ actor: les, input: { cvr: '97100002', name: 'Guided B', kommuneId: kolding.id, segment: 'VAEKST' } })
    const caseA = await createCase({ actor: les, input: { title: 'A', form: 'ONE_TO_ONE', topics: ['GREEN'], companyIds: [a.id] }, now: new Date('2020-05-01T10:00:00Z') })
    await addActivity({ actor: les, caseId: caseA.id, kind: 'MEETING', date: '2021-03-01', note: 'Opfølgning', now: new Date('2021-03-02T10:00:00Z') })
    await createCase({ actor: les, input: { title: 'B', form: 'ONE_TO_ONE', topics: ['EXPORT'], companyIds: [b.id] }, now: new Date('2021-06-01T10:00:00Z') })
    const after = await computeGoals(2021, now)
    const ratio1 = after.goals.find((g) => g.key === '1')!.ratio!
    expect(ratio1.denominator - goal1().denominator).toBe(2)
    expect(ratio1.numerator - goal1().numerator).toBe(1)
    expect(koldingCount(after) - koldingCount(before)).toBe(2)
    // Goal 8a counts the case opened in 2021 (export), not the one opened in 2020.
    expect(after.goals.find((g) => g.key === '8a')!.value).toContain('eksport 1')
  })
})
