import { describe, expect, it } from 'vitest'
import { createActor } from 'xstate'
import { describeStates } from './describe.ts'
import { MINUTES_STATES, meetingLabels, meetingMachine, PROPOSAL_STATES, type MeetingEvent } from './meeting.machine.ts'

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

  it('cancels from planned and from a published agenda; a reason needs three characters besides spaces', () => {
    expect(run({ type: 'CANCEL', reason: 'Ingen punkter' }).value).toBe('cancelled')
    const published = run({ type: 'OPEN_AGENDA' }, publish(1), { type: 'CANCEL', reason: '  Direktøren er syg  ' })
    expect(published.value).toBe('cancelled')
    expect(published.context.cancelReason).toBe('Direktøren er syg')
    expect(published.status).toBe('done')
    expect(run({ type: 'CANCEL', reason: ' ab ' }).value).toBe('planned')
    expect(run({ type: 'CANCEL', reason: 'abc' }).value).toBe('cancelled')
  })

  it('cannot be cancelled once held, nor publish straight from planned', () => {
    expect(run({ type: 'OPEN_AGENDA' }, publish(1), { type: 'START' }, { type: 'END' }, { type: 'CANCEL', reason: 'for sent' }).value).toBe('minutesDraft')
    expect(run(publish(3)).value).toBe('planned')
    expect(run({ type: 'OPEN_AGENDA' }, { type: 'OPEN_AGENDA' }).value).toBe('agendaOpen')
  })

  it('remembers minutes approved at the next meeting', () => {
    const done = run({ type: 'OPEN_AGENDA' }, publish(1), { type: 'START' }, { type: 'END' }, { type: 'APPROVE_MINUTES', by: 'user-1', at: '2026-11-27T10:00:00.000Z', how: 'NEXT_MEETING' })
    expect(done.value).toBe('closed')
    expect(done.context).toEqual({ cancelReason: null, minutesApproval: { by: 'user-1', at: '2026-11-27T10:00:00.000Z', how: 'NEXT_MEETING' } })
  })

  it('names only its own states in the state groups and labels, and has the states of DOMAIN.md', () => {
    const states = describeStates(meetingMachine).map((s) => s.key)
    expect(states).toEqual(['planned', 'agendaOpen', 'agendaPublished', 'inSession', 'minutesDraft', 'closed', 'cancelled'])
    for (const state of [...PROPOSAL_STATES, ...MINUTES_STATES]) expect(states).toContain(state)
    expect(Object.keys(meetingLabels.states).sort()).toEqual([...states].sort())
    expect(meetingLabels.describePayload?.('APPROVE_MINUTES', { how: 'NEXT_MEETING' })).toBe('på det følgende møde')
    expect(meetingLabels.describePayload?.('PUBLISH_AGENDA', { acceptedItems: 4 })).toBe('4 punkter')
    expect(meetingLabels.describePayload?.('START', {})).toBeNull()
  })
})
