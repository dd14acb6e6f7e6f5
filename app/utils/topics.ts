/** The guidance topics of a joint case (DOMAIN.md, process 4). */
export const TOPICS = {
  DIGITAL: 'Digitalisering og nye teknologier',
  GREEN: 'Grøn omstilling og cirkulær økonomi',
  EXPORT: 'Eksport',
  DESIGN: 'Design',
  LABOUR: 'Kvalificeret arbejdskraft',
  CAPITAL: 'Kapital',
  OWNERSHIP: 'Ejerskifte',
  CRISIS: 'Krise',
  MANAGEMENT: 'Ledelse og organisation',
  BUSINESS_MODEL: 'Forretningsmodeller',
} as const
export type Topic = keyof typeof TOPICS
