import { Badge, Button, Container, Group, Stack, Table, Text, Title } from '@mantine/core'
import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { useLoaderData } from '@remix-run/react'
import { computeGoals, listGoalComments } from '~/models/goals.server.ts'
import { copenhagenYear } from '~/utils/dates.ts'
import { formatDate, formatNumber } from '~/utils/format.ts'
import { GOAL_STATUS_LABELS, MIN_ANSWERS } from '~/utils/goals.ts'
import { requirePermission } from '~/utils/permissions.server.ts'

export { RouteErrorBoundary as ErrorBoundary } from '~/components/error-page.tsx'

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data ? `Afrapportering til KKR Syddanmark ${data.label}` : 'Afrapportering' }]

/** One year (?aar=2026) or a period of up to five years (?fra=2024&til=2026). */
function yearsOf(url: URL, thisYear: number) {
  const valid = (value: string | null) => {
    const n = Number(value)
    return Number.isInteger(n) && n >= 2022 && n <= thisYear ? n : null
  }
  const from = valid(url.searchParams.get('fra'))
  const to = valid(url.searchParams.get('til'))
  if (from && to && from <= to) return Array.from({ length: Math.min(5, to - from + 1) }, (_, i) => to - i).reverse()
  return [valid(url.searchParams.get('aar')) ?? thisYear]
}

export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, 'view', 'goals')
  const years = yearsOf(new URL(request.url), copenhagenYear(new Date()))
  const reports = await Promise.all(years.map(async (year) => ({ ...(await computeGoals(year)), comments: await listGoalComments(year) })))
  return { reports, label: years.length === 1 ? String(years[0]) : `${years[0]}–${years[years.length - 1]}`, printedAt: new Date() }
}

/** The A4 report to KKR Syddanmark: figures, the director's comments, date and signature. No company identities. */
export default function Report() {
  const d = useLoaderData<typeof loader>()
  return (
    <Container size={800} py="lg" className="print-page">
      <Group justify="flex-end" className="no-print" mb="md">
        <Button onClick={() => window.print()}>Udskriv</Button>
        <Button component="a" href={`/maal/rapport.csv?aar=${d.reports[d.reports.length - 1]!.year}`} download variant="default">
          Tal som CSV
        </Button>
      </Group>
      <Stack gap="md">
        <div>
          <Text size="sm" c="dimmed">
            Erhvervshus Sydjylland · Resultatkontrakt 2022
          </Text>
          <Title order={1}>Afrapportering til KKR Syddanmark {d.label}</Title>
          <Text size="sm">
            Status pr. {formatDate(d.printedAt)}. Andele vises med mindst {MIN_ANSWERS} svar; «ved ikke» tæller ikke med.
          </Text>
        </div>
        {d.reports.map((r) => (
          <YearReport key={r.year} r={r} showYear={d.reports.length > 1} />
        ))}
        <Group mt={48} grow style={{ breakInside: 'avoid' }}>
          <div>
            <div style={{ borderTop: '1px solid currentColor', paddingTop: 4 }}>Dato</div>
          </div>
          <div>
            <div style={{ borderTop: '1px solid currentColor', paddingTop: 4 }}>Underskrift, direktør for Erhvervshus Sydjylland</div>
          </div>
        </Group>
      </Stack>
    </Container>
  )
}

type YearData = ReturnType<typeof useLoaderData<typeof loader>>['reports'][number]

function YearReport({ r, showYear }: { r: YearData; showYear: boolean }) {
  return (
    <Stack gap="sm">
      {showYear ? (
        <Title order={2} size="h3">
          {r.year}
        </Title>
      ) : null}
      <Text size="sm">{formatNumber(r.answers)} svar i brugerevalueringen.</Text>
      <Table withTableBorder withColumnBorders fz="sm" aria-label={showYear ? `Resultatkontraktens mål ${r.year}` : 'Resultatkontraktens mål'}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Mål</Table.Th>
            <Table.Th>Målsætning</Table.Th>
            <Table.Th>Status</Table.Th>
            <Table.Th>Tal</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {r.goals.map((g) => (
            <Table.Tr key={g.key} style={{ breakInside: 'avoid' }}>
              <Table.Td>
                <Text fw={600} size="sm">
                  {g.title}
                </Text>
                <Text size="xs">{g.measure}</Text>
                {r.comments[g.key]?.comment ? (
                  <Text size="xs" fs="italic" mt={4}>
                    Kommentar: {r.comments[g.key]!.comment}
                  </Text>
                ) : null}
              </Table.Td>
              <Table.Td>{g.target}</Table.Td>
              <Table.Td>
                <Badge variant="outline" color="dark" styles={{ label: { overflow: 'visible' } }}>
                  {GOAL_STATUS_LABELS[g.status]}
                </Badge>
              </Table.Td>
              <Table.Td>
                {g.value}
                {g.ratio ? (
                  <Text size="xs">
                    {formatNumber(g.ratio.numerator)} af {formatNumber(g.ratio.denominator)}, n = {formatNumber(g.ratio.n)}
                  </Text>
                ) : null}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      <div style={{ breakInside: 'avoid' }}>
        <Title order={3} size="h5">
          Vejledte virksomheder pr. kommune (mål 2)
        </Title>
        <Table fz="sm" withTableBorder>
          <Table.Tbody>
            {r.spread.perKommune.map((k) => (
              <Table.Tr key={k.id}>
                <Table.Td>{k.name}</Table.Td>
                <Table.Td>{k.area === 'LAND' ? 'Landdistriktskommune' : 'Bykommune'}</Table.Td>
                <Table.Td>{formatNumber(k.companies)}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </div>
    </Stack>
  )
}
