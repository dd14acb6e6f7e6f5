/** Recipient kinds as the contract names them; "other public actor" covers education and labour-market bodies. */
export const RECIPIENT_KINDS = ['DESIGN', 'ADVISER', 'CLUSTER', 'PUBLIC'] as const
export type RecipientKind = (typeof RECIPIENT_KINDS)[number]
export const RECIPIENT_KIND_LABELS: Record<RecipientKind, string> = {
  DESIGN: 'Designøkosystemet',
  ADVISER: 'Ekstern rådgiver',
  CLUSTER: 'National klynge',
  PUBLIC: 'Anden offentlig aktør',
}

export function recipientKindOf(organisation: { kind: string; designEcosystem: boolean }): RecipientKind {
  if (organisation.designEcosystem || organisation.kind === 'DESIGN_ACTOR') return 'DESIGN'
  if (organisation.kind === 'CLUSTER') return 'CLUSTER'
  if (organisation.kind === 'EXTERNAL') return 'ADVISER'
  return 'PUBLIC'
}
