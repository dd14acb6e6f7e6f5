import { diffFields, recordAudit } from '~/utils/audit.server.ts'
import { db, type Tx } from '~/utils/db.server.ts'
import { StaleVersionError } from '~/utils/db-errors.server.ts'

import { ORGANISATION_KIND_LABELS, ORGANISATION_KINDS, type OrganisationKind } from '~/utils/organisation-kinds.ts'

export { ORGANISATION_KIND_LABELS, ORGANISATION_KINDS, type OrganisationKind }

export async function listOrganisations({ kind }: { kind?: OrganisationKind } = {}) {
  return db.organisation.findMany({
    where: kind ? { kind } : {},
    orderBy: [{ kind: 'asc' }, { name: 'asc' }],
    include: { _count: { select: { memberships: true } } },
  })
}

export async function listOrganisationOptions(kinds: readonly OrganisationKind[]) {
  return db.organisation.findMany({
    where: { kind: { in: [...kinds] }, active: true },
    select: { id: true, name: true, kind: true },
    orderBy: { name: 'asc' },
  })
}

export async function getOrganisation(id: string) {
  return db.organisation.findUnique({
    where: { id },
    include: {
      clusterHubs: { include: { kommune: { select: { id: true, name: true } } } },
      memberships: { include: { user: { select: { id: true, name: true, email: true, active: true } } } },
    },
  })
}

export type OrganisationValues = {
  name: string
  kind: OrganisationKind
  description: string | null
  designEcosystem: boolean
  active: boolean
  /** Kommuner where a cluster has a local hub; ignored for other kinds. */
  hubKommuneIds: string[]
}

async function auditFields(tx: Tx, id: string) {
  const row = await tx.organisation.findUniqueOrThrow({ where: { id }, include: { clusterHubs: { include: { kommune: true } } } })
  return {
    row,
    fields: {
      navn: row.name,
      type: ORGANISATION_KIND_LABELS[row.kind as OrganisationKind],
      beskrivelse: row.description,
      designøkosystemet: row.designEcosystem,
      aktiv: row.active,
      lokaleKnudepunkter: row.clusterHubs.map((h) => h.kommune.name).sort(),
    },
  }
}

async function replaceHubs(tx: Tx, organisationId: string, values: OrganisationValues) {
  await tx.clusterHub.deleteMany({ where: { organisationId } })
  const hubs = values.kind === 'CLUSTER' ? values.hubKommuneIds : []
  if (hubs.length > 0) await tx.clusterHub.createMany({ data: hubs.map((kommuneId) => ({ organisationId, kommuneId })) })
}

export async function createOrganisation({ actorId, values }: { actorId: string; values: OrganisationValues }) {
  return db.$transaction(async (tx) => {
    const created = await tx.organisation.create({
      data: {
        name: values.name,
        kind: values.kind,
        description: values.description,
        designEcosystem: values.designEcosystem,
        active: values.active,
      },
    })
    await replaceHubs(tx, created.id, values)
    const after = await auditFields(tx, created.id)
    await recordAudit(tx, {
      actorId,
      action: 'CREATE',
      entityType: 'organisation',
      entityId: created.id,
      summary: `Organisationen ${created.name} er oprettet`,
      changes: diffFields({}, after.fields),
    })
    return created
  })
}

export async function updateOrganisation({ actorId, id, version, values }: { actorId: string; id: string; version: number; values: OrganisationValues }) {
  return db.$transaction(async (tx) => {
    const before = await auditFields(tx, id)
    const { count } = await tx.organisation.updateMany({
      where: { id, version },
      data: {
        name: values.name,
        kind: values.kind,
        description: values.description,
        designEcosystem: values.designEcosystem,
        active: values.active,
        version: { increment: 1 },
      },
    })
    if (count === 0) throw new StaleVersionError('organisation')
    await replaceHubs(tx, id, values)
    const after = await auditFields(tx, id)
    await recordAudit(tx, {
      actorId,
      action: 'UPDATE',
      entityType: 'organisation',
      entityId: id,
      summary: `Organisationen ${after.row.name} er ændret`,
      changes: diffFields(before.fields, after.fields),
    })
  })
}

export async function listClustersWithHubs() {
  const rows = await db.organisation.findMany({
    where: { kind: 'CLUSTER', active: true },
    include: { clusterHubs: { include: { kommune: { select: { name: true } } } } },
    orderBy: { name: 'asc' },
  })
  return rows.map((o) => ({ id: o.id, name: o.name, sector: o.description, hubs: o.clusterHubs.map((h) => h.kommune.name).sort() }))
}

/** Who a company can be referred to: the design ecosystem, clusters and other advisers. */
export async function listReferralRecipients() {
  const rows = await db.organisation.findMany({
    where: { active: true, OR: [{ designEcosystem: true }, { kind: { in: ['DESIGN_ACTOR', 'EXTERNAL', 'CLUSTER'] } }] },
    orderBy: [{ designEcosystem: 'desc' }, { name: 'asc' }],
  })
  return rows.map((o) => ({ id: o.id, name: o.name, kind: o.kind as OrganisationKind, description: o.description, designEcosystem: o.designEcosystem }))
}
