import { Badge } from '@mantine/core'
import { ITEM_KIND_LABELS, type ItemKind } from '~/utils/meeting-fields.ts'
import { meetingLabels } from '../../../machines/meeting.machine.ts'

const STATE_COLORS: Record<string, string> = {
  planned: 'gray',
  agendaOpen: 'blue',
  agendaPublished: 'teal',
  inSession: 'orange',
  minutesDraft: 'grape',
  closed: 'dark',
  cancelled: 'red',
}

export function MeetingStateBadge({ state }: { state: string }) {
  return (
    <Badge color={STATE_COLORS[state] ?? 'gray'} variant="light" styles={{ label: { overflow: 'visible' } }}>
      {meetingLabels.states[state] ?? state}
    </Badge>
  )
}

const KIND_COLORS: Record<ItemKind, string> = { ORIENTATION: 'gray', DECISION: 'red', DISCUSSION: 'blue', METHOD: 'grape' }

export function ItemKindBadge({ kind }: { kind: string }) {
  return (
    <Badge size="sm" variant="outline" color={KIND_COLORS[kind as ItemKind] ?? 'gray'} tt="none">
      {ITEM_KIND_LABELS[kind as ItemKind] ?? kind}
    </Badge>
  )
}

/** "5:07" */
export function formatDuration(seconds: number) {
  const s = Math.max(0, Math.floor(seconds))
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`
}
