import { Table, Text } from '@mantine/core'
import { AreaBadge } from './area-badge.tsx'

type KommuneView = {
  id: string
  code: string
  name: string
  area: 'LAND' | 'BY'
  areaIsDefault: boolean
  les: { name: string } | null
  keyAccountManager: { name: string } | null
  businessRegions: { name: string }[]
}

export function KommuneTable({ kommuner, label }: { kommuner: KommuneView[]; label: string }) {
  return (
    <Table.ScrollContainer minWidth={640}>
      <Table striped highlightOnHover aria-label={label}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Kommune</Table.Th>
            <Table.Th>Lokal erhvervsservice (LES)</Table.Th>
            <Table.Th>Område</Table.Th>
            <Table.Th>Business region</Table.Th>
            <Table.Th>Key account manager</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {kommuner.map((k) => (
            <Table.Tr key={k.id}>
              <Table.Td>
                <Text fw={500}>{k.name}</Text>
                <Text size="xs" c="dimmed">
                  Kode {k.code}
                </Text>
              </Table.Td>
              <Table.Td>{k.les?.name ?? <Text c="dimmed">Ingen LES registreret</Text>}</Table.Td>
              <Table.Td>
                <AreaBadge area={k.area} isDefault={k.areaIsDefault} />
              </Table.Td>
              <Table.Td>{k.businessRegions.map((r) => r.name).join(', ') || '–'}</Table.Td>
              <Table.Td>{k.keyAccountManager?.name ?? <Text c="dimmed">Ikke udpeget</Text>}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  )
}
