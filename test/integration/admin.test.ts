import { describe, expect, it } from 'vitest'
import { listKommunerForKeyAccountManager, updateKommune } from '~/models/kommune.server.ts'
import { createOrganisation } from '~/models/organisation.server.ts'
import { inviteUser, setPasswordWithToken, updateUser } from '~/models/user.server.ts'
import { login } from '~/utils/auth.server.ts'
import { listAuditEntries } from '~/utils/audit.server.ts'
import { db } from '~/utils/db.server.ts'
import { StaleVersionError, uniqueViolationFields } from '~/utils/db-errors.server.ts'

async function idOf(email: string) {
  return (await db.user.findUniqueOrThrow({ where: { email } })).id
}

async function kommune(name: string) {
  return db.kommune.findUniqueOrThrow({ where: { name }, include: { businessRegions: true } })
}

function valuesOf(k: Awaited<ReturnType<typeof kommune>>) {
  return {
    code: k.code,
    name: k.name,
    lesId: k.lesId,
    area: k.area,
    areaConfirmed: !k.areaIsDefault,
    keyAccountManagerId: k.keyAccountManagerId,
    businessRegionIds: k.businessRegions.map((r) => r.organisationId),
  }
}

describe('kommune administration', () => {
  it('moves a kommune to another key account manager and records who did it', async () => {
    const admin = await idOf('admin@knudepunkt.demo')
    const esbjergKam = await idOf('kam.esbjerg@ehsyd.demo')
    const vejle = await kommune('Vejle')
    await updateKommune({ actorId: admin, id: vejle.id, version: vejle.version, values: { ...valuesOf(vejle), keyAccountManagerId: esbjergKam } })

    expect((await listKommunerForKeyAccountManager(esbjergKam)).map((k) => k.name)).toContain('Vejle')
    expect((await listKommunerForKeyAccountManager(await idOf('kam.kolding@ehsyd.demo'))).map((k) => k.name)).toEqual(['Kolding'])
    const [entry] = await listAuditEntries({ entityType: 'kommune', entityId: vejle.id })
    expect(entry?.actorName).toBe('Anne Admin')
    expect(entry?.changes).toEqual({ keyAccountManager: ['Kasper Kjær', 'Karen Esbensen'] })
  })

  it('refuses a stale edit and writes nothing', async () => {
    const admin = await idOf('admin@knudepunkt.demo')
    const billund = await kommune('Billund')
    await updateKommune({ actorId: admin, id: billund.id, version: billund.version, values: { ...valuesOf(billund), area: 'BY', areaConfirmed: true } })
    await expect(
      updateKommune({ actorId: admin, id: billund.id, version: billund.version, values: { ...valuesOf(billund), area: 'LAND' } }),
    ).rejects.toBeInstanceOf(StaleVersionError)
    const after = await kommune('Billund')
    expect(after.area).toBe('BY')
    expect(after.version).toBe(billund.version + 1)
    expect(await listAuditEntries({ entityType: 'kommune', entityId: billund.id })).toHaveLength(1)
  })

  it('reports a duplicate kommune code as a unique violation on "code"', async () => {
    const admin = await idOf('admin@knudepunkt.demo')
    const varde = await kommune('Varde')
    const error = await updateKommune({ actorId: admin, id: varde.id, version: varde.version, values: { ...valuesOf(varde), code: '0621' } }).catch((e: unknown) => e)
    expect(uniqueViolationFields(error)).toEqual(['code'])
    expect((await kommune('Varde')).code).toBe('0573')
  })

  it('keeps the business regions many-to-many', async () => {
    const haderslev = await kommune('Haderslev')
    expect(haderslev.businessRegions).toHaveLength(2)
  })
})

describe('organisations', () => {
  it('refuses a duplicate name', async () => {
    const admin = await idOf('admin@knudepunkt.demo')
    const values = { name: 'Business Kolding', kind: 'LES' as const, description: null, designEcosystem: false, active: true, hubKommuneIds: [] }
    const error = await createOrganisation({ actorId: admin, values }).catch((e: unknown) => e)
    expect(uniqueViolationFields(error)).toEqual(['name'])
  })
})

describe('inviting a user', () => {
  it('creates a user who sets a password from the one-time link and logs in', async () => {
    const admin = await idOf('admin@knudepunkt.demo')
    const les = await db.organisation.findUniqueOrThrow({ where: { name: 'Business Aabenraa' } })
    const { user, token } = await inviteUser({
      actorId: admin,
      values: { email: 'ny@aabenraa.dk', name: 'Nina Ny', title: null, team: null, organisationId: les.id, roles: ['LES_STAFF'], kommuneIds: [] },
    })
    expect(user.passwordHash).toBeNull()
    expect(await setPasswordWithToken({ token, password: 'en-lang-adgangskode' })).toEqual({ userId: user.id })
    expect(await setPasswordWithToken({ token, password: 'en-anden-adgangskode' })).toBeNull()
    expect((await login({ email: 'ny@aabenraa.dk', password: 'en-lang-adgangskode', ip: '10.3.0.1' })).ok).toBe(true)
  })

  it('refuses a second user with the same e-mail', async () => {
    const admin = await idOf('admin@knudepunkt.demo')
    const org = await db.organisation.findFirstOrThrow({ where: { kind: 'ERHVERVSHUS' } })
    const error = await inviteUser({
      actorId: admin,
      values: { email: 'direktor@ehsyd.demo', name: 'Kopi', title: null, team: null, organisationId: org.id, roles: ['CONSULTANT'], kommuneIds: [] },
    }).catch((e: unknown) => e)
    expect(uniqueViolationFields(error)).toEqual(['email'])
    expect(await db.user.count({ where: { name: 'Kopi' } })).toBe(0)
  })

  it('gives kommuner to a key account manager through the user form', async () => {
    const admin = await idOf('admin@knudepunkt.demo')
    const id = await idOf('konsulent@ehsyd.demo')
    const current = await db.user.findUniqueOrThrow({ where: { id }, include: { memberships: true } })
    const tonder = await kommune('Tønder')
    await updateUser({
      actorId: admin,
      id,
      version: current.version,
      values: {
        email: current.email,
        name: current.name,
        title: current.title,
        team: current.team,
        organisationId: current.memberships[0]!.organisationId,
        roles: ['CONSULTANT', 'KEY_ACCOUNT_MANAGER'],
        kommuneIds: [tonder.id],
      },
    })
    expect((await kommune('Tønder')).keyAccountManagerId).toBe(id)
    const [entry] = await listAuditEntries({ entityType: 'user', entityId: id })
    expect(entry?.changes?.keyAccountManagerFor).toEqual([[], ['Tønder']])
  })
})
