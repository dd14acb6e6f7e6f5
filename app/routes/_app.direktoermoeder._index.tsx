import { Badge, Stack, Table, Text } from '@mantine/core'
import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { useLoaderData } from '@remix-run/react'
import { PageHeader } from '~/components/page-header.tsx'
import { listDirectorMeetingParticipants } from '~/models/user.server.ts'
import { requirePermission } from '~/utils/permissions.server.ts'

export { RouteErrorBoundary as ErrorBoundary } from '~/components/error-page.tsx'

export const meta: MetaFunction = () => [{ title: 'Direktørmøder · Knudepunkt' }]

export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, 'view', 'meeting')
  return { participants: await listDirectorMeetingParticipants() }
}

export default function Meetings() {
  const { participants } = useLoaderData<typeof loader>()
  return (
    <Stack>
      <PageHeader
        title="Direktørmøder"
        description="Direktørerne for Erhvervshuset og de 13 lokale erhvervsservices mødes hver 14. dag; direktørerne for de 3 business regions deltager også."
      />
      <Text fw={600}>Faste deltagere</Text>
      <Table.ScrollContainer minWidth={560}>
        <Table striped aria-label="Faste deltagere i direktørmøderne">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Navn</Table.Th>
              <Table.Th>Organisation</Table.Th>
              <Table.Th>Rolle</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {participants.map((p) => (
              <Table.Tr key={`${p.id}-${p.organisation}`}>
                <Table.Td fw={500}>
                  {p.name}{' '}
                  {p.chair ? (
                    <Badge size="xs" variant="light">
                      Mødeleder
                    </Badge>
                  ) : null}
                </Table.Td>
                <Table.Td>{p.organisation}</Table.Td>
                <Table.Td>{p.role}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    </Stack>
  )
}
