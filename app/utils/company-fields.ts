import { z, optionalText, requiredText } from './validation.ts'

/** Company, case and consent fields, validated alike in browser, server and CSV import. */

export const SEGMENTS = ['DRIFT', 'VAEKST'] as const
export type Segment = (typeof SEGMENTS)[number]
export const SEGMENT_LABELS: Record<Segment, string> = { DRIFT: 'Driftsvirksomhed', VAEKST: 'Vækstvirksomhed' }

export const EMPLOYEE_BANDS = ['1-9', '10-49', '50-249', '250+'] as const
export type EmployeeBand = (typeof EMPLOYEE_BANDS)[number]
export const EMPLOYEE_BAND_LABELS: Record<EmployeeBand, string> = { '1-9': '1–9 ansatte', '10-49': '10–49 ansatte', '50-249': '50–249 ansatte', '250+': '250 eller flere ansatte' }

export const CASE_FORMS = ['ONE_TO_ONE', 'ONE_TO_MANY'] as const
export type CaseForm = (typeof CASE_FORMS)[number]
export const CASE_FORM_LABELS: Record<CaseForm, string> = { ONE_TO_ONE: '1:1-vejledning', ONE_TO_MANY: '1:mange (workshop eller forløb)' }

export const ACTIVITY_KINDS = ['NOTE', 'MEETING', 'CALL', 'WORKSHOP', 'DESIGN_TOOLS'] as const
export type ActivityKind = (typeof ACTIVITY_KINDS)[number]
export const ACTIVITY_KIND_LABELS: Record<ActivityKind, string> = {
  NOTE: 'Notat',
  MEETING: 'Møde',
  CALL: 'Opkald',
  WORKSHOP: 'Workshop',
  DESIGN_TOOLS: 'Brug af designværktøjer',
}

export const CONSENT_METHODS = ['WRITTEN', 'EMAIL', 'VERBAL'] as const
export type ConsentMethod = (typeof CONSENT_METHODS)[number]
export const CONSENT_METHOD_LABELS: Record<ConsentMethod, string> = { WRITTEN: 'Skriftligt', EMAIL: 'Pr. e-mail', VERBAL: 'Mundtligt (med notat)' }

export const CVR_PATTERN = /^[1-9]\d{7}$/

/** Accepts "12 34 56 78" and "DK12345678" as people write them; keeps the eight digits. */
export function normaliseCvr(value: string) {
  return value.replace(/\s+/g, '').replace(/^DK/i, '')
}

export const cvrField = z
  .string({ error: 'Udfyld CVR-nummer.' })
  .transform(normaliseCvr)
  .pipe(z.string().min(1, { error: 'Udfyld CVR-nummer.', abort: true }).regex(CVR_PATTERN, { error: 'CVR-nummeret skal være 8 cifre og må ikke begynde med 0.' }))

const pNumberField = z
  .string()
  .transform((v) => v.replace(/\s+/g, ''))
  .pipe(z.union([z.literal(''), z.string().regex(/^\d{10}$/, { error: 'P-nummeret skal være 10 cifre.' })]))
  .optional()

export const CompanySchema = z.object({
  cvr: cvrField,
  pNumber: pNumberField,
  name: requiredText('virksomhedens navn'),
  address: optionalText('adressen', 300),
  kommuneId: z.string({ error: 'Vælg kommune.' }).min(1, { error: 'Vælg kommune.' }),
  industry: optionalText('branchen', 200),
  employeeBand: z.enum(EMPLOYEE_BANDS, { error: 'Vælg antal ansatte.' }).optional(),
  segment: z.enum(SEGMENTS, { error: 'Vælg segment (drift eller vækst).' }),
})
export type CompanyInput = z.infer<typeof CompanySchema>

export const ContactSchema = z.object({
  name: requiredText('kontaktpersonens navn'),
  role: optionalText('stillingen', 200),
  email: z.union([z.literal(''), z.email({ error: 'Skriv en gyldig e-mailadresse.' })]).optional(),
  phone: z
    .string()
    .trim()
    .max(30, { error: 'Telefonnummeret er for langt.' })
    .regex(/^[+\d\s()-]*$/, { error: 'Telefonnummeret må kun indeholde cifre, mellemrum, + og -.' })
    .optional(),
})
export type ContactInput = z.infer<typeof ContactSchema>

const isoDate = (message: string) => z.iso.date({ error: message })

export const ConsentSchema = z
  .object({
    givenByName: requiredText('hvem i virksomheden der gav samtykket'),
    givenByRole: optionalText('stillingen', 200),
    method: z.enum(CONSENT_METHODS, { error: 'Vælg hvordan samtykket blev givet.' }),
    methodNote: optionalText('notatet', 1000),
    givenAt: isoDate('Vælg datoen, samtykket blev givet.'),
    scope: z.enum(['ALL', 'NAMED'], { error: 'Vælg omfang: alle partnere eller navngivne organisationer.' }),
    organisationIds: z.array(z.string()).default([]),
    purposes: z.array(z.enum(['GUIDANCE', 'REFERRAL', 'EVALUATION'])).min(1, { error: 'Vælg mindst ét formål.' }),
    expiresAt: isoDate('Vælg udløbsdato.'),
  })
  .refine((v) => v.method !== 'VERBAL' || (v.methodNote ?? '').length > 0, { error: 'Skriv et notat om det mundtlige samtykke.', path: ['methodNote'] })
  .refine((v) => v.scope === 'ALL' || v.organisationIds.length > 0, { error: 'Vælg mindst én organisation, samtykket omfatter.', path: ['organisationIds'] })
export type ConsentInput = z.infer<typeof ConsentSchema>

export const RevokeSchema = z.object({ reason: requiredText('en begrundelse', 500).pipe(z.string().min(3, { error: 'Begrundelsen skal være mindst 3 tegn.' })) })

export type ConsentStatus = 'active' | 'revoked' | 'expired'
export const CONSENT_STATUS_LABELS: Record<ConsentStatus, string> = { active: 'Aktivt', revoked: 'Tilbagekaldt', expired: 'Udløbet' }
export const EXPIRY_NOTICE_DAYS = 30

/** The columns of a company CSV import, in template order. */
export const CSV_COLUMNS = ['cvr', 'p_nummer', 'navn', 'adresse', 'kommune', 'branche', 'ansatte', 'segment'] as const
