import { Group, NativeSelect, Paper, RingProgress, SimpleGrid, Stack, Table, Tabs, Text, Title } from '@mantine/core'
import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Form, Link, useLoaderData, useSubmit } from '@remix-run/react'
import { CompanyName } from '~/components/company/company-bits.tsx'
import { EmptyState } from '~/components/empty-state.tsx'
import { ListCell, ListRow } from '~/components/list-table.tsx'
import { Tag } from '~/components/tag.tsx'
import { PageHeader } from '~/components/page-header.tsx'
import { useLiveTopics } from '~/components/realtime.tsx'
import { ShowMore } from '~/components/show-more.tsx'
import { listOrganisationOptions } from '~/models/organisation.server.ts'
import { listRecipients, listReferralRows, referralFigures, referralListTotals, type ReferralList } from '~/models/referral.server.ts'
import { RECIPIENT_KIND_LABELS, RECIPIENT_KINDS, type RecipientKind } from '~/utils/referral-fields.ts'
import { formatDate, formatNumber, formatPercent } from '~/utils/format.ts'
import { shownRows } from '~/utils/paging.ts'
import { tabFromUrl, useOpenTab } from '~/utils/tabs.ts'
import { ORGANISATION_KIND_LABELS } from '~/utils/organisation-kinds.ts'
import { requirePermission } from '~/utils/permissions.server.ts'
import { can } from '~/utils/permissions.ts'
import { UPTAKE_TARGET } from '~/utils/referral-figures.ts'
import list from '~/styles/list.module.css'
import { OUTCOME_LABELS, referralLabels } from '../../machines/referral.machine.ts'

export { RouteErrorBoundary as ErrorBoundary } from '~/components/error-page.tsx'

export const meta: MetaFunction = () => [{ title: 'Henvisninger · Knudepunkt' }]

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePermission(request, 'view', 'referral')
  const url = new URL(request.url)
  const organisations = await listOrganisationOptions(['ERHVERVSHUS', 'LES'])
  const organisationId = organisations.some((o) => o.id === url.searchParams.get('organisation')) ? url.searchParams.get('organisation')! : undefined
  const kind = url.searchParams.get('modtager')
  const recipientKind = RECIPIENT_KINDS.includes(kind as RecipientKind) ? (kind as RecipientKind) : undefined
  const shown = shownRows(url)
  const canRefer = can(user, 'create', 'referral')
  const [figures, totals] = await Promise.all([referralFigures({ organisationId, recipientKind }), referralListTotals(user)])
  const tab = tabFromUrl(url, canRefer ? TABS : RECIPIENT_TABS) ?? defaultTab(canRefer, totals)
  const [rows, recipients] = await Promise.all([tab === 'recipients' ? [] : listReferralRows(user, tab, { take: shown }), tab === 'recipients' ? listRecipients() : []])
  return { shown, canRefer, tab, figures, totals, rows, recipients, organisations: organisations.map((o) => ({ value: o.id, label: o.name })), filter: { organisationId: organisationId ?? '', recipientKind: recipientKind ?? '' } }
}

const TABS = ['followups', 'made', 'received', 'recipients'] as const
type Tab = (typeof TABS)[number]
/** Who may not refer sees what was sent to them and the recipients. */
const RECIPIENT_TABS = ['received', 'recipients'] as const satisfies readonly Tab[]

/** Without a tab in the URL: the first list with rows in it, as the user's work comes first. */
function defaultTab(canRefer: boolean, totals: Record<ReferralList, number>): Tab {
  if (!canRefer) return 'received'
  return totals.followups > 0 ? 'followups' : totals.made > 0 ? 'made' : totals.received > 0 ? 'received' : 'recipients'
}

const LISTS: Record<ReferralList, { label: string; empty: string }> = {
  followups: { label: 'Opfølgninger, der er forfaldne', empty: 'Ingen opfølgninger er forfaldne.' },
  made: { label: 'Vores henvisninger', empty: 'Ingen henvisninger endnu. Opret en fra et forløb.' },
  received: { label: 'Modtagne henvisninger', empty: 'Ingen henvisninger er sendt til din organisation.' },
}

type Data = ReturnType<typeof useLoaderData<typeof loader>>

export default function Referrals() {
  const d = useLoaderData<typeof loader>()
  const openTab = useOpenTab()
  useLiveTopics(['referral', 'company'])
  return (
    <Stack>
      <PageHeader
        title="Henvisninger"
        description="Erhvervshuset er knudepunktet, der henviser virksomheder videre til designøkosystemet, private rådgivere og andre offentlige aktører. Der følges op efter seks måneder. En henvisning oprettes fra et forløb."
      />
      <Figures d={d} />
      {/* Only the open tab is loaded and rendered (?visning=): four lists of up to 100 rows made the page 430 kB (bench/pages.ts). */}
      <Tabs keepMounted={false} value={d.tab} onChange={openTab}>
        <Tabs.List>
          {d.canRefer ? <Tabs.Tab value="followups">Opfølgninger ({d.totals.followups})</Tabs.Tab> : null}
          {d.canRefer ? <Tabs.Tab value="made">Vores henvisninger ({d.totals.made})</Tabs.Tab> : null}
          <Tabs.Tab value="received">Modtaget ({d.totals.received})</Tabs.Tab>
          <Tabs.Tab value="recipients">Modtagere</Tabs.Tab>
        </Tabs.List>
        {d.tab === 'recipients' ? (
          <Tabs.Panel value="recipients" pt="md">
            <Recipients recipients={d.recipients} />
          </Tabs.Panel>
        ) : (
          <Tabs.Panel value={d.tab} pt="md">
            <ReferralTable rows={d.rows} {...LISTS[d.tab]} />
            <ShowMore shown={d.shown} count={d.rows.length} total={d.totals[d.tab]} />
          </Tabs.Panel>
        )}
      </Tabs>
    </Stack>
  )
}

function Figures({ d }: { d: Data }) {
  const submit = useSubmit()
  const { figures } = d
  const value = figures.uptake.value
  return (
    <Paper withBorder p="md" role="region" aria-label="Mål for henvisninger">
      <Group justify="space-between" align="flex-end" mb="sm">
        <Title order={2} size="h4">
          Mål 4 og 8c i {figures.year}
        </Title>
        <Form method="get" onChange={(e) => submit(e.currentTarget, { replace: true })}>
          <Group gap="xs">
            <NativeSelect name="organisation" aria-label="Henvisende organisation" defaultValue={d.filter.organisationId} data={[{ value: '', label: 'Alle organisationer' }, ...d.organisations]} size="xs" />
            <NativeSelect
              name="modtager"
              aria-label="Modtagertype"
              defaultValue={d.filter.recipientKind}
              data={[{ value: '', label: 'Alle modtagere' }, ...RECIPIENT_KINDS.map((k) => ({ value: k, label: RECIPIENT_KIND_LABELS[k] }))]}
              size="xs"
            />
          </Group>
        </Form>
      </Group>
      <SimpleGrid cols={{ base: 1, sm: 2 }}>
        <Group>
          <Text fz={42} fw={700} data-figure="design-referrals">
            {formatNumber(figures.design)}
          </Text>
          <div>
            <Text fw={600}>Henvisninger til designøkosystemet (mål 8c)</Text>
            <Text size="sm" c="dimmed">
              sendt i {figures.year}
            </Text>
          </div>
        </Group>
        <Group>
          <RingProgress
            size={90}
            thickness={10}
            sections={value === null ? [] : [{ value: value * 100, color: value >= UPTAKE_TARGET ? 'teal' : 'orange' }]}
            label={
              <Text ta="center" fw={700} size="sm" data-figure="uptake">
                {value === null ? '–' : formatPercent(value)}
              </Text>
            }
          />
          <div>
            <Text fw={600}>Henvisninger, der bliver brugt (mål 4: mindst {formatPercent(UPTAKE_TARGET)})</Text>
            <Text size="sm" c="dimmed" data-figure="uptake-n">
              {figures.uptake.numerator} af {figures.uptake.denominator} med kendt svar · n = {figures.uptake.n} opfølgninger («ved ikke» tæller ikke med)
            </Text>
          </div>
        </Group>
      </SimpleGrid>
      {d.figures.byYear.length > 0 ? (
        <Table mt="md" fz="sm" aria-label="Henvisninger pr. år">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>År</Table.Th>
              <Table.Th>Sendt</Table.Th>
              <Table.Th>Designøkosystemet (8c)</Table.Th>
              <Table.Th>Brugt (mål 4)</Table.Th>
              <Table.Th>n</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {d.figures.byYear.map((row) => (
              <Table.Tr key={row.year}>
                <Table.Td>{row.year}</Table.Td>
                <Table.Td>{row.sent}</Table.Td>
                <Table.Td>{row.design}</Table.Td>
                <Table.Td>{row.uptake.value === null ? '–' : `${formatPercent(row.uptake.value)} (${row.uptake.numerator}/${row.uptake.denominator})`}</Table.Td>
                <Table.Td>{row.uptake.n}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      ) : null}
    </Paper>
  )
}

function ReferralTable({ rows, label, empty }: { rows: Data['rows']; label: string; empty: string }) {
  if (rows.length === 0) return <EmptyState title={empty} />
  return (
    <Table striped highlightOnHover fz="sm" aria-label={label}>
      <Table.Thead>
        <Table.Tr>
          <Table.Th>Virksomhed</Table.Th>
          <Table.Th>Modtager</Table.Th>
          <Table.Th>Status</Table.Th>
          <Table.Th>Opfølgning</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {rows.map((r) => (
          <ListRow striped hover key={r.id} data-referral={r.recipient.name}>
            <ListCell>
              <CompanyName company={r.company} link={false} />
              <Link to={`/henvisninger/${r.id}`} className={`${list.link} ${list.meta}`}>
                Åbn henvisningen
              </Link>
            </ListCell>
            <ListCell>
              {r.recipient.name}
              <span className={list.meta}>
                {RECIPIENT_KIND_LABELS[r.recipient.recipientKind]} · fra {r.ownerOrganisation.name}
              </span>
            </ListCell>
            <ListCell>
              <Tag>{referralLabels.states[r.state]}</Tag>
              {r.outcome ? <span className={list.meta}>{OUTCOME_LABELS[r.outcome]}</span> : null}
            </ListCell>
            <ListCell>
              {r.followUpDueAt ? (
                <span className={r.overdue ? list.overdue : undefined}>
                  {formatDate(r.followUpDueAt)}
                  {r.overdue ? ' (overskredet)' : ''}
                </span>
              ) : (
                <span className={list.dimmed}>–</span>
              )}
            </ListCell>
          </ListRow>
        ))}
      </Table.Tbody>
    </Table>
  )
}

function Recipients({ recipients }: { recipients: Data['recipients'] }) {
  return (
    <Table.ScrollContainer minWidth={600}>
      <Table striped aria-label="Modtagere af henvisninger">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Modtager</Table.Th>
            <Table.Th>Type</Table.Th>
            <Table.Th>Beskrivelse</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {recipients.map((r) => (
            <ListRow striped key={r.id}>
              <ListCell style={{ fontWeight: 500 }}>{r.name}</ListCell>
              <ListCell>
                {RECIPIENT_KIND_LABELS[r.recipientKind]}
                <Text size="xs" c="dimmed">
                  {ORGANISATION_KIND_LABELS[r.kind]}
                </Text>
              </ListCell>
              <ListCell>
                <Text size="sm">{r.description ?? '–'}</Text>
              </ListCell>
            </ListRow>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  )
}
