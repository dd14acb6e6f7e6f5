import { Badge, Group, Paper, Stack, Text, Title } from '@mantine/core'
import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { EmptyState } from '~/components/empty-state.tsx'
import { PageHeader } from '~/components/page-header.tsx'
import { requirePermission } from '~/utils/permissions.server.ts'
import { TOPICS } from '~/utils/topics.ts'

export { RouteErrorBoundary as ErrorBoundary } from '~/components/error-page.tsx'

export const meta: MetaFunction = () => [{ title: 'Virksomheder og forløb · Knudepunkt' }]

export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, 'view', 'case')
  return null
}

export default function Cases() {
  return (
    <Stack>
      <PageHeader
        title="Virksomheder og forløb"
        description="Fælles virksomhedsforløb mellem de lokale erhvervsservices og Erhvervshuset. Virksomhedsoplysninger deles kun med virksomhedens samtykke."
      />
      <EmptyState title="Ingen virksomheder eller forløb endnu">
        Registrering af virksomheder, forløb og samtykke er ikke taget i brug i denne version af Knudepunkt.
      </EmptyState>
      <Paper withBorder p="md">
        <Title order={2} size="h5" mb="xs">
          Emner, et forløb kan handle om
        </Title>
        <Group gap="xs">
          {Object.values(TOPICS).map((label) => (
            <Badge key={label} variant="light">
              {label}
            </Badge>
          ))}
        </Group>
        <Text size="sm" c="dimmed" mt="sm">
          Segment: driftsvirksomhed eller vækstvirksomhed (forventer 10 % vækst over tre år).
        </Text>
      </Paper>
    </Stack>
  )
}
