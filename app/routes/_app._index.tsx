import { Alert, Anchor, Badge, Card, Group, SimpleGrid, Stack, Text, Title } from '@mantine/core'
import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { DeclarationStateBadge } from '~/components/declaration-bits.tsx'
import { EmptyState } from '~/components/empty-state.tsx'
import { KommuneTable } from '~/components/kommune-table.tsx'
import { useLiveTopics } from '~/components/realtime.tsx'
import { PageHeader } from '~/components/page-header.tsx'
import { listKommunerForKeyAccountManager, listKommunerOfOrganisations } from '~/models/kommune.server.ts'
import { listYearOverview } from '~/models/declaration.server.ts'
import { myAgenda } from '~/models/overview.server.ts'
import { kommunerWithoutWorkdayThisMonth } from '~/models/workday.server.ts'
import { copenhagenMonth, copenhagenYear, MONTH_NAMES } from '~/utils/dates.ts'
import { formatDate, formatTime } from '~/utils/format.ts'
import { can } from '~/utils/permissions.ts'
import { ORGANISATION_KIND_LABELS, type OrganisationKind } from '~/models/organisation.server.ts'
import { requirePermission } from '~/utils/permissions.server.ts'
import { ROLE_LABELS } from '~/utils/permissions.ts'

export { RouteErrorBoundary as ErrorBoundary } from '~/components/error-page.tsx'

export const meta: MetaFunction = () => [{ title: 'Overblik · Knudepunkt' }]

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePermission(request, 'view', 'overview')
  const isKeyAccountManager = user.roles.includes('KEY_ACCOUNT_MANAGER')
  const [myKommuner, organisationKommuner] = await Promise.all([
    isKeyAccountManager ? listKommunerForKeyAccountManager(user.id) : Promise.resolve([]),
    listKommunerOfOrganisations(user.organisationIds),
  ])
  // The key account manager sees their own kommuner without a local workday this month; whoever
  // may see all workdays (the director) sees every kommune that lacks one.
  const seesAllWorkdays = can(user, 'view', 'workday') && !isKeyAccountManager && user.roles.includes('DIRECTOR')
  const withoutWorkday =
    isKeyAccountManager || seesAllWorkdays
      ? await kommunerWithoutWorkdayThisMonth({ kommuneIds: isKeyAccountManager ? myKommuner.map((k) => k.id) : undefined })
      : []
  const year = copenhagenYear(new Date())
  const declarations = can(user, 'view', 'declaration') ? await listYearOverview({ actor: user, year }) : []
  const relevant = isKeyAccountManager ? declarations.filter((d) => d.mine) : declarations
  const declarationStates = Object.entries(
    relevant.reduce<Record<string, number>>((counts, d) => {
      const state = d.declaration?.state ?? 'none'
      counts[state] = (counts[state] ?? 0) + 1
      return counts
    }, {}),
  )
  const agenda = await myAgenda(user)
  return {
    agenda,
    name: user.name,
    year,
    declarationStates,
    month: MONTH_NAMES[copenhagenMonth(new Date()) - 1]!,
    withoutWorkday,
    roles: user.roles.map((role) => ROLE_LABELS[role]),
    organisations: user.organisations.map((o) => ({ ...o, kindLabel: ORGANISATION_KIND_LABELS[o.kind as OrganisationKind] })),
    isKeyAccountManager,
    myKommuner,
    organisationKommuner,
  }
}

type Agenda = ReturnType<typeof useLoaderData<typeof loader>>['agenda']

/** What waits for the user: the next meeting, action items, follow-ups, consents and next steps. */
function MyAgenda({ agenda }: { agenda: Agenda }) {
  const cards = [
    agenda.nextMeeting && {
      key: 'meeting',
      title: 'Næste direktørmøde',
      text: `${formatDate(agenda.nextMeeting.startsAt)} kl. ${formatTime(agenda.nextMeeting.startsAt)}`,
      to: `/direktoermoeder/${agenda.nextMeeting.id}`,
      color: undefined,
    },
    agenda.openActions > 0 && {
      key: 'actions',
      title: 'Dine opgaver fra møderne',
      text: `${agenda.openActions} åbne${agenda.overdueActions > 0 ? `, ${agenda.overdueActions} overskredet` : ''}`,
      to: '/direktoermoeder/opgaver',
      color: agenda.overdueActions > 0 ? 'red' : undefined,
    },
    agenda.followUps > 0 && { key: 'followups', title: 'Opfølgning på henvisninger', text: `${agenda.followUps} forfaldne`, to: '/henvisninger', color: 'orange' },
    agenda.expiringConsents > 0 && {
      key: 'consents',
      title: 'Samtykker, der udløber',
      text: `${agenda.expiringConsents} inden for 30 dage`,
      to: '/virksomheder/samtykker',
      color: 'orange',
    },
    agenda.nextSteps > 0 && { key: 'steps', title: 'Næste skridt i forløb', text: `${agenda.nextSteps} inden for en uge eller overskredet`, to: '/virksomheder', color: undefined },
  ].filter(Boolean) as { key: string; title: string; text: string; to: string; color?: string }[]
  if (cards.length === 0) return null
  return (
    <section aria-labelledby="my-agenda">
      <Title order={2} size="h3" id="my-agenda" mb="sm">
        Det venter på dig
      </Title>
      <SimpleGrid cols={{ base: 1, sm: 2, md: 3 }}>
        {cards.map((card) => (
          <Card key={card.key} withBorder component={Link} to={card.to} data-agenda-card={card.key}>
            <Text size="sm" c="dimmed">
              {card.title}
            </Text>
            <Text fw={700} c={card.color}>
              {card.text}
            </Text>
          </Card>
        ))}
      </SimpleGrid>
    </section>
  )
}

export default function Overview() {
  const data = useLoaderData<typeof loader>()
  useLiveTopics(['kommune', 'workday', 'declaration', 'meeting', 'referral', 'case', 'company', 'action-item'])
  return (
    <Stack gap="xl">
      <PageHeader title={`Goddag, ${data.name}`} description={data.roles.join(' · ')} />

      {data.withoutWorkday.length > 0 ? (
        <Alert color="orange" variant="light" title={`Ingen lokal arbejdsdag i ${data.month} endnu`} role="status">
          {data.withoutWorkday.map((k) => k.name).join(', ')}.{' '}
          <Anchor component={Link} to="/hensigtserklaeringer/arbejdsdage">
            Registrér eller se lokale arbejdsdage
          </Anchor>
        </Alert>
      ) : null}

      <MyAgenda agenda={data.agenda} />

      {data.declarationStates.length > 0 ? (
        <section aria-labelledby="declarations-now">
          <Title order={2} size="h3" id="declarations-now" mb="sm">
            Hensigtserklæringer {data.year}
          </Title>
          <Card withBorder>
            <Group gap="lg">
              {data.declarationStates.map(([state, count]) => (
                <Group key={state} gap={6}>
                  <Text fw={700}>{count}</Text>
                  <DeclarationStateBadge state={state === 'none' ? null : state} />
                </Group>
              ))}
              <Anchor component={Link} to="/hensigtserklaeringer">
                Se alle
              </Anchor>
            </Group>
          </Card>
        </section>
      ) : null}

      <section aria-labelledby="my-organisation">
        <Title order={2} size="h3" id="my-organisation" mb="sm">
          Din organisation
        </Title>
        <SimpleGrid cols={{ base: 1, md: 2 }}>
          {data.organisations.map((o) => (
            <Card key={o.id} withBorder>
              <Group justify="space-between">
                <Text fw={600}>{o.name}</Text>
                <Badge variant="light">{o.kindLabel}</Badge>
              </Group>
            </Card>
          ))}
        </SimpleGrid>
      </section>

      {data.isKeyAccountManager ? (
        <section aria-labelledby="my-kommuner">
          <Title order={2} size="h3" id="my-kommuner" mb="sm">
            Dine kommuner
          </Title>
          {data.myKommuner.length > 0 ? (
            <KommuneTable kommuner={data.myKommuner} label="Kommuner, du er key account manager for" />
          ) : (
            <EmptyState title="Du er ikke key account manager for nogen kommune endnu">
              En administrator tildeler kommuner under <Anchor component={Link} to="/admin/kommuner">Administration</Anchor>.
            </EmptyState>
          )}
        </section>
      ) : null}

      {data.organisationKommuner.length > 0 ? (
        <section aria-labelledby="organisation-kommuner">
          <Title order={2} size="h3" id="organisation-kommuner" mb="sm">
            Kommuner, din organisation samarbejder om
          </Title>
          <KommuneTable kommuner={data.organisationKommuner} label="Kommuner, din organisation samarbejder om" />
        </section>
      ) : null}
    </Stack>
  )
}
