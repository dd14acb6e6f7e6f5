import { Alert, Anchor, Badge, Button, Code, CopyButton, Grid, Group, MultiSelect, Paper, SimpleGrid, Stack, Table, Text, TextInput, Title } from '@mantine/core'
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react'
import { useState } from 'react'
import { useActionToast, useStickyValue } from '~/components/action-toast.tsx'
import { EmptyState } from '~/components/empty-state.tsx'
import { MeetingStateBadge } from '~/components/meeting/meeting-bits.tsx'
import { PageHeader } from '~/components/page-header.tsx'
import { useLiveTopics } from '~/components/realtime.tsx'
import { hasFeed, regenerateFeedToken } from '~/models/calendar.server.ts'
import { createSeries, listMeetings, MeetingError } from '~/models/meeting.server.ts'
import { listDirectorMeetingParticipants } from '~/models/user.server.ts'
import { requireUser } from '~/utils/auth.server.ts'
import { copenhagenDate } from '~/utils/dates.ts'
import { db } from '~/utils/db.server.ts'
import { publicUrl } from '~/utils/env.server.ts'
import { fail, firstIssue } from '~/utils/form.server.ts'
import { formatDate, formatTime } from '~/utils/format.ts'
import { SeriesSchema } from '~/utils/meeting-fields.ts'
import { assertPermission } from '~/utils/permissions.server.ts'
import { can, widestScope } from '~/utils/permissions.ts'

export { RouteErrorBoundary as ErrorBoundary } from '~/components/error-page.tsx'

export const meta: MetaFunction = () => [{ title: 'Direktørmøder · Knudepunkt' }]

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request)
  assertPermission(user, 'view', 'meeting')
  const full = widestScope(user, 'view', 'meeting') === 'any'
  const canCreate = can(user, 'create', 'meeting')
  const [meetings, feed, participants] = await Promise.all([
    listMeetings(user, { full }),
    hasFeed(user.id),
    canCreate ? listDirectorMeetingParticipants() : Promise.resolve([]),
  ])
  return { ...meetings, hasFeed: feed, canCreate, participants, today: copenhagenDate(new Date()), guest: !full }
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request)
  assertPermission(user, 'view', 'meeting')
  const formData = await request.formData()
  const intent = formData.get('intent')
  if (intent === 'calendar-token') {
    const token = await regenerateFeedToken(user.id)
    return data({ ok: true, message: 'Ny kalenderadresse er lavet. Den gamle virker ikke længere.', feedUrl: `${publicUrl()}/kalender/${token}.ics` })
  }
  if (intent === 'series') {
    assertPermission(user, 'create', 'meeting')
    const parsed = SeriesSchema.safeParse({ ...Object.fromEntries(formData), participantIds: formData.getAll('participantIds') })
    if (!parsed.success) return fail(firstIssue(parsed.error))
    try {
      const series = await createSeries({ actor: user, input: parsed.data })
      const first = await db.meeting.findFirst({ where: { seriesId: series.id }, orderBy: { startsAt: 'asc' }, select: { id: true, startsAt: true } })
      return data({ ok: true, message: 'Mødeserien er oprettet, og møderne er lagt ind.', firstMeeting: first ? { id: first.id, title: series.title, startsAt: first.startsAt } : null })
    } catch (error) {
      if (error instanceof MeetingError) return fail(error.message, error.status)
      throw error
    }
  }
  return fail('Ukendt handling.')
}

type Data = ReturnType<typeof useLoaderData<typeof loader>>

export default function Meetings() {
  const d = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  useActionToast(actionData)
  useLiveTopics(['meeting'])
  const feedUrl = useStickyValue(actionData && 'feedUrl' in actionData ? String(actionData.feedUrl) : null)
  const firstMeeting = useStickyValue(actionData && 'firstMeeting' in actionData ? (actionData.firstMeeting as { id: string; title: string; startsAt: string | Date } | null) : null)
  return (
    <Stack>
      <PageHeader
        title="Direktørmøder"
        description="Direktørerne for Erhvervshuset og de 13 lokale erhvervsservices mødes hver 14. dag; direktørerne for de 3 business regions deltager også. Her er også fælles metode og kompetenceudvikling."
        actions={
          d.guest ? null : (
            <Button component={Link} to="/direktoermoeder/opgaver" variant="light">
              Mine opgaver
            </Button>
          )
        }
      />
      {firstMeeting ? (
        <Alert color="teal" variant="light" title="Mødeserien er oprettet">
          Det første møde er {formatDate(firstMeeting.startsAt)} kl. {formatTime(firstMeeting.startsAt)}.{' '}
          <Anchor component={Link} to={`/direktoermoeder/${firstMeeting.id}`}>
            Gå til mødet
          </Anchor>
        </Alert>
      ) : null}
      <Grid gutter="lg">
        <Grid.Col span={{ base: 12, md: 8 }}>
          <Stack>
            <MeetingTable title="Kommende møder" meetings={d.upcoming} empty={d.guest ? 'Du er ikke inviteret til nogen kommende møder.' : 'Ingen kommende møder. Opret en mødeserie.'} />
            <MeetingTable title="Afholdte møder" meetings={d.past} empty="Ingen afholdte møder endnu." />
          </Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 4 }}>
          <Stack>
            <Paper withBorder p="md">
              <Title order={2} size="h4" mb="xs">
                Kalender
              </Title>
              <Text size="sm" c="dimmed" mb="sm">
                Abonnér på dine møder i Outlook eller en anden kalender. Adressen er hemmelig; lav en ny, hvis den er kommet i forkerte hænder.
              </Text>
              {feedUrl ? (
                <Stack gap={4} mb="sm">
                  <Code block style={{ wordBreak: 'break-all' }} data-feed-url>
                    {feedUrl}
                  </Code>
                  <CopyButton value={feedUrl}>{({ copied, copy }) => <Button size="xs" variant="light" onClick={copy}>{copied ? 'Kopieret' : 'Kopiér adressen'}</Button>}</CopyButton>
                  <Text size="xs" c="dimmed">
                    Adressen vises kun nu. Gem den i din kalender.
                  </Text>
                </Stack>
              ) : null}
              <Form method="post">
                <input type="hidden" name="intent" value="calendar-token" />
                <Button type="submit" size="xs" variant={d.hasFeed ? 'default' : 'filled'}>
                  {d.hasFeed ? 'Lav en ny kalenderadresse' : 'Lav kalenderadresse'}
                </Button>
              </Form>
            </Paper>
            {d.canCreate ? <SeriesForm participants={d.participants} today={d.today} /> : null}
          </Stack>
        </Grid.Col>
      </Grid>
    </Stack>
  )
}

function MeetingTable({ title, meetings, empty }: { title: string; meetings: Data['upcoming']; empty: string }) {
  return (
    <Paper withBorder p="md">
      <Title order={2} size="h4" mb="sm">
        {title}
      </Title>
      {meetings.length === 0 ? (
        <EmptyState title={empty} />
      ) : (
        <Table striped highlightOnHover aria-label={title}>
          <Table.Tbody>
            {meetings.map((m) => (
              <Table.Tr key={m.id}>
                <Table.Td>
                  <Anchor component={Link} to={`/direktoermoeder/${m.id}`} fw={600}>
                    {m.title} {formatDate(m.startsAt)}
                  </Anchor>
                  <Text size="xs" c="dimmed">
                    kl. {formatTime(m.startsAt)}
                    {m.location ? ` · ${m.location}` : ''}
                  </Text>
                </Table.Td>
                <Table.Td>
                  <Badge variant="light" color="gray">
                    {m._count.items} punkter
                  </Badge>
                </Table.Td>
                <Table.Td>
                  <MeetingStateBadge state={m.state} />
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </Paper>
  )
}

function SeriesForm({ participants, today }: { participants: Data['participants']; today: string }) {
  const navigation = useNavigation()
  const [open, setOpen] = useState(false)
  const options = participants.map((p) => ({ value: p.id, label: `${p.name} (${p.organisation})` }))
  const [chosen, setChosen] = useState(participants.filter((p) => !p.chair).map((p) => p.id))
  if (!open) {
    return (
      <Button variant="light" onClick={() => setOpen(true)}>
        Ny mødeserie
      </Button>
    )
  }
  return (
    <Paper withBorder p="md">
      <Title order={2} size="h4" mb="sm">
        Ny mødeserie
      </Title>
      <Form method="post">
        <input type="hidden" name="intent" value="series" />
        {chosen.map((id) => (
          <input key={id} type="hidden" name="participantIds" value={id} />
        ))}
        <Stack gap="xs">
          <TextInput name="title" label="Titel" defaultValue="Direktørmøde" required maxLength={200} />
          <SimpleGrid cols={2}>
            <TextInput name="firstDate" type="date" label="Første møde" min={today} required />
            <TextInput name="startTime" type="time" label="Tidspunkt" defaultValue="09:00" required />
          </SimpleGrid>
          <SimpleGrid cols={2}>
            <TextInput name="durationMinutes" type="number" label="Varighed (min.)" defaultValue="120" min={15} max={480} required />
            <TextInput name="location" label="Sted" maxLength={200} />
          </SimpleGrid>
          <MultiSelect label="Faste deltagere" description="Du er mødeleder" data={options} value={chosen} onChange={setChosen} searchable />
          <Alert variant="light" color="blue" p="xs">
            Møderne gentages hver 14. dag på samme ugedag og lægges ind fire måneder frem.
          </Alert>
          <Group>
            <Button type="submit" loading={navigation.state === 'submitting'}>
              Opret serie
            </Button>
            <Button variant="default" onClick={() => setOpen(false)}>
              Annuller
            </Button>
          </Group>
        </Stack>
      </Form>
    </Paper>
  )
}
