import type { Tx } from './db.server.ts'
import { db } from './db.server.ts'

export type AuditChanges = Record<string, [unknown, unknown]>

/** The fields whose values differ, as { field: [before, after] }. */
export function diffFields<T extends Record<string, unknown>>(before: T, after: Partial<T>): AuditChanges {
  const changes: AuditChanges = {}
  for (const [field, value] of Object.entries(after)) {
    if (value === undefined) continue
    if (JSON.stringify(before[field]) !== JSON.stringify(value)) changes[field] = [before[field] ?? null, value ?? null]
  }
  return changes
}

/** Appends to the audit log inside the caller's transaction; the log is never updated or deleted. */
export async function recordAudit(
  tx: Tx,
  entry: { actorId: string | null; action: string; entityType: string; entityId: string; summary: string; changes?: AuditChanges },
) {
  await tx.auditEntry.create({
    data: {
      actorId: entry.actorId,
      action: entry.action,
      entityType: entry.entityType,
      entityId: entry.entityId,
      summary: entry.summary,
      changes: entry.changes && Object.keys(entry.changes).length > 0 ? JSON.stringify(entry.changes) : null,
    },
  })
}

export type AuditView = {
  id: string
  at: Date
  actorName: string | null
  action: string
  summary: string
  changes: AuditChanges | null
}

export async function listAuditEntries({ entityType, entityId }: { entityType: string; entityId: string }): Promise<AuditView[]> {
  const rows = await db.auditEntry.findMany({
    where: { entityType, entityId },
    orderBy: [{ at: 'desc' }, { id: 'desc' }],
    include: { actor: { select: { name: true } } },
    take: 200,
  })
  return rows.map((row) => ({
    id: row.id,
    at: row.at,
    actorName: row.actor?.name ?? null,
    action: row.action,
    summary: row.summary,
    changes: row.changes ? (JSON.parse(row.changes) as AuditChanges) : null,
  }))
}
