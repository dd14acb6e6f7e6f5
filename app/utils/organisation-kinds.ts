export const ORGANISATION_KINDS = [
  'ERHVERVSHUS',
  'KOMMUNE',
  'LES',
  'BUSINESS_REGION',
  'KKR',
  'CLUSTER',
  'DESIGN_ACTOR',
  'EDUCATION',
  'LABOUR_MARKET',
  'EXTERNAL',
] as const
export type OrganisationKind = (typeof ORGANISATION_KINDS)[number]

export const ORGANISATION_KIND_LABELS: Record<OrganisationKind, string> = {
  ERHVERVSHUS: 'Erhvervshus',
  KOMMUNE: 'Kommune',
  LES: 'Lokal erhvervsservice (LES)',
  BUSINESS_REGION: 'Business region',
  KKR: 'KKR',
  CLUSTER: 'National klynge',
  DESIGN_ACTOR: 'Designøkosystemet',
  EDUCATION: 'Uddannelsesinstitution',
  LABOUR_MARKET: 'Arbejdsmarkedspartner',
  EXTERNAL: 'Anden rådgiver eller offentlig aktør',
}
