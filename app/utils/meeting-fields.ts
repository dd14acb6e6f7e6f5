import { z, optionalText, requiredText } from './validation.ts'

/** Director-meeting fields, validated alike in browser and server. */

export const ITEM_KINDS = ['ORIENTATION', 'DECISION', 'DISCUSSION', 'METHOD'] as const
export type ItemKind = (typeof ITEM_KINDS)[number]
export const ITEM_KIND_LABELS: Record<ItemKind, string> = {
  ORIENTATION: 'Orientering',
  DECISION: 'Beslutning',
  DISCUSSION: 'Drøftelse',
  METHOD: 'Fælles metode og kompetenceudvikling',
}

export const ITEM_STATUS_LABELS: Record<string, string> = { PROPOSED: 'Foreslået', ACCEPTED: 'På dagsordenen', REJECTED: 'Ikke optaget' }

export const ATTENDANCE = ['PRESENT', 'ABSENT', 'EXCUSED'] as const
export type Attendance = (typeof ATTENDANCE)[number]
export const ATTENDANCE_LABELS: Record<Attendance, string> = { PRESENT: 'Til stede', ABSENT: 'Fraværende', EXCUSED: 'Afbud' }

export const PARTICIPANT_ROLE_LABELS: Record<string, string> = { CHAIR: 'Mødeleder', SECRETARY: 'Referent', MEMBER: 'Deltager', GUEST: 'Gæst' }

export const ACTION_STATUSES = ['OPEN', 'DONE', 'DROPPED'] as const
export type ActionStatus = (typeof ACTION_STATUSES)[number]
export const ACTION_STATUS_LABELS: Record<ActionStatus, string> = { OPEN: 'Åben', DONE: 'Udført', DROPPED: 'Droppet' }

const minutesField = (label: string) => z.coerce.number({ error: `${label} skal være et tal.` }).int().min(1, { error: `${label} skal være mindst 1 minut.` }).max(480, { error: `${label} må højst være 480 minutter.` })

export const ProposalSchema = z.object({
  title: requiredText('en overskrift', 200),
  description: optionalText('beskrivelsen', 4000),
  kind: z.enum(ITEM_KINDS, { error: 'Vælg hvilken slags punkt det er.' }),
  presenter: optionalText('oplægsholderen', 200),
  requestedMinutes: z.union([z.literal(''), minutesField('Ønsket tid')]).optional(),
})
export type ProposalInput = z.infer<typeof ProposalSchema>

export const ActionItemSchema = z.object({
  text: requiredText('opgaven', 500),
  ownerId: z.string({ error: 'Vælg hvem opgaven er tildelt.' }).min(1, { error: 'Vælg hvem opgaven er tildelt.' }),
  dueDate: z.iso.date({ error: 'Vælg en frist.' }),
  agendaItemId: z.string().optional(),
})

export const SeriesSchema = z.object({
  title: requiredText('en titel', 200),
  firstDate: z.iso.date({ error: 'Vælg datoen for det første møde.' }),
  startTime: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, { error: 'Skriv tidspunktet som tt:mm.' }),
  durationMinutes: minutesField('Varigheden'),
  location: optionalText('stedet', 200),
  participantIds: z.array(z.string()).min(1, { error: 'Vælg mindst én deltager.' }),
})

export { minutesField }
