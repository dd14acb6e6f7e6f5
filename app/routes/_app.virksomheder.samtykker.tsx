import { Anchor, Badge, Stack, Table } from '@mantine/core'
import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { CompanyName } from '~/components/company/company-bits.tsx'
import { EmptyState } from '~/components/empty-state.tsx'
import { PageHeader } from '~/components/page-header.tsx'
import { useLiveTopics } from '~/components/realtime.tsx'
import { listExpiringConsents } from '~/models/consent.server.ts'
import { EXPIRY_NOTICE_DAYS } from '~/utils/company-fields.ts'
import { PURPOSE_LABELS } from '~/utils/consent-gate.ts'
import { formatDate } from '~/utils/format.ts'
import { requirePermission } from '~/utils/permissions.server.ts'

export { RouteErrorBoundary as ErrorBoundary } from '~/components/error-page.tsx'

export const meta: MetaFunction = () => [{ title: 'Samtykker, der udløber · Knudepunkt' }]

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePermission(request, 'create', 'consent')
  return { consents: await listExpiringConsents(user) }
}

export default function ExpiringConsents() {
  const { consents } = useLoaderData<typeof loader>()
  useLiveTopics(['company'])
  return (
    <Stack>
      <Anchor component={Link} to="/virksomheder" size="sm">
        ← Virksomheder og forløb
      </Anchor>
      <PageHeader
        title="Samtykker, der udløber"
        description={`Aktive samtykker for jeres virksomheder, der udløber inden for ${EXPIRY_NOTICE_DAYS} dage. Når et samtykke udløber, skjules virksomheden straks for de andre organisationer.`}
      />
      {consents.length === 0 ? (
        <EmptyState title={`Ingen samtykker udløber de næste ${EXPIRY_NOTICE_DAYS} dage`} />
      ) : (
        <Table striped aria-label="Samtykker, der udløber">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Virksomhed</Table.Th>
              <Table.Th>Formål</Table.Th>
              <Table.Th>Gælder til og med</Table.Th>
              <Table.Th>Dage tilbage</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {consents.map((c) => (
              <Table.Tr key={c.id}>
                <Table.Td>
                  <CompanyName company={c.company} />
                </Table.Td>
                <Table.Td>{c.purposes.map((p) => PURPOSE_LABELS[p]).join(', ')}</Table.Td>
                <Table.Td>{formatDate(c.validThrough)}</Table.Td>
                <Table.Td>
                  <Badge color={c.daysLeft <= 7 ? 'red' : 'yellow'} variant="light">
                    {c.daysLeft}
                  </Badge>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </Stack>
  )
}
