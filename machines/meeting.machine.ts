import { assign, setup } from 'xstate'
import type { ProcessLabels } from './describe.ts'

/**
 * A director meeting (DOMAIN.md, process 5; Resultatkontrakt 2022): every 14 days the directors
 * of the Erhvervshus, the 13 LES and the business regions meet. Participants propose agenda
 * items, the chair publishes the agenda, runs the session live and approves the minutes, which
 * then lock. A single meeting can be cancelled with a note to the participants.
 */
export type MeetingContext = {
  cancelReason: string | null
  /** Who approved the minutes and how ("after circulation" or "at the next meeting"). */
  minutesApproval: { by: string; at: string; how: MinutesApproval } | null
}

export const MINUTES_APPROVALS = ['CIRCULATION', 'NEXT_MEETING'] as const
export type MinutesApproval = (typeof MINUTES_APPROVALS)[number]

export type MeetingEvent =
  | { type: 'OPEN_AGENDA' }
  /** `acceptedItems`: accepted agenda items (counted by the model); an empty agenda is not published. */
  | { type: 'PUBLISH_AGENDA'; acceptedItems: number }
  | { type: 'START' }
  | { type: 'END' }
  | { type: 'APPROVE_MINUTES'; by: string; at: string; how: MinutesApproval }
  | { type: 'CANCEL'; reason: string }

export const initialMeetingContext: MeetingContext = { cancelReason: null, minutesApproval: null }

const CANCEL = { target: 'cancelled', guard: 'hasReason', actions: 'rememberCancel' } as const

export const meetingMachine = setup({
  types: { context: {} as MeetingContext, events: {} as MeetingEvent },
  guards: {
    agendaNotEmpty: ({ event }) => event.type === 'PUBLISH_AGENDA' && event.acceptedItems > 0,
    hasReason: ({ event }) => event.type === 'CANCEL' && event.reason.trim().length >= 3,
  },
  actions: {
    rememberCancel: assign({ cancelReason: ({ event }) => (event.type === 'CANCEL' ? event.reason.trim() : null) }),
    rememberApproval: assign({
      minutesApproval: ({ event }) => (event.type === 'APPROVE_MINUTES' ? { by: event.by, at: event.at, how: event.how } : null),
    }),
  },
}).createMachine({
  id: 'meeting',
  initial: 'planned',
  context: initialMeetingContext,
  states: {
    planned: { on: { OPEN_AGENDA: 'agendaOpen', CANCEL } },
    agendaOpen: { on: { PUBLISH_AGENDA: { target: 'agendaPublished', guard: 'agendaNotEmpty' }, CANCEL } },
    agendaPublished: { on: { START: 'inSession', CANCEL } },
    inSession: { on: { END: 'minutesDraft' } },
    minutesDraft: { on: { APPROVE_MINUTES: { target: 'closed', actions: 'rememberApproval' } } },
    closed: { type: 'final' },
    cancelled: { type: 'final' },
  },
})

/** States in which participants may still propose agenda items. */
export const PROPOSAL_STATES = ['planned', 'agendaOpen', 'agendaPublished'] as const
/** States in which the minutes can still be written. */
export const MINUTES_STATES = ['inSession', 'minutesDraft'] as const

export const MINUTES_APPROVAL_LABELS: Record<MinutesApproval, string> = { CIRCULATION: 'efter rundsendelse', NEXT_MEETING: 'på det følgende møde' }

export const meetingLabels: ProcessLabels = {
  title: 'Direktørmøde',
  states: {
    planned: 'Planlagt',
    agendaOpen: 'Dagsorden åben for forslag',
    agendaPublished: 'Dagsorden udsendt',
    inSession: 'Mødet er i gang',
    minutesDraft: 'Referat (kladde)',
    closed: 'Referat godkendt og låst',
    cancelled: 'Aflyst',
  },
  events: {
    OPEN_AGENDA: { label: 'Åbn dagsordenen for forslag' },
    PUBLISH_AGENDA: { label: 'Udsend dagsordenen', confirm: 'Deltagerne får besked. Senere ændringer markeres som ændret.' },
    START: { label: 'Start mødet' },
    END: { label: 'Afslut mødet', confirm: 'Mødet afsluttes, og referatet går i kladde.' },
    APPROVE_MINUTES: { label: 'Godkend referatet', confirm: 'Referatet godkendes og låses; det kan ikke ændres bagefter.' },
    CANCEL: { label: 'Aflys mødet', needsReason: true, danger: true },
  },
  describePayload(event, payload) {
    if (event === 'APPROVE_MINUTES' && typeof payload.how === 'string') return MINUTES_APPROVAL_LABELS[payload.how as MinutesApproval] ?? null
    if (event === 'PUBLISH_AGENDA' && typeof payload.acceptedItems === 'number') return `${payload.acceptedItems} punkter`
    return null
  },
}
