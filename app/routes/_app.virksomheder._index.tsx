import { Alert, Anchor, Button, Group, NativeSelect, Paper, Stack, Table, Tabs, Text, TextInput } from '@mantine/core'
import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Form, Link, useLoaderData, useNavigation, useSearchParams, useSubmit } from '@remix-run/react'
import { IconSearch } from '@tabler/icons-react'
import { CaseStateBadge, CompanyName, TopicBadges } from '~/components/company/company-bits.tsx'
import { EmptyState } from '~/components/empty-state.tsx'
import { ListCell, ListRow } from '~/components/list-table.tsx'
import { Tag } from '~/components/tag.tsx'
import { PageHeader } from '~/components/page-header.tsx'
import { useLiveTopics } from '~/components/realtime.tsx'
import { ShowMore } from '~/components/show-more.tsx'
import { homeKommuneIds, listCases } from '~/models/case.server.ts'
import { listCompanies, searchCompanies } from '~/models/company.server.ts'
import { listExpiringConsents } from '~/models/consent.server.ts'
import { listKommuneOptions } from '~/models/kommune.server.ts'
import { CASE_FORM_LABELS } from '~/utils/company-fields.ts'
import { formatDate } from '~/utils/format.ts'
import list from '~/styles/list.module.css'
import { shownRows } from '~/utils/paging.ts'
import { tabFromUrl, useOpenTab } from '~/utils/tabs.ts'
import { requirePermission } from '~/utils/permissions.server.ts'
import { can } from '~/utils/permissions.ts'

export { RouteErrorBoundary as ErrorBoundary } from '~/components/error-page.tsx'

export const meta: MetaFunction = () => [{ title: 'Virksomheder og forløb · Knudepunkt' }]

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePermission(request, 'view', 'case')
  const url = new URL(request.url)
  const q = (url.searchParams.get('q') ?? '').slice(0, 100)
  const [kommuner, home] = await Promise.all([listKommuneOptions(), homeKommuneIds(user)])
  const area = url.searchParams.get('kommune') ?? (home.length > 0 ? 'mine' : 'alle')
  const kommuneIds = area === 'alle' ? undefined : area === 'mine' ? home : kommuner.some((k) => k.id === area) ? [area] : home
  const shown = shownRows(url)
  const tab = tabFromUrl(url, TABS) ?? 'cases'
  const [results, cases, companies, expiring] = await Promise.all([
    q ? searchCompanies(user, q) : Promise.resolve(null),
    tab === 'cases' ? listCases(user, { kommuneIds, take: shown }) : [],
    tab === 'companies' ? listCompanies(user, { kommuneIds, take: shown }) : [],
    can(user, 'create', 'consent') ? listExpiringConsents(user) : Promise.resolve([]),
  ])
  return {
    q,
    area,
    tab,
    shown,
    hasHome: home.length > 0,
    kommuner: kommuner.map((k) => ({ id: k.id, name: k.name })),
    results,
    cases,
    companies,
    expiringCount: expiring.length,
    canCreateCompany: can(user, 'create', 'company'),
    canCreateCase: can(user, 'create', 'case'),
  }
}

/** The feed of cases or the companies: only the open one is loaded (?visning=). */
const TABS = ['cases', 'companies'] as const

export default function CasesOverview() {
  const d = useLoaderData<typeof loader>()
  const [params] = useSearchParams()
  const submit = useSubmit()
  const navigation = useNavigation()
  const openTab = useOpenTab()
  useLiveTopics(['company', 'case'])
  // A search is a form submission; opening a tab is not (it navigates without a form).
  const searching = navigation.state === 'loading' && navigation.formMethod !== undefined && navigation.location?.pathname === '/virksomheder'
  return (
    <Stack>
      <PageHeader
        title="Virksomheder og forløb"
        description="Fælles virksomhedsforløb mellem de lokale erhvervsservices og Erhvervshuset. Virksomhedsoplysninger deles kun med virksomhedens samtykke; alle andre ser en anonymiseret visning."
        actions={
          <Group gap="xs">
            {d.canCreateCompany ? (
              <>
                <Button component={Link} to="/virksomheder/ny">
                  Registrér virksomhed
                </Button>
                <Button component={Link} to="/virksomheder/import" variant="light">
                  Importér CSV
                </Button>
              </>
            ) : null}
            {d.canCreateCase ? (
              <Button component={Link} to="/virksomheder/forloeb/ny" variant="light">
                Nyt forløb
              </Button>
            ) : null}
          </Group>
        }
      />
      {params.get('slettet') ? (
        <Alert color="teal" variant="light">
          Virksomheden er slettet. Identitet og persondata er fjernet; statistikken er bevaret.
        </Alert>
      ) : null}
      {d.expiringCount > 0 ? (
        <Alert color="yellow" variant="light">
          {d.expiringCount === 1 ? 'Et samtykke' : `${d.expiringCount} samtykker`} udløber inden for 30 dage.{' '}
          <Anchor component={Link} to="/virksomheder/samtykker">
            Se samtykker, der udløber
          </Anchor>
        </Alert>
      ) : null}
      <Paper withBorder p="md">
        <Form method="get" role="search" onChange={(e) => (e.target as HTMLElement).tagName === 'SELECT' && submit(e.currentTarget, { replace: true })}>
          <input type="hidden" name="visning" value={d.tab} />
          <Group align="flex-end">
            <TextInput
              name="q"
              defaultValue={d.q}
              label="Søg efter navn eller CVR-nummer"
              description="Finder kun virksomheder, din organisation må se"
              leftSection={<IconSearch size={16} />}
              style={{ flex: 1 }}
              type="search"
              aria-label="Søg efter virksomhed"
            />
            <NativeSelect
              name="kommune"
              defaultValue={d.area}
              label="Område"
              data={[...(d.hasHome ? [{ value: 'mine', label: 'Mine kommuner' }] : []), { value: 'alle', label: 'Alle kommuner' }, ...d.kommuner.map((k) => ({ value: k.id, label: k.name }))]}
            />
            <Button type="submit" variant="light" loading={searching}>
              Søg
            </Button>
          </Group>
        </Form>
        {d.results ? (
          <Stack gap="xs" mt="md" role="region" aria-label="Søgeresultater">
            {d.results.length === 0 ? (
              <Text size="sm" c="dimmed">
                Ingen virksomheder, du må se, matcher «{d.q}».
              </Text>
            ) : (
              d.results.map((company) => (
                <Group key={company.id} justify="space-between">
                  <CompanyName company={company} />
                  <Text size="xs" c="dimmed">
                    {company.kommune.name}
                  </Text>
                </Group>
              ))
            )}
          </Stack>
        ) : null}
      </Paper>
      <Tabs value={d.tab} onChange={openTab} keepMounted={false}>
        <Tabs.List>
          <Tabs.Tab value="cases">Forløb i området</Tabs.Tab>
          <Tabs.Tab value="companies">Virksomheder i området</Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="cases" pt="md">
          <CaseFeed cases={d.cases} />
          <ShowMore shown={d.shown} count={d.cases.length} />
        </Tabs.Panel>
        <Tabs.Panel value="companies" pt="md">
          <CompanyTable companies={d.companies} />
          <ShowMore shown={d.shown} count={d.companies.length} />
        </Tabs.Panel>
      </Tabs>
    </Stack>
  )
}

type Data = ReturnType<typeof useLoaderData<typeof loader>>


function CaseFeed({ cases }: { cases: Data['cases'] }) {
  if (cases.length === 0) return <EmptyState title="Ingen forløb i området endnu">Forløb, som LES og Erhvervshuset registrerer, vises her.</EmptyState>
  return (
    <Table striped highlightOnHover aria-label="Forløb i området">
      <Table.Thead>
        <Table.Tr>
          <Table.Th>Forløb</Table.Th>
          <Table.Th>Virksomhed</Table.Th>
          <Table.Th>Emner</Table.Th>
          <Table.Th>Status</Table.Th>
          <Table.Th>Senest ændret</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {cases.map((c) => (
          <ListRow striped hover key={c.id}>
            <ListCell>
              <Link to={`/virksomheder/forloeb/${c.id}`} className={list.link}>
                {c.title ?? `Forløb i ${c.kommune.name}`}
              </Link>
              <span className={list.meta}>
                {c.ownerOrganisation.name} · {CASE_FORM_LABELS[c.form]} · {c.activityCount} {c.activityCount === 1 ? 'aktivitet' : 'aktiviteter'}
              </span>
            </ListCell>
            <ListCell>
              <span className={list.stack}>
                {c.companies.slice(0, 3).map((company) => (
                  <CompanyName key={company.id} company={company} />
                ))}
                {c.companies.length > 3 ? <span className={list.meta}>og {c.companies.length - 3} flere</span> : null}
              </span>
            </ListCell>
            <ListCell>
              <TopicBadges topics={c.topics} />
            </ListCell>
            <ListCell>
              <CaseStateBadge state={c.state} />
            </ListCell>
            <ListCell>{formatDate(c.updatedAt)}</ListCell>
          </ListRow>
        ))}
      </Table.Tbody>
    </Table>
  )
}

function CompanyTable({ companies }: { companies: Data['companies'] }) {
  if (companies.length === 0) return <EmptyState title="Ingen virksomheder i området endnu" />
  return (
    <Table striped highlightOnHover aria-label="Virksomheder i området">
      <Table.Thead>
        <Table.Tr>
          <Table.Th>Virksomhed</Table.Th>
          <Table.Th>Kommune</Table.Th>
          <Table.Th>Forløb</Table.Th>
          <Table.Th>Registreret</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {companies.map(({ company, caseCount }) => (
          <ListRow striped hover key={company.id}>
            <ListCell>
              <CompanyName company={company} />
            </ListCell>
            <ListCell>{company.kommune.name}</ListCell>
            <ListCell>
              <Tag>{caseCount}</Tag>
            </ListCell>
            <ListCell>{formatDate(company.registeredAt)}</ListCell>
          </ListRow>
        ))}
      </Table.Tbody>
    </Table>
  )
}

