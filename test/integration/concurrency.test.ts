import { beforeAll, describe, expect, it } from 'vitest'
import { createCase } from '~/models/case.server.ts'
import { createCompany } from '~/models/company.server.ts'
import { createDeclaration } from '~/models/declaration.server.ts'
import * as declarationRoute from '~/routes/_app.hensigtserklaeringer.$id.tsx'
import * as caseRoute from '~/routes/_app.virksomheder.forloeb.$id.tsx'
import type { CurrentUser } from '~/utils/auth.server.ts'
import { CompanySchema } from '~/utils/company-fields.ts'
import { db } from '~/utils/db.server.ts'
import { EMPTY_CONTENT } from '~/utils/declaration-content.ts'
import { actorFor } from '../support/actors.ts'
import { callAction, sessionCookieFor, type RouteReply } from '../support/route-calls.ts'

/**
 * Issue 11: twenty people press the same button at once. Through the real route actions (real
 * session cookies, real database), twenty conflicting transitions of one record with the version
 * they all saw: exactly one succeeds, the other nineteen get 409 with a Danish message, and the
 * history holds exactly one event, at the version the record now has. Once for a case (the
 * batched path of decision 0006) and once for a declaration (the interactive path).
 */

const CONTENDERS = 20

let lesKolding: CurrentUser

beforeAll(async () => {
  lesKolding = await actorFor('les.kolding@kolding.demo')
})

/** Twenty sessions of the same user, so that nothing is shared but the database. */
async function sessions(email: string) {
  return Promise.all(Array.from({ length: CONTENDERS }, () => sessionCookieFor(email).then((s) => s.cookie)))
}

function outcomes(replies: RouteReply[]) {
  return {
    won: replies.filter((r) => r.status === 200),
    conflicts: replies.filter((r) => r.status === 409),
    other: replies.filter((r) => r.status !== 200 && r.status !== 409),
  }
}

async function historyOf(entityType: string, entityId: string) {
  return db.workflowEvent.findMany({ where: { entityType, entityId }, orderBy: { version: 'asc' }, select: { event: true, version: true } })
}

describe('twenty conflicting transitions at once', () => {
  it('a case: one closes it, nineteen get 409, and the history has one CLOSE at the new version', async () => {
    const kolding = await db.kommune.findUniqueOrThrow({ where: { name: 'Kolding' } })
    const company = await createCompany({ actor: lesKolding, input: CompanySchema.parse({ cvr: '93130013', name: 'Samtidighed ApS', kommuneId: kolding.id, segment: 'DRIFT' }) })
    const kase = await createCase({ actor: lesKolding, input: { title: 'Samtidighed', form: 'ONE_TO_ONE', topics: ['GREEN'], companyIds: [company.id] } })
    const cookies = await sessions('les.kolding@kolding.demo')

    const replies = await Promise.all(
      cookies.map((cookie) =>
        callAction(caseRoute, { path: `/virksomheder/forloeb/${kase.id}`, params: { id: kase.id }, cookie, form: { intent: 'transition', event: 'CLOSE', version: String(kase.version) } }),
      ),
    )

    const { won, conflicts, other } = outcomes(replies)
    expect(other.map((r) => `${r.status} ${r.body}`)).toEqual([])
    expect(won).toHaveLength(1)
    expect(conflicts).toHaveLength(CONTENDERS - 1)
    for (const reply of conflicts) expect(reply.body).toMatch(/ændret|opdater|allerede/i)
    const after = await db.case.findUniqueOrThrow({ where: { id: kase.id } })
    expect(after).toMatchObject({ state: 'closed', version: kase.version + 1 })
    expect(await historyOf('case', kase.id)).toEqual([{ event: 'CLOSE', version: kase.version + 1 }])
  })

  it('a declaration: one starts the dialogue, nineteen get 409, and the history has one START_DIALOGUE', async () => {
    const fanoe = await db.kommune.findUniqueOrThrow({ where: { name: 'Fanø' } })
    const kamEsbjerg = await actorFor('kam.esbjerg@ehsyd.demo')
    const declaration = await createDeclaration({ actor: kamEsbjerg, kommuneId: fanoe.id, year: 2033, content: EMPTY_CONTENT })
    const cookies = await sessions('kam.esbjerg@ehsyd.demo')

    const replies = await Promise.all(
      cookies.map((cookie) =>
        callAction(declarationRoute, {
          path: `/hensigtserklaeringer/${declaration.id}`,
          params: { id: declaration.id },
          cookie,
          form: { intent: 'transition', event: 'START_DIALOGUE', version: String(declaration.version) },
        }),
      ),
    )

    const { won, conflicts, other } = outcomes(replies)
    expect(other.map((r) => `${r.status} ${r.body}`)).toEqual([])
    expect(won).toHaveLength(1)
    expect(conflicts).toHaveLength(CONTENDERS - 1)
    const after = await db.declaration.findUniqueOrThrow({ where: { id: declaration.id } })
    expect(after).toMatchObject({ state: 'inDialogue', version: declaration.version + 1 })
    expect(await historyOf('declaration', declaration.id)).toEqual([{ event: 'START_DIALOGUE', version: declaration.version + 1 }])
  })

  it('a user without the permission gets 403 from every one of twenty tries, and nothing moves', async () => {
    const kolding = await db.kommune.findUniqueOrThrow({ where: { name: 'Kolding' } })
    const company = await createCompany({ actor: lesKolding, input: CompanySchema.parse({ cvr: '93130021', name: 'Samtidighed To ApS', kommuneId: kolding.id, segment: 'DRIFT' }) })
    const kase = await createCase({ actor: lesKolding, input: { title: 'Ikke din', form: 'ONE_TO_ONE', topics: ['GREEN'], companyIds: [company.id] } })
    const cookies = await sessions('les.vejle@vejle.demo')

    const replies = await Promise.all(
      cookies.map((cookie) =>
        callAction(caseRoute, { path: `/virksomheder/forloeb/${kase.id}`, params: { id: kase.id }, cookie, form: { intent: 'transition', event: 'CLOSE', version: String(kase.version) } }),
      ),
    )

    expect(replies.map((r) => r.status)).toEqual(Array.from({ length: CONTENDERS }, () => 403))
    expect(await db.case.findUniqueOrThrow({ where: { id: kase.id } })).toMatchObject({ state: kase.state, version: kase.version })
    expect(await historyOf('case', kase.id)).toEqual([])
  })
})
