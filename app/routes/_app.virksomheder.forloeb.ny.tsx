import { Anchor, Button, Checkbox, Group, MultiSelect, Paper, Radio, Select, SimpleGrid, Stack, TextInput } from '@mantine/core'
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react'
import { useState } from 'react'
import { useActionToast } from '~/components/action-toast.tsx'
import { EmptyState } from '~/components/empty-state.tsx'
import { FormErrors } from '~/components/form-errors.tsx'
import { PageHeader } from '~/components/page-header.tsx'
import { CaseCompaniesError, createCase } from '~/models/case.server.ts'
import { CASE_FORM_LABELS, CASE_FORMS } from '~/utils/company-fields.ts'
import { gateAndLog, identifiableCompanies } from '~/utils/consent-gate.server.ts'
import { db } from '~/utils/db.server.ts'
import { requireOwningOrganisation } from '~/utils/company-access.server.ts'
import { TOPICS, type Topic } from '~/utils/topics.ts'
import { requiredText, z } from '~/utils/validation.ts'

export { RouteErrorBoundary as ErrorBoundary } from '~/components/error-page.tsx'

export const meta: MetaFunction = () => [{ title: 'Nyt forløb · Knudepunkt' }]

const TOPIC_KEYS = Object.keys(TOPICS) as [Topic, ...Topic[]]

export async function loader({ request }: LoaderFunctionArgs) {
  const { user, organisation } = await requireOwningOrganisation(request, 'create', 'case')
  const companies = await db.company.findMany({
    where: identifiableCompanies(user, 'GUIDANCE', new Date()),
    select: { id: true, name: true, cvr: true, kommune: { select: { name: true } } },
    orderBy: { name: 'asc' },
    take: 1000,
  })
  await gateAndLog(user, companies.map((c) => c.id), 'oversigt')
  const preselected = new URL(request.url).searchParams.get('virksomhed')
  return {
    owner: organisation.name,
    companies: companies.map((c) => ({ value: c.id, label: `${c.name} (CVR ${c.cvr}, ${c.kommune.name})` })),
    preselected: companies.some((c) => c.id === preselected) ? preselected : null,
  }
}

const CaseSchema = z.object({
  title: requiredText('en titel', 200),
  form: z.enum(CASE_FORMS, { error: 'Vælg form: 1:1 eller 1:mange.' }),
  companyIds: z.array(z.string()).min(1, { error: 'Vælg mindst én virksomhed.' }),
  topics: z.array(z.enum(TOPIC_KEYS)).min(1, { error: 'Vælg mindst ét emne.' }),
  nextStep: z.string().trim().max(300, { error: 'Næste skridt må højst være 300 tegn.' }).default(''),
  nextStepDue: z.union([z.iso.date({ error: 'Vælg en gyldig dato.' }), z.literal('')]).default(''),
})

export async function action({ request }: ActionFunctionArgs) {
  const { user } = await requireOwningOrganisation(request, 'create', 'case')
  const formData = await request.formData()
  const parsed = CaseSchema.safeParse({ ...Object.fromEntries(formData), companyIds: formData.getAll('companyIds'), topics: formData.getAll('topics') })
  if (!parsed.success) return data({ ok: false, message: parsed.error.issues[0]?.message ?? 'Ugyldige oplysninger.' }, { status: 400 })
  if (parsed.data.form === 'ONE_TO_ONE' && parsed.data.companyIds.length !== 1) return data({ ok: false, message: 'Et 1:1-forløb har præcis én virksomhed.' }, { status: 400 })
  try {
    const created = await createCase({ actor: user, input: parsed.data })
    return redirect(`/virksomheder/forloeb/${created.id}`)
  } catch (error) {
    if (error instanceof CaseCompaniesError) return data({ ok: false, message: 'En af virksomhederne findes ikke, eller din organisation må ikke se den.' }, { status: 400 })
    throw error
  }
}

export default function NewCase() {
  const d = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  useActionToast(actionData)
  const navigation = useNavigation()
  const [form, setForm] = useState<string>('ONE_TO_ONE')
  const [single, setSingle] = useState<string | null>(d.preselected)
  const [many, setMany] = useState<string[]>(d.preselected ? [d.preselected] : [])
  const chosen = form === 'ONE_TO_ONE' ? (single ? [single] : []) : many
  if (d.companies.length === 0) {
    return (
      <Stack>
        <PageHeader title="Nyt forløb" />
        <EmptyState title="Ingen virksomheder at oprette forløb for" action={<Button component={Link} to="/virksomheder/ny">Registrér virksomhed</Button>}>
          Et forløb hører til en eller flere virksomheder, som din organisation har registreret eller har samtykke til at se.
        </EmptyState>
      </Stack>
    )
  }
  return (
    <Stack>
      <Anchor component={Link} to="/virksomheder" size="sm">
        ← Virksomheder og forløb
      </Anchor>
      <PageHeader title="Nyt forløb" description={`Forløbet ejes af ${d.owner}. Andre organisationer ser kun kommune, emner, datoer og antal.`} />
      <Paper withBorder p="md" maw={820}>
        <Form method="post">
          <Stack>
            {actionData && !actionData.ok ? <FormErrors errors={[actionData.message]} /> : null}
            <TextInput name="title" label="Titel" description="Kun synlig for jer og dem, virksomheden giver samtykke til" required maxLength={200} />
            <Radio.Group name="form" value={form} onChange={setForm} label="Form" withAsterisk>
              <Group mt={4}>
                {CASE_FORMS.map((f) => (
                  <Radio key={f} value={f} label={CASE_FORM_LABELS[f]} />
                ))}
              </Group>
            </Radio.Group>
            {chosen.map((id) => (
              <input key={id} type="hidden" name="companyIds" value={id} />
            ))}
            {form === 'ONE_TO_ONE' ? (
              <Select label="Virksomhed" data={d.companies} value={single} onChange={setSingle} searchable required nothingFoundMessage="Ingen virksomhed med det navn" />
            ) : (
              <MultiSelect label="Virksomheder" data={d.companies} value={many} onChange={setMany} searchable required nothingFoundMessage="Ingen virksomhed med det navn" />
            )}
            <Checkbox.Group label="Emner" withAsterisk>
              <SimpleGrid cols={{ base: 1, sm: 2 }} mt={4}>
                {TOPIC_KEYS.map((topic) => (
                  <Checkbox key={topic} name="topics" value={topic} label={TOPICS[topic]} />
                ))}
              </SimpleGrid>
            </Checkbox.Group>
            <SimpleGrid cols={{ base: 1, sm: 2 }}>
              <TextInput name="nextStep" label="Næste skridt" maxLength={300} />
              <TextInput name="nextStepDue" type="date" label="Senest" />
            </SimpleGrid>
            <Group>
              <Button type="submit" loading={navigation.state === 'submitting'}>
                Opret forløb
              </Button>
            </Group>
          </Stack>
        </Form>
      </Paper>
    </Stack>
  )
}
