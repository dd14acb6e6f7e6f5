import { Anchor, Badge, Button, Group, Table, Text, TextInput } from '@mantine/core'
import type { LoaderFunctionArgs } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { IconSearch, IconUserPlus } from '@tabler/icons-react'
import { useState } from 'react'
import { EmptyState } from '~/components/empty-state.tsx'
import { listUsers } from '~/models/user.server.ts'
import { requirePermission } from '~/utils/permissions.server.ts'

export { RouteErrorBoundary as ErrorBoundary } from '~/components/error-page.tsx'

export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, 'view', 'user')
  return { users: await listUsers() }
}

export default function UsersPage() {
  const { users } = useLoaderData<typeof loader>()
  const [query, setQuery] = useState('')
  const needle = query.trim().toLowerCase()
  const shown = needle
    ? users.filter((u) => [u.name, u.email, ...u.organisations].some((text) => text.toLowerCase().includes(needle)))
    : users

  return (
    <>
      <Group justify="space-between" mb="md">
        <TextInput
          leftSection={<IconSearch size={16} />}
          placeholder="Søg på navn, e-mail eller organisation"
          aria-label="Søg i brugere"
          value={query}
          onChange={(e) => setQuery(e.currentTarget.value)}
          w={340}
        />
        <Button component={Link} to="/admin/brugere/ny" leftSection={<IconUserPlus size={16} />}>
          Invitér bruger
        </Button>
      </Group>
      {shown.length === 0 ? (
        <EmptyState title={users.length === 0 ? 'Ingen brugere endnu' : 'Ingen brugere matcher søgningen'} />
      ) : (
        <Table.ScrollContainer minWidth={760}>
          <Table striped highlightOnHover aria-label="Brugere">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Navn</Table.Th>
                <Table.Th>Organisation</Table.Th>
                <Table.Th>Roller</Table.Th>
                <Table.Th>Key account manager for</Table.Th>
                <Table.Th miw={110}>Status</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {shown.map((u) => (
                <Table.Tr key={u.id}>
                  <Table.Td>
                    <Anchor component={Link} to={`/admin/brugere/${u.id}`} fw={500}>
                      {u.name}
                    </Anchor>
                    <Text size="xs" c="dimmed">
                      {u.email}
                    </Text>
                  </Table.Td>
                  <Table.Td>{u.organisations.join(', ')}</Table.Td>
                  <Table.Td>{u.roles.join(', ')}</Table.Td>
                  <Table.Td>{u.kommuner.join(', ') || '–'}</Table.Td>
                  <Table.Td>
                    {!u.active ? (
                      <Badge color="gray">Deaktiveret</Badge>
                    ) : u.invited ? (
                      <Badge color="yellow">Inviteret</Badge>
                    ) : (
                      <Badge color="teal">Aktiv</Badge>
                    )}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </>
  )
}
