import { assign, setup } from 'xstate'
import type { ProcessLabels } from './describe.ts'

/**
 * A cooperation agreement with a national cluster or another partner (DOMAIN.md, process 2;
 * Resultatkontrakt 2022, mål 9 and 8b): reach out, assess, agree individually or jointly with the
 * other erhvervshuse, sign, and continue it when it runs out.
 */
export const AGREEMENT_FORMS = ['INDIVIDUAL', 'JOINT'] as const
export type AgreementForm = (typeof AGREEMENT_FORMS)[number]
export const RELEVANCE = ['HIGH', 'MEDIUM', 'LOW'] as const
export type Relevance = (typeof RELEVANCE)[number]
export const AGREEMENT_PARTIES = ['ERHVERVSHUS', 'PARTNER'] as const
export type AgreementParty = (typeof AGREEMENT_PARTIES)[number]

export type Assessment = { relevance: Relevance; rationale: string; form: AgreementForm; partnerHouses: string[] }
export type AgreementSignature = { name: string; at: string; recordedBy: string }

export type AgreementContext = {
  assessment: Assessment | null
  signatures: Partial<Record<AgreementParty, AgreementSignature>>
  /** How many times the agreement has been continued. */
  renewals: number
  declineReason: string | null
}

export type AgreementEvent =
  | { type: 'CONTACT' }
  | { type: 'START_DIALOGUE' }
  | ({ type: 'ASSESS' } & Assessment)
  | { type: 'START_DRAFTING' }
  /** `missing` is what the agreement's content still lacks (computed by the model). */
  | { type: 'REQUEST_SIGNATURE'; missing: string[] }
  | { type: 'SIGN'; party: AgreementParty; name: string; at: string; recordedBy: string }
  | { type: 'DECLINE'; reason: string }
  | { type: 'REOPEN' }
  /** `nearEnd`: the period ends within 60 days (computed by the model from the end date). */
  | { type: 'RENEW'; nearEnd: boolean }
  | { type: 'EXPIRE' }

export const initialAgreementContext: AgreementContext = { assessment: null, signatures: {}, renewals: 0, declineReason: null }

export const MIN_RATIONALE = 10

function assessmentValid(event: AgreementEvent) {
  if (event.type !== 'ASSESS') return false
  if (event.rationale.trim().length < MIN_RATIONALE) return false
  return event.form === 'INDIVIDUAL' || event.partnerHouses.length > 0
}

function partyStillToSign(context: AgreementContext, event: AgreementEvent) {
  return event.type === 'SIGN' && !context.signatures[event.party] && event.name.trim().length > 0
}

const DECLINE = { target: 'declined', guard: 'hasReason', actions: 'rememberDecline' } as const

export const agreementMachine = setup({
  types: { context: {} as AgreementContext, events: {} as AgreementEvent },
  guards: {
    assessmentValid: ({ event }) => assessmentValid(event),
    contentComplete: ({ event }) => event.type === 'REQUEST_SIGNATURE' && event.missing.length === 0,
    partyStillToSign: ({ context, event }) => partyStillToSign(context, event),
    lastSignature: ({ context, event }) =>
      partyStillToSign(context, event) && event.type === 'SIGN' && AGREEMENT_PARTIES.filter((p) => p !== event.party).every((p) => context.signatures[p]),
    hasReason: ({ event }) => event.type === 'DECLINE' && event.reason.trim().length >= 3,
    nearEnd: ({ event }) => event.type === 'RENEW' && event.nearEnd,
  },
  actions: {
    rememberAssessment: assign({
      assessment: ({ event }) =>
        event.type === 'ASSESS'
          ? { relevance: event.relevance, rationale: event.rationale.trim(), form: event.form, partnerHouses: event.form === 'JOINT' ? event.partnerHouses : [] }
          : null,
    }),
    recordSignature: assign({
      signatures: ({ context, event }) =>
        event.type === 'SIGN' ? { ...context.signatures, [event.party]: { name: event.name.trim(), at: event.at, recordedBy: event.recordedBy } } : context.signatures,
    }),
    rememberDecline: assign({ declineReason: ({ event }) => (event.type === 'DECLINE' ? event.reason.trim() : null) }),
    forgetDecline: assign({ declineReason: null }),
    startRenewal: assign({ signatures: {}, renewals: ({ context }) => context.renewals + 1 }),
  },
}).createMachine({
  id: 'agreement',
  initial: 'notContacted',
  context: initialAgreementContext,
  states: {
    notContacted: { on: { CONTACT: 'contacted', DECLINE } },
    contacted: { on: { START_DIALOGUE: 'inDialogue', DECLINE } },
    inDialogue: { on: { ASSESS: { target: 'assessed', guard: 'assessmentValid', actions: 'rememberAssessment' }, DECLINE } },
    assessed: {
      on: {
        START_DRAFTING: 'drafting',
        ASSESS: { target: 'assessed', guard: 'assessmentValid', actions: 'rememberAssessment' },
        DECLINE,
      },
    },
    drafting: { on: { REQUEST_SIGNATURE: { target: 'awaitingSignature', guard: 'contentComplete' }, DECLINE } },
    awaitingSignature: {
      on: {
        SIGN: [
          { target: 'active', guard: 'lastSignature', actions: 'recordSignature' },
          { guard: 'partyStillToSign', actions: 'recordSignature' },
        ],
        DECLINE,
      },
    },
    active: {
      on: {
        RENEW: { target: 'drafting', guard: 'nearEnd', actions: 'startRenewal' },
        EXPIRE: 'expired',
      },
    },
    expired: { on: { RENEW: { target: 'drafting', actions: 'startRenewal' } } },
    declined: { on: { REOPEN: { target: 'inDialogue', actions: 'forgetDecline' } } },
  },
})

export const OPEN_AGREEMENT_STATES = ['notContacted', 'contacted', 'inDialogue', 'assessed', 'drafting', 'awaitingSignature', 'active'] as const

export const AGREEMENT_PARTY_LABELS: Record<AgreementParty, string> = { ERHVERVSHUS: 'Erhvervshuset', PARTNER: 'Partneren' }
export const FORM_LABELS: Record<AgreementForm, string> = { INDIVIDUAL: 'Individuel aftale', JOINT: 'Fælles aftale med andre erhvervshuse' }
export const RELEVANCE_LABELS: Record<Relevance, string> = { HIGH: 'Høj', MEDIUM: 'Middel', LOW: 'Lav' }

export const agreementLabels: ProcessLabels = {
  title: 'Samarbejdsaftale',
  states: {
    notContacted: 'Ikke kontaktet',
    contacted: 'Kontaktet',
    inDialogue: 'I dialog',
    assessed: 'Vurderet',
    drafting: 'Aftale under udarbejdelse',
    awaitingSignature: 'Afventer underskrift',
    active: 'Aktiv',
    expired: 'Udløbet',
    declined: 'Afslået',
  },
  events: {
    CONTACT: { label: 'Markér som kontaktet' },
    START_DIALOGUE: { label: 'Start dialog' },
    ASSESS: { label: 'Gem vurdering' },
    START_DRAFTING: { label: 'Begynd på aftalen' },
    REQUEST_SIGNATURE: { label: 'Send til underskrift', confirm: 'Aftalens indhold låses, og begge parter skal underskrive.' },
    SIGN: { label: 'Registrér underskrift' },
    DECLINE: { label: 'Afslå', needsReason: true, danger: true },
    REOPEN: { label: 'Genoptag' },
    RENEW: { label: 'Forlæng aftalen', confirm: 'Aftalen åbnes for en ny periode; begge parter skal underskrive igen.' },
    EXPIRE: { label: 'Udløb' },
  },
  describePayload(event, payload) {
    if (event === 'SIGN' && typeof payload.party === 'string') {
      return `${AGREEMENT_PARTY_LABELS[payload.party as AgreementParty] ?? payload.party}: ${String(payload.name ?? '')}`
    }
    if (event === 'ASSESS' && typeof payload.form === 'string') return FORM_LABELS[payload.form as AgreementForm] ?? null
    return null
  },
}
