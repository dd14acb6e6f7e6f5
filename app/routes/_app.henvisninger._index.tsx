import { Anchor, Badge, Group, NativeSelect, Paper, RingProgress, SimpleGrid, Stack, Table, Tabs, Text, Title } from '@mantine/core'
import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Form, Link, useLoaderData, useSubmit } from '@remix-run/react'
import { CompanyName } from '~/components/company/company-bits.tsx'
import { EmptyState } from '~/components/empty-state.tsx'
import { PageHeader } from '~/components/page-header.tsx'
import { useLiveTopics } from '~/components/realtime.tsx'
import { ShowMore } from '~/components/show-more.tsx'
import { listOrganisationOptions } from '~/models/organisation.server.ts'
import { listFollowUps, listRecipients, listReferrals, referralFigures } from '~/models/referral.server.ts'
import { RECIPIENT_KIND_LABELS, RECIPIENT_KINDS, type RecipientKind } from '~/utils/referral-fields.ts'
import { formatDate, formatNumber, formatPercent } from '~/utils/format.ts'
import { shownRows } from '~/utils/paging.ts'
import { ORGANISATION_KIND_LABELS } from '~/utils/organisation-kinds.ts'
import { requirePermission } from '~/utils/permissions.server.ts'
import { can } from '~/utils/permissions.ts'
import { UPTAKE_TARGET } from '~/utils/referral-figures.ts'
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
  const [figures, lists, followUps, recipients] = await Promise.all([referralFigures({ organisationId, recipientKind }), listReferrals(user, { take: shown }), listFollowUps(user, { take: shown }), listRecipients()])
  return { shown, canRefer: can(user, 'create', 'referral'), figures, ...lists, followUps, recipients, organisations: organisations.map((o) => ({ value: o.id, label: o.name })), filter: { organisationId: organisationId ?? '', recipientKind: recipientKind ?? '' } }
}

type Data = ReturnType<typeof useLoaderData<typeof loader>>

export default function Referrals() {
  const d = useLoaderData<typeof loader>()
  useLiveTopics(['referral', 'company'])
  return (
    <Stack>
      <PageHeader
        title="Henvisninger"
        description="Erhvervshuset er knudepunktet, der henviser virksomheder videre til designøkosystemet, private rådgivere og andre offentlige aktører. Der følges op efter seks måneder. En henvisning oprettes fra et forløb."
      />
      <Figures d={d} />
      {/* Only the open tab is rendered: four lists of up to 100 rows made the page 430 kB (bench/pages.ts). */}
      <Tabs keepMounted={false} defaultValue={d.canRefer ? (d.followUps.organisation.length > 0 ? 'followups' : d.made.length > 0 ? 'made' : d.received.length > 0 ? 'received' : 'recipients') : 'received'}>
        <Tabs.List>
          <Tabs.Tab value="followups">Opfølgninger ({d.followUps.total})</Tabs.Tab>
          <Tabs.Tab value="made">Vores henvisninger ({d.totals.made})</Tabs.Tab>
          <Tabs.Tab value="received">Modtaget ({d.totals.received})</Tabs.Tab>
          <Tabs.Tab value="recipients">Modtagere</Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="followups" pt="md">
          <ReferralTable rows={d.followUps.organisation} label="Opfølgninger, der er forfaldne" empty="Ingen opfølgninger er forfaldne." />
          <ShowMore shown={d.shown} count={d.followUps.organisation.length} total={d.followUps.total} />
        </Tabs.Panel>
        <Tabs.Panel value="made" pt="md">
          <ReferralTable rows={d.made} label="Vores henvisninger" empty="Ingen henvisninger endnu. Opret en fra et forløb." />
          <ShowMore shown={d.shown} count={d.made.length} total={d.totals.made} />
        </Tabs.Panel>
        <Tabs.Panel value="received" pt="md">
          <ReferralTable rows={d.received} label="Modtagne henvisninger" empty="Ingen henvisninger er sendt til din organisation." />
          <ShowMore shown={d.shown} count={d.received.length} total={d.totals.received} />
        </Tabs.Panel>
        <Tabs.Panel value="recipients" pt="md">
          <Recipients recipients={d.recipients} />
        </Tabs.Panel>
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

function ReferralTable({ rows, label, empty }: { rows: Data['made']; label: string; empty: string }) {
  if (rows.length === 0) return <EmptyState title={empty} />
  return (
    <Table striped highlightOnHover aria-label={label}>
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
          <Table.Tr key={r.id} data-referral={r.recipient.name}>
            <Table.Td>
              <CompanyName company={r.company} link={false} />
              <Anchor component={Link} to={`/henvisninger/${r.id}`} size="xs">
                Åbn henvisningen
              </Anchor>
            </Table.Td>
            <Table.Td>
              <Text size="sm">{r.recipient.name}</Text>
              <Text size="xs" c="dimmed">
                {RECIPIENT_KIND_LABELS[r.recipient.recipientKind]} · fra {r.ownerOrganisation.name}
              </Text>
            </Table.Td>
            <Table.Td>
              <Badge variant="light">{referralLabels.states[r.state]}</Badge>
              {r.outcome ? (
                <Text size="xs" c="dimmed">
                  {OUTCOME_LABELS[r.outcome]}
                </Text>
              ) : null}
            </Table.Td>
            <Table.Td>
              {r.followUpDueAt ? (
                <Text size="sm" c={r.overdue ? 'red' : undefined} fw={r.overdue ? 700 : undefined}>
                  {formatDate(r.followUpDueAt)}
                  {r.overdue ? ' (overskredet)' : ''}
                </Text>
              ) : (
                <Text size="sm" c="dimmed">
                  –
                </Text>
              )}
            </Table.Td>
          </Table.Tr>
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
            <Table.Tr key={r.id}>
              <Table.Td fw={500}>{r.name}</Table.Td>
              <Table.Td>
                {RECIPIENT_KIND_LABELS[r.recipientKind]}
                <Text size="xs" c="dimmed">
                  {ORGANISATION_KIND_LABELS[r.kind]}
                </Text>
              </Table.Td>
              <Table.Td>
                <Text size="sm">{r.description ?? '–'}</Text>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  )
}
