import { Stack, Text } from '@mantine/core'
import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { useLoaderData } from '@remix-run/react'
import { EmptyState } from '~/components/empty-state.tsx'
import { KommuneTable } from '~/components/kommune-table.tsx'
import { useLiveTopics } from '~/components/realtime.tsx'
import { PageHeader } from '~/components/page-header.tsx'
import { listKommuner, listKommunerOfOrganisations } from '~/models/kommune.server.ts'
import { requirePermission } from '~/utils/permissions.server.ts'
import { widestScope } from '~/utils/permissions.ts'

export { RouteErrorBoundary as ErrorBoundary } from '~/components/error-page.tsx'

export const meta: MetaFunction = () => [{ title: 'Hensigtserklæringer · Knudepunkt' }]

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePermission(request, 'view', 'declaration')
  const scope = widestScope(user, 'view', 'declaration')
  const kommuner = scope === 'any' ? await listKommuner() : await listKommunerOfOrganisations(user.organisationIds)
  return { kommuner }
}

export default function Declarations() {
  const { kommuner } = useLoaderData<typeof loader>()
  useLiveTopics(['kommune'])
  return (
    <Stack>
      <PageHeader
        title="Hensigtserklæringer"
        description="Hvert år indgår Erhvervshuset en hensigtserklæring med hver kommune og dens lokale erhvervsservice om fælles mål, indsatser, samarbejdsmodeller og vidensdeling."
      />
      {kommuner.length === 0 ? (
        <EmptyState title="Ingen kommuner at vise">Din organisation er ikke knyttet til en kommune.</EmptyState>
      ) : (
        <>
          <Text size="sm" c="dimmed">
            Kommunerne, deres lokale erhvervsservice og key account manager. * Området er standarden fra Danmarks Statistik.
          </Text>
          <KommuneTable kommuner={kommuner} label="Kommuner og hensigtserklæringer" />
        </>
      )}
    </Stack>
  )
}
