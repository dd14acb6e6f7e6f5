import { Anchor, Button, Group, Paper, Stack, Table, Text, Title } from '@mantine/core'
import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { PageHeader } from '~/components/page-header.tsx'
import { exportCompany } from '~/models/company-rights.server.ts'
import { requireCompanyOwner } from '~/utils/company-access.server.ts'
import { ACTIVITY_KIND_LABELS, CONSENT_METHOD_LABELS, SEGMENT_LABELS, type ActivityKind, type ConsentMethod, type Segment } from '~/utils/company-fields.ts'
import { PURPOSE_LABELS } from '~/utils/consent-gate.ts'
import { formatDate, formatDateTime } from '~/utils/format.ts'
import { TOPICS, type Topic } from '~/utils/topics.ts'

export { RouteErrorBoundary as ErrorBoundary } from '~/components/error-page.tsx'

export const meta: MetaFunction = () => [{ title: 'Alle oplysninger om virksomheden · Knudepunkt' }]

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireCompanyOwner(request, params.id!)
  return { id: params.id!, document: await exportCompany({ actor: user, companyId: params.id! }) }
}

const STATUS = { active: 'Aktivt', revoked: 'Tilbagekaldt', expired: 'Udløbet' } as const

/** The readable version of the export, for handing to the company (print or save as PDF). */
export default function CompanyExport() {
  const { id, document: doc } = useLoaderData<typeof loader>()
  const c = doc.company
  return (
    <Stack>
      <Group justify="space-between" className="no-print">
        <Anchor component={Link} to={`/virksomheder/${id}`} size="sm">
          ← Tilbage til virksomheden
        </Anchor>
        <Group gap="xs">
          <Button variant="light" onClick={() => window.print()}>
            Udskriv
          </Button>
          <Button component="a" href={`/virksomheder/${id}/eksport.json`} download variant="light">
            Hent som JSON
          </Button>
        </Group>
      </Group>
      <PageHeader title={`Oplysninger om ${c.name}`} description={`Udtræk fra Knudepunkt ${formatDateTime(doc.exportedAt)} ved ${doc.exportedBy}.`} />
      <Section title="Virksomheden">
        <Table>
          <Table.Tbody>
            {[
              ['CVR-nummer', c.cvr],
              ['P-nummer', c.pNumber],
              ['Navn', c.name],
              ['Adresse', c.address],
              ['Branche', c.industry],
              ['Antal ansatte', c.employeeBand],
              ['Segment', SEGMENT_LABELS[c.segment as Segment]],
              ['Kommune', c.kommune],
              ['Registreret af', `${c.registeredBy}, ${formatDate(c.registeredAt)}`],
            ].map(([label, value]) => (
              <Table.Tr key={label}>
                <Table.Th w={200}>{label}</Table.Th>
                <Table.Td>{value ?? '–'}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Section>
      <Section title={`Kontaktpersoner (${doc.contacts.length})`}>
        {doc.contacts.length === 0 ? <None /> : doc.contacts.map((p) => <Text key={`${p.name}${p.addedAt}`} size="sm">{[p.name, p.role, p.email, p.phone].filter(Boolean).join(' · ')}</Text>)}
      </Section>
      <Section title={`Forløb (${doc.cases.length})`}>
        {doc.cases.length === 0 ? (
          <None />
        ) : (
          doc.cases.map((k) => (
            <Paper key={`${k.owner}${k.openedAt}`} withBorder p="sm" mb="sm">
              <Text fw={600}>{k.title ?? `Forløb hos ${k.owner}`}</Text>
              {k.detailsWithheld ? (
                <Text size="xs" c="dimmed">
                  Forløbets detaljer udleveres af {k.owner}, som ejer forløbet.
                </Text>
              ) : null}
              <Text size="xs" c="dimmed">
                {k.owner} · {k.kommune} · {k.state} · åbnet {formatDate(k.openedAt)}
                {k.closedAt ? ` · afsluttet ${formatDate(k.closedAt)}` : ''} · {k.topics.map((t) => TOPICS[t as Topic] ?? t).join(', ')}
              </Text>
              {k.activities.map((a) => (
                <Text key={`${a.date}${a.note}`} size="sm" mt={4}>
                  {formatDate(a.date)} · {ACTIVITY_KIND_LABELS[a.kind as ActivityKind] ?? a.kind} ({a.author ?? '–'}): {a.note}
                </Text>
              ))}
              {k.history.map((h) => (
                <Text key={h.at + h.event} size="xs" c="dimmed">
                  {formatDateTime(h.at)} · {h.event} · {h.by}
                </Text>
              ))}
            </Paper>
          ))
        )}
      </Section>
      <Section title={`Samtykker (${doc.consents.length})`}>
        {doc.consents.length === 0 ? (
          <None />
        ) : (
          doc.consents.map((s) => (
            <Text key={s.recordedAt} size="sm" mb={4}>
              {STATUS[s.status]}: givet af {s.givenBy} {formatDate(s.givenAt)} ({CONSENT_METHOD_LABELS[s.method as ConsentMethod] ?? s.method}) til {Array.isArray(s.scope) ? s.scope.join(', ') : s.scope} til{' '}
              {s.purposes.map((p) => PURPOSE_LABELS[p].toLowerCase()).join(', ')}, gælder til og med {formatDate(s.validThrough)}
              {s.revokedAt ? `; tilbagekaldt ${formatDate(s.revokedAt)}: ${s.revokeReason ?? ''}` : ''}.
            </Text>
          ))
        )}
      </Section>
      <Section title={`Adgangslog (${doc.accessLog.length})`}>
        {doc.accessLog.length === 0 ? (
          <None />
        ) : (
          doc.accessLog.map((a, i) => (
            <Text key={i} size="sm">
              {formatDateTime(a.at)} · {a.user ?? 'Slettet bruger'} · {a.place}
            </Text>
          ))
        )}
      </Section>
    </Stack>
  )
}

function Section({ title, children }: { title: string; children: React.ReactNode }) {
  return (
    <Paper withBorder p="md">
      <Title order={2} size="h4" mb="sm">
        {title}
      </Title>
      {children}
    </Paper>
  )
}

function None() {
  return (
    <Text size="sm" c="dimmed">
      Ingen.
    </Text>
  )
}
