import { Anchor, Badge, Group, Stack, Text, Tooltip } from '@mantine/core'
import { Link } from '@remix-run/react'
import { IconEyeOff, IconLock } from '@tabler/icons-react'
import { SEGMENT_LABELS, type Segment } from '~/utils/company-fields.ts'
import { TOPICS, type Topic } from '~/utils/topics.ts'
import { caseLabels } from '../../../machines/case.machine.ts'

/** What a page receives from presentCompany (dates arrive as strings after serialisation). */
export type CompanyViewJson =
  | {
      id: string
      identified: false
      erased: boolean
      kommune: { id: string; name: string }
      segment: Segment
    }
  | {
      id: string
      identified: true
      via: 'owner' | 'consent'
      name: string
      cvr: string
      kommune: { id: string; name: string }
      segment: Segment
    }

/** The company's name where the gate allowed it; otherwise the de-identified facts, marked as such. */
export function CompanyName({
  company,
  link = true,
}: {
  company: CompanyViewJson
  link?: boolean
}) {
  if (company.identified) {
    const name = link ? (
      <Anchor component={Link} to={`/virksomheder/${company.id}`} fw={600}>
        {company.name}
      </Anchor>
    ) : (
      <Text span fw={600}>
        {company.name}
      </Text>
    )
    return (
      <Stack gap={0} data-company-identified>
        {name}
        <Group gap={6} wrap="nowrap">
          <Text span size="xs" c="dimmed">
            CVR {company.cvr}
          </Text>
          {company.via === 'consent' ? (
            <Tooltip label="Vist med virksomhedens samtykke; visningen er skrevet i adgangsloggen">
              <Badge
                size="xs"
                variant="light"
                color="teal"
                leftSection={<IconLock size={10} />}
                styles={{ root: { flexShrink: 0 }, label: { overflow: 'visible' } }}
              >
                samtykke
              </Badge>
            </Tooltip>
          ) : null}
        </Group>
      </Stack>
    )
  }
  const text = company.erased ? 'Slettet virksomhed' : `Virksomhed i ${company.kommune.name}`
  return (
    <Stack gap={0} data-company-anonymous>
      <Group gap={6} wrap="nowrap">
        <IconEyeOff size={14} aria-hidden color="var(--mantine-color-dimmed)" />
        {link ? (
          <Anchor component={Link} to={`/virksomheder/${company.id}`} c="dimmed">
            {text}
          </Anchor>
        ) : (
          <Text span c="dimmed">
            {text}
          </Text>
        )}
      </Group>
      <Text span size="xs" c="dimmed">
        {SEGMENT_LABELS[company.segment].toLowerCase()} · anonymiseret visning
      </Text>
    </Stack>
  )
}

const CASE_STATE_COLORS: Record<string, string> = {
  open: 'blue',
  inProgress: 'teal',
  handedOver: 'grape',
  closed: 'gray',
}

export function CaseStateBadge({ state }: { state: string }) {
  return (
    <Badge
      color={CASE_STATE_COLORS[state] ?? 'gray'}
      variant="light"
      style={{ flexShrink: 0, overflow: 'visible' }}
      styles={{ label: { overflow: 'visible' } }}
    >
      {caseLabels.states[state] ?? state}
    </Badge>
  )
}

export function TopicBadges({ topics }: { topics: Topic[] }) {
  if (topics.length === 0) return null
  return (
    <Group gap={4}>
      {topics.map((topic) => (
        <Badge key={topic} size="sm" variant="outline" tt="none">
          {TOPICS[topic]}
        </Badge>
      ))}
    </Group>
  )
}
