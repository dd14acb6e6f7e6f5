import { assign, setup } from 'xstate'
import type { ProcessLabels } from './describe.ts'

/**
 * The yearly intent declaration between the Erhvervshus, a kommune and its LES (DOMAIN.md,
 * process 1; Resultatkontrakt 2022, "Hensigtserklæringer om mål og indsats").
 */
export const PARTIES = ['KOMMUNE', 'LES', 'ERHVERVSHUS'] as const
export type Party = (typeof PARTIES)[number]

export type Signature = { userId: string; name: string; at: string }

export type DeclarationContext = {
  /** The agreement's own version: 1 for the first signing, +1 each time it is reopened. */
  agreementVersion: number
  signatures: Partial<Record<Party, Signature>>
  /** Set once the declaration has been renewed into next year's draft. */
  renewedToYear: number | null
}

export type DeclarationEvent =
  | { type: 'START_DIALOGUE' }
  /** `missing` is what the content still lacks (the model computes it; see missingContent). */
  | { type: 'REQUEST_SIGNATURES'; missing: string[] }
  | { type: 'SIGN'; party: Party; userId: string; name: string; at: string }
  | { type: 'REJECT'; reason: string }
  | { type: 'REOPEN'; reason: string }
  | { type: 'EXPIRE' }
  | { type: 'RENEW'; year: number }

export const initialDeclarationContext: DeclarationContext = { agreementVersion: 1, signatures: {}, renewedToYear: null }

function hasReason(event: DeclarationEvent) {
  return (event.type === 'REJECT' || event.type === 'REOPEN') && event.reason.trim().length >= 3
}

function partyStillToSign(context: DeclarationContext, event: DeclarationEvent) {
  return event.type === 'SIGN' && !context.signatures[event.party]
}

function othersSigned(context: DeclarationContext, event: DeclarationEvent) {
  return event.type === 'SIGN' && PARTIES.filter((p) => p !== event.party).every((p) => context.signatures[p])
}

export const declarationMachine = setup({
  types: { context: {} as DeclarationContext, events: {} as DeclarationEvent },
  guards: {
    contentComplete: ({ event }) => event.type === 'REQUEST_SIGNATURES' && event.missing.length === 0,
    partyStillToSign: ({ context, event }) => partyStillToSign(context, event),
    lastSignature: ({ context, event }) => partyStillToSign(context, event) && othersSigned(context, event),
    hasReason: ({ event }) => hasReason(event),
    notRenewed: ({ context, event }) => event.type === 'RENEW' && context.renewedToYear === null,
  },
  actions: {
    recordSignature: assign({
      signatures: ({ context, event }) =>
        event.type === 'SIGN' ? { ...context.signatures, [event.party]: { userId: event.userId, name: event.name, at: event.at } } : context.signatures,
    }),
    clearSignatures: assign({ signatures: {} }),
    bumpAgreementVersion: assign({ agreementVersion: ({ context }) => context.agreementVersion + 1 }),
    rememberRenewal: assign({ renewedToYear: ({ event }) => (event.type === 'RENEW' ? event.year : null) }),
  },
}).createMachine({
  id: 'declaration',
  initial: 'draft',
  context: initialDeclarationContext,
  states: {
    draft: {
      on: { START_DIALOGUE: 'inDialogue' },
    },
    inDialogue: {
      on: { REQUEST_SIGNATURES: { target: 'awaitingSignatures', guard: 'contentComplete' } },
    },
    awaitingSignatures: {
      on: {
        SIGN: [
          { target: 'active', guard: 'lastSignature', actions: 'recordSignature' },
          { guard: 'partyStillToSign', actions: 'recordSignature' },
        ],
        REJECT: { target: 'inDialogue', guard: 'hasReason', actions: 'clearSignatures' },
      },
    },
    active: {
      on: {
        REOPEN: { target: 'inDialogue', guard: 'hasReason', actions: ['clearSignatures', 'bumpAgreementVersion'] },
        EXPIRE: 'expired',
        RENEW: { guard: 'notRenewed', actions: 'rememberRenewal' },
      },
    },
    expired: {
      on: { RENEW: { guard: 'notRenewed', actions: 'rememberRenewal' } },
    },
  },
})

export const PARTY_LABELS: Record<Party, string> = {
  KOMMUNE: 'Kommunen',
  LES: 'Lokal erhvervsservice (LES)',
  ERHVERVSHUS: 'Erhvervshuset',
}

export const declarationLabels: ProcessLabels = {
  title: 'Hensigtserklæring',
  states: {
    draft: 'Kladde',
    inDialogue: 'I dialog',
    awaitingSignatures: 'Afventer underskrifter',
    active: 'Aktiv',
    expired: 'Udløbet',
  },
  events: {
    START_DIALOGUE: { label: 'Start dialogen' },
    REQUEST_SIGNATURES: { label: 'Send til underskrift', confirm: 'Indholdet låses, og de tre parter bliver bedt om at underskrive.' },
    SIGN: { label: 'Underskriv', confirm: 'Du underskriver hensigtserklæringen på vegne af din part. Det kan ikke fortrydes, men erklæringen kan genåbnes.' },
    REJECT: { label: 'Afvis og send tilbage til dialog', needsReason: true, danger: true },
    REOPEN: { label: 'Genåbn', needsReason: true, danger: true },
    EXPIRE: { label: 'Udløb' },
    RENEW: { label: 'Forny til næste år', confirm: 'Der oprettes en kladde for næste år med indholdet fra denne erklæring.' },
  },
  describePayload(event, payload) {
    if (event === 'SIGN' && typeof payload.party === 'string') return `For ${PARTY_LABELS[payload.party as Party]?.toLowerCase() ?? payload.party}`
    if (event === 'RENEW' && typeof payload.year === 'number') return `Kladde for ${payload.year} oprettet`
    return null
  },
}

