import { describe, expect, it } from 'vitest'
import { can, describeMissingPermission, PERMISSIONS, ROLES, widestScope, type Actor, type RoleKey } from './permissions.ts'
import { navigationFor } from './navigation.ts'

function actor(roles: RoleKey[], extra: Partial<Actor> = {}): Actor {
  return { id: 'u1', roles, organisationIds: ['org-les-kolding'], assignedKommuneIds: [], ...extra }
}

describe('permissions', () => {
  it('denies what no rule grants', () => {
    expect(can(actor(['KKR_VIEWER']), 'update', 'kommune')).toBe(false)
    expect(can(actor(['LES_STAFF']), 'view', 'administration')).toBe(false)
    expect(can(actor([]), 'view', 'overview')).toBe(false)
  })

  it('grants what a rule grants for any target', () => {
    const admin = actor(['ADMIN'])
    expect(can(admin, 'update', 'kommune', { organisationIds: ['someone-else'] })).toBe(true)
  })

  it('limits "own" to the user\'s organisations', () => {
    const lesDirector = actor(['LES_DIRECTOR'])
    expect(can(lesDirector, 'sign', 'declaration', { organisationIds: ['org-les-kolding'] })).toBe(true)
    expect(can(lesDirector, 'sign', 'declaration', { organisationIds: ['org-les-vejle'] })).toBe(false)
    expect(can(lesDirector, 'sign', 'declaration', {})).toBe(false)
  })

  it('limits "assigned" to the kommuner a key account manager holds', () => {
    const kam = actor(['KEY_ACCOUNT_MANAGER'], { organisationIds: ['org-eh'], assignedKommuneIds: ['kolding'] })
    expect(can(kam, 'update', 'declaration', { kommuneIds: ['kolding'] })).toBe(true)
    expect(can(kam, 'update', 'declaration', { kommuneIds: ['esbjerg'] })).toBe(false)
  })

  it('combines the rules of several roles', () => {
    const both = actor(['LES_STAFF', 'ADMIN'])
    expect(can(both, 'view', 'administration')).toBe(true)
    expect(can(both, 'create', 'case')).toBe(true)
  })

  it('reports the widest scope for list queries', () => {
    expect(widestScope(actor(['DIRECTOR']), 'view', 'declaration')).toBe('any')
    expect(widestScope(actor(['LES_STAFF']), 'view', 'declaration')).toBe('own')
    expect(widestScope(actor(['KEY_ACCOUNT_MANAGER']), 'update', 'declaration')).toBe('assigned')
    expect(widestScope(actor(['GUEST']), 'view', 'declaration')).toBeNull()
  })

  it('keeps company data away from read-only reporting and admins', () => {
    for (const role of ['KKR_VIEWER', 'ADMIN', 'KOMMUNE_SIGNATORY', 'GUEST'] as const) {
      expect(can(actor([role]), 'view', 'case'), role).toBe(false)
      expect(can(actor([role]), 'view', 'referral'), role).toBe(false)
    }
  })

  it('names the missing permission in Danish', () => {
    expect(describeMissingPermission('update', 'kommune')).toBe('Du mangler tilladelsen til at redigere kommuner.')
  })

  it('gives every role a rule set', () => {
    for (const role of ROLES) expect(PERMISSIONS[role].length, role).toBeGreaterThan(0)
  })
})

describe('navigation by role', () => {
  const labels = (roles: RoleKey[]) => navigationFor(actor(roles)).map((item) => item.label)

  it('shows the administrator only the overview and administration', () => {
    expect(labels(['ADMIN'])).toEqual(['Overblik', 'Administration'])
  })

  it('shows the director every process', () => {
    expect(labels(['DIRECTOR'])).toEqual([
      'Overblik',
      'Hensigtserklæringer',
      'Virksomheder og forløb',
      'Henvisninger',
      'Klyngeaftaler',
      'Direktørmøder',
      'Mål og rapportering',
    ])
  })

  it('shows KKR the declarations, agreements and goals but no company data', () => {
    expect(labels(['KKR_VIEWER'])).toEqual(['Overblik', 'Hensigtserklæringer', 'Klyngeaftaler', 'Mål og rapportering'])
  })
})
