import { Anchor, Button, Group, NativeSelect, Stack, Switch, Table, Text } from '@mantine/core'
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useNavigation, useSearchParams } from '@remix-run/react'
import { useActionToast } from '~/components/action-toast.tsx'
import { AreaBadge } from '~/components/area-badge.tsx'
import { DeclarationStateBadge, DeclarationTabs, SignatureMarks } from '~/components/declaration-bits.tsx'
import { EmptyState } from '~/components/empty-state.tsx'
import { PageHeader } from '~/components/page-header.tsx'
import { useLiveTopics } from '~/components/realtime.tsx'
import { createDeclaration, declarationTarget, DuplicateDeclarationError, listYearOverview } from '~/models/declaration.server.ts'
import { db } from '~/utils/db.server.ts'
import { copenhagenYear } from '~/utils/dates.ts'
import { EMPTY_CONTENT } from '~/utils/declaration-content.ts'
import { formatDate } from '~/utils/format.ts'
import { assertPermission, requirePermission } from '~/utils/permissions.server.ts'
import { z } from '~/utils/validation.ts'
import { declarationLabels } from '../../machines/declaration.machine.ts'

export { RouteErrorBoundary as ErrorBoundary } from '~/components/error-page.tsx'

export const meta: MetaFunction = () => [{ title: 'Hensigtserklæringer · Knudepunkt' }]

const YearSchema = z.coerce.number().int().min(2019).max(2100)

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePermission(request, 'view', 'declaration')
  const params = new URL(request.url).searchParams
  const thisYear = copenhagenYear(new Date())
  const year = YearSchema.catch(thisYear).parse(params.get('aar') ?? thisYear)
  const isKeyAccountManager = user.assignedKommuneIds.length > 0
  // A key account manager lands on their own kommuner; the switch shows all.
  const mineOnly = params.has('alle') ? false : isKeyAccountManager
  const rows = await listYearOverview({ actor: user, year })
  return { year, thisYear, isKeyAccountManager, mineOnly, rows }
}

const CreateSchema = z.object({ intent: z.literal('create'), kommuneId: z.string().min(1).max(64), year: YearSchema })

export async function action({ request }: ActionFunctionArgs) {
  const user = await requirePermission(request, 'create', 'declaration')
  const parsed = CreateSchema.safeParse(Object.fromEntries(await request.formData()))
  if (!parsed.success) return data({ message: 'Vælg en kommune og et år.' }, { status: 400 })
  const kommune = await db.kommune.findUnique({ where: { id: parsed.data.kommuneId } })
  if (!kommune) return data({ message: 'Kommunen findes ikke.' }, { status: 404 })
  assertPermission(user, 'create', 'declaration', declarationTarget(kommune))
  try {
    const created = await createDeclaration({ actor: user, kommuneId: kommune.id, year: parsed.data.year, content: EMPTY_CONTENT })
    return redirect(`/hensigtserklaeringer/${created.id}`)
  } catch (error) {
    if (error instanceof DuplicateDeclarationError) {
      return data({ message: `${kommune.name} har allerede en hensigtserklæring for ${parsed.data.year}.` }, { status: 409 })
    }
    throw error
  }
}

export default function DeclarationOverview() {
  const { year, thisYear, isKeyAccountManager, mineOnly, rows } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const navigation = useNavigation()
  useActionToast(actionData ? { ok: false, message: actionData.message } : null)
  const [searchParams, setSearchParams] = useSearchParams()
  useLiveTopics(['declaration', 'workday', 'kommune'])
  const state = searchParams.get('tilstand') ?? ''
  const area = searchParams.get('omraade') ?? ''

  const shown = rows.filter(
    (r) =>
      (!mineOnly || r.mine) &&
      (!state || (state === 'none' ? !r.declaration : r.declaration?.state === state)) &&
      (!area || r.kommune.area === area),
  )
  const setParam = (key: string, value: string | null) => {
    const next = new URLSearchParams(searchParams)
    if (value === null || value === '') next.delete(key)
    else next.set(key, value)
    setSearchParams(next, { preventScrollReset: true })
  }

  return (
    <Stack>
      <PageHeader
        title="Hensigtserklæringer"
        description="Hvert år indgår Erhvervshuset en hensigtserklæring med hver kommune og dens lokale erhvervsservice om fælles mål, indsatser, samarbejdsmodeller og vidensdeling."
      />
      <DeclarationTabs />
      <Group align="flex-end" gap="md">
        <NativeSelect
          label="År"
          value={String(year)}
          onChange={(e) => setParam('aar', e.currentTarget.value)}
          data={[thisYear - 2, thisYear - 1, thisYear, thisYear + 1].map((y) => String(y))}
          w={110}
        />
        <NativeSelect
          label="Tilstand"
          value={state}
          onChange={(e) => setParam('tilstand', e.currentTarget.value)}
          data={[
            { value: '', label: 'Alle' },
            { value: 'none', label: 'Ikke oprettet' },
            ...Object.entries(declarationLabels.states).map(([value, label]) => ({ value, label })),
          ]}
          w={220}
        />
        <NativeSelect
          label="Område"
          value={area}
          onChange={(e) => setParam('omraade', e.currentTarget.value)}
          data={[
            { value: '', label: 'Land og by' },
            { value: 'BY', label: 'Bykommuner' },
            { value: 'LAND', label: 'Landdistriktskommuner' },
          ]}
          w={220}
        />
        {isKeyAccountManager ? (
          <Switch label="Kun mine kommuner" checked={mineOnly} onChange={(e) => setParam('alle', e.currentTarget.checked ? null : '1')} mb={6} />
        ) : null}
      </Group>
      {shown.length === 0 ? (
        <EmptyState title="Ingen kommuner matcher filtrene">Ryd et filter for at se flere.</EmptyState>
      ) : (
        <Table.ScrollContainer minWidth={860}>
          <Table striped highlightOnHover aria-label={`Hensigtserklæringer ${year}`}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Kommune</Table.Th>
                <Table.Th>Key account manager</Table.Th>
                <Table.Th>Tilstand {year}</Table.Th>
                <Table.Th>Underskrifter</Table.Th>
                <Table.Th>Seneste lokale arbejdsdag</Table.Th>
                <Table.Th />
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {shown.map((r) => (
                <Table.Tr key={r.kommune.id} data-kommune={r.kommune.name}>
                  <Table.Td>
                    <Text fw={500}>{r.kommune.name}</Text>
                    <AreaBadge area={r.kommune.area} isDefault={r.kommune.areaIsDefault} />
                  </Table.Td>
                  <Table.Td>{r.keyAccountManager?.name ?? <Text c="dimmed">Ikke udpeget</Text>}</Table.Td>
                  <Table.Td>
                    <DeclarationStateBadge state={r.declaration?.state ?? null} />
                  </Table.Td>
                  <Table.Td>{r.declaration ? <SignatureMarks signed={r.signed} /> : '–'}</Table.Td>
                  <Table.Td>{r.lastWorkday ? formatDate(r.lastWorkday) : <Text c="dimmed">Ingen</Text>}</Table.Td>
                  <Table.Td>
                    {r.declaration ? (
                      <Anchor component={Link} to={`/hensigtserklaeringer/${r.declaration.id}`} aria-label={`Åbn ${r.kommune.name} ${year}`}>
                        Åbn
                      </Anchor>
                    ) : r.canCreate ? (
                      <Form method="post">
                        <input type="hidden" name="intent" value="create" />
                        <input type="hidden" name="kommuneId" value={r.kommune.id} />
                        <input type="hidden" name="year" value={year} />
                        <Button
                          type="submit"
                          size="xs"
                          variant="light"
                          loading={navigation.state === 'submitting' && navigation.formData?.get('kommuneId') === r.kommune.id}
                          aria-label={`Opret kladde for ${r.kommune.name} ${year}`}
                        >
                          Opret kladde
                        </Button>
                      </Form>
                    ) : null}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </Stack>
  )
}
