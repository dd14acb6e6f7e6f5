import { describe, expect, it } from 'vitest'
import * as meetingIcsRoute from '~/routes/direktoermoeder.$id[.]ics.ts'
import * as goalsCsvRoute from '~/routes/maal.rapport[.]csv.ts'
import * as exportJsonRoute from '~/routes/virksomheder.$id.eksport[.]json.ts'
import { callLoader, sessionCookieFor } from '../support/route-calls.ts'

/**
 * The file routes (CSV, .ics, JSON) have no error page: a refusal must still come back with its
 * status and its Danish message as text, not as "Unexpected Server Error".
 */
describe('a refused file', () => {
  it('says why in Danish, with the status of the refusal', async () => {
    const { cookie } = await sessionCookieFor('ddc@designcenter.demo')
    const goals = await callLoader(goalsCsvRoute, { path: '/maal/rapport.csv', cookie })
    expect(goals).toMatchObject({ status: 403, thrown: false })
    expect(goals.body).toContain('text/plain')
    expect(goals.body).toContain('Du mangler tilladelsen til at')
    expect(goals.body).not.toContain('Unexpected Server Error')

    const meeting = await callLoader(meetingIcsRoute, { path: '/direktoermoeder/findes-ikke.ics', cookie, params: { id: 'findes-ikke' } })
    expect(meeting).toMatchObject({ status: 404, thrown: false })
    expect(meeting.body).toContain('Mødet findes ikke.')

    const { cookie: kkr } = await sessionCookieFor('kkr@kkr.demo')
    const exported = await callLoader(exportJsonRoute, { path: '/virksomheder/findes-ikke/eksport.json', cookie: kkr, params: { id: 'findes-ikke' } })
    expect([403, 404]).toContain(exported.status)
    expect(exported.thrown).toBe(false)
  })

  it('is still served to whoever may have it (the control)', async () => {
    const { cookie } = await sessionCookieFor('direktor@ehsyd.demo')
    const goals = await callLoader(goalsCsvRoute, { path: '/maal/rapport.csv', cookie })
    expect(goals.status).toBe(200)
    expect(goals.body).toContain('text/csv')
  })

  it('still sends an anonymous visitor to the login page', async () => {
    const goals = await callLoader(goalsCsvRoute, { path: '/maal/rapport.csv', cookie: '' })
    expect(goals.status).toBe(302)
    expect(goals.location).toMatch(/^\/login/)
  })
})
