import { describe, expect, it } from 'vitest'
import { createActor } from 'xstate'
import { referralMachine, type ReferralEvent } from './referral.machine.ts'

function run(...events: ReferralEvent[]) {
  const actor = createActor(referralMachine).start()
  for (const event of events) actor.send(event)
  return actor.getSnapshot()
}

const send = (consentCovers = true): ReferralEvent => ({ type: 'SEND', consentCovers })
const outcome = (o: 'USED' | 'NOT_USED' | 'UNKNOWN' | 'EXPECTS_TO_USE' = 'USED'): ReferralEvent => ({ type: 'RECORD_OUTCOME', outcome: o, note: ' Brugte tilbuddet ' })

describe('referral machine', () => {
  it('sends only with consent', () => {
    expect(run(send(false)).value).toBe('draft')
    expect(run(send()).value).toBe('sent')
  })

  it('falls due, and the outcome closes it', () => {
    expect(run(send(), { type: 'FOLLOW_UP_DUE' }).value).toBe('followUpDue')
    const closed = run(send(), { type: 'FOLLOW_UP_DUE' }, outcome('EXPECTS_TO_USE'))
    expect(closed.value).toBe('closed')
    expect(closed.context).toMatchObject({ outcome: 'EXPECTS_TO_USE', outcomeNote: 'Brugte tilbuddet' })
  })

  it('allows an earlier follow-up, but no outcome before sending and no second outcome', () => {
    expect(run(send(), outcome()).value).toBe('closed')
    expect(run(outcome()).value).toBe('draft')
    const twice = run(send(), outcome('USED'), outcome('NOT_USED'))
    expect(twice.context.outcome).toBe('USED')
  })

  it('cancels from draft or sent with a reason, not once closed or due', () => {
    expect(run({ type: 'CANCEL', reason: 'x' }).value).toBe('draft')
    expect(run({ type: 'CANCEL', reason: 'Virksomheden har fundet en anden løsning' }).value).toBe('cancelled')
    expect(run(send(), { type: 'CANCEL', reason: 'Fortrudt' }).value).toBe('cancelled')
    expect(run(send(), outcome(), { type: 'CANCEL', reason: 'Fortrudt' }).value).toBe('closed')
    expect(run(send(), { type: 'FOLLOW_UP_DUE' }, { type: 'CANCEL', reason: 'Fortrudt' }).value).toBe('followUpDue')
  })

  it('rejects an unknown outcome', () => {
    expect(run(send(), { type: 'RECORD_OUTCOME', outcome: 'MAYBE' as never, note: '' }).value).toBe('sent')
  })
})
