import { Alert, Anchor, Badge, Button, Grid, Group, Paper, Radio, Stack, Text, Textarea, Title } from '@mantine/core'
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import { IconEyeOff } from '@tabler/icons-react'
import { useActionToast } from '~/components/action-toast.tsx'
import { CompanyName } from '~/components/company/company-bits.tsx'
import { PageHeader } from '~/components/page-header.tsx'
import { ProcessMap, useSettling } from '~/components/process-map.tsx'
import { useLiveTopics } from '~/components/realtime.tsx'
import {
  acknowledgeReferral,
  getReferralPage,
  getReferralRow,
  MissingReferralConsentError,
  REFERRAL_EVENTS,
  ReferralRefusedError,
  referralProcess,
  transitionReferral,
} from '~/models/referral.server.ts'
import { fail, firstIssue } from '~/utils/form.server.ts'
import { RECIPIENT_KIND_LABELS } from '~/utils/referral-fields.ts'
import { formatDate } from '~/utils/format.ts'
import { requirePermission } from '~/utils/permissions.server.ts'
import { can, widestScope } from '~/utils/permissions.ts'
import { listProcessHistory } from '~/utils/process-history.server.ts'
import { notFound } from '~/utils/responses.server.ts'
import { versionField, z } from '~/utils/validation.ts'
import { allowedEvents, NotFoundError } from '~/utils/workflow.server.ts'
import { replyToTransitionError } from '~/utils/workflow-responses.server.ts'
import { OUTCOME_LABELS, OUTCOMES, referralLabels, referralMachine } from '../../machines/referral.machine.ts'

export { RouteErrorBoundary as ErrorBoundary } from '~/components/error-page.tsx'

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data ? `Henvisning til ${data.referral.recipient.name} · Knudepunkt` : 'Henvisning · Knudepunkt' }]

async function load(request: Request, id: string) {
  const user = await requirePermission(request, 'view', 'referral')
  const [referral, row] = await Promise.all([getReferralPage(user, id), getReferralRow(id)])
  if (!referral || !row) notFound('Henvisningen findes ikke.')
  // A recipient's users see only what was sent to their own organisation.
  if (widestScope(user, 'view', 'referral') !== 'any' && (!user.organisationIds.includes(referral.recipient.id) || referral.sentAt === null)) notFound('Henvisningen findes ikke.')
  return { user, referral, row }
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user, referral, row } = await load(request, params.id!)
  const owner = referralProcess.authorize(user, row, { type: 'CANCEL', reason: 'x' })
  const allowed = referral.details ? allowedEvents(referralProcess, row, user) : []
  return {
    referral,
    history: referral.details ? await listProcessHistory({ entityType: 'referral', entityId: referral.id, labels: referralLabels }) : [],
    allowed: allowed.filter((e) => e !== 'RECORD_OUTCOME'),
    canRecordOutcome: allowed.includes('RECORD_OUTCOME'),
    missingConsent: owner && row.state === 'draft' && !row.consentCovers,
    canAcknowledge: can(user, 'update', 'referral', { organisationIds: [referral.recipient.id] }) && user.organisationIds.includes(referral.recipient.id) && referral.sentAt !== null && referral.acknowledgedAt === null && referral.state !== 'cancelled',
  }
}

const TransitionSchema = z.object({
  event: z.enum(REFERRAL_EVENTS, { error: 'Ukendt skridt.' }),
  version: versionField,
  reason: z.string().trim().max(2000, { error: 'Begrundelsen må højst være 2000 tegn.' }).optional(),
  outcome: z.enum(OUTCOMES, { error: 'Vælg virksomhedens svar.' }).optional(),
  note: z.string().trim().max(2000, { error: 'Noten må højst være 2000 tegn.' }).optional(),
})

export async function action({ request, params }: ActionFunctionArgs) {
  const { user, referral } = await load(request, params.id!)
  const fields = Object.fromEntries(await request.formData())
  if (fields.intent === 'acknowledge') {
    try {
      await acknowledgeReferral({ actor: user, id: referral.id })
      return data({ ok: true, message: 'Der er kvitteret for henvisningen.' })
    } catch (error) {
      if (error instanceof ReferralRefusedError) return fail(error.message, 409)
      throw error
    }
  }
  if (fields.intent !== 'transition') return fail('Ukendt handling.')
  const parsed = TransitionSchema.safeParse(fields)
  if (!parsed.success) return fail(firstIssue(parsed.error))
  if (parsed.data.event === 'RECORD_OUTCOME' && !parsed.data.outcome) return fail('Vælg virksomhedens svar.')
  try {
    await transitionReferral({ id: referral.id, type: parsed.data.event, outcome: parsed.data.outcome, note: parsed.data.note, reason: parsed.data.reason, expectedVersion: parsed.data.version, actor: user })
    return data({ ok: true, message: `${referralLabels.events[parsed.data.event]?.label ?? parsed.data.event}: udført.` })
  } catch (error) {
    if (error instanceof MissingReferralConsentError) {
      return fail(`Henvisningen kan ikke sendes: virksomheden har ikke givet samtykke til henvisning til ${error.recipientName}. Registrér samtykket på virksomhedens side.`, 409)
    }
    if (error instanceof NotFoundError) return fail('Henvisningen findes ikke.', 404)
    return replyToTransitionError(error, referralLabels)
  }
}

export default function ReferralPage() {
  const id = useLoaderData<typeof loader>().referral.id
  return <ReferralView key={id} />
}

function ReferralView() {
  const d = useLoaderData<typeof loader>()
  useActionToast(useActionData<typeof action>())
  useLiveTopics([`referral:${d.referral.id}`, `company:${d.referral.company.id}`])
  const r = d.referral
  return (
    <Stack>
      <Anchor component={Link} to="/henvisninger" size="sm">
        ← Henvisninger
      </Anchor>
      <PageHeader
        title={`Henvisning til ${r.recipient.name}`}
        description={`${RECIPIENT_KIND_LABELS[r.recipient.recipientKind]} · fra ${r.ownerOrganisation.name}${r.owner ? ` (${r.owner.name})` : ''}${r.sentAt ? ` · sendt ${formatDate(r.sentAt)}` : ''}`}
        actions={
          <Group gap="xs">
            {r.recipient.designEcosystem ? (
              <Badge color="grape" variant="light">
                Mål 8c
              </Badge>
            ) : null}
            <Badge variant="light">{referralLabels.states[r.state]}</Badge>
          </Group>
        }
      />
      {d.missingConsent ? (
        <Alert color="yellow" variant="light" title="Samtykke til henvisning mangler">
          Henvisningen kan først sendes, når virksomheden har givet samtykke til, at dens oplysninger deles med {r.recipient.name} til henvisning.{' '}
          <Anchor component={Link} to={`/virksomheder/${r.company.id}?samtykke=${r.recipient.id}&formaal=REFERRAL&tilbage=${encodeURIComponent(`/henvisninger/${r.id}`)}#registrer-samtykke`}>
            Registrér samtykke
          </Anchor>
        </Alert>
      ) : null}
      {r.details ? null : (
        <Alert color="gray" variant="light" icon={<IconEyeOff size={18} />} title="Anonymiseret visning">
          Virksomheden har ikke givet samtykke til, at din organisation ser henvisningens oplysninger.
        </Alert>
      )}
      <Grid gutter="lg">
        <Grid.Col span={{ base: 12, md: 7 }}>
          <Paper withBorder p="md">
            <Title order={2} size="h4" mb="sm">
              Henvisningen
            </Title>
            <Stack gap="xs">
              <CompanyName company={r.company} />
              {r.details ? (
                <>
                  <Text size="sm">
                    <strong>Formål:</strong> {r.details.purpose}
                  </Text>
                  {r.details.noteToRecipient ? (
                    <Text size="sm">
                      <strong>Besked til modtageren:</strong> {r.details.noteToRecipient}
                    </Text>
                  ) : null}
                  {r.details.companyContact ? (
                    <Text size="sm">
                      <strong>Kontakt i virksomheden:</strong> {r.details.companyContact}
                    </Text>
                  ) : null}
                </>
              ) : null}
              {r.followUpDueAt ? (
                <Text size="sm" c={r.overdue ? 'red' : undefined}>
                  Opfølgning: {formatDate(r.followUpDueAt)}
                  {r.overdue ? ' (overskredet)' : ''}
                </Text>
              ) : null}
              {r.outcome ? (
                <Text size="sm">
                  <strong>Udfald:</strong> {OUTCOME_LABELS[r.outcome]}
                  {r.details?.context.outcomeNote ? ` – ${r.details.context.outcomeNote}` : ''}
                </Text>
              ) : null}
              {r.details?.context.cancelReason ? <Text size="sm">Annulleret: {r.details.context.cancelReason}</Text> : null}
              <Text size="sm" c="dimmed">
                {r.acknowledgedAt ? `Modtaget og kvitteret ${formatDate(r.acknowledgedAt)}` : r.sentAt ? 'Modtageren har ikke kvitteret endnu.' : ''}
              </Text>
              {d.canAcknowledge ? (
                <Form method="post">
                  <input type="hidden" name="intent" value="acknowledge" />
                  <Button type="submit" size="xs">
                    Kvittér for modtagelsen
                  </Button>
                </Form>
              ) : null}
            </Stack>
          </Paper>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 5 }}>{d.canRecordOutcome ? <OutcomeForm version={r.version} early={r.state === 'sent'} /> : null}</Grid.Col>
      </Grid>
      {r.details ? <ProcessMap machine={referralMachine} labels={referralLabels} current={r.state} allowed={d.allowed} version={r.version} history={d.history} /> : null}
    </Stack>
  )
}

function OutcomeForm({ version, early }: { version: number; early: boolean }) {
  const settling = useSettling()
  return (
    <Paper withBorder p="md">
      <Title order={2} size="h4" mb="xs">
        Opfølgning
      </Title>
      {early ? (
        <Text size="sm" c="dimmed" mb="xs">
          Opfølgningen forfalder seks måneder efter afsendelsen, men kan registreres før.
        </Text>
      ) : null}
      <Form method="post" aria-label="Registrér opfølgning">
        <input type="hidden" name="intent" value="transition" />
        <input type="hidden" name="event" value="RECORD_OUTCOME" />
        <input type="hidden" name="version" value={version} />
        <Radio.Group name="outcome" label="Har virksomheden brugt henvisningen?" withAsterisk>
          <Stack gap={6} mt={6}>
            {OUTCOMES.map((o) => (
              <Radio key={o} value={o} label={OUTCOME_LABELS[o]} required />
            ))}
          </Stack>
        </Radio.Group>
        <Textarea name="note" label="Note" maxLength={2000} autosize minRows={2} mt="xs" />
        <Button type="submit" mt="sm" disabled={settling}>
          Registrér opfølgning
        </Button>
      </Form>
    </Paper>
  )
}
