import { z } from './validation.ts'

/** The structured content of an intent declaration, validated the same way in browser and server. */
export const GoalSchema = z.object({
  text: z.string().trim().max(1000, { error: 'Målet må højst være 1000 tegn.' }).default(''),
  owner: z.string().trim().max(200, { error: 'Ansvarlig må højst være 200 tegn.' }).default(''),
  indicator: z.string().trim().max(500, { error: 'Indikatoren må højst være 500 tegn.' }).default(''),
})

const section = (label: string, max = 5000) => z.string().trim().max(max, { error: `${label} må højst være ${max} tegn.` }).default('')

export const DeclarationContentSchema = z.object({
  themes: section('Overordnede temaer'),
  goals: z.array(GoalSchema).max(30, { error: 'Højst 30 mål.' }).default([]),
  cooperationModel: section('Samarbejdsmodellen'),
  knowledgeSharing: section('Videndelingen'),
  outreachPlan: section('Den opsøgende indsats'),
  workdaysPerMonth: z.coerce
    .number({ error: 'Skriv et antal dage.' })
    .int({ error: 'Skriv et helt antal dage.' })
    .min(1, { error: 'Mindst én lokal arbejdsdag om måneden (resultatkontrakten).' })
    .max(22, { error: 'Højst 22 arbejdsdage om måneden.' }),
})

export type DeclarationContent = z.infer<typeof DeclarationContentSchema>
export type Goal = z.infer<typeof GoalSchema>

export const EMPTY_CONTENT: DeclarationContent = {
  themes: '',
  goals: [],
  cooperationModel: '',
  knowledgeSharing: '',
  outreachPlan: '',
  workdaysPerMonth: 1,
}

export const SECTION_LABELS = {
  themes: 'Overordnede temaer',
  goals: 'Fælles mål og indsatser',
  cooperationModel: 'Samarbejdsmodel',
  knowledgeSharing: 'Deling af viden om virksomheder',
  outreachPlan: 'Opsøgende virksomhedsindsats',
  workdaysPerMonth: 'Lokale arbejdsdage hos LES pr. måned',
} as const

/** What is still missing before the declaration can be sent for signatures, in Danish. */
export function missingContent(content: DeclarationContent): string[] {
  const missing: string[] = []
  if (!content.themes) missing.push(SECTION_LABELS.themes)
  if (content.goals.filter((g) => g.text).length === 0) missing.push('Mindst ét fælles mål')
  content.goals.forEach((goal, index) => {
    if (goal.text && !goal.owner) missing.push(`Ansvarlig for mål ${index + 1}`)
    if (goal.text && !goal.indicator) missing.push(`Indikator for mål ${index + 1}`)
  })
  if (!content.cooperationModel) missing.push(SECTION_LABELS.cooperationModel)
  if (!content.knowledgeSharing) missing.push(SECTION_LABELS.knowledgeSharing)
  if (!content.outreachPlan) missing.push(SECTION_LABELS.outreachPlan)
  if (!(content.workdaysPerMonth >= 1)) missing.push(SECTION_LABELS.workdaysPerMonth)
  return missing
}

export function parseContent(json: string): DeclarationContent {
  const parsed = DeclarationContentSchema.safeParse(JSON.parse(json))
  return parsed.success ? parsed.data : EMPTY_CONTENT
}
