import { Alert, Anchor, Badge, Button, FileInput, Group, Loader, NativeSelect, Paper, SimpleGrid, Stack, Table, Text, Textarea, Title } from '@mantine/core'
import { data, unstable_createMemoryUploadHandler, unstable_parseMultipartFormData, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useNavigation, useSubmit } from '@remix-run/react'
import { IconUpload } from '@tabler/icons-react'
import { BarChart, LineChart } from '@mantine/charts'
import { useActionToast } from '~/components/action-toast.tsx'
import { AREA_LABELS } from '~/components/area-badge.tsx'
import { Tag } from '~/components/tag.tsx'
import { PageHeader } from '~/components/page-header.tsx'
import { useLiveTopics } from '~/components/realtime.tsx'
import { listGoalComments, liveGoals, liveGoalTrend, saveGoalComment, StaleCommentError } from '~/models/goals.server.ts'
import { fail, firstIssue } from '~/utils/form.server.ts'
import { STALE_MESSAGE } from '~/utils/responses.server.ts'
import { MAX_VERSION, z } from '~/utils/validation.ts'
import { importSurvey, type SurveyImportReport } from '~/models/survey.server.ts'
import { copenhagenYear } from '~/utils/dates.ts'
import list from '~/styles/list.module.css'
import { formatNumber } from '~/utils/format.ts'
import { GOAL_STATUS_LABELS, MIN_ANSWERS, type GoalStatus } from '~/utils/goals.ts'
import { requirePermission } from '~/utils/permissions.server.ts'
import { can } from '~/utils/permissions.ts'
import { SURVEY_COLUMNS } from '~/utils/survey-fields.ts'

export { RouteErrorBoundary as ErrorBoundary } from '~/components/error-page.tsx'

export const meta: MetaFunction = () => [{ title: 'Mål og rapportering · Knudepunkt' }]

const FIRST_YEAR = 2022

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePermission(request, 'view', 'goals')
  const thisYear = copenhagenYear(new Date())
  const asked = Number(new URL(request.url).searchParams.get('aar'))
  const year = Number.isInteger(asked) && asked >= FIRST_YEAR && asked <= thisYear ? asked : thisYear
  const trendYears = Array.from({ length: Math.min(5, year - FIRST_YEAR + 1) }, (_, i) => year - i)
  const [goals, comments, trend] = await Promise.all([liveGoals(year), listGoalComments(year), liveGoalTrend(trendYears)])
  return { ...goals.value, comments, trend: trend.value, refreshing: goals.refreshing || trend.refreshing, years: Array.from({ length: thisYear - FIRST_YEAR + 1 }, (_, i) => thisYear - i), canImport: can(user, 'update', 'goals'), canSeeCases: can(user, 'view', 'case') }
}

const MAX_BYTES = 20 * 1024 * 1024

const CommentSchema = z.object({
  year: z.coerce.number().int().min(FIRST_YEAR).max(2100),
  goal: z.string().min(1).max(10),
  comment: z.string().trim().max(2000, { error: 'Kommentaren må højst være 2000 tegn.' }),
  version: z.coerce.number().int().min(0).max(MAX_VERSION),
})

export async function action({ request }: ActionFunctionArgs) {
  const user = await requirePermission(request, 'update', 'goals')
  if (!(request.headers.get('Content-Type') ?? '').startsWith('multipart/form-data')) {
    const parsed = CommentSchema.safeParse(Object.fromEntries(await request.formData()))
    if (!parsed.success) return fail(firstIssue(parsed.error))
    try {
      await saveGoalComment({ authorId: user.id, ...parsed.data })
      return data({ ok: true, message: 'Kommentaren er gemt.' })
    } catch (error) {
      if (error instanceof StaleCommentError) return fail(STALE_MESSAGE, 409)
      throw error
    }
  }
  let formData: FormData
  try {
    formData = await unstable_parseMultipartFormData(request, unstable_createMemoryUploadHandler({ maxPartSize: MAX_BYTES }))
  } catch {
    return data<SurveyImportReport>({ ok: false, rows: 0, errors: [{ row: 0, messages: ['Filen er for stor. Den må højst være 20 MB.'] }] }, { status: 413 })
  }
  const file = formData.get('file')
  if (!(file instanceof File) || file.size === 0) return data<SurveyImportReport>({ ok: false, rows: 0, errors: [{ row: 0, messages: ['Vælg en CSV-fil.'] }] }, { status: 400 })
  const report = await importSurvey({ actor: user, text: await file.text() })
  return data(report, { status: report.ok ? 200 : 422 })
}

const STATUS_COLORS: Record<GoalStatus, string> = { met: 'teal', notMet: 'red', notMeasurable: 'gray', shown: 'blue' }

type Data = ReturnType<typeof useLoaderData<typeof loader>>

export default function Goals() {
  const d = useLoaderData<typeof loader>()
  const submit = useSubmit()
  useActionToast(useActionData<typeof action>())
  useLiveTopics(['goals', 'goal-comment', 'figures', 'case', 'referral', 'agreement', 'declaration', 'workday', 'kommune'])
  return (
    <Stack>
      <PageHeader
        title="Mål og rapportering"
        description={`Resultatkontraktens mål målt på data i Knudepunkt og brugerevalueringen. Andele vises først med mindst ${MIN_ANSWERS} svar; «ved ikke» tæller ikke med.`}
        actions={
          <Group gap="xs">
            <Form method="get" onChange={(e) => submit(e.currentTarget, { replace: true })}>
              <NativeSelect name="aar" aria-label="År" defaultValue={String(d.year)} data={d.years.map(String)} />
            </Form>
            <Button component="a" href={`/maal/rapport?aar=${d.year}`} target="_blank" variant="light">
              Afrapportering til KKR
            </Button>
            <Button component="a" href={`/maal/rapport?fra=${Math.max(FIRST_YEAR, d.year - 2)}&til=${d.year}`} target="_blank" variant="default">
              Periode (3 år)
            </Button>
            <Button component="a" href={`/maal/rapport.csv?aar=${d.year}`} download variant="default">
              Tal som CSV
            </Button>
            {d.canImport ? (
              <Button component={Link} to="/maal/indberetning" variant="default">
                Indtast tal og svar
              </Button>
            ) : null}
            <FiguresStatus refreshing={d.refreshing} />
          </Group>
        }
      />
      <Table.ScrollContainer minWidth={860}>
        <Table striped aria-label="Resultatkontraktens mål" verticalSpacing="sm">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Mål</Table.Th>
              <Table.Th>Målsætning</Table.Th>
              <Table.Th>Status {d.year}</Table.Th>
              <Table.Th>Tal</Table.Th>
              <Table.Th>Kommentar til KKR</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {d.goals.map((g) => (
              <Table.Tr key={g.key} data-goal={g.key}>
                <Table.Td>
                  <Text fw={600}>{g.title}</Text>
                  <Text size="xs" c="dimmed">
                    {g.measure}
                  </Text>
                </Table.Td>
                <Table.Td>{g.target}</Table.Td>
                <Table.Td>
                  <Badge color={STATUS_COLORS[g.status]} variant="light" styles={{ label: { overflow: 'visible' } }}>
                    {GOAL_STATUS_LABELS[g.status]}
                  </Badge>
                </Table.Td>
                <Table.Td>
                  <Text size="sm" data-goal-value={g.key}>
                    {g.value}
                  </Text>
                  {g.ratio ? (
                    <Text size="xs" c="dimmed">
                      {formatNumber(g.ratio.numerator)} af {formatNumber(g.ratio.denominator)} · n = {formatNumber(g.ratio.n)}
                    </Text>
                  ) : null}
                  {g.detail ? (
                    <Text size="xs" c="dimmed">
                      {g.detail}
                    </Text>
                  ) : null}
                  {['3', '4', '5', '6', '7'].includes(g.key) && g.ratio && g.ratio.n > 0 ? (
                    <Anchor component={Link} to={`/maal/svar?aar=${d.year}`} size="xs">
                      Se svarene bag tallet
                    </Anchor>
                  ) : null}
                </Table.Td>
                <Table.Td miw={220}>
                  <GoalComment goal={g.key} year={d.year} saved={d.comments[g.key]} canEdit={d.canImport} />
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      <Charts d={d} />
      <SimpleGrid cols={{ base: 1, md: 2 }}>
        <Spread d={d} />
        {d.canImport ? <SurveyImport answers={d.answers} year={d.year} /> : null}
      </SimpleGrid>
    </Stack>
  )
}

/** Said aloud to screen readers too: the figures shown are being brought up to date (docs/decisions/0024). */
function FiguresStatus({ refreshing }: { refreshing: boolean }) {
  return (
    <Group gap="xs" role="status" aria-live="polite" data-figures-refreshing={refreshing}>
      {refreshing ? (
        <>
          <Loader size="xs" type="dots" aria-hidden />
          <Text size="xs" c="dimmed">
            Tallene opdateres …
          </Text>
        </>
      ) : null}
    </Group>
  )
}

function GoalComment({ goal, year, saved, canEdit }: { goal: string; year: number; saved?: { comment: string; version: number }; canEdit: boolean }) {
  const navigation = useNavigation()
  if (!canEdit) return <Text size="sm">{saved?.comment ?? ''}</Text>
  return (
    <Form method="post" key={`${year}-${saved?.version ?? 0}`}>
      <input type="hidden" name="year" value={year} />
      <input type="hidden" name="goal" value={goal} />
      <input type="hidden" name="version" value={saved?.version ?? 0} />
      <Textarea name="comment" defaultValue={saved?.comment ?? ''} aria-label={`Kommentar til mål ${goal}`} autosize minRows={1} maxLength={2000} size="xs" />
      <Button type="submit" size="compact-xs" variant="subtle" mt={2} loading={navigation.state === 'submitting' && navigation.formData?.get('goal') === goal}>
        Gem
      </Button>
    </Form>
  )
}

function Charts({ d }: { d: Data }) {
  const perKommune = d.spread.perKommune.map((k) => ({ kommune: k.name, Landdistrikt: k.area === 'LAND' ? k.companies : 0, By: k.area === 'BY' ? k.companies : 0 }))
  return (
    <SimpleGrid cols={{ base: 1, md: 2 }}>
      <Paper withBorder p="md">
        <Title order={2} size="h4" mb="sm">
          Udvikling over årene
        </Title>
        <LineChart
          h={220}
          data={d.trend}
          dataKey="year"
          unit=" %"
          yAxisProps={{ domain: [0, 100] }}
          connectNulls={false}
          referenceLines={[{ y: 70, label: '70 %', color: 'gray.5' }]}
          series={[
            { name: 'quality', label: 'Meget tilfreds (mål 3)', color: 'teal.6' },
            { name: 'effect', label: 'Høj effekt (mål 6)', color: 'indigo.6' },
            { name: 'referral', label: 'Henvisning brugt (mål 4)', color: 'orange.6' },
          ]}
          withLegend
          aria-label="Udvikling i mål 3, 4 og 6 over årene"
        />
        <Text size="xs" c="dimmed" mt="xs">
          Vejledte virksomheder: {d.trend.map((t) => `${t.year}: ${formatNumber(t.guided)}`).join(' · ')}. År med for få svar vises ikke.
        </Text>
      </Paper>
      <Paper withBorder p="md">
        <Title order={2} size="h4" mb="sm">
          Vejledte virksomheder pr. kommune {d.year}
        </Title>
        <BarChart
          h={260}
          data={perKommune}
          dataKey="kommune"
          type="stacked"
          series={[
            { name: 'By', label: 'Bykommune', color: 'indigo.5' },
            { name: 'Landdistrikt', label: 'Landdistriktskommune', color: 'lime.6' },
          ]}
          xAxisProps={{ angle: -40, textAnchor: 'end', height: 70, interval: 0 }}
          withLegend
          aria-label="Vejledte virksomheder pr. kommune"
        />
      </Paper>
    </SimpleGrid>
  )
}

function Spread({ d }: { d: Data }) {
  const local = new Map(d.local.rows.map((r) => [r.id, r]))
  return (
    <Paper withBorder p="md">
      <Title order={2} size="h4" mb="xs">
        Vejledte virksomheder pr. kommune (mål 2 og 8d)
      </Title>
      <Text size="sm" c="dimmed" mb="sm">
        {formatNumber(d.spread.rural)} i landdistriktskommuner og {formatNumber(d.spread.urban)} i bykommuner.
      </Text>
      <Table fz="sm" aria-label="Vejledte virksomheder pr. kommune">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Kommune</Table.Th>
            <Table.Th>Vejledte</Table.Th>
            <Table.Th>Mål 8d</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {d.spread.perKommune.map((k) => {
            const presence = local.get(k.id)
            return (
              // Plain markup in the cells: 98 rows at national scale (docs/decisions/0019).
              <Table.Tr key={k.id}>
                <Table.Td>
                  {k.name} <Tag color={k.area === 'BY' ? 'indigo' : 'lime'}>{AREA_LABELS[k.area]}</Tag>
                </Table.Td>
                <Table.Td>
                  {d.canSeeCases ? (
                    <Link className={list.link} to={`/virksomheder?kommune=${k.id}`} aria-label={`Forløb i ${k.name}`}>
                      {formatNumber(k.companies)}
                    </Link>
                  ) : (
                    formatNumber(k.companies)
                  )}
                </Table.Td>
                <Table.Td>
                  {presence?.met ? (
                    <Tag color="teal" size="sm">
                      Opfyldt
                    </Tag>
                  ) : (
                    <span className={list.meta}>
                      {[!presence?.hasKeyAccountManager && 'ingen key account manager', !presence?.signedDeclaration && 'ingen underskrevet erklæring', presence && presence.missingMonths.length > 0 && `${presence.missingMonths.length} måneder uden arbejdsdag`]
                        .filter(Boolean)
                        .join(', ')}
                    </span>
                  )}
                </Table.Td>
              </Table.Tr>
            )
          })}
        </Table.Tbody>
      </Table>
    </Paper>
  )
}

function SurveyImport({ answers, year }: { answers: number; year: number }) {
  const actionData = useActionData<typeof action>()
  // Only the survey import answers with a report (comments answer with a toast).
  const report = actionData && ('created' in actionData || 'errors' in actionData) ? (actionData as SurveyImportReport) : null
  const navigation = useNavigation()
  return (
    <Paper withBorder p="md">
      <Title order={2} size="h4" mb="xs">
        Brugerevaluering
      </Title>
      <Text size="sm" c="dimmed" mb="xs">
        {formatNumber(answers)} svar for {year}. Importér Erhvervsstyrelsens svar som CSV med kolonnerne {SURVEY_COLUMNS.join(', ')}. Et svar-id, der allerede er importeret med samme indhold, springes over.
      </Text>
      <Anchor href="/maal/brugerevaluering-skabelon.csv" download size="sm">
        Hent skabelon (CSV)
      </Anchor>
      <Form method="post" encType="multipart/form-data">
        <Group align="flex-end" mt="sm">
          <FileInput name="file" label="CSV-fil" accept=".csv,text/csv" required leftSection={<IconUpload size={16} />} placeholder="Vælg fil" style={{ flex: 1 }} />
          <Button type="submit" loading={navigation.state === 'submitting'}>
            Importér
          </Button>
        </Group>
      </Form>
      {report ? (
        report.ok ? (
          <Alert color="teal" variant="light" mt="sm" role="status">
            {formatNumber(report.created)} svar importeret{report.unchanged > 0 ? `; ${formatNumber(report.unchanged)} fandtes i forvejen` : ''}.
          </Alert>
        ) : (
          <Alert color="red" variant="light" mt="sm" title="Intet er importeret" role="alert">
            <Stack gap={4}>
              {report.errors.slice(0, 200).map((e) => (
                <Text key={e.row} size="sm">
                  {e.row > 0 ? `Række ${e.row}: ` : ''}
                  {e.messages.join(' ')}
                </Text>
              ))}
            </Stack>
          </Alert>
        )
      ) : null}
    </Paper>
  )
}
