import { Anchor, Button, Group, NativeSelect, Paper, Select, Stack, Textarea, TextInput } from '@mantine/core'
import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react'
import { useState } from 'react'
import { useActionToast } from '~/components/action-toast.tsx'
import { FormErrors } from '~/components/form-errors.tsx'
import { PageHeader } from '~/components/page-header.tsx'
import { getCasePage } from '~/models/case.server.ts'
import { createReferral, listRecipients, ReferralRefusedError } from '~/models/referral.server.ts'
import { RECIPIENT_KIND_LABELS } from '~/utils/referral-fields.ts'
import { fail, firstIssue } from '~/utils/form.server.ts'
import { requirePermission } from '~/utils/permissions.server.ts'
import { can } from '~/utils/permissions.ts'
import { notFound } from '~/utils/responses.server.ts'
import { optionalText, requiredText, z } from '~/utils/validation.ts'
import { NotFoundError } from '~/utils/workflow.server.ts'

export { RouteErrorBoundary as ErrorBoundary } from '~/components/error-page.tsx'

export const meta: MetaFunction = () => [{ title: 'Ny henvisning · Knudepunkt' }]

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePermission(request, 'create', 'referral')
  const caseId = new URL(request.url).searchParams.get('forloeb') ?? ''
  const page = await getCasePage(user, caseId)
  if (!page || !page.details) notFound('Forløbet findes ikke, eller du kan ikke se det.')
  if (!can(user, 'create', 'referral', { organisationIds: [page.ownerOrganisation.id] })) notFound('Kun den organisation, der ejer forløbet, kan henvise virksomheden.')
  const recipients = await listRecipients()
  const companies = page.companies.filter((c) => c.identified).map((c) => ({ value: c.id, label: c.identified ? `${c.name} (CVR ${c.cvr})` : '' }))
  const groups = Object.entries(RECIPIENT_KIND_LABELS).map(([kind, label]) => ({ group: label, items: recipients.filter((r) => r.recipientKind === kind).map((r) => ({ value: r.id, label: r.name })) }))
  return { caseId: page.id, caseTitle: page.details.title, companies, recipients: groups.filter((g) => g.items.length > 0) }
}

const ReferralSchema = z.object({
  caseId: z.string().min(1),
  companyId: z.string({ error: 'Vælg virksomheden.' }).min(1, { error: 'Vælg virksomheden.' }),
  recipientId: z.string({ error: 'Vælg modtageren.' }).min(1, { error: 'Vælg modtageren.' }),
  purpose: requiredText('formålet med henvisningen', 1000),
  noteToRecipient: optionalText('beskeden til modtageren', 2000),
  companyContact: optionalText('kontaktpersonen', 300),
})

export async function action({ request }: ActionFunctionArgs) {
  const user = await requirePermission(request, 'create', 'referral')
  const parsed = ReferralSchema.safeParse(Object.fromEntries(await request.formData()))
  if (!parsed.success) return fail(firstIssue(parsed.error))
  try {
    const referral = await createReferral({ actor: user, ...parsed.data })
    return redirect(`/henvisninger/${referral.id}`)
  } catch (error) {
    if (error instanceof ReferralRefusedError) return fail(error.message)
    if (error instanceof NotFoundError) return fail('Forløbet findes ikke.', 404)
    throw error
  }
}

export default function NewReferral() {
  const d = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  useActionToast(actionData)
  const navigation = useNavigation()
  const [recipient, setRecipient] = useState<string | null>(null)
  return (
    <Stack>
      <Anchor component={Link} to={`/virksomheder/forloeb/${d.caseId}`} size="sm">
        ← {d.caseTitle}
      </Anchor>
      <PageHeader title="Ny henvisning" description="Henvisningen gemmes som kladde. Den kan sendes, når virksomheden har givet samtykke til henvisning til modtageren." />
      <Paper withBorder p="md" maw={760}>
        <Form method="post">
          <input type="hidden" name="caseId" value={d.caseId} />
          <input type="hidden" name="recipientId" value={recipient ?? ''} />
          <Stack>
            {actionData && !actionData.ok ? <FormErrors errors={[actionData.message]} /> : null}
            <NativeSelect name="companyId" label="Virksomhed" data={d.companies} required />
            <Select label="Modtager" data={d.recipients} value={recipient} onChange={setRecipient} searchable required nothingFoundMessage="Ingen modtager med det navn" />
            <Textarea name="purpose" label="Formål" description="Hvad skal virksomheden have hjælp til?" required maxLength={1000} autosize minRows={2} />
            <Textarea name="noteToRecipient" label="Besked til modtageren" maxLength={2000} autosize minRows={2} />
            <TextInput name="companyContact" label="Kontaktperson i virksomheden" maxLength={300} />
            <Group>
              <Button type="submit" loading={navigation.state === 'submitting'}>
                Gem som kladde
              </Button>
            </Group>
          </Stack>
        </Form>
      </Paper>
    </Stack>
  )
}
