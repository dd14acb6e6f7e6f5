import { Badge, Stack, Table, Text } from '@mantine/core'
import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { useLoaderData } from '@remix-run/react'
import { PageHeader } from '~/components/page-header.tsx'
import { listReferralRecipients } from '~/models/organisation.server.ts'
import { ORGANISATION_KIND_LABELS } from '~/utils/organisation-kinds.ts'
import { requirePermission } from '~/utils/permissions.server.ts'

export { RouteErrorBoundary as ErrorBoundary } from '~/components/error-page.tsx'

export const meta: MetaFunction = () => [{ title: 'Henvisninger · Knudepunkt' }]

export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, 'view', 'referral')
  return { recipients: await listReferralRecipients() }
}

export default function Referrals() {
  const { recipients } = useLoaderData<typeof loader>()
  return (
    <Stack>
      <PageHeader
        title="Henvisninger"
        description="Erhvervshuset er knudepunktet, der henviser virksomheder videre til designøkosystemet, private rådgivere og andre offentlige aktører. Der følges op efter seks måneder."
      />
      <Text fw={600}>Modtagere, der kan henvises til</Text>
      <Table.ScrollContainer minWidth={600}>
        <Table striped aria-label="Modtagere af henvisninger">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Modtager</Table.Th>
              <Table.Th>Type</Table.Th>
              <Table.Th>Beskrivelse</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {recipients.map((r) => (
              <Table.Tr key={r.id}>
                <Table.Td fw={500}>{r.name}</Table.Td>
                <Table.Td>
                  {ORGANISATION_KIND_LABELS[r.kind]}{' '}
                  {r.designEcosystem ? (
                    <Badge size="xs" variant="light" color="grape">
                      Mål 8c
                    </Badge>
                  ) : null}
                </Table.Td>
                <Table.Td>
                  <Text size="sm">{r.description ?? '–'}</Text>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    </Stack>
  )
}
