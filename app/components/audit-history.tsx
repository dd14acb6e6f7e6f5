import { Paper, Stack, Text, Timeline, Title } from '@mantine/core'
import { formatDateTime } from '~/utils/format.ts'

type Entry = { id: string; at: string | Date; actorName: string | null; summary: string; changes: Record<string, [unknown, unknown]> | null }

function show(value: unknown): string {
  if (value === null || value === undefined || value === '') return '–'
  if (value === true) return 'ja'
  if (value === false) return 'nej'
  if (Array.isArray(value)) return value.length ? value.map(show).join(', ') : '–'
  return String(value)
}

/** The record's history, newest first, with the person and time in Danish format. */
export function AuditHistory({ entries }: { entries: Entry[] }) {
  return (
    <Paper withBorder p="md">
      <Title order={2} size="h4" mb="md">
        Historik
      </Title>
      {entries.length === 0 ? (
        <Text c="dimmed" size="sm">
          Ingen ændringer endnu.
        </Text>
      ) : (
        <Timeline bulletSize={12} lineWidth={2} active={-1}>
          {entries.map((entry) => (
            <Timeline.Item key={entry.id} title={entry.summary}>
              <Text size="xs" c="dimmed">
                {formatDateTime(entry.at)} · {entry.actorName ?? 'Systemet'}
              </Text>
              {entry.changes ? (
                <Stack gap={2} mt={4}>
                  {Object.entries(entry.changes).map(([field, [before, after]]) => (
                    <Text size="xs" key={field}>
                      <Text span fw={600} size="xs">
                        {field}
                      </Text>
                      : {show(before)} → {show(after)}
                    </Text>
                  ))}
                </Stack>
              ) : null}
            </Timeline.Item>
          ))}
        </Timeline>
      )}
    </Paper>
  )
}
