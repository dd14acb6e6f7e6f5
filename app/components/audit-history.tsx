import { Paper, Stack, Text, Timeline, Title } from '@mantine/core'
import type { ReactNode } from 'react'
import { formatDateTime } from '~/utils/format.ts'

export type TimelineEntry = { id: string; at: string | Date; actorName: string | null; title: string; detail?: ReactNode; muted?: boolean }

/** A record's history, newest first, with the person and the time in Danish format. */
export function HistoryTimeline({ entries, empty = 'Ingen ændringer endnu.' }: { entries: TimelineEntry[]; empty?: string }) {
  return (
    <Paper withBorder p="md">
      <Title order={2} size="h4" mb="md">
        Historik
      </Title>
      {entries.length === 0 ? (
        <Text c="dimmed" size="sm">
          {empty}
        </Text>
      ) : (
        <Timeline bulletSize={12} lineWidth={2} active={-1} aria-label="Historik">
          {entries.map((entry) => (
            <Timeline.Item key={entry.id} title={entry.title} color={entry.muted ? 'gray' : undefined}>
              {entry.detail}
              <Text size="xs" c="dimmed">
                {formatDateTime(entry.at)} · {entry.actorName ?? 'Systemet'}
              </Text>
            </Timeline.Item>
          ))}
        </Timeline>
      )}
    </Paper>
  )
}

type AuditEntry = { id: string; at: string | Date; actorName: string | null; summary: string; changes: Record<string, [unknown, unknown]> | null }

function show(value: unknown): string {
  if (value === null || value === undefined || value === '') return '–'
  if (value === true) return 'ja'
  if (value === false) return 'nej'
  if (Array.isArray(value)) return value.length ? value.map(show).join(', ') : '–'
  return String(value)
}

function Changes({ changes }: { changes: Record<string, [unknown, unknown]> }) {
  return (
    <Stack gap={2} mb={4}>
      {Object.entries(changes).map(([field, [before, after]]) => (
        <Text size="xs" key={field}>
          <Text span fw={600} size="xs">
            {field}
          </Text>
          : {show(before)} → {show(after)}
        </Text>
      ))}
    </Stack>
  )
}

/** The audit log of one record (administration pages). */
export function AuditHistory({ entries }: { entries: AuditEntry[] }) {
  return (
    <HistoryTimeline
      entries={entries.map((e) => ({ id: e.id, at: e.at, actorName: e.actorName, title: e.summary, detail: e.changes ? <Changes changes={e.changes} /> : null }))}
    />
  )
}
