import { describe, expect, it } from 'vitest'
import { reviewMachine } from '../test/fixtures/review-machine.ts'
import { describeStates, eventTypes } from './describe.ts'

describe('describeStates', () => {
  it('reads the states, their order, final states and transitions from the machine', () => {
    expect(describeStates(reviewMachine)).toEqual([
      { key: 'draft', final: false, transitions: [{ event: 'SUBMIT', targets: ['submitted'] }] },
      {
        key: 'submitted',
        final: false,
        transitions: [
          { event: 'APPROVE', targets: ['approved'] },
          { event: 'REJECT', targets: ['rejected'] },
        ],
      },
      { key: 'rejected', final: false, transitions: [{ event: 'REOPEN', targets: ['draft'] }] },
      { key: 'approved', final: true, transitions: [] },
    ])
  })

  it('lists every event the machine knows', () => {
    expect(eventTypes(reviewMachine).sort()).toEqual(['APPROVE', 'REJECT', 'REOPEN', 'SUBMIT'])
  })
})
