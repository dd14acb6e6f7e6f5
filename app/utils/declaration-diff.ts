import { diffWords } from 'diff'
import type { SectionDiff } from '~/components/declaration/revisions.tsx'
import { SECTION_LABELS, type DeclarationContent } from './declaration-content.ts'

function goalsAsText(content: DeclarationContent) {
  return content.goals.map((g, i) => `${i + 1}. ${g.text}\n   Ansvarlig: ${g.owner || '–'} · Indikator: ${g.indicator || '–'}`).join('\n')
}

const SECTIONS: { label: string; text: (c: DeclarationContent) => string }[] = [
  { label: SECTION_LABELS.themes, text: (c) => c.themes },
  { label: SECTION_LABELS.goals, text: goalsAsText },
  { label: SECTION_LABELS.cooperationModel, text: (c) => c.cooperationModel },
  { label: SECTION_LABELS.knowledgeSharing, text: (c) => c.knowledgeSharing },
  { label: SECTION_LABELS.outreachPlan, text: (c) => c.outreachPlan },
  { label: SECTION_LABELS.workdaysPerMonth, text: (c) => String(c.workdaysPerMonth) },
]

/** A word-by-word comparison of two versions of the content, section by section. */
export function diffContent(before: DeclarationContent, after: DeclarationContent): SectionDiff[] {
  return SECTIONS.map(({ label, text }) => {
    const parts = diffWords(text(before), text(after)).map((p) => ({ value: p.value, added: p.added || undefined, removed: p.removed || undefined }))
    return { label, parts, changed: parts.some((p) => p.added || p.removed) }
  })
}
