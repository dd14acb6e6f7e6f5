import { Badge, Button, Table, Text } from '@mantine/core'
import { data, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node'
import { Form, useActionData, useLoaderData, useNavigation } from '@remix-run/react'
import { useActionToast } from '~/components/action-toast.tsx'
import { EmptyState } from '~/components/empty-state.tsx'
import { formatDateTime } from '~/utils/format.ts'
import { describeJobs, getScheduler } from '~/utils/jobs.server.ts'
import { requirePermission } from '~/utils/permissions.server.ts'
import { z } from '~/utils/validation.ts'

export { RouteErrorBoundary as ErrorBoundary } from '~/components/error-page.tsx'

export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, 'view', 'administration')
  return { jobs: await describeJobs() }
}

function describeInterval(minutes: number) {
  if (minutes === 1) return 'hvert minut'
  if (minutes === 60) return 'hver time'
  if (minutes % 60 === 0) return `hver ${minutes / 60}. time`
  return `hvert ${minutes}. minut`
}

const RunSchema = z.object({ name: z.string().min(1).max(80) })

export async function action({ request }: ActionFunctionArgs) {
  await requirePermission(request, 'view', 'administration')
  const parsed = RunSchema.safeParse(Object.fromEntries(await request.formData()))
  const scheduler = getScheduler()
  if (!parsed.success || !scheduler?.jobs.some((job) => job.name === parsed.data.name)) {
    return data({ ok: false, message: 'Jobbet findes ikke.' }, { status: 404 })
  }
  const outcome = await scheduler.runJob(parsed.data.name, { force: true })
  if (outcome.status === 'held') return data({ ok: false, message: 'Jobbet kører allerede i en anden proces. Prøv igen om lidt.' }, { status: 409 })
  return data({ ok: Boolean(outcome.ok), message: outcome.ok ? `Kørt: ${outcome.result}` : `Fejlede: ${outcome.result}` })
}

export default function Jobs() {
  const { jobs } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const navigation = useNavigation()
  useActionToast(actionData)
  if (jobs.length === 0) return <EmptyState title="Ingen planlagte job">Planlæggeren kører ikke i denne proces.</EmptyState>
  return (
    <>
      <Table.ScrollContainer minWidth={820}>
        <Table striped aria-label="Planlagte job">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Job</Table.Th>
              <Table.Th>Interval</Table.Th>
              <Table.Th>Seneste kørsel</Table.Th>
              <Table.Th>Resultat</Table.Th>
              <Table.Th>Næste kørsel</Table.Th>
              <Table.Th />
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {jobs.map((job) => (
              <Table.Tr key={job.name}>
                <Table.Td>
                  <Text fw={500}>{job.label}</Text>
                  <Text size="xs" c="dimmed">
                    {job.name}
                  </Text>
                </Table.Td>
                <Table.Td>{describeInterval(job.intervalMinutes)}</Table.Td>
                <Table.Td>{job.lastRun ? formatDateTime(job.lastRun.startedAt) : 'Aldrig'}</Table.Td>
                <Table.Td>
                  {job.lastRun ? (
                    <>
                      {job.lastRun.ok === null ? <Badge color="gray">Kører</Badge> : job.lastRun.ok ? <Badge color="teal">OK</Badge> : <Badge color="red">Fejl</Badge>}
                      <Text size="xs">{job.lastRun.result}</Text>
                    </>
                  ) : (
                    '–'
                  )}
                </Table.Td>
                <Table.Td>{job.lease ? `Kører nu (${job.lease.holder})` : formatDateTime(job.nextRunAt)}</Table.Td>
                <Table.Td>
                  <Form method="post">
                    <input type="hidden" name="name" value={job.name} />
                    <Button type="submit" size="xs" variant="light" loading={navigation.state === 'submitting' && navigation.formData?.get('name') === job.name}>
                      Kør nu
                    </Button>
                  </Form>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    </>
  )
}
