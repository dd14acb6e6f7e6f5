/**
 * The one permission table: role × action × entity × scope. Default deny: a role can do only
 * what is listed here. Used by every loader and action (through permissions.server.ts) and by
 * the navigation. The table is documented for people in docs/permissions.md; a test keeps the
 * two in step.
 */

export const ROLES = [
  'ADMIN',
  'DIRECTOR',
  'KEY_ACCOUNT_MANAGER',
  'CONSULTANT',
  'LES_STAFF',
  'LES_DIRECTOR',
  'KOMMUNE_SIGNATORY',
  'BUSINESS_REGION_DIRECTOR',
  'KKR_VIEWER',
  'GUEST',
  'REFERRAL_RECIPIENT',
] as const
export type RoleKey = (typeof ROLES)[number]

export const ROLE_LABELS: Record<RoleKey, string> = {
  ADMIN: 'Administrator',
  DIRECTOR: 'Direktør, Erhvervshuset',
  KEY_ACCOUNT_MANAGER: 'Key account manager',
  CONSULTANT: 'Konsulent, Erhvervshuset',
  LES_STAFF: 'Medarbejder, lokal erhvervsservice (LES)',
  LES_DIRECTOR: 'Direktør, lokal erhvervsservice (LES)',
  KOMMUNE_SIGNATORY: 'Underskriver for kommunen',
  BUSINESS_REGION_DIRECTOR: 'Direktør, business region',
  KKR_VIEWER: 'KKR Syddanmark (læseadgang)',
  GUEST: 'Inviteret gæst',
  REFERRAL_RECIPIENT: 'Modtager af henvisninger (designaktør, rådgiver, klynge)',
}

export const ACTIONS = ['view', 'create', 'update', 'delete', 'sign'] as const
export type Action = (typeof ACTIONS)[number]

export const ENTITIES = [
  'overview',
  'administration',
  'organisation',
  'kommune',
  'user',
  'auditLog',
  'declaration',
  'case',
  'company',
  'consent',
  'referral',
  'agreement',
  'meeting',
  'goals',
  'workday',
] as const
export type Entity = (typeof ENTITIES)[number]

/**
 * own: the resource belongs to one of the user's organisations (for a kommune's resources: the
 * kommune or its LES); assigned: a kommune the user is key account manager for; any: all.
 */
export type Scope = 'own' | 'assigned' | 'any'
type Rule = `${Action}:${Entity}:${Scope}`

const READ_REFERENCE: Rule[] = ['view:overview:any', 'view:kommune:any', 'view:organisation:any']

export const PERMISSIONS: Record<RoleKey, readonly Rule[]> = {
  ADMIN: [
    ...READ_REFERENCE,
    'view:administration:any',
    'create:organisation:any',
    'update:organisation:any',
    'update:kommune:any',
    'view:user:any',
    'create:user:any',
    'update:user:any',
    'view:auditLog:any',
  ],
  DIRECTOR: [
    ...READ_REFERENCE,
    'view:declaration:any',
    'create:declaration:any',
    'view:workday:any',
    'update:declaration:any',
    'sign:declaration:any',
    'view:case:any',
    'create:case:own',
    'update:case:own',
    'create:company:own',
    'update:company:own',
    'delete:company:own',
    'create:consent:own',
    'update:consent:own',
    'view:referral:any',
    'create:referral:own',
    'update:referral:own',
    'view:agreement:any',
    'create:agreement:any',
    'update:agreement:any',
    'sign:agreement:any',
    'view:meeting:any',
    'create:meeting:any',
    'update:meeting:any',
    'view:goals:any',
    'update:goals:any',
  ],
  KEY_ACCOUNT_MANAGER: [
    ...READ_REFERENCE,
    'view:declaration:any',
    'create:declaration:assigned',
    'update:declaration:assigned',
    'view:workday:any',
    'create:workday:assigned',
    'view:case:any',
    'create:case:own',
    'update:case:own',
    'create:company:own',
    'update:company:own',
    'create:consent:own',
    'update:consent:own',
    'view:referral:any',
    'create:referral:own',
    'update:referral:own',
    'view:agreement:any',
    'create:agreement:any',
    'update:agreement:any',
    'view:goals:any',
  ],
  CONSULTANT: [
    ...READ_REFERENCE,
    'view:declaration:any',
    'view:case:any',
    'create:case:own',
    'update:case:own',
    'create:company:own',
    'update:company:own',
    'create:consent:own',
    'update:consent:own',
    'view:referral:any',
    'create:referral:own',
    'update:referral:own',
    'view:agreement:any',
    'create:agreement:any',
    'update:agreement:any',
    'view:goals:any',
  ],
  LES_STAFF: [
    ...READ_REFERENCE,
    'view:declaration:own',
    'view:workday:own',
    'view:case:any',
    'create:case:own',
    'update:case:own',
    'create:company:own',
    'update:company:own',
    'create:consent:own',
    'update:consent:own',
    'view:referral:any',
    'create:referral:own',
    'update:referral:own',
  ],
  LES_DIRECTOR: [
    ...READ_REFERENCE,
    'view:declaration:own',
    'create:declaration:own',
    'update:declaration:own',
    'view:workday:own',
    'sign:declaration:own',
    'view:case:any',
    'create:case:own',
    'update:case:own',
    'create:company:own',
    'update:company:own',
    'delete:company:own',
    'create:consent:own',
    'update:consent:own',
    'view:referral:any',
    'create:referral:own',
    'update:referral:own',
    'view:meeting:any',
    'view:goals:any',
  ],
  KOMMUNE_SIGNATORY: [...READ_REFERENCE, 'view:declaration:own', 'sign:declaration:own', 'view:workday:own', 'view:goals:any'],
  BUSINESS_REGION_DIRECTOR: [...READ_REFERENCE, 'view:declaration:any', 'view:workday:any', 'view:meeting:any', 'view:goals:any'],
  KKR_VIEWER: [...READ_REFERENCE, 'view:declaration:any', 'view:workday:any', 'view:agreement:any', 'view:goals:any'],
  GUEST: ['view:overview:any', 'view:meeting:own'],
  /** A user at a recipient organisation: sees the referrals sent to it (through the gate) and acknowledges them. */
  REFERRAL_RECIPIENT: ['view:overview:any', 'view:referral:own', 'update:referral:own'],
}

/** What the permission check knows about the user. */
export type Actor = {
  id: string
  roles: readonly RoleKey[]
  organisationIds: readonly string[]
  /** Kommuner the user is key account manager for. */
  assignedKommuneIds: readonly string[]
}

/** What the permission check knows about the resource; omitted for a list or a new record. */
export type Target = {
  organisationIds?: readonly string[]
  kommuneIds?: readonly string[]
}

function rulesOf(actor: Actor, action: Action, entity: Entity): Scope[] {
  const prefix = `${action}:${entity}:`
  return actor.roles.flatMap((role) =>
    PERMISSIONS[role].filter((rule) => rule.startsWith(prefix)).map((rule) => rule.slice(prefix.length) as Scope),
  )
}

function scopeCovers(scope: Scope, actor: Actor, target: Target | undefined): boolean {
  if (scope === 'any') return true
  // Without a target the question is "may the user do this to some record?" (lists, navigation).
  if (!target) return true
  if (scope === 'own') return (target.organisationIds ?? []).some((id) => actor.organisationIds.includes(id))
  return (target.kommuneIds ?? []).some((id) => actor.assignedKommuneIds.includes(id))
}

export function can(actor: Actor, action: Action, entity: Entity, target?: Target): boolean {
  return rulesOf(actor, action, entity).some((scope) => scopeCovers(scope, actor, target))
}

/** The widest scope the user has, for narrowing list queries; null when none. */
export function widestScope(actor: Actor, action: Action, entity: Entity): Scope | null {
  const scopes = rulesOf(actor, action, entity)
  if (scopes.includes('any')) return 'any'
  if (scopes.includes('own')) return 'own'
  if (scopes.includes('assigned')) return 'assigned'
  return null
}

export const ACTION_LABELS: Record<Action, string> = {
  view: 'se',
  create: 'oprette',
  update: 'redigere',
  delete: 'slette',
  sign: 'underskrive',
}

export const ENTITY_LABELS: Record<Entity, string> = {
  overview: 'overblikket',
  administration: 'administrationen',
  organisation: 'organisationer',
  kommune: 'kommuner',
  user: 'brugere',
  auditLog: 'historikken',
  declaration: 'hensigtserklæringer',
  case: 'virksomheder og forløb',
  company: 'virksomheder',
  consent: 'samtykker',
  referral: 'henvisninger',
  agreement: 'samarbejdsaftaler',
  meeting: 'direktørmøder',
  goals: 'mål og rapportering',
  workday: 'lokale arbejdsdage',
}

/** "Du mangler tilladelsen til at redigere kommuner." */
export function describeMissingPermission(action: Action, entity: Entity): string {
  return `Du mangler tilladelsen til at ${ACTION_LABELS[action]} ${ENTITY_LABELS[entity]}.`
}
