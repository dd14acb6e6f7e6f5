import { assign, setup } from 'xstate'
import type { ProcessLabels } from './describe.ts'

/**
 * A referral (DOMAIN.md, process 3; Resultatkontrakt 2022, goals 4 and 8c): the Erhvervshus or an
 * LES refers a company on to a design-ecosystem actor, an adviser, a cluster or another public
 * actor. Sending shares the company's data with the recipient, so it needs the company's consent
 * for referral to that recipient (the model works it out). Six months after sending the
 * follow-up falls due; the outcome closes the referral.
 */
export const OUTCOMES = ['USED', 'EXPECTS_TO_USE', 'NOT_USED', 'UNKNOWN'] as const
export type Outcome = (typeof OUTCOMES)[number]

export type ReferralContext = {
  outcome: Outcome | null
  outcomeNote: string | null
  cancelReason: string | null
}

export type ReferralEvent =
  /** `consentCovers`: an active consent covers referral to this recipient (computed by the model). */
  | { type: 'SEND'; consentCovers: boolean }
  | { type: 'FOLLOW_UP_DUE' }
  | { type: 'RECORD_OUTCOME'; outcome: Outcome; note: string }
  | { type: 'CANCEL'; reason: string }

export const initialReferralContext: ReferralContext = { outcome: null, outcomeNote: null, cancelReason: null }

const CANCEL = { target: 'cancelled', guard: 'hasReason', actions: 'rememberCancel' } as const
const RECORD_OUTCOME = { target: 'closed', guard: 'validOutcome', actions: 'rememberOutcome' } as const

export const referralMachine = setup({
  types: { context: {} as ReferralContext, events: {} as ReferralEvent },
  guards: {
    consentCovers: ({ event }) => event.type === 'SEND' && event.consentCovers,
    hasReason: ({ event }) => event.type === 'CANCEL' && event.reason.trim().length >= 3,
    validOutcome: ({ event }) => event.type === 'RECORD_OUTCOME' && (OUTCOMES as readonly string[]).includes(event.outcome),
  },
  actions: {
    rememberCancel: assign({ cancelReason: ({ event }) => (event.type === 'CANCEL' ? event.reason.trim() : null) }),
    rememberOutcome: assign({
      outcome: ({ event }) => (event.type === 'RECORD_OUTCOME' ? event.outcome : null),
      outcomeNote: ({ event }) => (event.type === 'RECORD_OUTCOME' ? event.note.trim() || null : null),
    }),
  },
}).createMachine({
  id: 'referral',
  initial: 'draft',
  context: initialReferralContext,
  states: {
    draft: { on: { SEND: { target: 'sent', guard: 'consentCovers' }, CANCEL } },
    // Earlier follow-up is allowed: the outcome can be recorded before it falls due.
    sent: { on: { FOLLOW_UP_DUE: 'followUpDue', RECORD_OUTCOME, CANCEL } },
    followUpDue: { on: { RECORD_OUTCOME } },
    closed: { type: 'final' },
    cancelled: { type: 'final' },
  },
})

export const OUTCOME_LABELS: Record<Outcome, string> = {
  USED: 'Har brugt henvisningen',
  EXPECTS_TO_USE: 'Forventer at bruge den inden for et halvt år',
  NOT_USED: 'Har ikke brugt den',
  UNKNOWN: 'Ved ikke',
}

export const referralLabels: ProcessLabels = {
  title: 'Henvisning',
  states: { draft: 'Kladde', sent: 'Sendt', followUpDue: 'Opfølgning forfalden', closed: 'Afsluttet', cancelled: 'Annulleret' },
  events: {
    SEND: { label: 'Send henvisningen', confirm: 'Modtageren får virksomhedens oplysninger, fordi virksomheden har givet samtykke til henvisning.' },
    FOLLOW_UP_DUE: { label: 'Opfølgning forfalden' },
    RECORD_OUTCOME: { label: 'Registrér opfølgning' },
    CANCEL: { label: 'Annullér henvisningen', needsReason: true, danger: true },
  },
  describePayload(event, payload) {
    if (event === 'RECORD_OUTCOME' && typeof payload.outcome === 'string') return OUTCOME_LABELS[payload.outcome as Outcome] ?? null
    return null
  },
}
