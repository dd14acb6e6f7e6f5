import type { HistoryEntry } from '~/components/process-map.tsx'
import type { ProcessLabels } from '../../machines/describe.ts'
import { listAuditEntries } from './audit.server.ts'
import { db } from './db.server.ts'

function detailOf(event: string, payload: string | null, labels: ProcessLabels): string | null {
  if (!payload) return null
  const parsed = JSON.parse(payload) as Record<string, unknown>
  if (typeof parsed.reason === 'string') return `Begrundelse: ${parsed.reason}`
  return labels.describePayload?.(event, parsed) ?? null
}

/** Workflow events and audit entries of one record, newest first. */
export async function listProcessHistory({ entityType, entityId, labels }: { entityType: string; entityId: string; labels: ProcessLabels }): Promise<HistoryEntry[]> {
  const [events, audits] = await Promise.all([
    db.workflowEvent.findMany({ where: { entityType, entityId }, include: { actor: { select: { name: true } } }, orderBy: { at: 'desc' }, take: 200 }),
    listAuditEntries({ entityType, entityId }),
  ])
  const state = (key: string) => labels.states[key] ?? key
  const entries: HistoryEntry[] = [
    ...events.map((e) => ({
      id: e.id,
      at: e.at,
      actorName: e.actor?.name ?? null,
      kind: 'transition' as const,
      title:
        e.fromState === e.toState
          ? (labels.events[e.event]?.label ?? e.event)
          : `${labels.events[e.event]?.label ?? e.event}: ${state(e.fromState)} → ${state(e.toState)}`,
      detail: detailOf(e.event, e.payload, labels),
    })),
    ...audits.map((a) => ({ id: a.id, at: a.at, actorName: a.actorName, kind: 'audit' as const, title: a.summary, detail: null })),
  ]
  return entries.sort((a, b) => new Date(b.at).getTime() - new Date(a.at).getTime())
}
