import { Container, List, Stack, Table, Text, Title } from '@mantine/core'
import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { useLoaderData } from '@remix-run/react'
import { getMeetingPage, meetingAccess } from '~/models/meeting.server.ts'
import { requireUser } from '~/utils/auth.server.ts'
import { formatDate, formatTime } from '~/utils/format.ts'
import { ATTENDANCE_LABELS, ITEM_KIND_LABELS, PARTICIPANT_ROLE_LABELS, type ItemKind } from '~/utils/meeting-fields.ts'
import { forbidden } from '~/utils/permissions.server.ts'
import { notFound } from '~/utils/responses.server.ts'
import { MINUTES_APPROVAL_LABELS, meetingLabels } from '../../machines/meeting.machine.ts'

export { RouteErrorBoundary as ErrorBoundary } from '~/components/error-page.tsx'

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data ? `Referat: ${data.meeting.title} ${formatDate(data.meeting.startsAt)}` : 'Referat' }]

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request)
  const access = await meetingAccess(user, params.id!)
  if (access !== 'full') forbidden('view', 'meeting')
  const meeting = await getMeetingPage(params.id!)
  if (!meeting) notFound('Mødet findes ikke.')
  return { meeting }
}

/** A clean A4 view of agenda and minutes, for printing or saving as PDF. */
export default function MinutesPrint() {
  const { meeting: m } = useLoaderData<typeof loader>()
  const accepted = m.items.filter((i) => i.status === 'ACCEPTED')
  const approval = m.context.minutesApproval
  return (
    <Container size={760} py="lg" className="print-page">
      <Stack gap="md">
        <div>
          <Text size="sm" c="dimmed">
            Erhvervshus Sydjylland · {meetingLabels.states[m.state]}
          </Text>
          <Title order={1}>
            {m.state === 'closed' || m.state === 'minutesDraft' ? 'Referat' : 'Dagsorden'}: {m.title} {formatDate(m.startsAt)}
          </Title>
          <Text>
            Kl. {formatTime(m.startsAt)}–{formatTime(m.endsAt)}
            {m.location ? `, ${m.location}` : ''}. Mødeleder: {m.chair.name}.
          </Text>
          {approval ? (
            <Text size="sm">
              Godkendt {MINUTES_APPROVAL_LABELS[approval.how]} {formatDate(approval.at)}.
            </Text>
          ) : m.state === 'minutesDraft' ? (
            <Text size="sm" fw={700}>
              Kladde – ikke godkendt.
            </Text>
          ) : null}
        </div>
        <Table withTableBorder fz="sm">
          <Table.Tbody>
            {m.participants.map((p) => (
              <Table.Tr key={p.userId}>
                <Table.Td>{p.name}</Table.Td>
                <Table.Td>{p.organisation}</Table.Td>
                <Table.Td>{PARTICIPANT_ROLE_LABELS[p.role]}</Table.Td>
                <Table.Td>{p.attendance ? ATTENDANCE_LABELS[p.attendance] : ''}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
        {accepted.map((item, index) => {
          const decisions = m.decisions.filter((d) => d.agendaItemId === item.id)
          const actions = m.actionItems.filter((a) => a.agendaItemId === item.id)
          return (
            <div key={item.id} style={{ breakInside: 'avoid' }}>
              <Title order={2} size="h4">
                {index + 1}. {item.title}
              </Title>
              <Text size="xs" c="dimmed">
                {ITEM_KIND_LABELS[item.kind as ItemKind]}
                {item.presenter ? ` · oplæg: ${item.presenter}` : ''}
                {item.plannedMinutes ? ` · ${item.plannedMinutes} min.` : ''}
              </Text>
              {item.description ? <Text size="sm">{item.description}</Text> : null}
              {item.minutes ? (
                <Text size="sm" mt={4} style={{ whiteSpace: 'pre-wrap' }}>
                  {item.minutes}
                </Text>
              ) : null}
              {decisions.length + actions.length > 0 ? (
                <List size="sm" mt={4}>
                  {decisions.map((d) => (
                    <List.Item key={d.id}>Beslutning: {d.text}</List.Item>
                  ))}
                  {actions.map((a) => (
                    <List.Item key={a.id}>
                      Opgave: {a.text} – {a.owner.name}, frist {formatDate(a.dueDate)}
                    </List.Item>
                  ))}
                </List>
              ) : null}
            </div>
          )
        })}
        {m.carriedOver.length > 0 ? (
          <div>
            <Title order={2} size="h4">
              Åbne opgaver fra tidligere møder
            </Title>
            <List size="sm">
              {m.carriedOver.map((a) => (
                <List.Item key={a.id}>
                  {a.text} – {a.owner}, frist {formatDate(a.dueDate)}
                </List.Item>
              ))}
            </List>
          </div>
        ) : null}
      </Stack>
    </Container>
  )
}
