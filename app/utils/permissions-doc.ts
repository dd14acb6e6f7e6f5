import { ACTION_LABELS, ENTITIES, ENTITY_LABELS, PERMISSIONS, ROLE_LABELS, ROLES, type Entity, type RoleKey } from './permissions.ts'

const SCOPE_WORDS = { any: 'alle', own: 'egen org.', assigned: 'tildelte kommuner' } as const

function cell(role: RoleKey, entity: Entity): string {
  const parts = PERMISSIONS[role]
    .map((rule) => rule.split(':') as [keyof typeof ACTION_LABELS, Entity, keyof typeof SCOPE_WORDS])
    .filter(([, e]) => e === entity)
    .map(([action, , scope]) => `${ACTION_LABELS[action]} (${SCOPE_WORDS[scope]})`)
  return parts.join(', ') || '–'
}

/** The role × entity table for docs/permissions.md, rendered from the one permission table. */
export function renderPermissionTable(): string {
  const header = `| rolle | ${ENTITIES.map((e) => ENTITY_LABELS[e]).join(' | ')} |`
  const divider = `|${' --- |'.repeat(ENTITIES.length + 1)}`
  const rows = ROLES.map((role) => `| ${ROLE_LABELS[role]} (\`${role}\`) | ${ENTITIES.map((e) => cell(role, e)).join(' | ')} |`)
  return [header, divider, ...rows].join('\n')
}
