import { getFormProps, getInputProps, getTextareaProps, useForm } from '@conform-to/react'
import { parseWithZod } from '@conform-to/zod/v4'
import { Alert, Button, Group, NativeSelect, NumberInput, Paper, SimpleGrid, Stack, Table, Text, Textarea, TextInput, Title, Tooltip } from '@mantine/core'
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, useActionData, useLoaderData, useNavigation, useSearchParams } from '@remix-run/react'
import { useActionToast } from '~/components/action-toast.tsx'
import { DeclarationTabs } from '~/components/declaration-bits.tsx'
import { FormErrors } from '~/components/form-errors.tsx'
import { PageHeader } from '~/components/page-header.tsx'
import { useLiveTopics } from '~/components/realtime.tsx'
import { listKommunerOfOrganisations } from '~/models/kommune.server.ts'
import { listRecentWorkdays, logWorkday, WorkdayNotAllowedError, workdayGrid } from '~/models/workday.server.ts'
import { copenhagenDate, copenhagenMonth, copenhagenYear, MONTH_NAMES } from '~/utils/dates.ts'
import { formatDate } from '~/utils/format.ts'
import { invalid } from '~/utils/form.server.ts'
import { requirePermission } from '~/utils/permissions.server.ts'
import { widestScope } from '~/utils/permissions.ts'
import { z } from '~/utils/validation.ts'

export { RouteErrorBoundary as ErrorBoundary } from '~/components/error-page.tsx'

export const meta: MetaFunction = () => [{ title: 'Lokale arbejdsdage · Knudepunkt' }]

const WorkdaySchema = z.object({
  kommuneId: z.string({ error: 'Vælg en kommune.' }).min(1, { error: 'Vælg en kommune.' }),
  date: z.iso.date({ error: 'Vælg en dato.' }),
  notes: z.string().trim().max(2000, { error: 'Noterne må højst være 2000 tegn.' }).optional(),
  companiesMet: z.coerce
    .number({ error: 'Skriv et antal.' })
    .int({ error: 'Skriv et helt tal.' })
    .min(0, { error: 'Antallet kan ikke være negativt.' })
    .max(200, { error: 'Højst 200 virksomheder på én dag.' })
    .default(0),
})

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePermission(request, 'view', 'workday')
  const now = new Date()
  const year = z.coerce.number().int().min(2019).max(2100).catch(copenhagenYear(now)).parse(new URL(request.url).searchParams.get('aar') ?? copenhagenYear(now))
  const scope = widestScope(user, 'view', 'workday')
  const kommuneIds = scope === 'any' ? undefined : (await listKommunerOfOrganisations(user.organisationIds)).map((k) => k.id)
  const [grid, recent] = await Promise.all([workdayGrid({ year, kommuneIds }), listRecentWorkdays({ kommuneIds })])
  const mine = grid.filter((row) => user.assignedKommuneIds.includes(row.kommune.id)).map((row) => row.kommune)
  return {
    year,
    today: copenhagenDate(now),
    currentMonth: year === copenhagenYear(now) ? copenhagenMonth(now) : null,
    grid,
    recent,
    mine,
  }
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requirePermission(request, 'create', 'workday')
  const submission = parseWithZod(await request.formData(), { schema: WorkdaySchema })
  if (submission.status !== 'success') return invalid(submission)
  if (submission.value.date > copenhagenDate(new Date())) return invalid(submission, { date: ['En arbejdsdag kan ikke ligge i fremtiden.'] })
  try {
    await logWorkday({ actor: user, ...submission.value, notes: submission.value.notes || null })
    return data({ result: submission.reply({ resetForm: true }), ok: true, message: 'Arbejdsdagen er registreret.' })
  } catch (error) {
    if (error instanceof WorkdayNotAllowedError) return invalid(submission, { kommuneId: ['Du kan kun registrere arbejdsdage i dine egne kommuner.'] })
    throw error
  }
}

function LogWorkdayForm({ kommuner, today }: { kommuner: { id: string; name: string }[]; today: string }) {
  const actionData = useActionData<typeof action>()
  const navigation = useNavigation()
  useActionToast(actionData)
  const [form, fields] = useForm({
    id: 'workday',
    lastResult: actionData?.result,
    defaultValue: { kommuneId: kommuner.length === 1 ? kommuner[0]!.id : '', date: today, companiesMet: '0' },
    shouldValidate: 'onBlur',
    shouldRevalidate: 'onInput',
    onValidate: ({ formData }) => parseWithZod(formData, { schema: WorkdaySchema }),
  })
  return (
    <Paper withBorder p="md">
      <Title order={2} size="h4" mb="sm">
        Registrér en lokal arbejdsdag
      </Title>
      <Form method="post" {...getFormProps(form)}>
        <Stack gap="sm">
          <FormErrors errors={form.errors} id={form.errorId} />
          <SimpleGrid cols={{ base: 1, sm: 3 }}>
            <NativeSelect
              name={fields.kommuneId.name}
              key={fields.kommuneId.key}
              defaultValue={(fields.kommuneId.initialValue as string | undefined) ?? ''}
              label="Kommune"
              withAsterisk
              error={fields.kommuneId.errors?.[0]}
              data={[{ value: '', label: 'Vælg kommune' }, ...kommuner.map((k) => ({ value: k.id, label: k.name }))]}
            />
            <TextInput {...getInputProps(fields.date, { type: 'date' })} key={fields.date.key} label="Dato" max={today} withAsterisk error={fields.date.errors?.[0]} />
            <NumberInput
              name={fields.companiesMet.name}
              key={fields.companiesMet.key}
              defaultValue={Number(fields.companiesMet.initialValue ?? 0)}
              label="Virksomheder mødt"
              min={0}
              max={200}
              allowDecimal={false}
              error={fields.companiesMet.errors?.[0]}
            />
          </SimpleGrid>
          <Textarea {...getTextareaProps(fields.notes)} key={fields.notes.key} label="Noter" description="Ingen virksomhedsnavne: noterne kan ses af alle med adgang til kommunen." autosize minRows={2} error={fields.notes.errors?.[0]} />
          <Button type="submit" w="fit-content" loading={navigation.state === 'submitting'}>
            Registrér
          </Button>
        </Stack>
      </Form>
    </Paper>
  )
}

export default function Workdays() {
  const { year, today, currentMonth, grid, recent, mine } = useLoaderData<typeof loader>()
  const [, setSearchParams] = useSearchParams()
  useLiveTopics(['workday', 'kommune'])
  const thisYear = Number(today.slice(0, 4))
  const missingNow = currentMonth ? grid.filter((row) => row.months[currentMonth - 1] === 0) : []

  return (
    <Stack>
      <PageHeader
        title="Lokale arbejdsdage"
        description="Key account manageren arbejder lokalt hos den lokale erhvervsservice mindst én dag om måneden og koordinerer den opsøgende indsats med den (mål 8d)."
      />
      <DeclarationTabs />
      {mine.length > 0 ? <LogWorkdayForm kommuner={mine} today={today} /> : null}
      {currentMonth && missingNow.length > 0 ? (
        <Alert color="orange" variant="light" title={`Ingen lokal arbejdsdag i ${MONTH_NAMES[currentMonth - 1]} endnu`}>
          {missingNow.map((row) => row.kommune.name).join(', ')}
        </Alert>
      ) : null}
      <Group justify="space-between" align="flex-end">
        <Title order={2} size="h4">
          Arbejdsdage pr. måned {year}
        </Title>
        <NativeSelect label="År" value={String(year)} onChange={(e) => setSearchParams({ aar: e.currentTarget.value })} data={[thisYear - 2, thisYear - 1, thisYear].map(String)} w={110} />
      </Group>
      <Table.ScrollContainer minWidth={900}>
        <Table withColumnBorders aria-label={`Lokale arbejdsdage pr. måned ${year}`}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Kommune</Table.Th>
              {MONTH_NAMES.map((m) => (
                <Table.Th key={m} ta="center">
                  {m.slice(0, 3)}
                </Table.Th>
              ))}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {grid.map((row) => (
              <Table.Tr key={row.kommune.id}>
                <Table.Td>
                  <Text size="sm" fw={500}>
                    {row.kommune.name}
                  </Text>
                  <Text size="xs" c="dimmed">
                    {row.keyAccountManager ?? 'Ingen key account manager'}
                  </Text>
                </Table.Td>
                {row.months.map((count, index) => {
                  const isCurrent = currentMonth === index + 1
                  const future = currentMonth !== null && index + 1 > currentMonth
                  const flag = isCurrent && count === 0
                  return (
                    <Table.Td
                      key={index}
                      ta="center"
                      bg={flag ? 'var(--mantine-color-orange-light)' : count > 0 ? 'var(--mantine-color-teal-light)' : undefined}
                      aria-label={`${row.kommune.name}, ${MONTH_NAMES[index]}: ${count} ${count === 1 ? 'arbejdsdag' : 'arbejdsdage'}${flag ? ', mangler' : ''}`}
                    >
                      {future ? '' : flag ? <Tooltip label="Ingen arbejdsdag registreret denne måned"><Text span c="orange" fw={700}>!</Text></Tooltip> : count}
                    </Table.Td>
                  )
                })}
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      <Title order={2} size="h4">
        Seneste registreringer
      </Title>
      {recent.length === 0 ? (
        <Text c="dimmed" size="sm">
          Ingen arbejdsdage registreret endnu.
        </Text>
      ) : (
        <Table aria-label="Seneste lokale arbejdsdage">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Dato</Table.Th>
              <Table.Th>Kommune</Table.Th>
              <Table.Th>Key account manager</Table.Th>
              <Table.Th>Virksomheder mødt</Table.Th>
              <Table.Th>Noter</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {recent.map((w) => (
              <Table.Tr key={w.id}>
                <Table.Td>{formatDate(`${w.date}T12:00:00Z`)}</Table.Td>
                <Table.Td>{w.kommune}</Table.Td>
                <Table.Td>{w.user}</Table.Td>
                <Table.Td>{w.companiesMet}</Table.Td>
                <Table.Td>
                  <Text size="sm" lineClamp={2}>
                    {w.notes ?? '–'}
                  </Text>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </Stack>
  )
}
