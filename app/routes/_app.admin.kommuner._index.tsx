import { Anchor, Table, Text } from '@mantine/core'
import type { LoaderFunctionArgs } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { AreaBadge } from '~/components/area-badge.tsx'
import { listKommuner } from '~/models/kommune.server.ts'
import { requirePermission } from '~/utils/permissions.server.ts'

import { useLiveTopics } from '~/components/realtime.tsx'

export { RouteErrorBoundary as ErrorBoundary } from '~/components/error-page.tsx'

export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, 'update', 'kommune')
  return { kommuner: await listKommuner() }
}

export default function KommunerAdmin() {
  const { kommuner } = useLoaderData<typeof loader>()
  useLiveTopics(['kommune'])
  return (
    <>
      <Text size="sm" c="dimmed" mb="md">
        * Området er standarden fra Danmarks Statistik og endnu ikke bekræftet.
      </Text>
      <Table.ScrollContainer minWidth={760}>
        <Table striped highlightOnHover aria-label="Kommuner">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Kommune</Table.Th>
              <Table.Th>Kode</Table.Th>
              <Table.Th>LES</Table.Th>
              <Table.Th>Område</Table.Th>
              <Table.Th>Business region</Table.Th>
              <Table.Th>Key account manager</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {kommuner.map((k) => (
              <Table.Tr key={k.id}>
                <Table.Td>
                  <Anchor component={Link} to={`/admin/kommuner/${k.id}`} fw={500}>
                    {k.name}
                  </Anchor>
                </Table.Td>
                <Table.Td>{k.code}</Table.Td>
                <Table.Td>{k.les?.name ?? <Text c="dimmed">Ingen</Text>}</Table.Td>
                <Table.Td>
                  <AreaBadge area={k.area} isDefault={k.areaIsDefault} />
                </Table.Td>
                <Table.Td>{k.businessRegions.map((r) => r.name).join(', ')}</Table.Td>
                <Table.Td>{k.keyAccountManager?.name ?? <Text c="dimmed">Ikke udpeget</Text>}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    </>
  )
}
