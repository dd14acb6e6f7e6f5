import { parseWithZod } from '@conform-to/zod/v4'
import { Alert, Anchor, Badge, Button, Grid, Group, List, Paper, SimpleGrid, Stack, Table, Text, TextInput, Title } from '@mantine/core'
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react'
import { IconEyeOff } from '@tabler/icons-react'
import { useEffect, useState } from 'react'
import { useActionToast } from '~/components/action-toast.tsx'
import { CaseStateBadge, TopicBadges } from '~/components/company/company-bits.tsx'
import { CompanyForm } from '~/components/company/company-form.tsx'
import { ConsentForm } from '~/components/company/consent-form.tsx'
import { ConfirmButton } from '~/components/confirm-button.tsx'
import { EmptyState } from '~/components/empty-state.tsx'
import { ListCell, ListRow } from '~/components/list-table.tsx'
import { PageHeader } from '~/components/page-header.tsx'
import { useLiveTopics } from '~/components/realtime.tsx'
import { ShowMore } from '~/components/show-more.tsx'
import { listCompanyCases } from '~/models/case.server.ts'
import { eraseCompany } from '~/models/company-rights.server.ts'
import { addContact, DuplicateCvrError, getCompanyRow, ownsCompany, presentCompany, removeContact, updateCompany } from '~/models/company.server.ts'
import { AlreadyRevokedError, ConsentRejectedError, listConsentHistory, recordConsent, revokeConsent } from '~/models/consent.server.ts'
import { listKommuneOptions } from '~/models/kommune.server.ts'
import { listOrganisationOptions } from '~/models/organisation.server.ts'
import {
  CONSENT_METHOD_LABELS,
  CONSENT_STATUS_LABELS,
  CompanySchema,
  ContactSchema,
  ConsentSchema,
  EMPLOYEE_BAND_LABELS,
  RevokeSchema,
  SEGMENT_LABELS,
  type ConsentMethod,
  type EmployeeBand,
} from '~/utils/company-fields.ts'
import { gateAndLog } from '~/utils/consent-gate.server.ts'
import { PURPOSE_LABELS } from '~/utils/consent-gate.ts'
import { copenhagenDate } from '~/utils/dates.ts'
import { db } from '~/utils/db.server.ts'
import { StaleVersionError } from '~/utils/db-errors.server.ts'
import { invalid, fail, firstIssue } from '~/utils/form.server.ts'
import { formatDate, formatDateTime, formatNumber } from '~/utils/format.ts'
import { shownRows } from '~/utils/paging.ts'
import list from '~/styles/list.module.css'
import { ORGANISATION_KIND_LABELS, type OrganisationKind } from '~/utils/organisation-kinds.ts'
import { requirePermission } from '~/utils/permissions.server.ts'
import { can } from '~/utils/permissions.ts'
import { notFound, STALE_MESSAGE } from '~/utils/responses.server.ts'
import { versionField } from '~/utils/validation.ts'
import { NotFoundError } from '~/utils/workflow.server.ts'

export { RouteErrorBoundary as ErrorBoundary } from '~/components/error-page.tsx'

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data?.company.identified ? `${data.company.name} · Knudepunkt` : 'Virksomhed (anonymiseret visning) · Knudepunkt' },
]

const SCOPE_KINDS = ['ERHVERVSHUS', 'LES', 'BUSINESS_REGION', 'CLUSTER', 'DESIGN_ACTOR', 'EDUCATION', 'LABOUR_MARKET', 'EXTERNAL'] as const
const DAY = 24 * 60 * 60 * 1000

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requirePermission(request, 'view', 'case')
  const row = await getCompanyRow(params.id!)
  if (!row) notFound('Virksomheden findes ikke.')
  const decision = (await gateAndLog(user, [row.id], 'virksomhed')).get(row.id)!
  const company = presentCompany(row, decision)
  const shown = shownRows(new URL(request.url))
  const { cases, total: caseTotal, topics: caseTopics } = await listCompanyCases(user, row.id, shown)
  // Where the user came from to record consent (a referral or a case), to go back after.
  const back = new URL(request.url).searchParams.get('tilbage')
  const returnTo = back && /^\/(henvisninger|virksomheder\/forloeb)\/[\w-]+$/.test(back) ? back : null
  if (!company.identified) return { company, cases, caseTotal, caseTopics, shown, identified: null, returnTo }

  // The gate's own answer: the same rule as ownsCompany, decided on the facts it already read.
  const owner = decision.identified && decision.via === 'owner'
  const [contacts, consents, accessLog, kommuner, organisations] = await Promise.all([
    db.contactPerson.findMany({ where: { companyId: row.id }, orderBy: { createdAt: 'asc' } }),
    owner ? listConsentHistory(row.id) : Promise.resolve([]),
    owner
      ? db.consentAccess.findMany({ where: { companyId: row.id }, include: { user: { select: { name: true } } }, orderBy: { at: 'desc' }, take: 50 })
      : Promise.resolve([]),
    owner ? listKommuneOptions() : Promise.resolve([]),
    owner ? listOrganisationOptions(SCOPE_KINDS) : Promise.resolve([]),
  ])
  const now = new Date()
  const house = organisations.find((o) => o.kind === 'ERHVERVSHUS')
  const url = new URL(request.url)
  const prefill = { organisationId: url.searchParams.get('samtykke'), purpose: url.searchParams.get('formaal') }
  return {
    company,
    cases,
    caseTotal,
    shown,
    caseTopics,
    returnTo,
    identified: {
      version: row.version,
      owner,
      contacts: contacts.map((c) => ({ id: c.id, name: c.name, role: c.role, email: c.email, phone: c.phone })),
      consents,
      accessLog: accessLog.map((a) => ({ id: a.id, at: a.at, user: a.user?.name ?? 'Slettet bruger', place: a.place })),
      kommuner: kommuner.map((k) => ({ id: k.id, name: k.name })),
      organisations: organisations
        .filter((o) => !user.organisationIds.includes(o.id))
        .map((o) => ({ id: o.id, name: o.name, group: ORGANISATION_KIND_LABELS[o.kind as OrganisationKind] })),
      // A link from a referral ("?samtykke=<recipient>&formaal=REFERRAL") fills in what is missing.
      defaultOrganisationIds: prefill.organisationId && organisations.some((o) => o.id === prefill.organisationId) ? [prefill.organisationId] : house && !user.organisationIds.includes(house.id) ? [house.id] : [],
      defaultPurposes: prefill.purpose === 'REFERRAL' ? ['REFERRAL'] : ['GUIDANCE'],
      today: copenhagenDate(now),
      defaultExpiry: copenhagenDate(new Date(now.getTime() + 365 * DAY)),
      canEdit: owner && can(user, 'update', 'company'),
      canConsent: owner && can(user, 'create', 'consent'),
      canRevoke: owner && can(user, 'update', 'consent'),
      canErase: owner && can(user, 'delete', 'company'),
      canCreateCase: can(user, 'create', 'case'),
    },
  }
}


export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requirePermission(request, 'view', 'case')
  const row = await getCompanyRow(params.id!)
  if (!row || row.erasedAt) notFound('Virksomheden findes ikke.')
  if (!(await ownsCompany(user, row.id))) return fail('Kun den organisation, der har registreret virksomheden eller har forløb med den, kan ændre den.', 403)
  const formData = await request.formData()
  const intent = formData.get('intent')

  if (intent === 'consent') {
    await requirePermission(request, 'create', 'consent')
    const submission = parseWithZod(formData, { schema: ConsentSchema })
    if (submission.status !== 'success') return invalid(submission)
    try {
      await recordConsent({ actor: user, companyId: row.id, ownerOrganisationId: row.ownerOrganisation.id, input: submission.value })
      return data({ ok: true as const, message: 'Samtykket er registreret.', result: submission.reply({ resetForm: true }), recorded: true })
    } catch (error) {
      if (error instanceof ConsentRejectedError) return invalid(submission, { [error.field]: [error.message] })
      throw error
    }
  }
  if (intent === 'revoke') {
    await requirePermission(request, 'update', 'consent')
    const parsed = RevokeSchema.safeParse({ reason: formData.get('reason') ?? '' })
    if (!parsed.success) return fail(firstIssue(parsed.error))
    try {
      await revokeConsent({ actor: user, companyId: row.id, consentId: String(formData.get('consentId') ?? ''), reason: parsed.data.reason })
      return data({ ok: true as const, message: 'Samtykket er tilbagekaldt. Virksomheden er skjult for de andre organisationer.' })
    } catch (error) {
      if (error instanceof AlreadyRevokedError) return fail('Samtykket er allerede tilbagekaldt.', 409)
      if (error instanceof NotFoundError) return fail('Samtykket findes ikke.', 404)
      throw error
    }
  }
  if (intent === 'add-contact') {
    await requirePermission(request, 'update', 'company')
    const parsed = ContactSchema.safeParse(Object.fromEntries(formData))
    if (!parsed.success) return fail(firstIssue(parsed.error))
    await addContact({ actor: user, companyId: row.id, input: parsed.data })
    return data({ ok: true as const, message: 'Kontaktpersonen er tilføjet.' })
  }
  if (intent === 'remove-contact') {
    await requirePermission(request, 'update', 'company')
    try {
      await removeContact({ actor: user, companyId: row.id, contactId: String(formData.get('contactId') ?? '') })
      return data({ ok: true as const, message: 'Kontaktpersonen er fjernet.' })
    } catch (error) {
      if (error instanceof NotFoundError) return fail('Kontaktpersonen findes ikke.', 404)
      throw error
    }
  }
  if (intent === 'update') {
    await requirePermission(request, 'update', 'company')
    const submission = parseWithZod(formData, { schema: CompanySchema.extend({ version: versionField }) })
    if (submission.status !== 'success') return invalid(submission)
    const { version, ...input } = submission.value
    try {
      await updateCompany({ actor: user, id: row.id, version, input })
      return data({ ok: true as const, message: 'Stamdata er gemt.', result: submission.reply() })
    } catch (error) {
      if (error instanceof StaleVersionError) return data({ ok: false as const, message: STALE_MESSAGE, result: submission.reply({ formErrors: [STALE_MESSAGE] }) }, { status: 409 })
      if (error instanceof DuplicateCvrError) return invalid(submission, { cvr: ['En anden virksomhed har allerede dette CVR-nummer.'] })
      throw error
    }
  }
  if (intent === 'erase') {
    await requirePermission(request, 'delete', 'company')
    if (String(formData.get('confirmCvr') ?? '').replace(/\s+/g, '') !== row.cvr) return fail('Skriv virksomhedens CVR-nummer for at bekræfte sletningen.')
    await eraseCompany({ actor: user, companyId: row.id })
    return redirect('/virksomheder?slettet=1')
  }
  return fail('Ukendt handling.')
}

type LoaderData = ReturnType<typeof useLoaderData<typeof loader>>
type Identified = NonNullable<LoaderData['identified']>

export default function CompanyPage() {
  const id = useLoaderData<typeof loader>().company.id
  return <CompanyView key={id} />
}

function CompanyView() {
  const d = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  useActionToast(actionData)
  useLiveTopics([`company:${d.company.id}`, 'case'])
  const { company } = d
  return (
    <Stack>
      <Anchor component={Link} to="/virksomheder" size="sm">
        ← Virksomheder og forløb
      </Anchor>
      {company.identified && d.identified ? (
        <>
          <PageHeader
            title={company.name}
            description={`CVR ${company.cvr}${company.pNumber ? ` · P-nr. ${company.pNumber}` : ''} · ${company.kommune.name} · ${SEGMENT_LABELS[company.segment]} · registreret af ${company.ownerOrganisation.name}`}
            actions={company.via === 'consent' ? <Badge color="teal">Vist med samtykke</Badge> : <Badge>Jeres virksomhed</Badge>}
          />
          {d.returnTo ? (
            <Alert color="blue" variant="light">
              Når samtykket er registreret:{' '}
              <Anchor component={Link} to={d.returnTo}>
                {d.returnTo.startsWith('/henvisninger') ? 'Tilbage til henvisningen' : 'Tilbage til forløbet'}
              </Anchor>
            </Alert>
          ) : null}
          {company.via === 'consent' ? (
            <Alert color="teal" variant="light">
              Virksomheden har givet samtykke til, at din organisation ser dens oplysninger. Visningen er skrevet i virksomhedens adgangslog.
            </Alert>
          ) : null}
          <IdentifiedCompany d={d.identified} company={company} cases={d.cases} caseTotal={d.caseTotal} actionData={actionData} />
        </>
      ) : (
        <AnonymousCompany company={company} cases={d.cases} caseTotal={d.caseTotal} topics={d.caseTopics} />
      )}
    </Stack>
  )
}

function AnonymousCompany({ company, cases, caseTotal, topics }: { company: LoaderData['company']; cases: LoaderData['cases']; caseTotal: number; topics: LoaderData['caseTopics'] }) {
  return (
    <>
      <PageHeader title={company.erased ? 'Slettet virksomhed' : `Virksomhed i ${company.kommune.name}`} actions={<Badge color="gray" leftSection={<IconEyeOff size={12} />}>Anonymiseret visning</Badge>} />
      <Alert color="gray" variant="light" title="Anonymiseret visning">
        {company.erased
          ? 'Virksomheden er slettet efter anmodning. Kun statistikken er bevaret.'
          : 'Virksomheden har ikke givet samtykke til at dele sine oplysninger med din organisation. Du ser kun kommune, segment, emner, datoer og antal, så I kan holde hinanden orienteret.'}
      </Alert>
      <Paper withBorder p="md">
        <SimpleGrid cols={{ base: 2, sm: 4 }}>
          <Fact label="Kommune" value={company.kommune.name} />
          <Fact label="Segment" value={SEGMENT_LABELS[company.segment]} />
          <Fact label="Registreret" value={formatDate(company.registeredAt)} />
          <Fact label="Forløb" value={formatNumber(caseTotal)} />
        </SimpleGrid>
        {topics.length > 0 ? (
          <Stack gap={4} mt="md">
            <Text size="sm" fw={600}>
              Emner
            </Text>
            <TopicBadges topics={topics} />
          </Stack>
        ) : null}
      </Paper>
      <CaseList cases={cases} total={caseTotal} />
    </>
  )
}

function Fact({ label, value }: { label: string; value: string }) {
  return (
    <div>
      <Text size="xs" c="dimmed">
        {label}
      </Text>
      <Text size="sm">{value}</Text>
    </div>
  )
}

/** The company's newest cases; when there are more than the page shows, it says so. */
function CaseList({ cases, total, companyId, canCreate }: { cases: LoaderData['cases']; total: number; companyId?: string; canCreate?: boolean }) {
  const { shown } = useLoaderData<typeof loader>()
  return (
    <Paper withBorder p="md">
      <Group justify="space-between" mb="sm">
        <Title order={2} size="h4">
          Forløb
        </Title>
        {canCreate && companyId ? (
          <Button component={Link} to={`/virksomheder/forloeb/ny?virksomhed=${companyId}`} size="xs">
            Nyt forløb
          </Button>
        ) : null}
      </Group>
      {cases.length === 0 ? (
        <Text size="sm" c="dimmed">
          Ingen forløb endnu.
        </Text>
      ) : (
        <Table.ScrollContainer minWidth={560}>
          <Table striped aria-label="Forløb">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Forløb</Table.Th>
                <Table.Th>Ejer</Table.Th>
                <Table.Th>Emner</Table.Th>
                <Table.Th>Status</Table.Th>
                <Table.Th>Åbnet</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {cases.map((c) => (
                <ListRow striped key={c.id}>
                  <ListCell>
                    <Link to={`/virksomheder/forloeb/${c.id}`} className={list.link}>
                      {c.title ?? `Forløb i ${c.kommune.name}`}
                    </Link>
                  </ListCell>
                  <ListCell>{c.ownerOrganisation.name}</ListCell>
                  <ListCell>
                    <TopicBadges topics={c.topics} />
                  </ListCell>
                  <ListCell>
                    <CaseStateBadge state={c.state} />
                  </ListCell>
                  <ListCell>{formatDate(c.openedAt)}</ListCell>
                </ListRow>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      <ShowMore shown={shown} count={cases.length} total={total} />
    </Paper>
  )
}

type ActionData = ReturnType<typeof useActionData<typeof action>>

function IdentifiedCompany({ d, company, cases, caseTotal, actionData }: { d: Identified; company: Extract<LoaderData['company'], { identified: true }>; cases: LoaderData['cases']; caseTotal: number; actionData: ActionData }) {
  const [editing, setEditing] = useState(false)
  const formResult = actionData && 'result' in actionData ? actionData.result : undefined
  return (
    <Grid gutter="lg">
      <Grid.Col span={{ base: 12, md: 7 }}>
        <Stack>
          <Paper withBorder p="md">
            <Group justify="space-between" mb="sm">
              <Title order={2} size="h4">
                Stamdata
              </Title>
              {d.canEdit ? (
                <Button size="xs" variant="light" onClick={() => setEditing((v) => !v)}>
                  {editing ? 'Luk' : 'Ret stamdata'}
                </Button>
              ) : null}
            </Group>
            {editing ? (
              <CompanyForm
                kommuner={d.kommuner}
                intent="update"
                version={d.version}
                lastResult={formResult}
                submitLabel="Gem"
                defaults={{
                  name: company.name,
                  cvr: company.cvr,
                  pNumber: company.pNumber ?? '',
                  address: company.address ?? '',
                  industry: company.industry ?? '',
                  kommuneId: company.kommune.id,
                  segment: company.segment,
                  employeeBand: (company.employeeBand as EmployeeBand | null) ?? undefined,
                }}
              />
            ) : (
              <SimpleGrid cols={{ base: 1, sm: 2 }}>
                <Fact label="Adresse" value={company.address ?? '–'} />
                <Fact label="Branche" value={company.industry ?? '–'} />
                <Fact label="Antal ansatte" value={company.employeeBand ? EMPLOYEE_BAND_LABELS[company.employeeBand as EmployeeBand] : '–'} />
                <Fact label="Registreret" value={formatDate(company.registeredAt)} />
              </SimpleGrid>
            )}
          </Paper>
          <Contacts contacts={d.contacts} canEdit={d.canEdit} />
          <CaseList cases={cases} total={caseTotal} companyId={company.id} canCreate={d.canCreateCase} />
        </Stack>
      </Grid.Col>
      <Grid.Col span={{ base: 12, md: 5 }}>
        <Stack>
          {d.owner ? <Consents d={d} lastResult={formResult} recorded={actionData && 'recorded' in actionData ? actionData : null} /> : null}
          {d.owner ? <Rights companyId={company.id} cvr={company.cvr} canErase={d.canErase} /> : null}
          {d.owner ? <AccessLog entries={d.accessLog} /> : null}
        </Stack>
      </Grid.Col>
    </Grid>
  )
}

function Contacts({ contacts, canEdit }: { contacts: Identified['contacts']; canEdit: boolean }) {
  const navigation = useNavigation()
  return (
    <Paper withBorder p="md">
      <Title order={2} size="h4" mb="sm">
        Kontaktpersoner
      </Title>
      {contacts.length === 0 ? (
        <Text size="sm" c="dimmed">
          Ingen kontaktpersoner endnu.
        </Text>
      ) : (
        <List spacing="xs" listStyleType="none" aria-label="Kontaktpersoner">
          {contacts.map((c) => (
            <List.Item key={c.id}>
              <Group justify="space-between" wrap="nowrap">
                <div>
                  <Text size="sm" fw={600}>
                    {c.name}
                    {c.role ? `, ${c.role}` : ''}
                  </Text>
                  <Text size="xs" c="dimmed">
                    {[c.email, c.phone].filter(Boolean).join(' · ') || 'Ingen kontaktoplysninger'}
                  </Text>
                </div>
                {canEdit ? (
                  <ConfirmButton
                    label="Fjern"
                    size="xs"
                    title="Fjern kontaktperson"
                    message={`${c.name} fjernes fra virksomheden.`}
                    confirmLabel="Fjern"
                    fields={{ intent: 'remove-contact', contactId: c.id }}
                  />
                ) : null}
              </Group>
            </List.Item>
          ))}
        </List>
      )}
      {canEdit ? (
        <Form method="post" key={contacts.length}>
          <input type="hidden" name="intent" value="add-contact" />
          <SimpleGrid cols={{ base: 1, sm: 2 }} mt="md">
            <TextInput name="name" label="Navn" required maxLength={200} />
            <TextInput name="role" label="Stilling" maxLength={200} />
            <TextInput name="email" type="email" label="E-mail" maxLength={254} />
            <TextInput name="phone" type="tel" label="Telefon" maxLength={30} />
          </SimpleGrid>
          <Button type="submit" variant="light" mt="sm" size="xs" loading={navigation.state === 'submitting' && navigation.formData?.get('intent') === 'add-contact'}>
            Tilføj kontaktperson
          </Button>
        </Form>
      ) : null}
    </Paper>
  )
}

function Consents({ d, lastResult, recorded }: { d: Identified; lastResult: Parameters<typeof ConsentForm>[0]['lastResult']; recorded: object | null }) {
  const [open, setOpen] = useState(false)
  // A recorded consent closes the form; the new consent shows in the history below.
  useEffect(() => {
    if (recorded) setOpen(false)
  }, [recorded])
  // Links from elsewhere ("Registrér samtykke" on a case) open the form.
  useEffect(() => {
    if (window.location.hash === '#registrer-samtykke') setOpen(true)
  }, [])
  const active = d.consents.filter((c) => c.status === 'active')
  return (
    <Paper withBorder p="md" id="registrer-samtykke">
      <Group justify="space-between" mb="sm">
        <Title order={2} size="h4">
          Samtykke
        </Title>
        {d.canConsent ? (
          <Button size="xs" onClick={() => setOpen((v) => !v)} variant={open ? 'default' : 'filled'}>
            {open ? 'Luk' : 'Registrér samtykke'}
          </Button>
        ) : null}
      </Group>
      {active.length === 0 ? (
        <Alert color="yellow" variant="light" mb="sm">
          Intet aktivt samtykke. Virksomhedens oplysninger deles ikke med andre organisationer.
        </Alert>
      ) : null}
      {open && d.canConsent ? (
        <Paper withBorder p="sm" mb="md">
          <ConsentForm organisations={d.organisations} defaultOrganisationIds={d.defaultOrganisationIds} defaultPurposes={d.defaultPurposes} today={d.today} defaultExpiry={d.defaultExpiry} lastResult={lastResult} />
        </Paper>
      ) : null}
      <Stack gap="sm" role="region" aria-label="Samtykkehistorik">
        {d.consents.map((c) => (
          <Paper key={c.id} withBorder p="sm" data-consent-status={c.status}>
            <Group justify="space-between" align="flex-start">
              <div style={{ flex: '1 1 14rem' }}>
                <Group gap={6}>
                  <Badge color={c.status === 'active' ? 'teal' : c.status === 'revoked' ? 'red' : 'gray'} variant="light">
                    {CONSENT_STATUS_LABELS[c.status]}
                  </Badge>
                  <Text size="sm" fw={600}>
                    {c.allPartners ? 'Alle partnere' : c.organisations.map((o) => o.name).join(', ')}
                  </Text>
                </Group>
                <Text size="xs" mt={4}>
                  {c.purposes.map((p) => PURPOSE_LABELS[p]).join(', ')} · gælder til og med {formatDate(c.validThrough)}
                </Text>
                <Text size="xs" c="dimmed">
                  Givet af {c.givenByName}
                  {c.givenByRole ? ` (${c.givenByRole})` : ''} {formatDate(c.givenAt)}, {CONSENT_METHOD_LABELS[c.method as ConsentMethod].toLowerCase()}
                  {c.methodNote ? `: ${c.methodNote}` : ''}. Registreret af {c.recordedBy ?? '–'} {formatDateTime(c.createdAt)}.
                </Text>
                {c.revokedAt ? (
                  <Text size="xs" c="red">
                    Tilbagekaldt {formatDateTime(c.revokedAt)} af {c.revokedBy ?? '–'}: {c.revokeReason}
                  </Text>
                ) : null}
              </div>
              {c.status === 'active' && d.canRevoke ? (
                <ConfirmButton
                  label="Tilbagekald"
                  size="xs"
                  title="Tilbagekald samtykke"
                  message="Virksomheden skjules straks for de organisationer, samtykket omfatter, også i åbne browsere."
                  confirmLabel="Tilbagekald"
                  reasonLabel="Begrundelse"
                  fields={{ intent: 'revoke', consentId: c.id }}
                />
              ) : null}
            </Group>
          </Paper>
        ))}
      </Stack>
    </Paper>
  )
}

function Rights({ companyId, cvr, canErase }: { companyId: string; cvr: string; canErase: boolean }) {
  return (
    <Paper withBorder p="md">
      <Title order={2} size="h4" mb="xs">
        Virksomhedens rettigheder
      </Title>
      <Text size="sm" c="dimmed" mb="sm">
        Udlevering af alt, hvad der er registreret om virksomheden, og sletning på virksomhedens anmodning.
      </Text>
      <Group gap="xs">
        <Button component={Link} to={`/virksomheder/${companyId}/eksport`} variant="light" size="xs">
          Vis alle oplysninger
        </Button>
        <Button component="a" href={`/virksomheder/${companyId}/eksport.json`} variant="light" size="xs" download>
          Hent som JSON
        </Button>
        {canErase ? <EraseButton cvr={cvr} /> : null}
      </Group>
    </Paper>
  )
}

function EraseButton({ cvr }: { cvr: string }) {
  const [typed, setTyped] = useState('')
  const [open, setOpen] = useState(false)
  if (!open) {
    return (
      <Button color="red" variant="light" size="xs" onClick={() => setOpen(true)}>
        Slet virksomheden
      </Button>
    )
  }
  return (
    <Form method="post" style={{ width: '100%' }}>
      <input type="hidden" name="intent" value="erase" />
      <Alert color="red" variant="light" title="Slet virksomheden" mt="sm">
        <Stack gap="xs">
          <Text size="sm">Navn, CVR, adresse, kontaktpersoner, noter og samtykkegivere fjernes for altid. Kommune, segment, emner, datoer og antal bevares til statistikken.</Text>
          <TextInput name="confirmCvr" label={`Skriv CVR-nummeret (${cvr}) for at bekræfte`} value={typed} onChange={(e) => setTyped(e.currentTarget.value)} autoComplete="off" />
          <Group>
            <Button variant="default" size="xs" onClick={() => setOpen(false)}>
              Annuller
            </Button>
            <Button type="submit" color="red" size="xs" disabled={typed.replace(/\s+/g, '') !== cvr}>
              Slet for altid
            </Button>
          </Group>
        </Stack>
      </Alert>
    </Form>
  )
}

const PLACE_LABELS: Record<string, string> = { virksomhed: 'Virksomhedssiden', forløb: 'Et forløb', søgning: 'Søgning', oversigt: 'Oversigten', eksport: 'Eksport', samtykker: 'Samtykkelisten', henvisning: 'En henvisning' }

function AccessLog({ entries }: { entries: Identified['accessLog'] }) {
  return (
    <Paper withBorder p="md">
      <Title order={2} size="h4" mb="xs">
        Adgangslog
      </Title>
      <Text size="xs" c="dimmed" mb="sm">
        Hver gang en anden organisation har set virksomhedens oplysninger via samtykke.
      </Text>
      {entries.length === 0 ? (
        <EmptyState title="Ingen visninger via samtykke endnu" />
      ) : (
        <Table aria-label="Adgangslog" fz="xs">
          <Table.Tbody>
            {entries.map((e) => (
              <ListRow key={e.id}>
                <ListCell>{formatDateTime(e.at)}</ListCell>
                <ListCell>{e.user}</ListCell>
                <ListCell>{PLACE_LABELS[e.place] ?? e.place}</ListCell>
              </ListRow>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </Paper>
  )
}
