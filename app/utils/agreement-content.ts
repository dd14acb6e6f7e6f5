import { dateFromIso } from './dates.ts'
import { z } from './validation.ts'

/** The agreement's own content and period, validated alike in browser and server. */
const text = (label: string, max: number) => z.string().trim().max(max, { error: `${label} må højst være ${max} tegn.` }).default('')
const isoDate = z.union([z.iso.date({ error: 'Vælg en gyldig dato.' }), z.literal('')]).optional()

export const AgreementContentSchema = z
  .object({
    purpose: text('Formålet', 4000),
    activities: text('De fælles aktiviteter', 4000),
    contactPersons: text('Kontaktpersonerne', 1000),
    startDate: isoDate,
    endDate: isoDate,
    nextStep: text('Næste skridt', 300),
    nextStepDate: isoDate,
  })
  .refine((v) => !v.startDate || !v.endDate || v.endDate > v.startDate, { error: 'Perioden skal slutte efter den begynder.', path: ['endDate'] })

export type AgreementContentInput = z.infer<typeof AgreementContentSchema>
export type AgreementContent = { purpose: string; activities: string; contactPersons: string }

export const EMPTY_AGREEMENT_CONTENT: AgreementContent = { purpose: '', activities: '', contactPersons: '' }

export function parseAgreementContent(json: string): AgreementContent {
  const value = JSON.parse(json) as Partial<AgreementContent>
  return { purpose: value.purpose ?? '', activities: value.activities ?? '', contactPersons: value.contactPersons ?? '' }
}

/** What is missing before the agreement can be sent for signature, in Danish. */
export function missingAgreementContent(content: AgreementContent, period: { startDate: Date | null; endDate: Date | null }): string[] {
  const missing: string[] = []
  if (!content.purpose) missing.push('Formål')
  if (!content.activities) missing.push('Fælles aktiviteter')
  if (!content.contactPersons) missing.push('Kontaktpersoner')
  if (!period.startDate || !period.endDate) missing.push('Periode (start og slut)')
  return missing
}

export function optionalDate(iso: string | undefined): Date | null {
  return iso ? dateFromIso(iso) : null
}

export const INTERACTION_KINDS = { MEETING: 'Møde', CALL: 'Opkald', EMAIL: 'E-mail', OTHER: 'Andet' } as const
export type InteractionKind = keyof typeof INTERACTION_KINDS

/** The other five erhvervshuse, for joint agreements. */
export const OTHER_HOUSES = ['Erhvervshus Hovedstaden', 'Erhvervshus Sjælland', 'Erhvervshus Fyn', 'Erhvervshus Midtjylland', 'Erhvervshus Nordjylland'] as const
