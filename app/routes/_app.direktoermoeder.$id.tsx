import { Alert, Anchor, Badge, Button, Grid, Group, NativeSelect, Paper, Stack, Text, Title } from '@mantine/core'
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import { IconCalendarPlus, IconPrinter } from '@tabler/icons-react'
import { useActionToast } from '~/components/action-toast.tsx'
import { PageHeader } from '~/components/page-header.tsx'
import { ProcessMap, useSettling } from '~/components/process-map.tsx'
import { useLiveTopics } from '~/components/realtime.tsx'
import { AgendaEditor, CarriedOver, GuestAgenda, ItemWork, LiveSession, MeetingSettings, Participants, ProposalForm } from '~/components/meeting/meeting-parts.tsx'
import { MeetingStateBadge } from '~/components/meeting/meeting-bits.tsx'
import {
  addActionItem,
  addDecision,
  decideItem,
  getGuestView,
  getMeetingPage,
  getMeetingRow,
  inviteGuest,
  isChair,
  MEETING_EVENTS,
  MeetingError,
  meetingAccess,
  meetingProcess,
  moveMeeting,
  proposeItem,
  reorderItems,
  saveItemMinutes,
  setAttendance,
  setCurrentItem,
  setSecretary,
  transitionMeeting,
} from '~/models/meeting.server.ts'
import { copenhagenDate, copenhagenTime } from '~/utils/dates.ts'
import { db } from '~/utils/db.server.ts'
import { StaleVersionError } from '~/utils/db-errors.server.ts'
import { fail, firstIssue } from '~/utils/form.server.ts'
import { formatDate, formatTime } from '~/utils/format.ts'
import { ActionItemSchema, ATTENDANCE, minutesField, ProposalSchema } from '~/utils/meeting-fields.ts'
import { requireUser } from '~/utils/auth.server.ts'
import { forbidden } from '~/utils/permissions.server.ts'
import { listProcessHistory } from '~/utils/process-history.server.ts'
import { notFound, STALE_MESSAGE } from '~/utils/responses.server.ts'
import { versionField, z } from '~/utils/validation.ts'
import { allowedEvents, NotFoundError } from '~/utils/workflow.server.ts'
import { replyToTransitionError } from '~/utils/workflow-responses.server.ts'
import { MINUTES_APPROVAL_LABELS, MINUTES_APPROVALS, MINUTES_STATES, meetingLabels, meetingMachine, PROPOSAL_STATES } from '../../machines/meeting.machine.ts'

export { RouteErrorBoundary as ErrorBoundary } from '~/components/error-page.tsx'

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data ? `${data.meeting.title} ${formatDate(data.meeting.startsAt)} · Knudepunkt` : 'Direktørmøde · Knudepunkt' }]

async function requireAccess(request: Request, meetingId: string) {
  const user = await requireUser(request)
  const access = await meetingAccess(user, meetingId)
  if (!access) {
    // A guest asking for another meeting, or someone without access: 403, and no hint of what it holds.
    if (await db.meeting.count({ where: { id: meetingId } })) forbidden('view', 'meeting')
    notFound('Mødet findes ikke.')
  }
  return { user, access }
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user, access } = await requireAccess(request, params.id!)
  if (access === 'guest') {
    const guest = await getGuestView(params.id!)
    if (!guest) notFound('Mødet findes ikke.')
    return { kind: 'guest' as const, meeting: guest }
  }
  const [meeting, row] = await Promise.all([getMeetingPage(params.id!), getMeetingRow(params.id!)])
  if (!meeting || !row) notFound('Mødet findes ikke.')
  const chair = isChair(user, row)
  const me = meeting.participants.find((p) => p.userId === user.id)
  const writer = chair || me?.role === 'SECRETARY'
  const [history, guestOptions] = await Promise.all([
    listProcessHistory({ entityType: 'meeting', entityId: meeting.id, labels: meetingLabels }),
    chair
      ? db.user.findMany({ where: { active: true, id: { notIn: meeting.participants.map((p) => p.userId) } }, select: { id: true, name: true, email: true }, orderBy: { name: 'asc' } })
      : Promise.resolve([]),
  ])
  return {
    kind: 'full' as const,
    meeting,
    history,
    allowed: allowedEvents(meetingProcess, row, user).filter((e) => e !== 'OPEN_AGENDA' || chair),
    me: { id: user.id, chair, writer, participant: Boolean(me && me.role !== 'GUEST') },
    canPropose: Boolean(me && me.role !== 'GUEST') && PROPOSAL_STATES.includes(meeting.state as never),
    guestOptions: guestOptions.map((u) => ({ value: u.id, label: `${u.name} (${u.email})` })),
    today: copenhagenDate(new Date()),
    localStart: { date: copenhagenDate(meeting.startsAt), time: copenhagenTime(meeting.startsAt) },
  }
}

const TransitionSchema = z.object({
  event: z.enum(MEETING_EVENTS, { error: 'Ukendt skridt.' }),
  version: versionField,
  reason: z.string().trim().max(2000, { error: 'Begrundelsen må højst være 2000 tegn.' }).optional(),
  how: z.enum(MINUTES_APPROVALS).optional(),
})
const id = z.string().min(1)
const MoveSchema = z.object({
  version: versionField,
  date: z.iso.date({ error: 'Vælg en dato.' }),
  time: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, { error: 'Skriv tidspunktet som tt:mm.' }),
  note: z.string().trim().min(3, { error: 'Skriv en besked til deltagerne om, hvorfor mødet flyttes.' }).max(1000),
})

export async function action({ request, params }: ActionFunctionArgs) {
  const { user, access } = await requireAccess(request, params.id!)
  if (access === 'guest') return fail('Som gæst kan du kun læse dagsordenen.', 403)
  const meetingId = params.id!
  const formData = await request.formData()
  const fields = Object.fromEntries(formData)
  try {
    switch (fields.intent) {
      case 'transition': {
        const parsed = TransitionSchema.safeParse(fields)
        if (!parsed.success) return fail(firstIssue(parsed.error))
        await transitionMeeting({ id: meetingId, type: parsed.data.event, reason: parsed.data.reason, how: parsed.data.how, expectedVersion: parsed.data.version, actor: user })
        return data({ ok: true, message: `${meetingLabels.events[parsed.data.event]?.label ?? parsed.data.event}: udført.` })
      }
      case 'propose': {
        const parsed = ProposalSchema.safeParse(fields)
        if (!parsed.success) return fail(firstIssue(parsed.error))
        await proposeItem({ actor: user, meetingId, input: parsed.data })
        return data({ ok: true, message: 'Punktet er foreslået.', proposed: true })
      }
      case 'decide-item': {
        const parsed = z.object({ itemId: id, status: z.enum(['ACCEPTED', 'REJECTED']) }).safeParse(fields)
        if (!parsed.success) return fail(firstIssue(parsed.error))
        await decideItem({ actor: user, itemId: parsed.data.itemId, status: parsed.data.status })
        return data({ ok: true, message: parsed.data.status === 'ACCEPTED' ? 'Punktet er optaget på dagsordenen.' : 'Punktet er ikke optaget.' })
      }
      case 'planned-minutes': {
        const parsed = z.object({ itemId: id, plannedMinutes: z.union([z.literal(''), minutesField('Den planlagte tid')]) }).safeParse(fields)
        if (!parsed.success) return fail(firstIssue(parsed.error))
        await decideItem({ actor: user, itemId: parsed.data.itemId, plannedMinutes: parsed.data.plannedMinutes === '' ? null : parsed.data.plannedMinutes })
        return data({ ok: true, message: 'Tiden er gemt.' })
      }
      case 'reorder': {
        const parsed = z.object({ order: z.string().transform((s) => s.split(',').filter(Boolean)) }).safeParse(fields)
        if (!parsed.success) return fail(firstIssue(parsed.error))
        await reorderItems({ actor: user, meetingId, orderedIds: parsed.data.order })
        return data({ ok: true, message: 'Rækkefølgen er gemt.' })
      }
      case 'current-item': {
        const parsed = z.object({ itemId: id }).safeParse(fields)
        if (!parsed.success) return fail(firstIssue(parsed.error))
        await setCurrentItem({ actor: user, meetingId, itemId: parsed.data.itemId })
        return data({ ok: true, message: '' })
      }
      case 'attendance': {
        const parsed = z.object({ userId: id, attendance: z.enum(ATTENDANCE, { error: 'Vælg fremmøde.' }) }).safeParse(fields)
        if (!parsed.success) return fail(firstIssue(parsed.error))
        await setAttendance({ actor: user, meetingId, ...parsed.data })
        return data({ ok: true, message: '' })
      }
      case 'decision': {
        const parsed = z.object({ agendaItemId: z.string().optional(), text: z.string().trim().min(1, { error: 'Skriv beslutningen.' }).max(2000) }).safeParse(fields)
        if (!parsed.success) return fail(firstIssue(parsed.error))
        await addDecision({ actor: user, meetingId, agendaItemId: parsed.data.agendaItemId || null, text: parsed.data.text })
        return data({ ok: true, message: 'Beslutningen er skrevet i referatet.' })
      }
      case 'action-item': {
        const parsed = ActionItemSchema.safeParse(fields)
        if (!parsed.success) return fail(firstIssue(parsed.error))
        await addActionItem({ actor: user, meetingId, ...parsed.data })
        return data({ ok: true, message: 'Opgaven er oprettet.' })
      }
      case 'minutes': {
        const parsed = z.object({ itemId: id, minutesVersion: versionField, text: z.string().max(20000, { error: 'Referatet må højst være 20.000 tegn pr. punkt.' }) }).safeParse(fields)
        if (!parsed.success) return fail(firstIssue(parsed.error))
        const version = await saveItemMinutes({ actor: user, ...parsed.data })
        return data({ ok: true, message: 'Referatet er gemt.', savedMinutes: { itemId: parsed.data.itemId, version } })
      }
      case 'secretary': {
        const parsed = z.object({ userId: z.string() }).safeParse(fields)
        if (!parsed.success) return fail(firstIssue(parsed.error))
        await setSecretary({ actor: user, meetingId, userId: parsed.data.userId || null })
        return data({ ok: true, message: 'Referenten er valgt.' })
      }
      case 'guest': {
        const parsed = z.object({ userId: z.string().min(1, { error: 'Vælg hvem der inviteres.' }) }).safeParse(fields)
        if (!parsed.success) return fail(firstIssue(parsed.error))
        await inviteGuest({ actor: user, meetingId, userId: parsed.data.userId })
        return data({ ok: true, message: 'Gæsten er inviteret.' })
      }
      case 'move': {
        const parsed = MoveSchema.safeParse(fields)
        if (!parsed.success) return fail(firstIssue(parsed.error))
        await moveMeeting({ actor: user, id: meetingId, ...parsed.data })
        return data({ ok: true, message: 'Mødet er flyttet, og deltagerne har fået besked.' })
      }
      default:
        return fail('Ukendt handling.')
    }
  } catch (error) {
    if (error instanceof MeetingError) return fail(error.message, error.status)
    if (error instanceof StaleVersionError) return fail(STALE_MESSAGE, 409)
    if (error instanceof NotFoundError && fields.intent !== 'transition') return fail('Punktet eller personen findes ikke på mødet.', 404)
    return replyToTransitionError(error, meetingLabels)
  }
}

/** The chair approves the draft minutes after circulating them, or at the next meeting; they lock. */
function ApproveMinutes({ version }: { version: number }) {
  const settling = useSettling()
  return (
    <Paper withBorder p="md">
      <Form method="post">
        <input type="hidden" name="intent" value="transition" />
        <input type="hidden" name="event" value="APPROVE_MINUTES" />
        <input type="hidden" name="version" value={version} />
        <Group align="flex-end">
          <NativeSelect name="how" label="Referatet godkendes" data={MINUTES_APPROVALS.map((how) => ({ value: how, label: MINUTES_APPROVAL_LABELS[how] }))} />
          <Button type="submit" disabled={settling}>
            Godkend og lås referatet
          </Button>
        </Group>
        <Text size="xs" c="dimmed" mt={4}>
          Et godkendt referat kan ikke ændres bagefter.
        </Text>
      </Form>
    </Paper>
  )
}

export default function MeetingPage() {
  const id = useLoaderData<typeof loader>().meeting.id
  return <MeetingView key={id} />
}

function MeetingView() {
  const d = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  useActionToast(actionData)
  useLiveTopics([`meeting:${d.meeting.id}`])
  const when = `${formatDate(d.meeting.startsAt)} kl. ${formatTime(d.meeting.startsAt)}–${formatTime(d.meeting.endsAt)}${d.meeting.location ? ` · ${d.meeting.location}` : ''}`
  const header = (
    <>
      <Anchor component={Link} to="/direktoermoeder" size="sm">
        ← Direktørmøder
      </Anchor>
      <PageHeader
        title={`${d.meeting.title} ${formatDate(d.meeting.startsAt)}`}
        description={when}
        actions={
          <Group gap="xs">
            {d.kind === 'full' ? <MeetingStateBadge state={d.meeting.state} /> : null}
            <Button component="a" href={`/direktoermoeder/${d.meeting.id}.ics`} variant="light" size="xs" leftSection={<IconCalendarPlus size={14} />}>
              Til kalender
            </Button>
            {d.kind === 'full' ? (
              <Button component="a" href={`/direktoermoeder/${d.meeting.id}/referat`} target="_blank" variant="light" size="xs" leftSection={<IconPrinter size={14} />}>
                Udskriv
              </Button>
            ) : null}
          </Group>
        }
      />
    </>
  )
  if (d.kind === 'guest') {
    return (
      <Stack>
        {header}
        <GuestAgenda meeting={d.meeting} />
      </Stack>
    )
  }
  const m = d.meeting
  const inSession = m.state === 'inSession'
  const minutesOpen = MINUTES_STATES.includes(m.state as never)
  const accepted = m.items.filter((i) => i.status === 'ACCEPTED')
  return (
    <Stack>
      {header}
      {m.state === 'cancelled' ? (
        <Alert color="red" variant="light" title="Mødet er aflyst">
          {m.context.cancelReason}
        </Alert>
      ) : null}
      {m.movedNote && m.state !== 'cancelled' ? (
        <Alert color="yellow" variant="light" title="Mødet er flyttet">
          {m.movedNote}
        </Alert>
      ) : null}
      {m.state === 'closed' ? (
        <Alert color="gray" variant="light">
          Referatet er godkendt og låst.
        </Alert>
      ) : null}
      <ProcessMap machine={meetingMachine} labels={meetingLabels} current={m.state} allowed={d.allowed.filter((e) => e !== 'APPROVE_MINUTES')} version={m.version} history={d.history} />
      {d.allowed.includes('APPROVE_MINUTES') ? <ApproveMinutes version={m.version} /> : null}
      {inSession ? <LiveSession meeting={m} items={accepted} chair={d.me.chair} /> : null}
      <Grid gutter="lg">
        <Grid.Col span={{ base: 12, md: 8 }}>
          <Stack>
            <AgendaEditor meeting={m} chair={d.me.chair} />
            <CarriedOver items={m.carriedOver} today={d.today} />
            {accepted.length > 0 && ['inSession', 'minutesDraft', 'closed'].includes(m.state) ? (
              <Paper withBorder p="md">
                <Title order={2} size="h4" mb="sm">
                  Referat, beslutninger og opgaver
                </Title>
                <Stack gap="lg">
                  {accepted.map((item, index) => (
                    <ItemWork
                      key={item.id}
                      index={index + 1}
                      item={item}
                      meeting={m}
                      writer={d.me.writer && minutesOpen}
                      current={m.currentItemId === item.id}
                      savedMinutes={actionData && 'savedMinutes' in actionData ? (actionData.savedMinutes as { itemId: string; version: number }) : null}
                      today={d.today}
                    />
                  ))}
                </Stack>
              </Paper>
            ) : null}
            {d.canPropose ? <ProposalForm chair={d.me.chair} proposed={actionData && 'proposed' in actionData ? actionData : null} /> : null}
          </Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 4 }}>
          <Stack>
            <Participants meeting={m} writer={d.me.writer && minutesOpen} />
            {d.me.chair ? <MeetingSettings meeting={m} guestOptions={d.guestOptions} localStart={d.localStart} today={d.today} /> : null}
            {!d.me.participant && !d.me.chair ? (
              <Text size="sm" c="dimmed">
                Du følger mødet uden at være deltager.
              </Text>
            ) : null}
            <Badge variant="light" color="gray" style={{ alignSelf: 'flex-start' }}>
              Mødeleder: {m.chair.name}
            </Badge>
          </Stack>
        </Grid.Col>
      </Grid>
    </Stack>
  )
}
