import { Anchor, Badge, Button, Group, Paper, Stack, Table, Tabs, Text, TextInput } from '@mantine/core'
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import { useActionToast } from '~/components/action-toast.tsx'
import { EmptyState } from '~/components/empty-state.tsx'
import { PageHeader } from '~/components/page-header.tsx'
import { useLiveTopics } from '~/components/realtime.tsx'
import { closeActionItem, listActionItems, MeetingError } from '~/models/meeting.server.ts'
import { copenhagenDate } from '~/utils/dates.ts'
import { StaleVersionError } from '~/utils/db-errors.server.ts'
import { fail, firstIssue } from '~/utils/form.server.ts'
import { formatDate } from '~/utils/format.ts'
import { ACTION_STATUS_LABELS, type ActionStatus } from '~/utils/meeting-fields.ts'
import { requirePermission } from '~/utils/permissions.server.ts'
import { STALE_MESSAGE } from '~/utils/responses.server.ts'
import { versionField, z } from '~/utils/validation.ts'
import { NotFoundError } from '~/utils/workflow.server.ts'

export { RouteErrorBoundary as ErrorBoundary } from '~/components/error-page.tsx'

export const meta: MetaFunction = () => [{ title: 'Opgaver fra direktørmøderne · Knudepunkt' }]

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePermission(request, 'view', 'meeting')
  const [assigned, created] = await Promise.all([listActionItems(user, 'assigned'), listActionItems(user, 'created')])
  return { assigned, created, today: copenhagenDate(new Date()) }
}

const CloseSchema = z.object({
  id: z.string().min(1),
  version: versionField,
  status: z.enum(['DONE', 'DROPPED']),
  note: z.string().trim().max(1000, { error: 'Noten må højst være 1000 tegn.' }).default(''),
})

export async function action({ request }: ActionFunctionArgs) {
  const user = await requirePermission(request, 'view', 'meeting')
  const parsed = CloseSchema.safeParse(Object.fromEntries(await request.formData()))
  if (!parsed.success) return fail(firstIssue(parsed.error))
  try {
    await closeActionItem({ actor: user, ...parsed.data })
    return data({ ok: true, message: parsed.data.status === 'DONE' ? 'Opgaven er markeret som udført.' : 'Opgaven er droppet.' })
  } catch (error) {
    if (error instanceof MeetingError) return fail(error.message, error.status)
    if (error instanceof StaleVersionError) return fail(STALE_MESSAGE, 409)
    if (error instanceof NotFoundError) return fail('Opgaven findes ikke.', 404)
    throw error
  }
}

type Data = ReturnType<typeof useLoaderData<typeof loader>>

export default function ActionItems() {
  const d = useLoaderData<typeof loader>()
  useActionToast(useActionData<typeof action>())
  useLiveTopics(['meeting', 'action-item'])
  const open = d.assigned.filter((a) => a.status === 'OPEN').length
  return (
    <Stack>
      <Anchor component={Link} to="/direktoermoeder" size="sm">
        ← Direktørmøder
      </Anchor>
      <PageHeader title="Opgaver fra direktørmøderne" description="Opgaverne følger med på dagsordenen til de næste møder, indtil de er udført eller droppet." />
      <Tabs defaultValue="assigned">
        <Tabs.List>
          <Tabs.Tab value="assigned">Tildelt mig ({open} åbne)</Tabs.Tab>
          <Tabs.Tab value="created">Oprettet af mig</Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="assigned" pt="md">
          <ActionTable items={d.assigned} today={d.today} label="Tildelt mig" />
        </Tabs.Panel>
        <Tabs.Panel value="created" pt="md">
          <ActionTable items={d.created} today={d.today} label="Oprettet af mig" />
        </Tabs.Panel>
      </Tabs>
    </Stack>
  )
}

function ActionTable({ items, today, label }: { items: Data['assigned']; today: string; label: string }) {
  if (items.length === 0) return <EmptyState title="Ingen opgaver" />
  return (
    <Table aria-label={label} verticalSpacing="sm">
      <Table.Thead>
        <Table.Tr>
          <Table.Th>Opgave</Table.Th>
          <Table.Th>Frist</Table.Th>
          <Table.Th>Status</Table.Th>
          <Table.Th />
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {items.map((a) => {
          const overdue = a.status === 'OPEN' && copenhagenDate(new Date(a.dueDate)) < today
          return (
            <Table.Tr key={a.id} data-action-item={a.text} data-overdue={overdue || undefined}>
              <Table.Td>
                <Text size="sm" fw={500}>
                  {a.text}
                </Text>
                <Text size="xs" c="dimmed">
                  {a.owner.name} ·{' '}
                  <Anchor component={Link} to={`/direktoermoeder/${a.meeting.id}`} size="xs">
                    {a.meeting.title} {formatDate(a.meeting.startsAt)}
                  </Anchor>
                  {a.note ? ` · ${a.note}` : ''}
                </Text>
              </Table.Td>
              <Table.Td>
                <Text size="sm" c={overdue ? 'red' : undefined} fw={overdue ? 700 : undefined}>
                  {formatDate(a.dueDate)}
                  {overdue ? ' (overskredet)' : ''}
                </Text>
              </Table.Td>
              <Table.Td>
                <Badge variant="light" color={a.status === 'OPEN' ? (overdue ? 'red' : 'blue') : 'gray'}>
                  {ACTION_STATUS_LABELS[a.status as ActionStatus]}
                </Badge>
              </Table.Td>
              <Table.Td>{a.status === 'OPEN' ? <CloseForm id={a.id} version={a.version} /> : null}</Table.Td>
            </Table.Tr>
          )
        })}
      </Table.Tbody>
    </Table>
  )
}

function CloseForm({ id, version }: { id: string; version: number }) {
  return (
    <Paper p={0}>
      <Form method="post">
        <input type="hidden" name="id" value={id} />
        <input type="hidden" name="version" value={version} />
        <Group gap={4} wrap="nowrap">
          <TextInput name="note" size="xs" placeholder="Note (krævet ved drop)" aria-label="Note" maxLength={1000} />
          <Button type="submit" name="status" value="DONE" size="xs">
            Udført
          </Button>
          <Button type="submit" name="status" value="DROPPED" size="xs" variant="default">
            Drop
          </Button>
        </Group>
      </Form>
    </Paper>
  )
}
