import { Anchor, Badge, Button, Group, NativeSelect, Paper, Progress, ScrollArea, Stack, Text, Title } from '@mantine/core'
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useNavigation, useSearchParams } from '@remix-run/react'
import { useActionToast } from '~/components/action-toast.tsx'
import { PageHeader } from '~/components/page-header.tsx'
import { useLiveTopics } from '~/components/realtime.tsx'
import { clusterCoverage, createAgreement, DuplicateAgreementError, listBoard, type BoardKind } from '~/models/agreement.server.ts'
import { db } from '~/utils/db.server.ts'
import { formatShortDate } from '~/utils/format.ts'
import { ORGANISATION_KIND_LABELS, type OrganisationKind } from '~/utils/organisation-kinds.ts'
import { requirePermission } from '~/utils/permissions.server.ts'
import { can } from '~/utils/permissions.ts'
import { z } from '~/utils/validation.ts'
import { agreementLabels, FORM_LABELS, type AgreementForm } from '../../machines/agreement.machine.ts'

export { RouteErrorBoundary as ErrorBoundary } from '~/components/error-page.tsx'

export const meta: MetaFunction = () => [{ title: 'Klyngeaftaler · Knudepunkt' }]

const KINDS: BoardKind[] = ['CLUSTER', 'EDUCATION', 'LABOUR_MARKET', 'EXTERNAL']
const COLUMNS = ['notContacted', 'contacted', 'inDialogue', 'assessed', 'drafting', 'awaitingSignature', 'active', 'expired', 'declined'] as const

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePermission(request, 'view', 'agreement')
  const kindParam = new URL(request.url).searchParams.get('type')
  const kind = KINDS.find((k) => k === kindParam)
  const [cards, coverage, partners] = await Promise.all([
    listBoard({ kind }),
    clusterCoverage(),
    db.organisation.findMany({ where: { active: true, kind: { in: KINDS } }, select: { id: true, name: true, kind: true }, orderBy: { name: 'asc' } }),
  ])
  return { kind: kind ?? null, cards, coverage, partners, canCreate: can(user, 'create', 'agreement') }
}

const CreateSchema = z.object({ partnerId: z.string({ error: 'Vælg en partner.' }).min(1, { error: 'Vælg en partner.' }).max(64) })

export async function action({ request }: ActionFunctionArgs) {
  const user = await requirePermission(request, 'create', 'agreement')
  const parsed = CreateSchema.safeParse(Object.fromEntries(await request.formData()))
  if (!parsed.success) return data({ ok: false, message: parsed.error.issues[0]!.message }, { status: 400 })
  const partner = await db.organisation.findFirst({ where: { id: parsed.data.partnerId, kind: { in: KINDS } } })
  if (!partner) return data({ ok: false, message: 'Partneren findes ikke.' }, { status: 404 })
  try {
    const agreement = await createAgreement({ actor: user, partnerId: partner.id })
    return redirect(`/klyngeaftaler/${agreement.id}`)
  } catch (error) {
    if (error instanceof DuplicateAgreementError) return data({ ok: false, message: `Der er allerede et åbent aftaleforløb med ${partner.name}.` }, { status: 409 })
    throw error
  }
}

type Card = ReturnType<typeof useLoaderData<typeof loader>>['cards'][number]

function AgreementCard({ card, canCreate }: { card: Card; canCreate: boolean }) {
  const navigation = useNavigation()
  const { partner, agreement } = card
  return (
    <Paper withBorder p="sm" radius="md" data-partner={partner.name}>
      <Stack gap={4}>
        {agreement ? (
          <Anchor component={Link} to={`/klyngeaftaler/${agreement.id}`} fw={600} size="sm">
            {partner.name}
          </Anchor>
        ) : (
          <Text fw={600} size="sm">
            {partner.name}
          </Text>
        )}
        {partner.kind !== 'CLUSTER' ? (
          <Text size="xs" c="dimmed">
            {ORGANISATION_KIND_LABELS[partner.kind as OrganisationKind]}
          </Text>
        ) : null}
        {agreement?.form ? (
          <Badge size="xs" variant="outline" tt="none" w="fit-content">
            {FORM_LABELS[agreement.form as AgreementForm]}
          </Badge>
        ) : null}
        <Text size="xs">Ansvarlig: {agreement?.owner ?? '–'}</Text>
        {agreement?.nextStep ? (
          <Text size="xs">
            Næste skridt: {agreement.nextStep}
            {agreement.nextStepDate ? ` (${formatShortDate(agreement.nextStepDate)})` : ''}
          </Text>
        ) : null}
        {agreement?.endDate && agreement.state === 'active' ? <Text size="xs">Udløber {formatShortDate(agreement.endDate)}</Text> : null}
        {!agreement && canCreate ? (
          <Form method="post">
            <input type="hidden" name="partnerId" value={partner.id} />
            <Button
              type="submit"
              size="compact-xs"
              variant="light"
              mt={4}
              loading={navigation.state === 'submitting' && navigation.formData?.get('partnerId') === partner.id}
              aria-label={`Start aftaleforløb med ${partner.name}`}
            >
              Start forløb
            </Button>
          </Form>
        ) : null}
      </Stack>
    </Paper>
  )
}

export default function AgreementBoard() {
  const { kind, cards, coverage, partners, canCreate } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  useActionToast(actionData)
  useLiveTopics(['agreement'])
  const [, setSearchParams] = useSearchParams()
  const percent = coverage.total === 0 ? 0 : (coverage.covered / coverage.total) * 100
  const withoutOpen = partners.filter((p) => !cards.some((c) => c.partner.id === p.id && c.agreement && !['expired', 'declined'].includes(c.agreement.state)))

  return (
    <Stack>
      <PageHeader
        title="Klyngeaftaler"
        description="Mål 9: Erhvervshuset rækker ud til alle nationale klynger og indgår eller viderefører en samarbejdsaftale med dem alle, individuelt eller sammen med de øvrige erhvervshuse. Samme forløb bruges til aftaler med andre partnere (mål 8b)."
      />
      <Paper withBorder p="md">
        <Group justify="space-between" align="flex-end">
          <Stack gap={4} miw={260}>
            <Text fw={600}>Mål 9: nationale klynger med en aktiv aftale</Text>
            <Text size="xl" fw={700} aria-label="Dækning af nationale klynger" data-testid="coverage">
              {coverage.covered} af {coverage.total}
            </Text>
            <Progress value={percent} aria-label={`${Math.round(percent)} procent`} />
          </Stack>
          <Text size="sm" c="dimmed" maw={560}>
            {coverage.missing.length === 0 ? 'Alle nationale klynger har en aktiv aftale.' : `Mangler: ${coverage.missing.join(', ')}`}
          </Text>
        </Group>
      </Paper>
      <Group justify="space-between" align="flex-end">
        <NativeSelect
          label="Partnertype"
          value={kind ?? ''}
          onChange={(e) => setSearchParams(e.currentTarget.value ? { type: e.currentTarget.value } : {})}
          data={[{ value: '', label: 'Alle partnere' }, ...KINDS.map((k) => ({ value: k, label: ORGANISATION_KIND_LABELS[k] }))]}
          w={260}
        />
        {canCreate ? (
          <Form method="post">
            <Group align="flex-end" gap="xs">
              <NativeSelect
                name="partnerId"
                label="Nyt aftaleforløb med"
                data={[{ value: '', label: 'Vælg partner' }, ...withoutOpen.map((p) => ({ value: p.id, label: `${p.name} (${ORGANISATION_KIND_LABELS[p.kind as OrganisationKind]})` }))]}
                w={320}
              />
              <Button type="submit" variant="light">
                Opret
              </Button>
            </Group>
          </Form>
        ) : null}
      </Group>
      <ScrollArea type="auto" offsetScrollbars>
        <Group align="flex-start" wrap="nowrap" gap="sm" pb="sm">
          {COLUMNS.map((column) => {
            const inColumn = cards.filter((c) => (c.agreement?.state ?? 'notContacted') === column)
            return (
              <Paper key={column} withBorder p="xs" w={220} miw={220} bg="var(--mantine-color-default-hover)" component="section" aria-label={agreementLabels.states[column]}>
                <Group justify="space-between" mb="xs">
                  <Title order={2} size="h6">
                    {agreementLabels.states[column]}
                  </Title>
                  <Badge size="sm" variant="light">
                    {inColumn.length}
                  </Badge>
                </Group>
                <Stack gap="xs">
                  {inColumn.map((card) => (
                    <AgreementCard key={card.partner.id} card={card} canCreate={canCreate} />
                  ))}
                </Stack>
              </Paper>
            )
          })}
        </Group>
      </ScrollArea>
    </Stack>
  )
}
