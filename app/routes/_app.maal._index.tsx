import { Stack, Table } from '@mantine/core'
import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { PageHeader } from '~/components/page-header.tsx'
import { requirePermission } from '~/utils/permissions.server.ts'

export { RouteErrorBoundary as ErrorBoundary } from '~/components/error-page.tsx'

export const meta: MetaFunction = () => [{ title: 'Mål og rapportering · Knudepunkt' }]

export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, 'view', 'goals')
  return null
}

/** The result contract's goals (Resultatkontrakt 2022, DOMAIN.md). */
const GOALS = [
  ['Mål 1', 'Nye virksomheder', 'Vejledte virksomheder i år, der ikke blev vejledt året før', 'Mindst 50 %'],
  ['Mål 2 / 8d', 'Geografisk spredning', 'Vejledte virksomheder pr. kommune og land/by', 'Lige adgang, vist pr. kommune'],
  ['Mål 3', 'Kvalitet', '"Meget tilfreds" med medarbejdernes kompetencer; NPS pr. segment', 'Mindst 80 %; NPS mindst 70'],
  ['Mål 4', 'Knudepunkt', 'Andel henviste virksomheder, der bruger henvisningen inden et halvt år', 'Mindst 45 %'],
  ['Mål 5', 'Grøn omstilling', '"I høj grad" positiv effekt, vejledt i grønne emner', 'Mindst 70 %'],
  ['Mål 6', 'Effekt', '"I høj grad" positiv effekt, alle vejledte', 'Mindst 70 %'],
  ['Mål 7', 'Digitalisering', '"I høj grad" positiv effekt, vejledt i digitale emner', 'Mindst 70 %'],
  ['Mål 8a', 'Teams', 'Vejledning og forløb i det grønne, eksport- og digitale team', 'Vises'],
  ['Mål 8b', 'Arbejdskraft', 'Samarbejdsaftaler om kvalificeret arbejdskraft', 'Vises'],
  ['Mål 8c', 'Design', 'Henvisninger til designøkosystemet', 'Tælles'],
  ['Mål 8d', 'Lokal forankring', 'Hver kommune: key account manager, underskrevet erklæring, mindst én lokal arbejdsdag om måneden', 'Alle 13'],
  ['Mål 9', 'Klynger', 'Nationale klynger med en aktiv samarbejdsaftale', 'Alle'],
] as const

export default function Goals() {
  return (
    <Stack>
      <PageHeader
        title="Mål og rapportering"
        description="Resultatkontraktens mål. Status afrapporteres til KKR Syddanmark mindst én gang om året, og når KKR beder om det."
      />
      <Table.ScrollContainer minWidth={760}>
        <Table striped aria-label="Resultatkontraktens mål">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Mål</Table.Th>
              <Table.Th>Tema</Table.Th>
              <Table.Th>Måles som</Table.Th>
              <Table.Th>Målsætning</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {GOALS.map(([goal, theme, measure, target]) => (
              <Table.Tr key={goal}>
                <Table.Td fw={600}>{goal}</Table.Td>
                <Table.Td>{theme}</Table.Td>
                <Table.Td>{measure}</Table.Td>
                <Table.Td>{target}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    </Stack>
  )
}
