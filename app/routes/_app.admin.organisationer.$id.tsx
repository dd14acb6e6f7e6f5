import { parseWithZod } from '@conform-to/zod/v4'
import { Alert, Anchor, Grid, List, Stack, Text, Title } from '@mantine/core'
import { data, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node'
import { Link, useActionData, useLoaderData, useSearchParams } from '@remix-run/react'
import { OrganisationForm, OrganisationSchema } from '~/components/admin/organisation-form.tsx'
import { useActionToast } from '~/components/action-toast.tsx'
import { AuditHistory } from '~/components/audit-history.tsx'
import { listKommuner } from '~/models/kommune.server.ts'
import { getOrganisation, updateOrganisation } from '~/models/organisation.server.ts'
import { listAuditEntries } from '~/utils/audit.server.ts'
import { invalid, replyToWriteError } from '~/utils/form.server.ts'
import { ORGANISATION_KIND_LABELS, type OrganisationKind } from '~/utils/organisation-kinds.ts'
import { requirePermission } from '~/utils/permissions.server.ts'
import { notFound } from '~/utils/responses.server.ts'

export { RouteErrorBoundary as ErrorBoundary } from '~/components/error-page.tsx'

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requirePermission(request, 'view', 'administration')
  const organisation = await getOrganisation(params.id!)
  if (!organisation) notFound('Organisationen findes ikke.')
  const [kommuner, history] = await Promise.all([listKommuner(), listAuditEntries({ entityType: 'organisation', entityId: organisation.id })])
  return {
    organisation: {
      id: organisation.id,
      name: organisation.name,
      kind: organisation.kind as OrganisationKind,
      description: organisation.description,
      designEcosystem: organisation.designEcosystem,
      active: organisation.active,
      source: organisation.source,
      version: organisation.version,
      hubKommuneIds: organisation.clusterHubs.map((h) => h.kommune.id),
      members: [...new Map(organisation.memberships.map((m) => [m.user.id, m.user])).values()],
    },
    kommuner: kommuner.map((k) => ({ id: k.id, name: k.name })),
    history,
  }
}

export async function action({ request, params }: ActionFunctionArgs) {
  const admin = await requirePermission(request, 'update', 'organisation')
  const existing = await getOrganisation(params.id!)
  if (!existing) notFound('Organisationen findes ikke.')
  const submission = parseWithZod(await request.formData(), { schema: OrganisationSchema })
  if (submission.status !== 'success') return invalid(submission)
  const kommuneIds = new Set((await listKommuner()).map((k) => k.id))
  if (submission.value.hubKommuneIds.some((id) => !kommuneIds.has(id))) return invalid(submission, { hubKommuneIds: ['En af kommunerne findes ikke.'] })
  try {
    await updateOrganisation({
      actorId: admin.id,
      id: existing.id,
      version: submission.value.version ?? 0,
      values: { ...submission.value, description: submission.value.description || null },
    })
    return data({ result: submission.reply(), saved: true, ok: true, message: 'Ændringerne er gemt.' })
  } catch (error) {
    return replyToWriteError(submission, error, { name: 'Der findes allerede en organisation med dette navn.' })
  }
}

export default function EditOrganisation() {
  const { organisation, kommuner, history } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const [searchParams] = useSearchParams()
  const saved = actionData && 'saved' in actionData
  useActionToast(actionData)
  return (
    <Stack>
      <Anchor component={Link} to={`/admin/organisationer?type=${organisation.kind}`} size="sm">
        ← {ORGANISATION_KIND_LABELS[organisation.kind]}
      </Anchor>
      <Title order={2} size="h3">
        {organisation.name}
      </Title>
      {searchParams.get('created') ? (
        <Alert color="teal" variant="light" role="status">
          Organisationen er oprettet.
        </Alert>
      ) : null}
      <Grid gutter="xl">
        <Grid.Col span={{ base: 12, lg: 8 }}>
          <Stack>
            <OrganisationForm
              key={organisation.version}
              defaults={organisation}
              kommuner={kommuner}
              lastResult={saved ? undefined : actionData?.result}
              submitLabel="Gem ændringer"
            />
            {organisation.source ? (
              <Text size="xs" c="dimmed">
                Kilde: {organisation.source}
              </Text>
            ) : null}
            <div>
              <Title order={3} size="h5" mb={4}>
                Brugere i organisationen
              </Title>
              {organisation.members.length === 0 ? (
                <Text size="sm" c="dimmed">
                  Ingen brugere.
                </Text>
              ) : (
                <List size="sm">
                  {organisation.members.map((m) => (
                    <List.Item key={m.id}>
                      <Anchor component={Link} to={`/admin/brugere/${m.id}`}>
                        {m.name}
                      </Anchor>{' '}
                      ({m.email}){m.active ? '' : ' – deaktiveret'}
                    </List.Item>
                  ))}
                </List>
              )}
            </div>
          </Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, lg: 4 }}>
          <AuditHistory entries={history} />
        </Grid.Col>
      </Grid>
    </Stack>
  )
}
