import { Button, Group, NativeSelect, Paper, Stack, Table, Text, Title } from '@mantine/core'
import { Form } from '@remix-run/react'
import { formatDateTime } from '~/utils/format.ts'

export type DiffPart = { value: string; added?: boolean; removed?: boolean }
export type SectionDiff = { label: string; parts: DiffPart[]; changed: boolean }

function DiffText({ parts }: { parts: DiffPart[] }) {
  return (
    <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
      {parts.map((part, index) =>
        part.added ? (
          <ins key={index} style={{ background: 'var(--mantine-color-teal-light)', textDecoration: 'none' }}>
            {part.value}
          </ins>
        ) : part.removed ? (
          <del key={index} style={{ background: 'var(--mantine-color-red-light)' }}>
            {part.value}
          </del>
        ) : (
          <span key={index}>{part.value}</span>
        ),
      )}
    </Text>
  )
}

/** Every saved version, and a readable word-by-word comparison of any two. */
export function Revisions({
  revisions,
  from,
  to,
  diff,
}: {
  revisions: { revision: number; createdAt: string | Date; author: { name: string } | null }[]
  from: number | null
  to: number | null
  diff: SectionDiff[] | null
}) {
  const options = revisions.map((r) => ({ value: String(r.revision), label: `Version ${r.revision}` }))
  return (
    <Paper withBorder p="md" id="versioner">
      <Title order={2} size="h4" mb="sm">
        Versioner
      </Title>
      <Stack gap="sm">
        <Table aria-label="Versioner af indholdet">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Version</Table.Th>
              <Table.Th>Gemt</Table.Th>
              <Table.Th>Af</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {revisions.map((r) => (
              <Table.Tr key={r.revision}>
                <Table.Td>{r.revision}</Table.Td>
                <Table.Td>{formatDateTime(r.createdAt)}</Table.Td>
                <Table.Td>{r.author?.name ?? '–'}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
        {revisions.length > 1 ? (
          <Form method="get" preventScrollReset>
            <Group align="flex-end">
              <NativeSelect name="fra" label="Sammenlign" defaultValue={String(from ?? revisions[1]?.revision)} data={options} w={150} />
              <NativeSelect name="til" label="med" defaultValue={String(to ?? revisions[0]?.revision)} data={options} w={150} />
              <Button type="submit" variant="light">
                Vis forskelle
              </Button>
            </Group>
          </Form>
        ) : null}
        {diff ? (
          <Stack gap="sm" aria-label={`Forskelle mellem version ${from} og ${to}`} role="region">
            {diff.every((section) => !section.changed) ? (
              <Text size="sm" c="dimmed">
                Ingen forskelle.
              </Text>
            ) : (
              diff
                .filter((section) => section.changed)
                .map((section) => (
                  <div key={section.label}>
                    <Text size="sm" fw={600}>
                      {section.label}
                    </Text>
                    <DiffText parts={section.parts} />
                  </div>
                ))
            )}
          </Stack>
        ) : null}
      </Stack>
    </Paper>
  )
}
