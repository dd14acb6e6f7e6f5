import { describe, expect, it } from 'vitest'
import { db } from '~/utils/db.server.ts'
import { DEMO_ACCOUNTS, seedAll } from '../../prisma/seed-lib.ts'

describe('reference data and demo seed', () => {
  it('holds the 13 kommuner, their LES, the 3 business regions and the clusters', async () => {
    expect(await db.kommune.count()).toBe(13)
    expect(await db.organisation.count({ where: { kind: 'LES' } })).toBe(12)
    expect(await db.organisation.count({ where: { kind: 'BUSINESS_REGION' } })).toBe(3)
    expect(await db.organisation.count({ where: { kind: 'CLUSTER' } })).toBe(11)
    const fano = await db.kommune.findUniqueOrThrow({ where: { name: 'Fanø' } })
    expect(fano.lesId).toBeNull()
    expect(fano.source).toMatch(/no separate LES found/)
    const kolding = await db.kommune.findUniqueOrThrow({ where: { code: '0621' }, include: { les: true } })
    expect(kolding).toMatchObject({ name: 'Kolding', area: 'BY', areaIsDefault: true, dstGroup: 3 })
    expect(kolding.les?.name).toBe('Business Kolding')
  })

  it('marks the design ecosystem, including the design cluster', async () => {
    const design = await db.organisation.findMany({ where: { designEcosystem: true }, orderBy: { name: 'asc' } })
    expect(design.map((o) => o.name)).toEqual(['Dansk Design Center', 'Designskolen Kolding', 'Lifestyle & Design Cluster'])
  })

  it('creates every demo account with its role', async () => {
    for (const account of DEMO_ACCOUNTS) {
      const user = await db.user.findUniqueOrThrow({ where: { email: account.email }, include: { memberships: true } })
      expect(user.memberships.map((m) => m.roleKey), account.email).toEqual([account.role])
    }
  })

  it('is idempotent and keeps an admin\'s edits', async () => {
    const counts = async () => [await db.organisation.count(), await db.kommune.count(), await db.user.count(), await db.kommuneBusinessRegion.count()]
    const before = await counts()
    await db.kommune.update({ where: { name: 'Middelfart' }, data: { area: 'BY', areaIsDefault: false } })
    expect(await seedAll(db, { demo: true })).toEqual({ demoCreated: false })
    expect(await counts()).toEqual(before)
    expect((await db.kommune.findUniqueOrThrow({ where: { name: 'Middelfart' } })).area).toBe('BY')
  })
})
