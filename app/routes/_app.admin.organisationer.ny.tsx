import { parseWithZod } from '@conform-to/zod/v4'
import { Anchor, Stack, Title } from '@mantine/core'
import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node'
import { Link, useActionData, useLoaderData, useSearchParams } from '@remix-run/react'
import { OrganisationForm, OrganisationSchema } from '~/components/admin/organisation-form.tsx'
import { listKommuner } from '~/models/kommune.server.ts'
import { createOrganisation } from '~/models/organisation.server.ts'
import { invalid, replyToWriteError } from '~/utils/form.server.ts'
import { requirePermission } from '~/utils/permissions.server.ts'

export { RouteErrorBoundary as ErrorBoundary } from '~/components/error-page.tsx'

export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, 'create', 'organisation')
  const kommuner = await listKommuner()
  return { kommuner: kommuner.map((k) => ({ id: k.id, name: k.name })) }
}

export async function action({ request }: ActionFunctionArgs) {
  const admin = await requirePermission(request, 'create', 'organisation')
  const submission = parseWithZod(await request.formData(), { schema: OrganisationSchema })
  if (submission.status !== 'success') return invalid(submission)
  const kommuneIds = new Set((await listKommuner()).map((k) => k.id))
  if (submission.value.hubKommuneIds.some((id) => !kommuneIds.has(id))) return invalid(submission, { hubKommuneIds: ['En af kommunerne findes ikke.'] })
  try {
    const created = await createOrganisation({ actorId: admin.id, values: { ...submission.value, description: submission.value.description || null } })
    return redirect(`/admin/organisationer/${created.id}?created=1`)
  } catch (error) {
    return replyToWriteError(submission, error, { name: 'Der findes allerede en organisation med dette navn.' })
  }
}

export default function NewOrganisation() {
  const { kommuner } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const [searchParams] = useSearchParams()
  const kind = searchParams.get('type')
  return (
    <Stack>
      <Anchor component={Link} to="/admin/organisationer" size="sm">
        ← Alle organisationer
      </Anchor>
      <Title order={2} size="h3">
        Ny organisation
      </Title>
      <OrganisationForm
        defaults={kind ? { name: '', kind, description: null, designEcosystem: kind === 'DESIGN_ACTOR', active: true, hubKommuneIds: [] } : undefined}
        kommuner={kommuner}
        lastResult={actionData?.result}
        submitLabel="Opret"
      />
    </Stack>
  )
}
