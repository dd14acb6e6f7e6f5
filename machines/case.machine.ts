import { assign, setup } from 'xstate'
import type { ProcessLabels } from './describe.ts'

/**
 * A joint company case (DOMAIN.md, process 4): an LES or the Erhvervshus guides one company (1:1)
 * or several in a workshop or programme (1:many), and may hand the case over to the Erhvervshus
 * for specialised guidance. Handing over shares the company's data with the Erhvervshus, so it
 * needs the company's consent; the model works out what is missing and tells the machine.
 */
export type CaseContext = {
  /** How many times the case has been handed over (and reopened). */
  handOvers: number
  reopenReason: string | null
}

export type CaseEvent =
  | { type: 'START' }
  /** `missingConsent`: companies in the case whose consent does not cover the Erhvervshus for joint
   *  guidance; `ownedByErhvervshus`: the case is the Erhvervshus's own (nothing to hand over). */
  | { type: 'HAND_OVER'; missingConsent: string[]; ownedByErhvervshus: boolean }
  | { type: 'CLOSE' }
  | { type: 'REOPEN'; reason: string }

export const initialCaseContext: CaseContext = { handOvers: 0, reopenReason: null }

export const MIN_REASON = 3

const HAND_OVER = { target: 'handedOver', guard: 'consentCoversErhvervshus', actions: 'countHandOver' } as const

export const caseMachine = setup({
  types: { context: {} as CaseContext, events: {} as CaseEvent },
  guards: {
    consentCoversErhvervshus: ({ event }) => event.type === 'HAND_OVER' && !event.ownedByErhvervshus && event.missingConsent.length === 0,
    hasReason: ({ event }) => event.type === 'REOPEN' && event.reason.trim().length >= MIN_REASON,
  },
  actions: {
    countHandOver: assign({ handOvers: ({ context }) => context.handOvers + 1 }),
    rememberReopen: assign({ reopenReason: ({ event }) => (event.type === 'REOPEN' ? event.reason.trim() : null) }),
  },
}).createMachine({
  id: 'case',
  initial: 'open',
  context: initialCaseContext,
  states: {
    open: { on: { START: 'inProgress', HAND_OVER, CLOSE: 'closed' } },
    inProgress: { on: { HAND_OVER, CLOSE: 'closed' } },
    handedOver: { on: { CLOSE: 'closed' } },
    closed: { on: { REOPEN: { target: 'inProgress', guard: 'hasReason', actions: 'rememberReopen' } } },
  },
})

export const caseLabels: ProcessLabels = {
  title: 'Forløb',
  states: { open: 'Åbent', inProgress: 'I gang', handedOver: 'Overdraget til Erhvervshuset', closed: 'Afsluttet' },
  events: {
    START: { label: 'Start forløbet' },
    HAND_OVER: {
      label: 'Overdrag til Erhvervshuset',
      confirm: 'Erhvervshuset overtager den specialiserede vejledning og kan se forløbet, fordi virksomheden har givet samtykke.',
    },
    CLOSE: { label: 'Afslut forløbet', confirm: 'Forløbet afsluttes. Det kan genåbnes senere med en begrundelse.' },
    REOPEN: { label: 'Genåbn', needsReason: true },
  },
}
