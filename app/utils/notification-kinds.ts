/** Every kind of notification, with its Danish name and default channel. Process issues add theirs. */
export const CHANNELS = ['IN_APP', 'EMAIL', 'BOTH'] as const
export type Channel = (typeof CHANNELS)[number]

export const CHANNEL_LABELS: Record<Channel, string> = {
  IN_APP: 'Kun i Knudepunkt',
  EMAIL: 'Kun e-mail',
  BOTH: 'Både i Knudepunkt og på e-mail',
}

export const NOTIFICATION_KINDS = {
  'kommune-assigned': { label: 'Du får eller mister en kommune som key account manager', defaultChannel: 'BOTH' },
  declaration: { label: 'En hensigtserklæring, du er part i, skal underskrives, bliver underskrevet, afvist eller genåbnet', defaultChannel: 'BOTH' },
  agreement: { label: 'En samarbejdsaftale, du har ansvaret for, bliver aktiv eller nærmer sig sin udløbsdato', defaultChannel: 'BOTH' },
  case: { label: 'Et forløb i din kommune overdrages til Erhvervshuset (uden virksomhedens navn)', defaultChannel: 'BOTH' },
  referral: { label: 'Henvisninger: en henvisning til din organisation, en forfalden opfølgning, en kvittering (uden virksomhedens navn)', defaultChannel: 'BOTH' },
  meeting: { label: 'Direktørmøder: dagsorden udsendt, forslag til dagsordenen, nye opgaver, flyttede eller aflyste møder, invitationer', defaultChannel: 'BOTH' },
  mention: { label: 'Nogen nævner dig (@) i en dialog', defaultChannel: 'BOTH' },
} as const satisfies Record<string, { label: string; defaultChannel: Channel }>

export type NotificationKind = keyof typeof NOTIFICATION_KINDS
export const NOTIFICATION_KIND_KEYS = Object.keys(NOTIFICATION_KINDS) as NotificationKind[]
