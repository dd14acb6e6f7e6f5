import { beforeAll, describe, expect, it } from 'vitest'
import {
  addComment,
  AlreadySignedError,
  canEditContent,
  createDeclaration,
  DuplicateDeclarationError,
  expirePastDeclarations,
  getDeclarationRow,
  NotEditableError,
  partiesOf,
  saveContent,
  transitionDeclaration,
} from '~/models/declaration.server.ts'
import { listNotifications } from '~/models/notification.server.ts'
import type { CurrentUser } from '~/utils/auth.server.ts'
import { db } from '~/utils/db.server.ts'
import { StaleVersionError } from '~/utils/db-errors.server.ts'
import { EMPTY_CONTENT, type DeclarationContent } from '~/utils/declaration-content.ts'
import { can } from '~/utils/permissions.ts'
import { ForbiddenTransitionError, RefusedTransitionError } from '~/utils/workflow.server.ts'
import { declarationTarget } from '~/models/declaration.server.ts'
import { actorFor } from '../support/actors.ts'

const COMPLETE: DeclarationContent = {
  themes: 'Grøn omstilling',
  goals: [{ text: '30 grønne forløb', owner: 'Kasper Kjær', indicator: 'Antal forløb' }],
  cooperationModel: 'Fælles ugemøde',
  knowledgeSharing: 'Med samtykke i Knudepunkt',
  outreachPlan: 'Fælles kampagne',
  workdaysPerMonth: 2,
}

let kam: CurrentUser, otherKam: CurrentUser, director: CurrentUser, lesDirector: CurrentUser, signatory: CurrentUser, lesVejle: CurrentUser, kkr: CurrentUser

beforeAll(async () => {
  const actors = await Promise.all(
    [
      'kam.kolding@ehsyd.demo',
      'kam.esbjerg@ehsyd.demo',
      'direktor@ehsyd.demo',
      'lesdir.kolding@kolding.demo',
      'kommune.kolding@kolding.demo',
      'les.vejle@vejle.demo',
      'kkr@kkr.demo',
    ].map(actorFor),
  )
  ;[kam, otherKam, director, lesDirector, signatory, lesVejle, kkr] = actors as [CurrentUser, CurrentUser, CurrentUser, CurrentUser, CurrentUser, CurrentUser, CurrentUser]
})

async function kommune(name: string) {
  return db.kommune.findUniqueOrThrow({ where: { name } })
}

/** A Kolding declaration of `year`, moved to awaiting signatures. */
async function awaitingSignatures(year: number) {
  const kolding = await kommune('Kolding')
  const created = await createDeclaration({ actor: kam, kommuneId: kolding.id, year, content: COMPLETE })
  await transitionDeclaration({ id: created.id, type: 'START_DIALOGUE', expectedVersion: 1, actor: kam })
  await transitionDeclaration({ id: created.id, type: 'REQUEST_SIGNATURES', expectedVersion: 2, actor: kam })
  return created.id
}

describe('who may do what with Kolding\'s declaration', () => {
  it('lets Kolding\'s KAM, the director and Kolding\'s LES director edit, and nobody else', async () => {
    const kolding = await kommune('Kolding')
    const row = { state: 'inDialogue', kommune: kolding }
    expect([kam, director, lesDirector].map((a) => canEditContent(a, row))).toEqual([true, true, true])
    expect([otherKam, signatory, lesVejle, kkr].map((a) => canEditContent(a, row))).toEqual([false, false, false, false])
    expect(canEditContent(kam, { ...row, state: 'awaitingSignatures' })).toBe(false)
  })

  it('gives each signatory exactly their own party', async () => {
    const kolding = await kommune('Kolding')
    expect(partiesOf(signatory, kolding)).toEqual(['KOMMUNE'])
    expect(partiesOf(lesDirector, kolding)).toEqual(['LES'])
    expect(partiesOf(director, kolding)).toEqual(['ERHVERVSHUS'])
    expect(partiesOf(kam, kolding)).toEqual([])
    expect(partiesOf(lesVejle, kolding)).toEqual([])
    expect(partiesOf(lesDirector, await kommune('Vejle'))).toEqual([])
  })

  it('shows Kolding\'s declaration to Kolding\'s LES but not to Vejle\'s', async () => {
    const target = declarationTarget(await kommune('Kolding'))
    expect(can(lesVejle, 'view', 'declaration', target)).toBe(false)
    expect(can(await actorFor('les.kolding@kolding.demo'), 'view', 'declaration', target)).toBe(true)
    expect(can(kkr, 'view', 'declaration', target)).toBe(true)
  })
})

describe('the declaration process', () => {
  it('refuses a second declaration for the same kommune and year', async () => {
    const esbjerg = await kommune('Esbjerg')
    await createDeclaration({ actor: otherKam, kommuneId: esbjerg.id, year: 2031, content: EMPTY_CONTENT })
    await expect(createDeclaration({ actor: otherKam, kommuneId: esbjerg.id, year: 2031, content: EMPTY_CONTENT })).rejects.toBeInstanceOf(DuplicateDeclarationError)
    expect(await db.declaration.count({ where: { kommuneId: esbjerg.id, year: 2031 } })).toBe(1)
  })

  it('sends for signatures only when the content is complete', async () => {
    const varde = await kommune('Varde')
    const created = await createDeclaration({ actor: otherKam, kommuneId: varde.id, year: 2030, content: { ...COMPLETE, outreachPlan: '' } })
    await transitionDeclaration({ id: created.id, type: 'START_DIALOGUE', expectedVersion: 1, actor: otherKam })
    await expect(transitionDeclaration({ id: created.id, type: 'REQUEST_SIGNATURES', expectedVersion: 2, actor: otherKam })).rejects.toBeInstanceOf(RefusedTransitionError)
    await saveContent({ actor: otherKam, id: created.id, contentRevision: 1, content: COMPLETE })
    await transitionDeclaration({ id: created.id, type: 'REQUEST_SIGNATURES', expectedVersion: 3, actor: otherKam })
    expect((await getDeclarationRow(created.id))!.state).toBe('awaitingSignatures')
  })

  it('lets each party sign once, for its own party only, and turns active with the third', async () => {
    const id = await awaitingSignatures(2027)
    await expect(transitionDeclaration({ id, type: 'SIGN', expectedVersion: 3, actor: kam })).rejects.toBeInstanceOf(ForbiddenTransitionError)
    await expect(transitionDeclaration({ id, type: 'SIGN', expectedVersion: 3, actor: lesVejle })).rejects.toBeInstanceOf(ForbiddenTransitionError)
    await transitionDeclaration({ id, type: 'SIGN', expectedVersion: 3, actor: signatory })
    await expect(transitionDeclaration({ id, type: 'SIGN', expectedVersion: 4, actor: signatory })).rejects.toBeInstanceOf(AlreadySignedError)
    await transitionDeclaration({ id, type: 'SIGN', expectedVersion: 4, actor: lesDirector })
    expect((await getDeclarationRow(id))!.state).toBe('awaitingSignatures')
    await transitionDeclaration({ id, type: 'SIGN', expectedVersion: 5, actor: director })
    const row = (await getDeclarationRow(id))!
    expect(row.state).toBe('active')
    expect(Object.keys(row.context.signatures).sort()).toEqual(['ERHVERVSHUS', 'KOMMUNE', 'LES'])
    expect(row.context.signatures.KOMMUNE?.name).toBe('Kirsten Kolind')
    // Signing told the others.
    expect((await listNotifications(kam.id)).some((n) => n.title === 'Hensigtserklæringen for Kolding 2027 er underskrevet og aktiv')).toBe(true)
  })

  it('refuses a transition from the wrong state and writes nothing', async () => {
    const id = await awaitingSignatures(2028)
    await expect(transitionDeclaration({ id, type: 'START_DIALOGUE', expectedVersion: 3, actor: kam })).rejects.toBeInstanceOf(RefusedTransitionError)
    expect(await db.workflowEvent.count({ where: { entityId: id } })).toBe(2)
  })

  it('locks the content while awaiting signatures; a rejection with a reason reopens the dialogue and clears signatures', async () => {
    const id = await awaitingSignatures(2029)
    await transitionDeclaration({ id, type: 'SIGN', expectedVersion: 3, actor: signatory })
    await expect(saveContent({ actor: kam, id, contentRevision: 1, content: COMPLETE })).rejects.toBeInstanceOf(NotEditableError)
    await expect(transitionDeclaration({ id, type: 'REJECT', reason: '', expectedVersion: 4, actor: lesDirector })).rejects.toBeInstanceOf(RefusedTransitionError)
    await transitionDeclaration({ id, type: 'REJECT', reason: 'Mål 1 skal være skarpere', expectedVersion: 4, actor: lesDirector })
    const row = (await getDeclarationRow(id))!
    expect(row.state).toBe('inDialogue')
    expect(row.context.signatures).toEqual({})
  })

  it('gives a stale content save a StaleVersionError and keeps the first save', async () => {
    const fano = await kommune('Fanø')
    const created = await createDeclaration({ actor: otherKam, kommuneId: fano.id, year: 2030, content: EMPTY_CONTENT })
    await saveContent({ actor: otherKam, id: created.id, contentRevision: 1, content: { ...EMPTY_CONTENT, themes: 'Første' } })
    await expect(saveContent({ actor: director, id: created.id, contentRevision: 1, content: { ...EMPTY_CONTENT, themes: 'Anden' } })).rejects.toBeInstanceOf(StaleVersionError)
    expect((await getDeclarationRow(created.id))!.content.themes).toBe('Første')
    expect(await db.declarationRevision.count({ where: { declarationId: created.id } })).toBe(2)
  })

  it('notifies the people @-mentioned in the dialogue', async () => {
    const vejle = await kommune('Vejle')
    const created = await createDeclaration({ actor: kam, kommuneId: vejle.id, year: 2030, content: EMPTY_CONTENT })
    await addComment({ actor: kam, id: created.id, body: 'Kan @Dorthe Damgaard se på målene?' })
    const titles = (await listNotifications(director.id)).map((n) => n.title)
    expect(titles).toContain('Kasper Kjær nævnte dig i hensigtserklæringen for Vejle 2030')
  })

  it('reopens an active declaration as agreement version 2, renews it into next year, and expires it at year end', async () => {
    const id = await awaitingSignatures(2025)
    for (const [actor, v] of [[signatory, 3], [lesDirector, 4], [director, 5]] as const) await transitionDeclaration({ id, type: 'SIGN', expectedVersion: v, actor })
    await transitionDeclaration({ id, type: 'REOPEN', reason: 'Nyt fælles mål', expectedVersion: 6, actor: kam })
    expect((await getDeclarationRow(id))!.context).toMatchObject({ agreementVersion: 2, signatures: {} })

    await transitionDeclaration({ id, type: 'REQUEST_SIGNATURES', expectedVersion: 7, actor: kam })
    for (const [actor, v] of [[signatory, 8], [lesDirector, 9], [director, 10]] as const) await transitionDeclaration({ id, type: 'SIGN', expectedVersion: v, actor })
    await transitionDeclaration({ id, type: 'RENEW', expectedVersion: 11, actor: kam })
    const kolding = await kommune('Kolding')
    const renewal = await db.declaration.findUniqueOrThrow({ where: { kommuneId_year: { kommuneId: kolding.id, year: 2026 } } })
    expect(renewal).toMatchObject({ state: 'draft', renewedFromId: id })
    expect(JSON.parse(renewal.content).themes).toBe('Grøn omstilling')

    expect(await expirePastDeclarations(new Date('2026-01-01T08:00:00Z'), 2026)).toBe(1)
    expect((await getDeclarationRow(id))!.state).toBe('expired')
    const last = await db.workflowEvent.findFirstOrThrow({ where: { entityId: id }, orderBy: { version: 'desc' } })
    expect(last).toMatchObject({ event: 'EXPIRE', actorId: null })
  })
})
