import { describe, expect, it } from 'vitest'
import { createActor, transition, type SnapshotFrom } from 'xstate'
import { declarationMachine, initialDeclarationContext, type DeclarationContext, type DeclarationEvent, type Party } from './declaration.machine.ts'
import { eventTypes } from './describe.ts'

type Snapshot = SnapshotFrom<typeof declarationMachine>

function at(state: string, context: Partial<DeclarationContext> = {}): Snapshot {
  return declarationMachine.resolveState({ value: state, context: { ...initialDeclarationContext, ...context } })
}

function send(snapshot: Snapshot, event: DeclarationEvent): Snapshot {
  return transition(declarationMachine, snapshot, event)[0]
}

const sign = (party: Party): DeclarationEvent => ({ type: 'SIGN', party, userId: `u-${party}`, name: party, at: '2026-11-27T10:00:00.000Z' })
const signature = (party: Party) => ({ userId: `u-${party}`, name: party, at: '2026-11-27T10:00:00.000Z' })

const SAMPLE_EVENTS: DeclarationEvent[] = [
  { type: 'START_DIALOGUE' },
  { type: 'REQUEST_SIGNATURES', missing: [] },
  sign('KOMMUNE'),
  { type: 'REJECT', reason: 'Målene er for uklare' },
  { type: 'REOPEN', reason: 'Nye fælles mål' },
  { type: 'EXPIRE' },
  { type: 'RENEW', year: 2027 },
]

describe('declaration machine', () => {
  it('starts as a draft with no signatures, agreement version 1', () => {
    const actor = createActor(declarationMachine).start()
    expect(actor.getSnapshot().value).toBe('draft')
    expect(actor.getSnapshot().context).toEqual({ agreementVersion: 1, signatures: {}, renewedToYear: null })
  })

  it('knows exactly the events of DOMAIN.md', () => {
    expect(eventTypes(declarationMachine).sort()).toEqual(['EXPIRE', 'RENEW', 'REOPEN', 'REQUEST_SIGNATURES', 'SIGN', 'START_DIALOGUE', 'REJECT'].sort())
  })

  // Every state × event: which are possible at all (with valid input).
  const possible: Record<string, string[]> = {
    draft: ['START_DIALOGUE'],
    inDialogue: ['REQUEST_SIGNATURES'],
    awaitingSignatures: ['SIGN', 'REJECT'],
    active: ['REOPEN', 'EXPIRE', 'RENEW'],
    expired: ['RENEW'],
  }
  for (const [state, allowed] of Object.entries(possible)) {
    it(`in ${state} takes only ${allowed.join(', ')}`, () => {
      const can = SAMPLE_EVENTS.filter((event) => at(state).can(event)).map((event) => event.type)
      expect(can).toEqual(allowed)
    })
  }

  it('goes from draft into dialogue', () => {
    expect(send(at('draft'), { type: 'START_DIALOGUE' }).value).toBe('inDialogue')
  })

  it('sends for signatures only when nothing is missing', () => {
    expect(at('inDialogue').can({ type: 'REQUEST_SIGNATURES', missing: ['Samarbejdsmodel'] })).toBe(false)
    expect(send(at('inDialogue'), { type: 'REQUEST_SIGNATURES', missing: [] }).value).toBe('awaitingSignatures')
  })

  it('collects signatures in any order and becomes active with the third', () => {
    let snapshot = at('awaitingSignatures')
    snapshot = send(snapshot, sign('LES'))
    expect(snapshot.value).toBe('awaitingSignatures')
    snapshot = send(snapshot, sign('ERHVERVSHUS'))
    expect(snapshot.value).toBe('awaitingSignatures')
    snapshot = send(snapshot, sign('KOMMUNE'))
    expect(snapshot.value).toBe('active')
    expect(snapshot.context.signatures).toEqual({ LES: signature('LES'), ERHVERVSHUS: signature('ERHVERVSHUS'), KOMMUNE: signature('KOMMUNE') })
  })

  it('lets each party sign only once', () => {
    const snapshot = at('awaitingSignatures', { signatures: { KOMMUNE: signature('KOMMUNE') } })
    expect(snapshot.can(sign('KOMMUNE'))).toBe(false)
    expect(snapshot.can(sign('LES'))).toBe(true)
  })

  it('sends a rejected declaration back to dialogue without signatures, and needs a reason', () => {
    const snapshot = at('awaitingSignatures', { signatures: { KOMMUNE: signature('KOMMUNE') } })
    expect(snapshot.can({ type: 'REJECT', reason: '  ' })).toBe(false)
    const next = send(snapshot, { type: 'REJECT', reason: 'Målene er for uklare' })
    expect(next.value).toBe('inDialogue')
    expect(next.context.signatures).toEqual({})
    expect(next.context.agreementVersion).toBe(1)
  })

  it('reopens an active declaration with a reason: dialogue, signatures cleared, agreement version + 1', () => {
    const active = at('active', { signatures: { KOMMUNE: signature('KOMMUNE'), LES: signature('LES'), ERHVERVSHUS: signature('ERHVERVSHUS') } })
    expect(active.can({ type: 'REOPEN', reason: 'x' })).toBe(false)
    const next = send(active, { type: 'REOPEN', reason: 'Nye fælles mål' })
    expect(next.value).toBe('inDialogue')
    expect(next.context).toEqual({ agreementVersion: 2, signatures: {}, renewedToYear: null })
  })

  it('expires an active declaration at year end', () => {
    expect(send(at('active'), { type: 'EXPIRE' }).value).toBe('expired')
    expect(at('inDialogue').can({ type: 'EXPIRE' })).toBe(false)
  })

  it('renews an active or expired declaration once, staying where it is', () => {
    for (const state of ['active', 'expired']) {
      const next = send(at(state), { type: 'RENEW', year: 2027 })
      expect(next.value).toBe(state)
      expect(next.context.renewedToYear).toBe(2027)
      expect(next.can({ type: 'RENEW', year: 2027 })).toBe(false)
    }
  })
})
