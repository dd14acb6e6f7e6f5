import { describe, expect, it } from 'vitest'
import { createActor } from 'xstate'
import { caseMachine, type CaseEvent } from './case.machine.ts'

function run(...events: CaseEvent[]) {
  const actor = createActor(caseMachine).start()
  for (const event of events) actor.send(event)
  return actor.getSnapshot()
}

const handOver = (missingConsent: string[] = [], ownedByErhvervshus = false): CaseEvent => ({ type: 'HAND_OVER', missingConsent, ownedByErhvervshus })

describe('case machine', () => {
  it('starts open and goes in progress', () => {
    expect(run().value).toBe('open')
    expect(run({ type: 'START' }).value).toBe('inProgress')
  })

  it('hands over only when consent covers the Erhvervshus', () => {
    expect(run({ type: 'START' }, handOver(['company-1'])).value).toBe('inProgress')
    const handed = run({ type: 'START' }, handOver())
    expect(handed.value).toBe('handedOver')
    expect(handed.context.handOvers).toBe(1)
  })

  it('does not hand over a case the Erhvervshus owns itself', () => {
    expect(run({ type: 'START' }, handOver([], true)).value).toBe('inProgress')
  })

  it('closes from every open state', () => {
    expect(run({ type: 'CLOSE' }).value).toBe('closed')
    expect(run({ type: 'START' }, { type: 'CLOSE' }).value).toBe('closed')
    expect(run({ type: 'START' }, handOver(), { type: 'CLOSE' }).value).toBe('closed')
  })

  it('reopens only with a reason', () => {
    expect(run({ type: 'CLOSE' }, { type: 'REOPEN', reason: ' ' }).value).toBe('closed')
    const reopened = run({ type: 'CLOSE' }, { type: 'REOPEN', reason: 'Virksomheden vendte tilbage' })
    expect(reopened.value).toBe('inProgress')
    expect(reopened.context.reopenReason).toBe('Virksomheden vendte tilbage')
  })

  it('cannot hand over a closed or already handed-over case', () => {
    expect(run({ type: 'CLOSE' }, handOver()).value).toBe('closed')
    const twice = run({ type: 'START' }, handOver(), handOver())
    expect(twice.context.handOvers).toBe(1)
  })
})
