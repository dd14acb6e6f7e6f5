import { describe, expect, it } from 'vitest'
import { transition, type SnapshotFrom } from 'xstate'
import { agreementMachine, initialAgreementContext, type AgreementContext, type AgreementEvent } from './agreement.machine.ts'
import { describeStates } from './describe.ts'

type Snapshot = SnapshotFrom<typeof agreementMachine>
const at = (state: string, context: Partial<AgreementContext> = {}): Snapshot =>
  agreementMachine.resolveState({ value: state, context: { ...initialAgreementContext, ...context } })
const send = (snapshot: Snapshot, event: AgreementEvent) => transition(agreementMachine, snapshot, event)[0]

const individual: AgreementEvent = { type: 'ASSESS', relevance: 'HIGH', rationale: 'Stærk klynge i regionen', form: 'INDIVIDUAL', partnerHouses: [] }
const joint: AgreementEvent = { type: 'ASSESS', relevance: 'LOW', rationale: 'Få virksomheder i Sydjylland', form: 'JOINT', partnerHouses: ['Erhvervshus Fyn'] }
const sign = (party: 'ERHVERVSHUS' | 'PARTNER'): AgreementEvent => ({ type: 'SIGN', party, name: `Navn ${party}`, at: '2026-11-27T10:00:00.000Z', recordedBy: 'u1' })

const SAMPLES: AgreementEvent[] = [
  { type: 'CONTACT' },
  { type: 'START_DIALOGUE' },
  individual,
  { type: 'START_DRAFTING' },
  { type: 'REQUEST_SIGNATURE', missing: [] },
  sign('PARTNER'),
  { type: 'DECLINE', reason: 'Ikke relevant nu' },
  { type: 'REOPEN' },
  { type: 'RENEW', nearEnd: true },
  { type: 'EXPIRE' },
]

describe('agreement machine', () => {
  const possible: Record<string, string[]> = {
    notContacted: ['CONTACT', 'DECLINE'],
    contacted: ['START_DIALOGUE', 'DECLINE'],
    inDialogue: ['ASSESS', 'DECLINE'],
    assessed: ['ASSESS', 'START_DRAFTING', 'DECLINE'],
    drafting: ['REQUEST_SIGNATURE', 'DECLINE'],
    awaitingSignature: ['SIGN', 'DECLINE'],
    active: ['RENEW', 'EXPIRE'],
    expired: ['RENEW'],
    declined: ['REOPEN'],
  }

  it('has exactly the states of DOMAIN.md plus declined', () => {
    expect(describeStates(agreementMachine).map((s) => s.key)).toEqual(Object.keys(possible))
  })

  for (const [state, allowed] of Object.entries(possible)) {
    it(`in ${state} takes only ${allowed.join(', ')}`, () => {
      expect(SAMPLES.filter((e) => at(state).can(e)).map((e) => e.type)).toEqual(allowed)
    })
  }

  it('walks from not contacted to active with an individual agreement', () => {
    let s = at('notContacted')
    for (const event of [{ type: 'CONTACT' }, { type: 'START_DIALOGUE' }, individual, { type: 'START_DRAFTING' }, { type: 'REQUEST_SIGNATURE', missing: [] }, sign('ERHVERVSHUS')] as AgreementEvent[]) {
      s = send(s, event)
    }
    expect(s.value).toBe('awaitingSignature')
    s = send(s, sign('PARTNER'))
    expect(s.value).toBe('active')
    expect(s.context.assessment).toEqual({ relevance: 'HIGH', rationale: 'Stærk klynge i regionen', form: 'INDIVIDUAL', partnerHouses: [] })
    expect(Object.keys(s.context.signatures).sort()).toEqual(['ERHVERVSHUS', 'PARTNER'])
  })

  it('needs a rationale of some length, and a partner house for a joint agreement', () => {
    expect(at('inDialogue').can({ ...individual, rationale: 'kort' } as AgreementEvent)).toBe(false)
    expect(at('inDialogue').can({ ...joint, partnerHouses: [] } as AgreementEvent)).toBe(false)
    expect(send(at('inDialogue'), joint).context.assessment?.partnerHouses).toEqual(['Erhvervshus Fyn'])
  })

  it('drops partner houses from an individual assessment', () => {
    const next = send(at('inDialogue'), { ...individual, partnerHouses: ['Erhvervshus Fyn'] } as AgreementEvent)
    expect(next.context.assessment?.partnerHouses).toEqual([])
  })

  it('sends for signature only when the content is complete, and lets each party sign once', () => {
    expect(at('drafting').can({ type: 'REQUEST_SIGNATURE', missing: ['Periode'] })).toBe(false)
    const once = send(at('awaitingSignature'), sign('ERHVERVSHUS'))
    expect(once.can(sign('ERHVERVSHUS'))).toBe(false)
    expect(at('awaitingSignature').can({ ...sign('PARTNER'), name: ' ' } as AgreementEvent)).toBe(false)
  })

  it('declines from any open state with a reason, and reopens into dialogue', () => {
    for (const state of ['notContacted', 'contacted', 'inDialogue', 'assessed', 'drafting', 'awaitingSignature']) {
      expect(at(state).can({ type: 'DECLINE', reason: '' }), state).toBe(false)
      const declined = send(at(state), { type: 'DECLINE', reason: 'Klyngen har ikke kapacitet' })
      expect(declined.value).toBe('declined')
      expect(declined.context.declineReason).toBe('Klyngen har ikke kapacitet')
    }
    const reopened = send(at('declined', { declineReason: 'x' }), { type: 'REOPEN' })
    expect(reopened.value).toBe('inDialogue')
    expect(reopened.context.declineReason).toBeNull()
  })

  it('continues an agreement near its end or after it expired, clearing signatures', () => {
    const active = at('active', { signatures: { ERHVERVSHUS: { name: 'a', at: 'b', recordedBy: 'c' } } })
    expect(active.can({ type: 'RENEW', nearEnd: false })).toBe(false)
    const renewed = send(active, { type: 'RENEW', nearEnd: true })
    expect(renewed.value).toBe('drafting')
    expect(renewed.context).toMatchObject({ signatures: {}, renewals: 1 })
    expect(send(at('expired'), { type: 'RENEW', nearEnd: false }).value).toBe('drafting')
    expect(send(at('active'), { type: 'EXPIRE' }).value).toBe('expired')
  })
})
