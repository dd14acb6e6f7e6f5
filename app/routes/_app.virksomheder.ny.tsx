import { parseWithZod } from '@conform-to/zod/v4'
import { Anchor, Stack } from '@mantine/core'
import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Link, useActionData, useLoaderData } from '@remix-run/react'
import { CompanyForm } from '~/components/company/company-form.tsx'
import { PageHeader } from '~/components/page-header.tsx'
import { createCompany, DuplicateCvrError } from '~/models/company.server.ts'
import { homeKommuneIds } from '~/models/case.server.ts'
import { listKommuneOptions } from '~/models/kommune.server.ts'
import { CompanySchema } from '~/utils/company-fields.ts'
import { invalid } from '~/utils/form.server.ts'
import { requireOwningOrganisation } from '~/utils/company-access.server.ts'

export { RouteErrorBoundary as ErrorBoundary } from '~/components/error-page.tsx'

export const meta: MetaFunction = () => [{ title: 'Registrér virksomhed · Knudepunkt' }]

export async function loader({ request }: LoaderFunctionArgs) {
  const { user, organisation } = await requireOwningOrganisation(request, 'create', 'company')
  const [kommuner, home] = await Promise.all([listKommuneOptions(), homeKommuneIds(user)])
  return { kommuner: kommuner.map((k) => ({ id: k.id, name: k.name })), owner: organisation.name, defaultKommuneId: home.length === 1 ? home[0] : undefined }
}

export async function action({ request }: ActionFunctionArgs) {
  const { user } = await requireOwningOrganisation(request, 'create', 'company')
  const submission = parseWithZod(await request.formData(), { schema: CompanySchema })
  if (submission.status !== 'success') return invalid(submission)
  const kommuner = await listKommuneOptions()
  if (!kommuner.some((k) => k.id === submission.value.kommuneId)) return invalid(submission, { kommuneId: ['Kommunen findes ikke.'] })
  try {
    const company = await createCompany({ actor: user, input: submission.value })
    return redirect(`/virksomheder/${company.id}`)
  } catch (error) {
    if (error instanceof DuplicateCvrError) {
      return invalid(submission, {
        cvr: [
          error.visibleCompanyId
            ? 'Virksomheden er allerede registreret; find den under Virksomheder og forløb.'
            : 'En virksomhed med dette CVR-nummer er allerede registreret af en anden organisation. Kontakt Erhvervshuset, hvis I skal arbejde sammen om den.',
        ],
      })
    }
    throw error
  }
}

export default function NewCompany() {
  const { kommuner, owner, defaultKommuneId } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  return (
    <Stack>
      <Anchor component={Link} to="/virksomheder" size="sm">
        ← Virksomheder og forløb
      </Anchor>
      <PageHeader
        title="Registrér virksomhed"
        description={`Virksomheden registreres af ${owner}. Andre organisationer ser kun kommune og segment, indtil virksomheden giver samtykke til at dele sine oplysninger.`}
      />
      <CompanyForm kommuner={kommuner} defaults={{ kommuneId: defaultKommuneId }} lastResult={actionData?.result} submitLabel="Registrér" />
    </Stack>
  )
}
