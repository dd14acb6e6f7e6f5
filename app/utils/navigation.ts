import { can, type Actor, type Entity } from './permissions.ts'

export type NavItem = { to: string; label: string; entity: Entity; icon: string }

/** The main navigation; each item shows only to roles that may view its entity. */
export const NAV_ITEMS: readonly NavItem[] = [
  { to: '/', label: 'Overblik', entity: 'overview', icon: 'home' },
  { to: '/hensigtserklaeringer', label: 'Hensigtserklæringer', entity: 'declaration', icon: 'signature' },
  { to: '/virksomheder', label: 'Virksomheder og forløb', entity: 'case', icon: 'building' },
  { to: '/henvisninger', label: 'Henvisninger', entity: 'referral', icon: 'send' },
  { to: '/klyngeaftaler', label: 'Klyngeaftaler', entity: 'agreement', icon: 'handshake' },
  { to: '/direktoermoeder', label: 'Direktørmøder', entity: 'meeting', icon: 'calendar' },
  { to: '/maal', label: 'Mål og rapportering', entity: 'goals', icon: 'chart' },
  { to: '/admin', label: 'Administration', entity: 'administration', icon: 'settings' },
]

export function navigationFor(actor: Actor): NavItem[] {
  return NAV_ITEMS.filter((item) => can(actor, 'view', item.entity))
}
