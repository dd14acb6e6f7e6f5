import { Badge, Button, Grid, Group, Paper, Stack, Text, Title } from '@mantine/core'
import { Form, useNavigation } from '@remix-run/react'
import { IconArrowRight } from '@tabler/icons-react'
import type { AnyStateMachine } from 'xstate'
import { describeStates, type ProcessLabels } from '../../machines/describe.ts'
import { HistoryTimeline } from './audit-history.tsx'
import { ConfirmButton } from './confirm-button.tsx'

export type HistoryEntry = {
  id: string
  at: string | Date
  actorName: string | null
  /** A workflow event ("Sendt til underskrift") or an audit entry ("Indholdet er ændret"). */
  kind: 'transition' | 'audit'
  title: string
  detail?: string | null
}

function StateChip({ label, current, final }: { label: string; current: boolean; final: boolean }) {
  return (
    <Badge
      size="lg"
      radius="sm"
      variant={current ? 'filled' : 'light'}
      color={current ? undefined : final ? 'gray' : 'blue'}
      aria-current={current ? 'step' : undefined}
      data-state-current={current || undefined}
      tt="none"
    >
      {label}
    </Badge>
  )
}

/**
 * True while a submission or the reload after it is under way: the version on the page is about
 * to change, so a step sent now would be refused as stale. Buttons that move a process wait.
 */
export function useSettling() {
  return useNavigation().state !== 'idle'
}

function EventButton({ event, labels, version }: { event: string; labels: ProcessLabels; version: number }) {
  const navigation = useNavigation()
  const settling = useSettling()
  const meta = labels.events[event] ?? { label: event }
  const fields = { intent: 'transition', event, version }
  if (meta.needsReason || meta.confirm) {
    return (
      <ConfirmButton
        label={meta.label}
        title={meta.label}
        message={meta.confirm}
        confirmLabel={meta.label}
        fields={fields}
        reasonLabel={meta.needsReason ? 'Begrundelse' : undefined}
        color={meta.danger ? 'red' : 'teal'}
        variant={meta.danger ? 'light' : 'filled'}
        disabled={settling}
      />
    )
  }
  return (
    <Form method="post">
      {Object.entries(fields).map(([name, value]) => (
        <input key={name} type="hidden" name={name} value={value} />
      ))}
      <Button type="submit" disabled={settling && navigation.formData?.get('event') !== event} loading={navigation.state !== 'idle' && navigation.formData?.get('event') === event}>
        {meta.label}
      </Button>
    </Form>
  )
}

/**
 * Where a process stands and what can happen next, drawn from the machine definition itself,
 * beside its full history. `allowed` comes from the server: the events the machine can take now
 * that this user may send.
 */
export function ProcessMap({
  machine,
  labels,
  current,
  allowed,
  version,
  history,
}: {
  machine: AnyStateMachine
  labels: ProcessLabels
  current: string
  allowed: string[]
  version: number
  history: HistoryEntry[]
}) {
  const states = describeStates(machine)
  const label = (key: string) => labels.states[key] ?? key
  return (
    <Grid gutter="lg">
      <Grid.Col span={{ base: 12, md: 7 }}>
        <Paper withBorder p="md">
          <Stack gap="md">
            <Title order={2} size="h4">
              Forløb
            </Title>
            <Group gap={6} aria-label={`Tilstande for ${labels.title.toLowerCase()}`} role="list">
              {states.map((state, index) => (
                <Group key={state.key} gap={6} wrap="nowrap" role="listitem">
                  {index > 0 ? <IconArrowRight size={14} aria-hidden color="var(--mantine-color-dimmed)" /> : null}
                  <StateChip label={label(state.key)} current={state.key === current} final={state.final} />
                </Group>
              ))}
            </Group>
            <Text size="sm">
              Nu: <strong>{label(current)}</strong>
            </Text>
            <div>
              <Text size="sm" fw={600} mb={6}>
                Næste skridt
              </Text>
              {allowed.length === 0 ? (
                <Text size="sm" c="dimmed">
                  Du kan ikke flytte sagen videre herfra.
                </Text>
              ) : (
                <Group gap="sm">
                  {allowed.map((event) => (
                    <EventButton key={event} event={event} labels={labels} version={version} />
                  ))}
                </Group>
              )}
            </div>
          </Stack>
        </Paper>
      </Grid.Col>
      <Grid.Col span={{ base: 12, md: 5 }}>
        <HistoryTimeline
          empty="Ingen hændelser endnu."
          entries={history.map((entry) => ({
            ...entry,
            muted: entry.kind === 'audit',
            detail: entry.detail ? <Text size="sm">{entry.detail}</Text> : null,
          }))}
        />
      </Grid.Col>
    </Grid>
  )
}
