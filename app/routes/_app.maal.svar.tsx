import { Anchor, Badge, NativeSelect, Stack, Table, Text } from '@mantine/core'
import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Form, Link, useLoaderData, useSubmit } from '@remix-run/react'
import { EmptyState } from '~/components/empty-state.tsx'
import { PageHeader } from '~/components/page-header.tsx'
import { useLiveTopics } from '~/components/realtime.tsx'
import { SEGMENT_LABELS, SEGMENTS, type Segment } from '~/utils/company-fields.ts'
import { copenhagenYear } from '~/utils/dates.ts'
import { db } from '~/utils/db.server.ts'
import { EFFECT_LABELS, REFERRAL_USE_LABELS, SATISFACTION_LABELS, type Effect, type ReferralUse, type Satisfaction } from '~/utils/goals.ts'
import { requirePermission } from '~/utils/permissions.server.ts'
import { TOPICS, type Topic } from '~/utils/topics.ts'

export { RouteErrorBoundary as ErrorBoundary } from '~/components/error-page.tsx'

export const meta: MetaFunction = () => [{ title: 'Svar fra brugerevalueringen · Knudepunkt' }]

const PAGE = 500

/** The anonymous answers behind goals 3–7 (the survey holds no company identity). */
export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, 'view', 'goals')
  const url = new URL(request.url)
  const thisYear = copenhagenYear(new Date())
  const asked = Number(url.searchParams.get('aar'))
  const year = Number.isInteger(asked) && asked >= 2000 && asked <= thisYear ? asked : thisYear
  const segmentParam = url.searchParams.get('segment')
  const segment = SEGMENTS.includes(segmentParam as Segment) ? (segmentParam as Segment) : undefined
  const where = { year, ...(segment ? { segment } : {}) }
  const [answers, total] = await Promise.all([
    db.surveyAnswer.findMany({ where, orderBy: { answerId: 'asc' }, take: PAGE, include: { kommune: { select: { name: true } } } }),
    db.surveyAnswer.count({ where }),
  ])
  return { year, segment: segment ?? '', total, answers: answers.map((a) => ({ ...a, kommune: a.kommune?.name ?? null })) }
}

export default function SurveyAnswers() {
  const d = useLoaderData<typeof loader>()
  const submit = useSubmit()
  useLiveTopics(['goals'])
  return (
    <Stack>
      <Anchor component={Link} to={`/maal?aar=${d.year}`} size="sm">
        ← Mål og rapportering
      </Anchor>
      <PageHeader
        title={`Svar fra brugerevalueringen ${d.year}`}
        description={`${d.total} svar. Svarene er anonyme: Erhvervsstyrelsen leverer dem uden virksomhedernes navne.`}
        actions={
          <Form method="get" onChange={(e) => submit(e.currentTarget, { replace: true })}>
            <input type="hidden" name="aar" value={d.year} />
            <NativeSelect name="segment" aria-label="Segment" defaultValue={d.segment} data={[{ value: '', label: 'Begge segmenter' }, ...SEGMENTS.map((s) => ({ value: s, label: SEGMENT_LABELS[s] }))]} />
          </Form>
        }
      />
      {d.answers.length === 0 ? (
        <EmptyState title="Ingen svar for året" />
      ) : (
        <Table.ScrollContainer minWidth={900}>
          <Table striped fz="sm" aria-label="Svar fra brugerevalueringen">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Svar-id</Table.Th>
                <Table.Th>Segment</Table.Th>
                <Table.Th>Tilfredshed</Table.Th>
                <Table.Th>Anbefaling</Table.Th>
                <Table.Th>Effekt</Table.Th>
                <Table.Th>Henvisning brugt</Table.Th>
                <Table.Th>Emner</Table.Th>
                <Table.Th>Kommune</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {d.answers.map((a) => (
                <Table.Tr key={a.id}>
                  <Table.Td>{a.answerId}</Table.Td>
                  <Table.Td>{SEGMENT_LABELS[a.segment as Segment]}</Table.Td>
                  <Table.Td>{SATISFACTION_LABELS[a.satisfaction as Satisfaction]}</Table.Td>
                  <Table.Td>{a.recommend ?? '–'}</Table.Td>
                  <Table.Td>{EFFECT_LABELS[a.effect as Effect]}</Table.Td>
                  <Table.Td>{a.referralUsed ? REFERRAL_USE_LABELS[a.referralUsed as ReferralUse] : '–'}</Table.Td>
                  <Table.Td>
                    {a.topics
                      ? a.topics.split(',').map((t) => (
                          <Badge key={t} size="xs" variant="outline" tt="none" mr={2}>
                            {TOPICS[t as Topic] ?? t}
                          </Badge>
                        ))
                      : null}
                  </Table.Td>
                  <Table.Td>{a.kommune ?? '–'}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      {d.total > d.answers.length ? (
        <Text size="sm" c="dimmed">
          Viser de første {d.answers.length} af {d.total} svar.
        </Text>
      ) : null}
    </Stack>
  )
}
