import { recordAudit, diffFields } from '~/utils/audit.server.ts'
import { db, type Prisma, type Tx } from '~/utils/db.server.ts'
import { StaleVersionError } from '~/utils/db-errors.server.ts'
import { publishInvalidation } from '~/utils/realtime.server.ts'
import { notifyUsers } from './notification.server.ts'

const kommuneInclude = {
  organisation: { select: { id: true, name: true } },
  les: { select: { id: true, name: true } },
  keyAccountManager: { select: { id: true, name: true, email: true } },
  businessRegions: { include: { organisation: { select: { id: true, name: true } } } },
} as const

export async function listKommuner() {
  const rows = await db.kommune.findMany({ include: kommuneInclude, orderBy: { name: 'asc' } })
  return rows.map(toKommuneView)
}

/** Id and name of every kommune, by name: what a choice of area needs (one query, not five). */
export function listKommuneOptions() {
  return db.kommune.findMany({ select: { id: true, name: true }, orderBy: { name: 'asc' } })
}

export async function getKommune(id: string) {
  const row = await db.kommune.findUnique({ where: { id }, include: kommuneInclude })
  return row ? toKommuneView(row) : null
}

export async function listKommunerForKeyAccountManager(userId: string) {
  const rows = await db.kommune.findMany({ where: { keyAccountManagerId: userId }, include: kommuneInclude, orderBy: { name: 'asc' } })
  return rows.map(toKommuneView)
}

/** Kommuner whose kommune or LES is one of these organisations. */
export async function listKommunerOfOrganisations(organisationIds: readonly string[]) {
  const rows = await db.kommune.findMany({
    where: {
      OR: [
        { organisationId: { in: [...organisationIds] } },
        { lesId: { in: [...organisationIds] } },
        { businessRegions: { some: { organisationId: { in: [...organisationIds] } } } },
      ],
    },
    include: kommuneInclude,
    orderBy: { name: 'asc' },
  })
  return rows.map(toKommuneView)
}

type KommuneWithRelations = Prisma.KommuneGetPayload<{ include: typeof kommuneInclude }>

function toKommuneView(row: KommuneWithRelations) {
  return {
    id: row.id,
    code: row.code,
    name: row.name,
    area: row.area,
    areaIsDefault: row.areaIsDefault,
    dstGroup: row.dstGroup,
    source: row.source,
    version: row.version,
    organisation: row.organisation,
    les: row.les,
    keyAccountManager: row.keyAccountManager,
    businessRegions: row.businessRegions.map((r) => r.organisation),
  }
}

export type KommuneUpdate = {
  code: string
  name: string
  lesId: string | null
  area: 'LAND' | 'BY'
  /** The admin confirms the area (otherwise it stays marked as the Danmarks Statistik default). */
  areaConfirmed: boolean
  keyAccountManagerId: string | null
  businessRegionIds: string[]
}

/** What the history shows: names, not ids. */
async function auditSnapshot(tx: Tx, id: string) {
  const row = await tx.kommune.findUniqueOrThrow({ where: { id }, include: kommuneInclude })
  return {
    row,
    fields: {
      kode: row.code,
      navn: row.name,
      lokalErhvervsservice: row.les?.name ?? null,
      område: row.area,
      områdeBekræftet: !row.areaIsDefault,
      keyAccountManager: row.keyAccountManager?.name ?? null,
      businessRegions: row.businessRegions.map((r) => r.organisation.name).sort(),
    },
  }
}

/**
 * Saves an admin's edit if nobody changed the kommune since `version` was read; writes the
 * audit entry in the same transaction.
 */
export async function updateKommune({
  actorId,
  id,
  version,
  values,
}: {
  actorId: string
  id: string
  version: number
  values: KommuneUpdate
}) {
  const { afterCommit, version: newVersion } = await db.$transaction(async (tx) => {
    const before = await auditSnapshot(tx, id)
    const { count } = await tx.kommune.updateMany({
      where: { id, version },
      data: {
        code: values.code,
        name: values.name,
        lesId: values.lesId,
        area: values.area,
        areaIsDefault: !values.areaConfirmed,
        keyAccountManagerId: values.keyAccountManagerId,
        version: { increment: 1 },
      },
    })
    if (count === 0) throw new StaleVersionError('kommune')
    await tx.kommuneBusinessRegion.deleteMany({ where: { kommuneId: id } })
    if (values.businessRegionIds.length > 0) {
      await tx.kommuneBusinessRegion.createMany({ data: values.businessRegionIds.map((organisationId) => ({ kommuneId: id, organisationId })) })
    }
    const after = await auditSnapshot(tx, id)
    await recordAudit(tx, {
      actorId,
      action: 'UPDATE',
      entityType: 'kommune',
      entityId: id,
      summary: `Kommunen ${before.row.name} er ændret`,
      changes: diffFields(before.fields, after.fields),
    })
    const notify = await notifyKeyAccountManagerChange(tx, before.row, after.row)
    return { afterCommit: notify, version: after.row.version }
  })
  publishInvalidation({ topic: 'kommune', id, version: newVersion }, { everyone: true })
  afterCommit()
}

/** The new and the former key account manager hear about it. */
async function notifyKeyAccountManagerChange(tx: Tx, before: KommuneWithRelations, after: KommuneWithRelations) {
  if (before.keyAccountManagerId === after.keyAccountManagerId) return () => {}
  const calls = [
    after.keyAccountManagerId
      ? await notifyUsers(tx, [after.keyAccountManagerId], {
          kind: 'kommune-assigned',
          title: `Du er nu key account manager for ${after.name}`,
          body: `${after.name} Kommune${after.les ? ` og ${after.les.name}` : ''} har dig som key account manager i Erhvervshuset.`,
          link: '/',
        })
      : () => {},
    before.keyAccountManagerId
      ? await notifyUsers(tx, [before.keyAccountManagerId], {
          kind: 'kommune-assigned',
          title: `Du er ikke længere key account manager for ${after.name}`,
          body: after.keyAccountManager ? `${after.keyAccountManager.name} har overtaget.` : 'Kommunen har ingen key account manager lige nu.',
        })
      : () => {},
  ]
  return () => calls.forEach((call) => call())
}
