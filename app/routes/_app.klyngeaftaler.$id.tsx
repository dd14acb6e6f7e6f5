import { Alert, Anchor, Button, Checkbox, Grid, Group, List, NativeSelect, Paper, Radio, SimpleGrid, Stack, Table, Text, Textarea, TextInput, Title } from '@mantine/core'
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react'
import { useState } from 'react'
import { useActionToast, useStickyValue } from '~/components/action-toast.tsx'
import { AgreementStateBadge } from '~/components/agreement-bits.tsx'
import { MissingList } from '~/components/missing-list.tsx'
import { PageHeader } from '~/components/page-header.tsx'
import { ProcessMap, useSettling } from '~/components/process-map.tsx'
import { useLiveTopics } from '~/components/realtime.tsx'
import {
  AGREEMENT_EVENTS,
  AgreementLockedError,
  agreementProcess,
  getAgreementPage,
  getAgreementRow,
  logInteraction,
  partiesFor,
  saveAgreementContent,
  transitionAgreement,
  type AgreementEventType,
  type TransitionInput,
} from '~/models/agreement.server.ts'
import { AgreementContentSchema, INTERACTION_KINDS, missingAgreementContent, OTHER_HOUSES, type InteractionKind } from '~/utils/agreement-content.ts'
import { db } from '~/utils/db.server.ts'
import { StaleVersionError } from '~/utils/db-errors.server.ts'
import { copenhagenDate } from '~/utils/dates.ts'
import { DocumentRejectedError, documentLimits, storeDocument } from '~/utils/documents.server.ts'
import { fail, firstIssue } from '~/utils/form.server.ts'
import { formatDate, formatDateTime, formatNumber } from '~/utils/format.ts'
import { ORGANISATION_KIND_LABELS, type OrganisationKind } from '~/utils/organisation-kinds.ts'
import { requirePermission } from '~/utils/permissions.server.ts'
import { can } from '~/utils/permissions.ts'
import { listProcessHistory } from '~/utils/process-history.server.ts'
import { notFound, STALE_MESSAGE } from '~/utils/responses.server.ts'
import { versionField, z } from '~/utils/validation.ts'
import { allowedEvents } from '~/utils/workflow.server.ts'
import { replyToTransitionError } from '~/utils/workflow-responses.server.ts'
import {
  AGREEMENT_FORMS,
  AGREEMENT_PARTY_LABELS,
  agreementLabels,
  agreementMachine,
  FORM_LABELS,
  MIN_RATIONALE,
  RELEVANCE,
  RELEVANCE_LABELS,
  type AgreementParty,
} from '../../machines/agreement.machine.ts'

export { RouteErrorBoundary as ErrorBoundary } from '~/components/error-page.tsx'

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data ? `Samarbejdsaftale med ${data.agreement.partner.name} · Knudepunkt` : 'Samarbejdsaftale · Knudepunkt' }]

const isoOf = (date: Date | string | null) => (date ? copenhagenDate(new Date(date)) : '')

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requirePermission(request, 'view', 'agreement')
  const row = await getAgreementRow(params.id!)
  if (!row) notFound('Samarbejdsaftalen findes ikke.')
  const [page, history] = await Promise.all([getAgreementPage(row.id), listProcessHistory({ entityType: 'agreement', entityId: row.id, labels: agreementLabels })])
  const allowed = allowedEvents(agreementProcess, row, user)
  return {
    agreement: {
      id: row.id,
      state: row.state,
      version: row.version,
      context: row.context,
      content: row.content,
      startDate: isoOf(row.startDate),
      endDate: isoOf(row.endDate),
      contentVersion: page?.contentVersion ?? 1,
      nextStep: page?.nextStep ?? '',
      nextStepDate: isoOf(page?.nextStepDate ?? null),
      partner: { name: row.partner.name, kind: row.partner.kind as OrganisationKind, description: page?.partner.description ?? null },
      owner: page?.owner?.name ?? null,
    },
    interactions: page?.interactions ?? [],
    documents: (page?.documents ?? []).map((d) => ({ id: d.id, fileName: d.fileName, size: d.size, createdAt: d.createdAt, uploadedBy: d.uploadedBy?.name ?? null })),
    history,
    missing: row.state === 'drafting' ? missingAgreementContent(row.content, row) : [],
    buttons: allowed.filter((e) => e !== 'ASSESS' && e !== 'SIGN'),
    canAssess: allowed.includes('ASSESS'),
    signParties: allowed.includes('SIGN') ? partiesFor(user).filter((p) => !row.context.signatures[p]) : [],
    canEdit: can(user, 'update', 'agreement') && ['notContacted', 'contacted', 'inDialogue', 'assessed', 'drafting'].includes(row.state),
    canLog: can(user, 'update', 'agreement'),
    limits: documentLimits(),
  }
}

const TransitionSchema = z.object({
  event: z.enum(AGREEMENT_EVENTS, { error: 'Ukendt skridt.' }),
  version: versionField,
  reason: z.string().trim().max(2000, { error: 'Begrundelsen må højst være 2000 tegn.' }).optional(),
})

const AssessSchema = z.object({
  version: versionField,
  relevance: z.enum(RELEVANCE, { error: 'Vælg relevans.' }),
  rationale: z
    .string()
    .trim()
    .min(MIN_RATIONALE, { error: `Begrundelsen skal være mindst ${MIN_RATIONALE} tegn.` })
    .max(2000, { error: 'Begrundelsen må højst være 2000 tegn.' }),
  form: z.enum(AGREEMENT_FORMS, { error: 'Vælg individuel eller fælles aftale.' }),
  partnerHouses: z.array(z.enum(OTHER_HOUSES)).default([]),
})

const SignSchema = z.object({
  version: versionField,
  party: z.enum(['ERHVERVSHUS', 'PARTNER']),
  name: z.string().trim().max(200, { error: 'Navnet må højst være 200 tegn.' }).default(''),
})

const InteractionSchema = z.object({
  kind: z.enum(Object.keys(INTERACTION_KINDS) as [InteractionKind, ...InteractionKind[]], { error: 'Vælg en type.' }),
  date: z.iso.date({ error: 'Vælg en dato.' }),
  note: z.string().trim().min(1, { error: 'Skriv en note.' }).max(4000, { error: 'Noten må højst være 4000 tegn.' }),
})


async function transition(id: string, type: AgreementEventType, version: number, input: TransitionInput, actor: Awaited<ReturnType<typeof requirePermission>>) {
  try {
    await transitionAgreement({ id, type, input, expectedVersion: version, actor })
    return data({ ok: true, message: `${agreementLabels.events[type]?.label ?? type}: udført.` })
  } catch (error) {
    return replyToTransitionError(error, agreementLabels)
  }
}

async function uploadDocument(request: Request, formData: FormData, agreementId: string, userId: string) {
  const file = formData.get('file')
  if (!(file instanceof File) || file.size === 0) return fail('Vælg en fil.')
  try {
    const stored = await storeDocument({ fileName: file.name, data: new Uint8Array(await file.arrayBuffer()) })
    await db.agreementDocument.create({
      data: { agreementId, storageKey: stored.key, fileName: stored.fileName, mimeType: stored.mimeType, size: stored.size, sha256: stored.sha256, uploadedById: userId },
    })
    return data({ ok: true, message: `${stored.fileName} er lagt op.` })
  } catch (error) {
    if (error instanceof DocumentRejectedError) return fail(error.reason, 422)
    throw error
  }
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requirePermission(request, 'view', 'agreement')
  const row = await getAgreementRow(params.id!)
  if (!row) notFound('Samarbejdsaftalen findes ikke.')
  const limit = documentLimits().maxBytes
  if (Number(request.headers.get('Content-Length') ?? 0) > limit + 256 * 1024) {
    return fail(`Filen er for stor. Den må højst være ${formatNumber(limit / 1024 / 1024)} MB.`, 413)
  }
  const formData = await request.formData()
  const intent = formData.get('intent')
  const fields = Object.fromEntries(formData)

  if (intent === 'transition') {
    const parsed = TransitionSchema.safeParse(fields)
    if (!parsed.success) return fail(firstIssue(parsed.error))
    return transition(row.id, parsed.data.event, parsed.data.version, { reason: parsed.data.reason }, user)
  }
  if (intent === 'assess') {
    const parsed = AssessSchema.safeParse({ ...fields, partnerHouses: formData.getAll('partnerHouses') })
    if (!parsed.success) return fail(firstIssue(parsed.error))
    const { version, ...assessment } = parsed.data
    if (assessment.form === 'JOINT' && assessment.partnerHouses.length === 0) return fail('Vælg mindst ét andet erhvervshus til en fælles aftale.')
    return transition(row.id, 'ASSESS', version, { assessment }, user)
  }
  if (intent === 'sign') {
    const parsed = SignSchema.safeParse(fields)
    if (!parsed.success) return fail(firstIssue(parsed.error))
    if (parsed.data.party === 'PARTNER' && !parsed.data.name) return fail('Skriv navnet på den, der har underskrevet for partneren.')
    return transition(row.id, 'SIGN', parsed.data.version, { signature: { party: parsed.data.party, name: parsed.data.name } }, user)
  }

  await requirePermission(request, 'update', 'agreement')
  if (intent === 'interaction') {
    const parsed = InteractionSchema.safeParse(fields)
    if (!parsed.success) return fail(firstIssue(parsed.error))
    await logInteraction({ actor: user, id: row.id, ...parsed.data })
    return data({ ok: true, message: 'Henvendelsen er logget.' })
  }
  if (intent === 'upload') return uploadDocument(request, formData, row.id, user.id)
  if (intent === 'save-content') {
    const parsed = AgreementContentSchema.safeParse(fields)
    const contentVersion = versionField.safeParse(fields.contentVersion)
    if (!parsed.success || !contentVersion.success) return fail(parsed.success ? 'Versionen mangler.' : firstIssue(parsed.error))
    try {
      await saveAgreementContent({ actor: user, id: row.id, contentVersion: contentVersion.data, input: parsed.data })
      return data({ ok: true, message: 'Aftalen er gemt.', savedContentVersion: contentVersion.data + 1 })
    } catch (error) {
      if (error instanceof StaleVersionError) return fail(STALE_MESSAGE, 409)
      if (error instanceof AgreementLockedError) return fail('Aftalen kan ikke ændres, mens den afventer underskrift eller er aktiv.', 409)
      throw error
    }
  }
  return fail('Ukendt handling.')
}

function AssessmentForm({ version, initial }: { version: number; initial: { relevance: string; rationale: string; form: string; partnerHouses: string[] } | null }) {
  const [form, setForm] = useState(initial?.form ?? 'INDIVIDUAL')
  const settling = useSettling()
  return (
    <Paper withBorder p="md">
      <Title order={2} size="h4" mb="sm">
        Vurdering
      </Title>
      <Form method="post">
        <input type="hidden" name="intent" value="assess" />
        <input type="hidden" name="version" value={version} />
        <Stack gap="sm">
          <NativeSelect name="relevance" label="Relevans for Sydjylland" defaultValue={initial?.relevance ?? 'HIGH'} data={RELEVANCE.map((r) => ({ value: r, label: RELEVANCE_LABELS[r] }))} w={240} />
          <Textarea name="rationale" label="Begrundelse" description={`Mindst ${MIN_RATIONALE} tegn.`} defaultValue={initial?.rationale ?? ''} autosize minRows={2} required />
          <Radio.Group name="form" label="Aftaleform" value={form} onChange={setForm}>
            <Group mt={4}>
              {AGREEMENT_FORMS.map((f) => (
                <Radio key={f} value={f} label={FORM_LABELS[f]} />
              ))}
            </Group>
          </Radio.Group>
          {form === 'JOINT' ? (
            <Checkbox.Group label="Sammen med" defaultValue={initial?.partnerHouses ?? []}>
              <SimpleGrid cols={{ base: 1, sm: 2 }} mt={4}>
                {OTHER_HOUSES.map((house) => (
                  <Checkbox key={house} name="partnerHouses" value={house} label={house} />
                ))}
              </SimpleGrid>
            </Checkbox.Group>
          ) : null}
          <Button type="submit" w="fit-content" disabled={settling}>
            Gem vurdering
          </Button>
        </Stack>
      </Form>
    </Paper>
  )
}

function SignatureBox({ version, signatures, signParties }: { version: number; signatures: Record<string, { name: string; at: string } | undefined>; signParties: AgreementParty[] }) {
  const settling = useSettling()
  return (
    <Paper withBorder p="md">
      <Title order={2} size="h4" mb="sm">
        Underskrifter
      </Title>
      <SimpleGrid cols={{ base: 1, sm: 2 }} role="list" aria-label="Underskrifter">
        {(['ERHVERVSHUS', 'PARTNER'] as const).map((party) => {
          const signature = signatures[party]
          return (
            <Stack key={party} gap={4} role="listitem" aria-label={`${AGREEMENT_PARTY_LABELS[party]}: ${signature ? 'underskrevet' : 'mangler'}`}>
              <Text fw={600} size="sm">
                {AGREEMENT_PARTY_LABELS[party]}
              </Text>
              {signature ? (
                <Text size="sm">
                  {signature.name}, {formatDateTime(signature.at)}
                </Text>
              ) : signParties.includes(party) ? (
                <Form method="post">
                  <input type="hidden" name="intent" value="sign" />
                  <input type="hidden" name="version" value={version} />
                  <input type="hidden" name="party" value={party} />
                  <Group align="flex-end" gap="xs">
                    {party === 'PARTNER' ? <TextInput name="name" label="Underskrevet af" placeholder="Navn hos partneren" required /> : null}
                    <Button type="submit" size="sm" disabled={settling}>
                      {party === 'ERHVERVSHUS' ? 'Underskriv for Erhvervshuset' : 'Registrér partnerens underskrift'}
                    </Button>
                  </Group>
                </Form>
              ) : (
                <Text size="sm" c="dimmed">
                  Afventer
                </Text>
              )}
            </Stack>
          )
        })}
      </SimpleGrid>
    </Paper>
  )
}

type AgreementView = ReturnType<typeof useLoaderData<typeof loader>>['agreement']

/**
 * Content, period and next step. The content version the user started from is kept for the whole
 * edit, so saving over somebody else's save gets the 409 flow; the user's own save moves it on,
 * and the form starts afresh when the state changes.
 */
function ContentForm({ agreement, canEdit, savedVersion }: { agreement: AgreementView; canEdit: boolean; savedVersion: number | null }) {
  const navigation = useNavigation()
  const [startedFrom] = useState(agreement.contentVersion)
  // After the user's own save the fields already hold what was saved; only the base moves on.
  const baseVersion = Math.max(startedFrom, savedVersion ?? 0)
  return (
    <Paper withBorder p="md">
      <Title order={2} size="h4" mb="sm">
        Aftalen
      </Title>
      {agreement.contentVersion > baseVersion ? (
        <Alert color="orange" variant="light" mb="sm" role="status">
          En anden har gemt aftalen, mens du redigerede. Gemmer du, får du besked om konflikten.
        </Alert>
      ) : null}
      <Form method="post">
        <input type="hidden" name="intent" value="save-content" />
        <input type="hidden" name="contentVersion" value={baseVersion} />
        <fieldset style={{ border: 0, padding: 0, margin: 0 }}>
          <Stack gap="sm">
            <Textarea name="purpose" readOnly={!canEdit} label="Formål" defaultValue={agreement.content.purpose} autosize minRows={2} />
            <Textarea name="activities" readOnly={!canEdit} label="Fælles aktiviteter" defaultValue={agreement.content.activities} autosize minRows={2} />
            <Textarea name="contactPersons" readOnly={!canEdit} label="Kontaktpersoner" description="Hos partneren og i Erhvervshuset." defaultValue={agreement.content.contactPersons} autosize minRows={1} />
            <SimpleGrid cols={{ base: 1, sm: 2 }}>
              <TextInput type="date" name="startDate" readOnly={!canEdit} label="Periode fra" defaultValue={agreement.startDate} />
              <TextInput type="date" name="endDate" readOnly={!canEdit} label="Periode til" defaultValue={agreement.endDate} />
              <TextInput name="nextStep" readOnly={!canEdit} label="Næste skridt" defaultValue={agreement.nextStep} />
              <TextInput type="date" name="nextStepDate" readOnly={!canEdit} label="Næste skridt, dato" defaultValue={agreement.nextStepDate} />
            </SimpleGrid>
            {canEdit ? (
              <Button type="submit" w="fit-content" loading={navigation.state === 'submitting' && navigation.formData?.get('intent') === 'save-content'}>
                Gem aftalen
              </Button>
            ) : (
              <Text size="xs" c="dimmed">
                Aftalen er låst i denne tilstand.
              </Text>
            )}
          </Stack>
        </fieldset>
      </Form>
    </Paper>
  )
}

/** Keyed by record, so state kept while editing one record never carries over to the next. */
export default function AgreementPage() {
  const id = useLoaderData<typeof loader>().agreement.id
  return <AgreementView key={id} />
}

function AgreementView() {
  const d = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  useActionToast(actionData)
  useLiveTopics([`agreement:${d.agreement.id}`])
  const { agreement } = d
  const assessment = agreement.context.assessment
  // Sticky: a later live reload clears action data, and the form must not remount then.
  const savedContentVersion = useStickyValue(actionData && 'savedContentVersion' in actionData ? Number(actionData.savedContentVersion) : null)

  return (
    <Stack>
      <Anchor component={Link} to="/klyngeaftaler" size="sm">
        ← Alle aftaler
      </Anchor>
      <PageHeader
        title={agreement.partner.name}
        description={`${ORGANISATION_KIND_LABELS[agreement.partner.kind]}${agreement.partner.description ? ` · ${agreement.partner.description}` : ''} · ansvarlig: ${agreement.owner ?? '–'}`}
        actions={<AgreementStateBadge state={agreement.state} />}
      />
      {agreement.context.declineReason && agreement.state === 'declined' ? (
        <Alert color="red" variant="light" title="Afslået">
          {agreement.context.declineReason}
        </Alert>
      ) : null}
      <MissingList title="Før aftalen kan sendes til underskrift, mangler:" items={d.missing} />
      <ProcessMap machine={agreementMachine} labels={agreementLabels} current={agreement.state} allowed={d.buttons} version={agreement.version} history={d.history} />
      {d.canAssess ? (
        <AssessmentForm version={agreement.version} initial={assessment} />
      ) : assessment ? (
        <Paper withBorder p="md">
          <Title order={2} size="h4" mb="xs">
            Vurdering
          </Title>
          <Text size="sm">
            {FORM_LABELS[assessment.form]} · relevans {RELEVANCE_LABELS[assessment.relevance].toLowerCase()}
            {assessment.partnerHouses.length > 0 ? ` · sammen med ${assessment.partnerHouses.join(', ')}` : ''}
          </Text>
          <Text size="sm" c="dimmed">
            {assessment.rationale}
          </Text>
        </Paper>
      ) : null}
      <Grid gutter="lg">
        <Grid.Col span={{ base: 12, md: 7 }}>
          <ContentForm key={agreement.state} agreement={agreement} canEdit={d.canEdit} savedVersion={savedContentVersion} />
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 5 }}>
          <Stack>
            <SignatureBox version={agreement.version} signatures={agreement.context.signatures} signParties={d.signParties} />
            <Paper withBorder p="md">
              <Title order={2} size="h4" mb="sm">
                Dokumenter
              </Title>
              {d.documents.length === 0 ? (
                <Text size="sm" c="dimmed">
                  Ingen dokumenter endnu.
                </Text>
              ) : (
                <List size="sm" aria-label="Dokumenter">
                  {d.documents.map((doc) => (
                    <List.Item key={doc.id}>
                      <Anchor href={`/klyngeaftaler/${agreement.id}/dokumenter/${doc.id}`}>{doc.fileName}</Anchor>{' '}
                      <Text span size="xs" c="dimmed">
                        {formatNumber(Math.max(1, Math.round(doc.size / 1024)))} kB · {doc.uploadedBy ?? '–'} · {formatDate(doc.createdAt)}
                      </Text>
                    </List.Item>
                  ))}
                </List>
              )}
              {d.canLog ? (
                <Form method="post" encType="multipart/form-data">
                  <input type="hidden" name="intent" value="upload" />
                  <Group align="flex-end" mt="sm" gap="xs">
                    <TextInput type="file" name="file" label="Læg et dokument op" description={`Højst ${formatNumber(d.limits.maxBytes / 1024 / 1024)} MB: ${d.limits.allowed.join(', ')}`} required />
                    <Button type="submit" variant="light">
                      Læg op
                    </Button>
                  </Group>
                </Form>
              ) : null}
            </Paper>
          </Stack>
        </Grid.Col>
      </Grid>
      <Paper withBorder p="md">
        <Title order={2} size="h4" mb="sm">
          Henvendelser
        </Title>
        {d.canLog ? (
          <Form method="post">
            <input type="hidden" name="intent" value="interaction" />
            <Group align="flex-end" gap="xs" mb="sm">
              <NativeSelect name="kind" label="Type" data={Object.entries(INTERACTION_KINDS).map(([value, label]) => ({ value, label }))} w={140} />
              <TextInput type="date" name="date" label="Dato" defaultValue={copenhagenDate(new Date())} required />
              <TextInput name="note" label="Note" required style={{ flex: 1 }} miw={240} />
              <Button type="submit" variant="light">
                Log
              </Button>
            </Group>
          </Form>
        ) : null}
        {d.interactions.length === 0 ? (
          <Text size="sm" c="dimmed">
            Ingen henvendelser logget.
          </Text>
        ) : (
          <Table aria-label="Henvendelser">
            <Table.Tbody>
              {d.interactions.map((i) => (
                <Table.Tr key={i.id}>
                  <Table.Td w={120}>{formatDate(i.date)}</Table.Td>
                  <Table.Td w={90}>{INTERACTION_KINDS[i.kind as InteractionKind] ?? i.kind}</Table.Td>
                  <Table.Td>{i.note}</Table.Td>
                  <Table.Td w={160}>
                    <Text size="xs" c="dimmed">
                      {i.author?.name ?? '–'}
                    </Text>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
      </Paper>
    </Stack>
  )
}
