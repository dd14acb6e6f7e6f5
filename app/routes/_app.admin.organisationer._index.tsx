import { Anchor, Badge, Button, Group, NativeSelect, Table, Text } from '@mantine/core'
import type { LoaderFunctionArgs } from '@remix-run/node'
import { Link, useLoaderData, useSearchParams } from '@remix-run/react'
import { IconPlus } from '@tabler/icons-react'
import { EmptyState } from '~/components/empty-state.tsx'
import { listOrganisations } from '~/models/organisation.server.ts'
import { ORGANISATION_KIND_LABELS, ORGANISATION_KINDS, type OrganisationKind } from '~/utils/organisation-kinds.ts'
import { requirePermission } from '~/utils/permissions.server.ts'

export { RouteErrorBoundary as ErrorBoundary } from '~/components/error-page.tsx'

function parseKind(value: string | null): OrganisationKind | undefined {
  return ORGANISATION_KINDS.find((k) => k === value)
}

export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, 'view', 'administration')
  const kind = parseKind(new URL(request.url).searchParams.get('type'))
  const organisations = await listOrganisations({ kind })
  return {
    kind: kind ?? null,
    organisations: organisations.map((o) => ({
      id: o.id,
      name: o.name,
      kind: o.kind as OrganisationKind,
      description: o.description,
      active: o.active,
      designEcosystem: o.designEcosystem,
      users: o._count.memberships,
    })),
  }
}

export default function OrganisationsPage() {
  const { kind, organisations } = useLoaderData<typeof loader>()
  const [, setSearchParams] = useSearchParams()
  return (
    <>
      <Group justify="space-between" mb="md" align="flex-end">
        <NativeSelect
          label="Type"
          value={kind ?? ''}
          onChange={(e) => setSearchParams(e.currentTarget.value ? { type: e.currentTarget.value } : {})}
          data={[{ value: '', label: 'Alle typer' }, ...ORGANISATION_KINDS.map((k) => ({ value: k, label: ORGANISATION_KIND_LABELS[k] }))]}
          w={300}
        />
        <Button component={Link} to={`/admin/organisationer/ny${kind ? `?type=${kind}` : ''}`} leftSection={<IconPlus size={16} />}>
          Ny organisation
        </Button>
      </Group>
      {organisations.length === 0 ? (
        <EmptyState title="Ingen organisationer af denne type">Opret den første med knappen ovenfor.</EmptyState>
      ) : (
        <Table.ScrollContainer minWidth={700}>
          <Table striped highlightOnHover aria-label="Organisationer">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Navn</Table.Th>
                <Table.Th>Type</Table.Th>
                <Table.Th>Beskrivelse</Table.Th>
                <Table.Th>Brugere</Table.Th>
                <Table.Th miw={110}>Status</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {organisations.map((o) => (
                <Table.Tr key={o.id}>
                  <Table.Td>
                    <Anchor component={Link} to={`/admin/organisationer/${o.id}`} fw={500}>
                      {o.name}
                    </Anchor>
                  </Table.Td>
                  <Table.Td>
                    {ORGANISATION_KIND_LABELS[o.kind]}
                    {o.designEcosystem && o.kind !== 'DESIGN_ACTOR' ? (
                      <Text size="xs" c="dimmed">
                        også designøkosystemet
                      </Text>
                    ) : null}
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm" lineClamp={2}>
                      {o.description ?? '–'}
                    </Text>
                  </Table.Td>
                  <Table.Td>{o.users}</Table.Td>
                  <Table.Td>{o.active ? <Badge color="teal">Aktiv</Badge> : <Badge color="gray">Inaktiv</Badge>}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </>
  )
}
