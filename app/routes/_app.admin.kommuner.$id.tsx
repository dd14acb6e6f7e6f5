import { parseWithZod } from '@conform-to/zod/v4'
import { Anchor, Grid, Stack, Text, Title } from '@mantine/core'
import { data, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node'
import { Link, useActionData, useLoaderData } from '@remix-run/react'
import { KommuneForm, KommuneSchema } from '~/components/admin/kommune-form.tsx'
import { useActionToast } from '~/components/action-toast.tsx'
import { AuditHistory } from '~/components/audit-history.tsx'
import { getKommune, updateKommune } from '~/models/kommune.server.ts'
import { listOrganisationOptions } from '~/models/organisation.server.ts'
import { listKeyAccountManagerOptions } from '~/models/user.server.ts'
import { listAuditEntries } from '~/utils/audit.server.ts'
import { invalid, replyToWriteError } from '~/utils/form.server.ts'
import { requirePermission } from '~/utils/permissions.server.ts'
import { notFound } from '~/utils/responses.server.ts'

export { RouteErrorBoundary as ErrorBoundary } from '~/components/error-page.tsx'

async function loadOptions() {
  const [lesOptions, regionOptions, keyAccountManagers] = await Promise.all([
    listOrganisationOptions(['LES']),
    listOrganisationOptions(['BUSINESS_REGION']),
    listKeyAccountManagerOptions(),
  ])
  return { lesOptions, regionOptions, keyAccountManagers }
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requirePermission(request, 'update', 'kommune')
  const kommune = await getKommune(params.id!)
  if (!kommune) notFound('Kommunen findes ikke.')
  const [options, history] = await Promise.all([loadOptions(), listAuditEntries({ entityType: 'kommune', entityId: kommune.id })])
  return { kommune, ...options, history }
}

function unknownIds(values: { lesId: string | null; keyAccountManagerId: string | null; businessRegionIds: string[] }, options: Awaited<ReturnType<typeof loadOptions>>) {
  const errors: Record<string, string[]> = {}
  if (values.lesId && !options.lesOptions.some((o) => o.id === values.lesId)) errors.lesId = ['Den lokale erhvervsservice findes ikke.']
  if (values.keyAccountManagerId && !options.keyAccountManagers.some((u) => u.id === values.keyAccountManagerId)) {
    errors.keyAccountManagerId = ['Vælg en aktiv bruger med rollen key account manager.']
  }
  if (values.businessRegionIds.some((id) => !options.regionOptions.some((r) => r.id === id))) errors.businessRegionIds = ['En af business regions findes ikke.']
  return Object.keys(errors).length > 0 ? errors : null
}

export async function action({ request, params }: ActionFunctionArgs) {
  const admin = await requirePermission(request, 'update', 'kommune')
  const existing = await getKommune(params.id!)
  if (!existing) notFound('Kommunen findes ikke.')
  const submission = parseWithZod(await request.formData(), { schema: KommuneSchema })
  if (submission.status !== 'success') return invalid(submission)
  const { version, ...values } = submission.value
  const idErrors = unknownIds(values, await loadOptions())
  if (idErrors) return invalid(submission, idErrors)
  try {
    await updateKommune({ actorId: admin.id, id: existing.id, version, values })
    return data({ result: submission.reply(), saved: true, ok: true, message: 'Ændringerne er gemt.' })
  } catch (error) {
    return replyToWriteError(submission, error, {
      code: 'Der findes allerede en kommune med denne kode.',
      name: 'Der findes allerede en kommune med dette navn.',
    })
  }
}

export default function EditKommune() {
  const { kommune, lesOptions, regionOptions, keyAccountManagers, history } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const saved = actionData && 'saved' in actionData
  useActionToast(actionData)
  return (
    <Stack>
      <Anchor component={Link} to="/admin/kommuner" size="sm">
        ← Alle kommuner
      </Anchor>
      <Title order={2} size="h3">
        {kommune.name} Kommune
      </Title>
      <Grid gutter="xl">
        <Grid.Col span={{ base: 12, lg: 8 }}>
          <Stack>
            <KommuneForm
              key={kommune.version}
              kommune={{
                code: kommune.code,
                name: kommune.name,
                lesId: kommune.les?.id ?? null,
                area: kommune.area,
                areaIsDefault: kommune.areaIsDefault,
                keyAccountManagerId: kommune.keyAccountManager?.id ?? null,
                businessRegionIds: kommune.businessRegions.map((r) => r.id),
                version: kommune.version,
              }}
              lesOptions={lesOptions}
              regionOptions={regionOptions}
              keyAccountManagers={keyAccountManagers}
              lastResult={saved ? undefined : actionData?.result}
            />
            {kommune.source ? (
              <Text size="xs" c="dimmed">
                Kilde: {kommune.source}
              </Text>
            ) : null}
          </Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, lg: 4 }}>
          <AuditHistory entries={history} />
        </Grid.Col>
      </Grid>
    </Stack>
  )
}
