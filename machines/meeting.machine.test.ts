import { describe, expect, it } from 'vitest'
import { createActor } from 'xstate'
import { meetingMachine, type MeetingEvent } from './meeting.machine.ts'

function run(...events: MeetingEvent[]) {
  const actor = createActor(meetingMachine).start()
  for (const event of events) actor.send(event)
  return actor.getSnapshot()
}

const approve: MeetingEvent = { type: 'APPROVE_MINUTES', by: 'user-1', at: '2026-11-27T10:00:00.000Z', how: 'CIRCULATION' }
const publish = (acceptedItems: number): MeetingEvent => ({ type: 'PUBLISH_AGENDA', acceptedItems })

describe('meeting machine', () => {
  it('runs the whole way: agenda, session, minutes, closed', () => {
    const done = run({ type: 'OPEN_AGENDA' }, publish(2), { type: 'START' }, { type: 'END' }, approve)
    expect(done.value).toBe('closed')
    expect(done.context.minutesApproval).toEqual({ by: 'user-1', at: '2026-11-27T10:00:00.000Z', how: 'CIRCULATION' })
    expect(done.status).toBe('done')
  })

  it('refuses to publish an empty agenda', () => {
    expect(run({ type: 'OPEN_AGENDA' }, publish(0)).value).toBe('agendaOpen')
  })

  it('cannot start before the agenda is published, or end before it starts', () => {
    expect(run({ type: 'OPEN_AGENDA' }, { type: 'START' }).value).toBe('agendaOpen')
    expect(run({ type: 'OPEN_AGENDA' }, publish(1), { type: 'END' }).value).toBe('agendaPublished')
  })

  it('cancels with a reason before the session only', () => {
    expect(run({ type: 'CANCEL', reason: '' }).value).toBe('planned')
    const cancelled = run({ type: 'OPEN_AGENDA' }, { type: 'CANCEL', reason: 'Sammenfald med KKR-møde' })
    expect(cancelled.value).toBe('cancelled')
    expect(cancelled.context.cancelReason).toBe('Sammenfald med KKR-møde')
    expect(run({ type: 'OPEN_AGENDA' }, publish(1), { type: 'START' }, { type: 'CANCEL', reason: 'for sent' }).value).toBe('inSession')
  })

  it('approves minutes only from the draft, and a closed meeting takes nothing more', () => {
    expect(run({ type: 'OPEN_AGENDA' }, publish(1), { type: 'START' }, approve).value).toBe('inSession')
    expect(run({ type: 'OPEN_AGENDA' }, publish(1), { type: 'START' }, { type: 'END' }, approve, { type: 'CANCEL', reason: 'nej tak' }).value).toBe('closed')
  })
})
