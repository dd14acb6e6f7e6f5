import { Alert, Anchor, Badge, Button, Grid, Group, List, NativeSelect, Paper, SimpleGrid, Stack, Text, Textarea, TextInput, Title } from '@mantine/core'
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react'
import { IconEyeOff } from '@tabler/icons-react'
import { useActionToast } from '~/components/action-toast.tsx'
import { CaseStateBadge, CompanyName, TopicBadges } from '~/components/company/company-bits.tsx'
import { PageHeader } from '~/components/page-header.tsx'
import { ProcessMap, useSettling } from '~/components/process-map.tsx'
import { useLiveTopics } from '~/components/realtime.tsx'
import {
  ActivityRejectedError,
  addActivity,
  CASE_EVENTS,
  caseProcess,
  getCasePage,
  getCaseRow,
  MissingConsentError,
  mayWorkOnCase,
  saveNextStep,
  transitionCase,
} from '~/models/case.server.ts'
import { ACTIVITY_KIND_LABELS, ACTIVITY_KINDS, CASE_FORM_LABELS } from '~/utils/company-fields.ts'
import { gateCompanies } from '~/utils/consent-gate.server.ts'
import { copenhagenDate } from '~/utils/dates.ts'
import { db } from '~/utils/db.server.ts'
import { StaleVersionError } from '~/utils/db-errors.server.ts'
import { fail, firstIssue } from '~/utils/form.server.ts'
import { formatDate } from '~/utils/format.ts'
import { requirePermission } from '~/utils/permissions.server.ts'
import { can } from '~/utils/permissions.ts'
import { notFound, STALE_MESSAGE } from '~/utils/responses.server.ts'
import { versionField, z } from '~/utils/validation.ts'
import { allowedEvents, ForbiddenTransitionError } from '~/utils/workflow.server.ts'
import { replyToTransitionError } from '~/utils/workflow-responses.server.ts'
import { caseLabels, caseMachine } from '../../machines/case.machine.ts'
import { referralLabels } from '../../machines/referral.machine.ts'

export { RouteErrorBoundary as ErrorBoundary } from '~/components/error-page.tsx'

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.details ? `${data.details.title} · Knudepunkt` : 'Forløb · Knudepunkt' }]

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requirePermission(request, 'view', 'case')
  const [page, row] = await Promise.all([getCasePage(user, params.id!), getCaseRow(params.id!)])
  if (!page || !row) notFound('Forløbet findes ikke.')
  const canWork = page.details !== null && mayWorkOnCase(user, row)
  const mayHandOver = page.details !== null && caseProcess.authorize(user, row, { type: 'HAND_OVER', missingConsent: [], ownedByErhvervshus: false })
  const handOverBlocked = mayHandOver && !row.ownerIsErhvervshus && ['open', 'inProgress'].includes(row.state) && row.missingConsent.length > 0
  const referrals = page.details
    ? await db.referral.findMany({ where: { caseId: row.id }, select: { id: true, state: true, recipient: { select: { name: true } }, createdAt: true }, orderBy: { createdAt: 'desc' } })
    : []
  return {
    ...page,
    referrals,
    canRefer: page.details !== null && row.state !== 'closed' && can(user, 'create', 'referral', { organisationIds: [page.ownerOrganisation.id] }),
    allowed: page.details ? allowedEvents(caseProcess, row, user) : [],
    canWork,
    missingConsent: handOverBlocked ? page.companies.filter((c) => row.missingConsent.includes(c.id)) : [],
    today: copenhagenDate(new Date()),
  }
}

const TransitionSchema = z.object({
  event: z.enum(CASE_EVENTS, { error: 'Ukendt skridt.' }),
  version: versionField,
  reason: z.string().trim().max(2000, { error: 'Begrundelsen må højst være 2000 tegn.' }).optional(),
})
const ActivitySchema = z.object({
  kind: z.enum(ACTIVITY_KINDS, { error: 'Vælg en type.' }),
  date: z.iso.date({ error: 'Vælg en dato.' }),
  note: z.string().trim().min(1, { error: 'Skriv et notat.' }).max(4000, { error: 'Notatet må højst være 4000 tegn.' }),
})
const NextStepSchema = z.object({
  version: versionField,
  nextStep: z.string().trim().max(300, { error: 'Næste skridt må højst være 300 tegn.' }).default(''),
  nextStepDue: z.union([z.iso.date({ error: 'Vælg en gyldig dato.' }), z.literal('')]).default(''),
})


async function missingConsentMessage(user: Awaited<ReturnType<typeof requirePermission>>, companyIds: string[]) {
  const decisions = await gateCompanies(user, companyIds, 'GUIDANCE')
  const rows = await db.company.findMany({ where: { id: { in: companyIds } }, select: { id: true, name: true } })
  const names = rows.map((r) => (decisions.get(r.id)?.identified ? r.name : null) ?? 'en virksomhed')
  return {
    message: `Forløbet kan ikke overdrages til Erhvervshuset: ${names.join(', ')} mangler et samtykke, der omfatter Erhvervshuset til fælles vejledning. Registrér samtykket på virksomhedens side.`,
    links: rows.filter((r) => decisions.get(r.id)?.identified).map((r) => `/virksomheder/${r.id}`),
  }
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requirePermission(request, 'view', 'case')
  const row = await getCaseRow(params.id!)
  if (!row) notFound('Forløbet findes ikke.')
  const formData = await request.formData()
  const intent = formData.get('intent')
  const fields = Object.fromEntries(formData)

  if (intent === 'transition') {
    const parsed = TransitionSchema.safeParse(fields)
    if (!parsed.success) return fail(firstIssue(parsed.error))
    try {
      await transitionCase({ id: row.id, type: parsed.data.event, reason: parsed.data.reason, expectedVersion: parsed.data.version, actor: user })
      return data({ ok: true, message: `${caseLabels.events[parsed.data.event]?.label ?? parsed.data.event}: udført.` })
    } catch (error) {
      if (error instanceof MissingConsentError) {
        const { message, links } = await missingConsentMessage(user, error.companyIds)
        return data({ ok: false, message, links }, { status: 409 })
      }
      return replyToTransitionError(error, caseLabels)
    }
  }
  if (!mayWorkOnCase(user, row)) return fail('Kun den organisation, der ejer forløbet, kan arbejde i det.', 403)
  if (intent === 'activity') {
    const parsed = ActivitySchema.safeParse(fields)
    if (!parsed.success) return fail(firstIssue(parsed.error))
    try {
      await addActivity({ actor: user, caseId: row.id, ...parsed.data })
      return data({ ok: true, message: 'Aktiviteten er tilføjet.' })
    } catch (error) {
      if (error instanceof ActivityRejectedError) return fail(error.message, 409)
      if (error instanceof ForbiddenTransitionError) return fail('Du kan ikke tilføje aktiviteter til dette forløb.', 403)
      throw error
    }
  }
  if (intent === 'next-step') {
    const parsed = NextStepSchema.safeParse(fields)
    if (!parsed.success) return fail(firstIssue(parsed.error))
    try {
      await saveNextStep({ actor: user, caseId: row.id, ...parsed.data })
      return data({ ok: true, message: 'Næste skridt er gemt.' })
    } catch (error) {
      if (error instanceof StaleVersionError) return fail(STALE_MESSAGE, 409)
      throw error
    }
  }
  return fail('Ukendt handling.')
}

export default function CasePage() {
  const id = useLoaderData<typeof loader>().id
  return <CaseView key={id} />
}

type Data = ReturnType<typeof useLoaderData<typeof loader>>

function CaseView() {
  const d = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  useActionToast(actionData)
  useLiveTopics([`case:${d.id}`, ...d.companies.map((c) => `company:${c.id}`)])
  return (
    <Stack>
      <Anchor component={Link} to="/virksomheder" size="sm">
        ← Virksomheder og forløb
      </Anchor>
      <PageHeader
        title={d.details?.title ?? `Forløb i ${d.kommune.name}`}
        description={`${d.ownerOrganisation.name} · ${CASE_FORM_LABELS[d.form]} · ${d.kommune.name} · åbnet ${formatDate(d.openedAt)}${d.closedAt ? ` · afsluttet ${formatDate(d.closedAt)}` : ''}`}
        actions={<CaseStateBadge state={d.state} />}
      />
      {d.details ? null : (
        <Alert color="gray" variant="light" icon={<IconEyeOff size={18} />} title="Anonymiseret visning">
          Forløbets detaljer deles kun med den organisation, der ejer det, og med dem, virksomheden har givet samtykke til. Du ser kommune, emner, datoer og antal.
        </Alert>
      )}
      <Paper withBorder p="md">
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <div>
            <Text size="sm" fw={600} mb={4}>
              {d.companies.length === 1 ? 'Virksomhed' : `Virksomheder (${d.companies.length})`}
            </Text>
            <Stack gap={4} role="region" aria-label="Virksomheder i forløbet">
              {d.companies.map((company) => (
                <CompanyName key={company.id} company={company} />
              ))}
            </Stack>
          </div>
          <div>
            <Text size="sm" fw={600} mb={4}>
              Emner
            </Text>
            {d.topics.length > 0 ? <TopicBadges topics={d.topics} /> : <Text size="sm" c="dimmed">Ingen emner valgt.</Text>}
            <Text size="sm" mt="xs" c="dimmed">
              {d.activityCount} {d.activityCount === 1 ? 'aktivitet' : 'aktiviteter'}
            </Text>
          </div>
        </SimpleGrid>
      </Paper>
      {d.missingConsent.length > 0 ? <MissingConsent companies={d.missingConsent} caseId={d.id} /> : null}
      {d.details ? (
        <>
          <ProcessMap machine={caseMachine} labels={caseLabels} current={d.state} allowed={d.allowed} version={d.version} history={d.details.history} />
          <Grid gutter="lg">
            <Grid.Col span={{ base: 12, md: 7 }}>
              <Timeline activities={d.details.activities} canWork={d.canWork && d.state !== 'closed'} today={d.today} />
            </Grid.Col>
            <Grid.Col span={{ base: 12, md: 5 }}>
              <Stack>
                <NextStep details={d.details} version={d.version} canWork={d.canWork} />
                <CaseReferrals referrals={d.referrals} caseId={d.id} canRefer={d.canRefer} />
              </Stack>
            </Grid.Col>
          </Grid>
        </>
      ) : null}
    </Stack>
  )
}

function CaseReferrals({ referrals, caseId, canRefer }: { referrals: Data['referrals']; caseId: string; canRefer: boolean }) {
  return (
    <Paper withBorder p="md">
      <Group justify="space-between" mb="sm">
        <Title order={2} size="h4">
          Henvisninger
        </Title>
        {canRefer ? (
          <Button component={Link} to={`/henvisninger/ny?forloeb=${caseId}`} size="xs">
            Henvis virksomheden
          </Button>
        ) : null}
      </Group>
      {referrals.length === 0 ? (
        <Text size="sm" c="dimmed">
          Ingen henvisninger fra dette forløb.
        </Text>
      ) : (
        <List size="sm">
          {referrals.map((r) => (
            <List.Item key={r.id}>
              <Anchor component={Link} to={`/henvisninger/${r.id}`}>
                {r.recipient.name}
              </Anchor>{' '}
              · {referralLabels.states[r.state]}
            </List.Item>
          ))}
        </List>
      )}
    </Paper>
  )
}

function MissingConsent({ companies, caseId }: { companies: Data['companies']; caseId: string }) {
  return (
    <Alert color="yellow" variant="light" title="Overdragelse til Erhvervshuset kræver samtykke">
      <Text size="sm">Før forløbet kan overdrages, skal disse virksomheder give samtykke, der omfatter Erhvervshuset til fælles vejledning:</Text>
      <List size="sm" mt={4}>
        {companies.map((company) => (
          <List.Item key={company.id}>
            {company.identified ? company.name : 'En virksomhed'}{' '}
            <Anchor component={Link} to={`/virksomheder/${company.id}?tilbage=${encodeURIComponent(`/virksomheder/forloeb/${caseId}`)}#registrer-samtykke`}>
              Registrér samtykke
            </Anchor>
          </List.Item>
        ))}
      </List>
    </Alert>
  )
}

function Timeline({ activities, canWork, today }: { activities: NonNullable<Data['details']>['activities']; canWork: boolean; today: string }) {
  const navigation = useNavigation()
  return (
    <Paper withBorder p="md">
      <Title order={2} size="h4" mb="sm">
        Aktiviteter
      </Title>
      {canWork ? (
        <Form method="post" key={activities.length}>
          <input type="hidden" name="intent" value="activity" />
          <Group align="flex-end" gap="xs" grow>
            <NativeSelect name="kind" label="Type" data={ACTIVITY_KINDS.map((k) => ({ value: k, label: ACTIVITY_KIND_LABELS[k] }))} />
            <TextInput name="date" type="date" label="Dato" defaultValue={today} max={today} required />
          </Group>
          <Textarea name="note" label="Notat" required maxLength={4000} autosize minRows={2} mt="xs" />
          <Button type="submit" mt="xs" size="xs" loading={navigation.state === 'submitting' && navigation.formData?.get('intent') === 'activity'}>
            Tilføj aktivitet
          </Button>
        </Form>
      ) : null}
      {activities.length === 0 ? (
        <Text size="sm" c="dimmed" mt="sm">
          Ingen aktiviteter endnu.
        </Text>
      ) : (
        <Stack gap="sm" mt="md" aria-label="Aktiviteter">
          {activities.map((a) => (
            <div key={a.id}>
              <Group gap={6}>
                <Badge size="sm" variant="light">
                  {ACTIVITY_KIND_LABELS[a.kind]}
                </Badge>
                <Text size="xs" c="dimmed">
                  {formatDate(a.date)} · {a.author ?? '–'}
                </Text>
              </Group>
              <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
                {a.note}
              </Text>
            </div>
          ))}
        </Stack>
      )}
    </Paper>
  )
}

function NextStep({ details, version, canWork }: { details: NonNullable<Data['details']>; version: number; canWork: boolean }) {
  const settling = useSettling()
  const due = details.nextStepDue ? copenhagenDate(new Date(details.nextStepDue)) : ''
  return (
    <Paper withBorder p="md">
      <Title order={2} size="h4" mb="sm">
        Næste skridt
      </Title>
      {canWork ? (
        <Form method="post" key={`${version}`}>
          <input type="hidden" name="intent" value="next-step" />
          <input type="hidden" name="version" value={version} />
          <TextInput name="nextStep" label="Hvad" defaultValue={details.nextStep ?? ''} maxLength={300} />
          <TextInput name="nextStepDue" type="date" label="Senest" defaultValue={due} mt="xs" />
          <Button type="submit" variant="light" size="xs" mt="xs" disabled={settling}>
            Gem næste skridt
          </Button>
        </Form>
      ) : details.nextStep ? (
        <Text size="sm">
          {details.nextStep}
          {due ? ` · senest ${formatDate(details.nextStepDue!)}` : ''}
        </Text>
      ) : (
        <Text size="sm" c="dimmed">
          Intet næste skridt.
        </Text>
      )}
    </Paper>
  )
}
