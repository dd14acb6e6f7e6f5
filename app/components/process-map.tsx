import { Badge, Button, Grid, Group, Modal, Paper, Stack, Text, Textarea, Timeline, Title } from '@mantine/core'
import { useDisclosure } from '@mantine/hooks'
import { Form, useNavigation } from '@remix-run/react'
import { IconArrowRight } from '@tabler/icons-react'
import type { AnyStateMachine } from 'xstate'
import { describeStates, type ProcessLabels } from '../../machines/describe.ts'
import { formatDateTime } from '~/utils/format.ts'

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

function EventButton({ event, labels, version }: { event: string; labels: ProcessLabels; version: number }) {
  const [opened, { open, close }] = useDisclosure(false)
  const navigation = useNavigation()
  const meta = labels.events[event] ?? { label: event }
  const busy = navigation.state === 'submitting' && navigation.formData?.get('event') === event
  const asks = meta.needsReason || meta.confirm
  const hidden = (
    <>
      <input type="hidden" name="intent" value="transition" />
      <input type="hidden" name="event" value={event} />
      <input type="hidden" name="version" value={version} />
    </>
  )
  if (!asks) {
    return (
      <Form method="post">
        {hidden}
        <Button type="submit" loading={busy} color={meta.danger ? 'red' : undefined} variant={meta.danger ? 'light' : 'filled'}>
          {meta.label}
        </Button>
      </Form>
    )
  }
  return (
    <>
      <Button onClick={open} color={meta.danger ? 'red' : undefined} variant={meta.danger ? 'light' : 'filled'}>
        {meta.label}
      </Button>
      <Modal opened={opened} onClose={close} title={meta.label} centered>
        <Form method="post" onSubmit={close}>
          {hidden}
          <Stack>
            {meta.confirm ? <Text size="sm">{meta.confirm}</Text> : null}
            {meta.needsReason ? <Textarea name="reason" label="Begrundelse" required minLength={3} maxLength={2000} autosize minRows={3} data-autofocus /> : null}
            <Group justify="flex-end">
              <Button variant="default" onClick={close}>
                Annuller
              </Button>
              <Button type="submit" color={meta.danger ? 'red' : undefined}>
                {meta.label}
              </Button>
            </Group>
          </Stack>
        </Form>
      </Modal>
    </>
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
        <Paper withBorder p="md">
          <Title order={2} size="h4" mb="md">
            Historik
          </Title>
          {history.length === 0 ? (
            <Text size="sm" c="dimmed">
              Ingen hændelser endnu.
            </Text>
          ) : (
            <Timeline bulletSize={12} lineWidth={2} active={-1} aria-label="Historik">
              {history.map((entry) => (
                <Timeline.Item key={entry.id} title={entry.title} color={entry.kind === 'transition' ? undefined : 'gray'}>
                  {entry.detail ? <Text size="sm">{entry.detail}</Text> : null}
                  <Text size="xs" c="dimmed">
                    {formatDateTime(entry.at)} · {entry.actorName ?? 'Systemet'}
                  </Text>
                </Timeline.Item>
              ))}
            </Timeline>
          )}
        </Paper>
      </Grid.Col>
    </Grid>
  )
}
