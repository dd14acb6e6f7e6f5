import { Anchor, Button, Checkbox, Group, NativeSelect, Paper, SimpleGrid, Stack, Table, Text, TextInput, Title } from '@mantine/core'
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react'
import { useActionToast } from '~/components/action-toast.tsx'
import { FormErrors } from '~/components/form-errors.tsx'
import { PageHeader } from '~/components/page-header.tsx'
import { useLiveTopics } from '~/components/realtime.tsx'
import { listReportedFigures, saveReportedFigure } from '~/models/goals.server.ts'
import { listKommuneOptions } from '~/models/kommune.server.ts'
import { createSurveyAnswer } from '~/models/survey.server.ts'
import { SEGMENT_LABELS, SEGMENTS } from '~/utils/company-fields.ts'
import { copenhagenDate, copenhagenYear } from '~/utils/dates.ts'
import { fail, firstIssue } from '~/utils/form.server.ts'
import { formatDate } from '~/utils/format.ts'
import { EFFECT, EFFECT_LABELS, REFERRAL_USE, REFERRAL_USE_LABELS, REPORTED_KINDS, SATISFACTION, SATISFACTION_LABELS } from '~/utils/goals.ts'
import { requirePermission } from '~/utils/permissions.server.ts'
import { TOPICS, type Topic } from '~/utils/topics.ts'
import { requiredText, z } from '~/utils/validation.ts'

export { RouteErrorBoundary as ErrorBoundary } from '~/components/error-page.tsx'

export const meta: MetaFunction = () => [{ title: 'Indberetning af tal og svar · Knudepunkt' }]

const KIND_LABELS: Record<(typeof REPORTED_KINDS)[number], string> = {
  AWARENESS: 'Kendskabsgrad blandt virksomheder (%) – mål 1',
  GREEN_AWARENESS: 'Kendskab til grønne tilbud (%) – mål 5',
  GROWTH_VAEKST: 'Vækst mod kontrolgruppe, vækstvirksomheder (%) – mål 6',
  PRODUCTIVITY_DRIFT: 'Produktivitet mod kontrolgruppe, driftsvirksomheder (%) – mål 6',
}

export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, 'update', 'goals')
  const year = copenhagenYear(new Date())
  const [figures, kommuner] = await Promise.all([listReportedFigures(year), listKommuneOptions()])
  return { year, figures, kommuner: kommuner.map((k) => ({ value: k.name, label: k.name })), today: copenhagenDate(new Date()) }
}

const FigureSchema = z.object({
  year: z.coerce.number().int().min(2022, { error: 'Året skal være 2022 eller senere.' }),
  kind: z.enum(REPORTED_KINDS, { error: 'Vælg hvilket tal.' }),
  value: z.coerce.number({ error: 'Skriv tallet.' }).min(-1000).max(1000),
  source: requiredText('kilden', 300),
  sourceDate: z.iso.date({ error: 'Vælg kildens dato.' }),
})

export async function action({ request }: ActionFunctionArgs) {
  const user = await requirePermission(request, 'update', 'goals')
  const formData = await request.formData()
  if (formData.get('intent') === 'figure') {
    const parsed = FigureSchema.safeParse(Object.fromEntries(formData))
    if (!parsed.success) return fail(firstIssue(parsed.error))
    if (parsed.data.year > copenhagenYear(new Date())) return fail('Året kan ikke ligge i fremtiden.')
    await saveReportedFigure({ actor: user, ...parsed.data })
    return data({ ok: true, message: 'Tallet er gemt.' })
  }
  if (formData.get('intent') === 'answer') {
    const row = { ...(Object.fromEntries(formData) as Record<string, string>), emner: formData.getAll('emner').join('|') }
    const result = await createSurveyAnswer({ actor: user, row })
    if (!result.ok) return data({ ok: false, message: result.messages.join(' ') }, { status: 400 })
    return data({ ok: true, message: 'Svaret er gemt.', saved: Date.now() })
  }
  return fail('Ukendt handling.')
}

export default function Reporting() {
  const d = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  useActionToast(actionData)
  useLiveTopics(['goals'])
  const navigation = useNavigation()
  const busy = (intent: string) => navigation.state === 'submitting' && navigation.formData?.get('intent') === intent
  return (
    <Stack>
      <Anchor component={Link} to="/maal" size="sm">
        ← Mål og rapportering
      </Anchor>
      <PageHeader title="Indberetning af tal og svar" description="Tal, som Erhvervsstyrelsen måler (med kilde og dato), og enkelte svar fra brugerevalueringen, når filen ikke er ved hånden." />
      <SimpleGrid cols={{ base: 1, md: 2 }}>
        <Paper withBorder p="md">
          <Title order={2} size="h4" mb="sm">
            Tal fra Erhvervsstyrelsen
          </Title>
          <Form method="post">
            <input type="hidden" name="intent" value="figure" />
            <Stack gap="xs">
              <Group grow>
                <TextInput name="year" type="number" label="År" defaultValue={d.year} min={2022} max={d.year} required />
                <TextInput name="value" type="number" step="0.1" label="Tal" required />
              </Group>
              <NativeSelect name="kind" label="Hvilket tal" data={REPORTED_KINDS.map((k) => ({ value: k, label: KIND_LABELS[k] }))} />
              <TextInput name="source" label="Kilde" placeholder="Fx Erhvervsstyrelsens kendskabsmåling 2026" required maxLength={300} />
              <TextInput name="sourceDate" type="date" label="Kildens dato" max={d.today} required />
              <Group>
                <Button type="submit" loading={busy('figure')}>
                  Gem tal
                </Button>
              </Group>
            </Stack>
          </Form>
          {d.figures.length > 0 ? (
            <Table mt="md" fz="sm" aria-label={`Indberettede tal ${d.year}`}>
              <Table.Tbody>
                {d.figures.map((f) => (
                  <Table.Tr key={f.id}>
                    <Table.Td>{KIND_LABELS[f.kind as (typeof REPORTED_KINDS)[number]] ?? f.kind}</Table.Td>
                    <Table.Td>{f.value.toLocaleString('da-DK')}</Table.Td>
                    <Table.Td>
                      <Text size="xs">
                        {f.source}, {formatDate(f.sourceDate)} · {f.enteredBy?.name ?? '–'}
                      </Text>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          ) : null}
        </Paper>
        <Paper withBorder p="md">
          <Title order={2} size="h4" mb="sm">
            Et svar fra brugerevalueringen
          </Title>
          <Form method="post" key={actionData && 'saved' in actionData ? String(actionData.saved) : 'answer'}>
            <input type="hidden" name="intent" value="answer" />
            <Stack gap="xs">
              {actionData && !actionData.ok ? <FormErrors errors={[actionData.message]} /> : null}
              <Group grow>
                <TextInput name="svar_id" label="Svar-id" required maxLength={100} />
                <TextInput name="aar" type="number" label="År" defaultValue={d.year} min={2000} max={d.year} required />
              </Group>
              <Group grow>
                <NativeSelect name="segment" label="Segment" data={SEGMENTS.map((s) => ({ value: s, label: SEGMENT_LABELS[s] }))} />
                <NativeSelect name="kommune" label="Kommune" data={[{ value: '', label: 'Ikke oplyst' }, ...d.kommuner]} />
              </Group>
              <NativeSelect name="tilfredshed" label="Tilfredshed med medarbejdernes kompetencer" data={SATISFACTION.map((s) => ({ value: s, label: SATISFACTION_LABELS[s] }))} />
              <Group grow>
                <TextInput name="anbefaling" type="number" label="Anbefaling (0–10)" min={0} max={10} />
                <NativeSelect name="effekt" label="Forventet positiv effekt" data={EFFECT.map((e) => ({ value: e, label: EFFECT_LABELS[e] }))} />
              </Group>
              <NativeSelect name="henvisning_brugt" label="Brugt henvisning" data={[{ value: '', label: 'Ikke henvist' }, ...REFERRAL_USE.map((r) => ({ value: r, label: REFERRAL_USE_LABELS[r] }))]} />
              <Checkbox.Group label="Emner">
                <SimpleGrid cols={2} mt={4}>
                  {(Object.keys(TOPICS) as Topic[]).map((t) => (
                    <Checkbox key={t} name="emner" value={t} label={TOPICS[t]} size="xs" />
                  ))}
                </SimpleGrid>
              </Checkbox.Group>
              <Group>
                <Button type="submit" loading={busy('answer')}>
                  Gem svar
                </Button>
              </Group>
            </Stack>
          </Form>
        </Paper>
      </SimpleGrid>
    </Stack>
  )
}
