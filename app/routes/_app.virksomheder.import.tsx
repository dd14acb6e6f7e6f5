import { Alert, Anchor, Button, Code, FileInput, Group, List, Paper, Stack, Table, Text } from '@mantine/core'
import { data, unstable_parseMultipartFormData, unstable_createMemoryUploadHandler, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react'
import { IconUpload } from '@tabler/icons-react'
import { PageHeader } from '~/components/page-header.tsx'
import { importCompanies, type ImportReport } from '~/models/company.server.ts'
import { requireOwningOrganisation } from '~/utils/company-access.server.ts'
import { CSV_COLUMNS } from '~/utils/company-fields.ts'
import { formatNumber } from '~/utils/format.ts'

export { RouteErrorBoundary as ErrorBoundary } from '~/components/error-page.tsx'

export const meta: MetaFunction = () => [{ title: 'Importér virksomheder · Knudepunkt' }]

const MAX_BYTES = 20 * 1024 * 1024

export async function loader({ request }: LoaderFunctionArgs) {
  const { organisation } = await requireOwningOrganisation(request, 'create', 'company')
  return { owner: organisation.name }
}

export async function action({ request }: ActionFunctionArgs) {
  const { user } = await requireOwningOrganisation(request, 'create', 'company')
  let formData: FormData
  try {
    formData = await unstable_parseMultipartFormData(request, unstable_createMemoryUploadHandler({ maxPartSize: MAX_BYTES }))
  } catch {
    return data<ImportReport>({ ok: false, rows: 0, errors: [{ row: 0, messages: [`Filen er for stor. Den må højst være ${formatNumber(MAX_BYTES / 1024 / 1024)} MB.`] }] }, { status: 413 })
  }
  const file = formData.get('file')
  if (!(file instanceof File) || file.size === 0) return data<ImportReport>({ ok: false, rows: 0, errors: [{ row: 0, messages: ['Vælg en CSV-fil.'] }] }, { status: 400 })
  const report = await importCompanies({ actor: user, text: await file.text() })
  return data(report, { status: report.ok ? 200 : 422 })
}

export default function ImportCompanies() {
  const { owner } = useLoaderData<typeof loader>()
  const report = useActionData<typeof action>()
  const navigation = useNavigation()
  return (
    <Stack>
      <Anchor component={Link} to="/virksomheder" size="sm">
        ← Virksomheder og forløb
      </Anchor>
      <PageHeader title="Importér virksomheder fra CSV" description={`Virksomhederne registreres af ${owner}. Hvis bare én række er ugyldig, importeres intet, og du får at vide hvilke rækker og hvorfor.`} />
      <Paper withBorder p="md">
        <Text size="sm" mb="xs">
          Filen skal have en overskriftslinje med kolonnerne <Code>{CSV_COLUMNS.join(';')}</Code> adskilt af semikolon (eller komma). Krævet: cvr, navn, kommune (navn eller kommunekode) og segment (drift eller vækst). Ansatte er
          1-9, 10-49, 50-249 eller 250+.
        </Text>
        <Anchor href="/virksomheder/import/skabelon.csv" download size="sm">
          Hent skabelon (CSV)
        </Anchor>
        <Form method="post" encType="multipart/form-data">
          <Group align="flex-end" mt="md">
            <FileInput name="file" label="CSV-fil" accept=".csv,text/csv" required leftSection={<IconUpload size={16} />} placeholder="Vælg fil" style={{ flex: 1 }} clearable />
            <Button type="submit" loading={navigation.state === 'submitting'}>
              Importér
            </Button>
          </Group>
        </Form>
      </Paper>
      {report ? <ImportResult report={report} /> : null}
    </Stack>
  )
}

function ImportResult({ report }: { report: ImportReport }) {
  if (report.ok) {
    return (
      <Alert color="teal" variant="light" title="Importeret" role="status">
        {formatNumber(report.created)} virksomheder er importeret.{' '}
        <Anchor component={Link} to="/virksomheder">
          Gå til oversigten
        </Anchor>
      </Alert>
    )
  }
  return (
    <Alert color="red" variant="light" title="Intet er importeret" role="alert">
      <Text size="sm" mb="xs">
        {report.errors.length === 1 ? 'Én række' : `${formatNumber(report.errors.length)} rækker`} skal rettes{report.rows > 0 ? ` (af ${formatNumber(report.rows)})` : ''}:
      </Text>
      {report.errors.length > 0 && report.errors[0]!.row > 0 ? (
        <Table aria-label="Valideringsrapport" fz="sm">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Række</Table.Th>
              <Table.Th>Fejl</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {report.errors.slice(0, 500).map((error) => (
              <Table.Tr key={error.row}>
                <Table.Td>{error.row}</Table.Td>
                <Table.Td>
                  <List size="sm">
                    {error.messages.map((message) => (
                      <List.Item key={message}>{message}</List.Item>
                    ))}
                  </List>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      ) : (
        <Text size="sm">{report.errors[0]?.messages.join(' ')}</Text>
      )}
    </Alert>
  )
}
