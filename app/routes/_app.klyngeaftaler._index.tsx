import { Stack, Table, Text } from '@mantine/core'
import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { useLoaderData } from '@remix-run/react'
import { PageHeader } from '~/components/page-header.tsx'
import { listClustersWithHubs } from '~/models/organisation.server.ts'
import { requirePermission } from '~/utils/permissions.server.ts'

export { RouteErrorBoundary as ErrorBoundary } from '~/components/error-page.tsx'

export const meta: MetaFunction = () => [{ title: 'Klyngeaftaler · Knudepunkt' }]

export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, 'view', 'agreement')
  return { clusters: await listClustersWithHubs() }
}

export default function Agreements() {
  const { clusters } = useLoaderData<typeof loader>()
  return (
    <Stack>
      <PageHeader
        title="Klyngeaftaler"
        description="Mål 9: Erhvervshuset rækker ud til alle nationale klynger og indgår eller viderefører en samarbejdsaftale med dem alle, individuelt eller sammen med de øvrige erhvervshuse."
      />
      <Text fw={600}>De nationale klynger ({clusters.length})</Text>
      <Table.ScrollContainer minWidth={600}>
        <Table striped aria-label="Nationale klynger">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Klynge</Table.Th>
              <Table.Th>Sektor</Table.Th>
              <Table.Th>Lokale knudepunkter i Sydjylland</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {clusters.map((c) => (
              <Table.Tr key={c.id}>
                <Table.Td fw={500}>{c.name}</Table.Td>
                <Table.Td>{c.sector ?? '–'}</Table.Td>
                <Table.Td>{c.hubs.join(', ') || '–'}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    </Stack>
  )
}
