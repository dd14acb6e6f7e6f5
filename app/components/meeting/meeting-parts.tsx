import { DragDropContext, Draggable, Droppable, type DropResult } from '@hello-pangea/dnd'
import { ActionIcon, Alert, Anchor, Badge, Button, Group, List, NativeSelect, NumberInput, Paper, Select, Stack, Text, Textarea, TextInput, Title } from '@mantine/core'
import { Form, useFetcher, useLoaderData, useNavigation } from '@remix-run/react'
import { IconArrowDown, IconArrowUp, IconGripVertical, IconPlayerTrackNext, IconPlayerTrackPrev } from '@tabler/icons-react'
import { useEffect, useMemo, useState } from 'react'
import type { loader } from '~/routes/_app.direktoermoeder.$id.tsx'
import { copenhagenDate } from '~/utils/dates.ts'
import { formatDate } from '~/utils/format.ts'
import { ACTION_STATUS_LABELS, ATTENDANCE, ATTENDANCE_LABELS, ITEM_KIND_LABELS, ITEM_KINDS, ITEM_STATUS_LABELS, PARTICIPANT_ROLE_LABELS, type ActionStatus } from '~/utils/meeting-fields.ts'
import { PROPOSAL_STATES } from '../../../machines/meeting.machine.ts'
import { formatDuration, ItemKindBadge } from './meeting-bits.tsx'

type Data = ReturnType<typeof useLoaderData<typeof loader>>
type Full = Extract<Data, { kind: 'full' }>
type Guest = Extract<Data, { kind: 'guest' }>
type Meeting = Full['meeting']
type Item = Meeting['items'][number]

function Hidden({ fields }: { fields: Record<string, string | number> }) {
  return (
    <>
      {Object.entries(fields).map(([name, value]) => (
        <input key={name} type="hidden" name={name} value={value} />
      ))}
    </>
  )
}

export function GuestAgenda({ meeting }: { meeting: Guest['meeting'] }) {
  if (meeting.cancelled) return <Alert color="red" variant="light" title="Mødet er aflyst" />
  if (!meeting.published) {
    return (
      <Alert color="gray" variant="light" title="Dagsordenen er ikke udsendt endnu">
        Du er inviteret som gæst. Du kan se dagsordenen, når mødelederen har udsendt den.
      </Alert>
    )
  }
  return (
    <Paper withBorder p="md">
      <Title order={2} size="h4" mb="sm">
        Dagsorden
      </Title>
      <List type="ordered" spacing="sm" aria-label="Dagsorden">
        {meeting.items.map((item) => (
          <List.Item key={item.id}>
            <Group gap={6}>
              <Text fw={600}>{item.title}</Text>
              <ItemKindBadge kind={item.kind} />
              {item.plannedMinutes ? (
                <Text size="xs" c="dimmed">
                  {item.plannedMinutes} min.
                </Text>
              ) : null}
            </Group>
            {item.presenter ? <Text size="sm">Oplæg: {item.presenter}</Text> : null}
            {item.description ? (
              <Text size="sm" c="dimmed" style={{ whiteSpace: 'pre-wrap' }}>
                {item.description}
              </Text>
            ) : null}
          </List.Item>
        ))}
      </List>
    </Paper>
  )
}

/** The accepted items in order (drag and drop, or the arrow buttons, for the chair) and the proposals. */
export function AgendaEditor({ meeting, chair }: { meeting: Meeting; chair: boolean }) {
  const fetcher = useFetcher()
  const editable = chair && PROPOSAL_STATES.includes(meeting.state as never)
  const accepted = meeting.items.filter((i) => i.status === 'ACCEPTED')
  const serverOrder = accepted.map((i) => i.id).join(',')
  const [order, setOrder] = useState(accepted.map((i) => i.id))
  useEffect(() => setOrder(serverOrder.split(',').filter(Boolean)), [serverOrder])
  const byId = useMemo(() => new Map(meeting.items.map((i) => [i.id, i])), [meeting.items])
  const proposals = meeting.items.filter((i) => i.status === 'PROPOSED')
  const rejected = meeting.items.filter((i) => i.status === 'REJECTED')

  function save(ids: string[]) {
    setOrder(ids)
    const rest = meeting.items.filter((i) => i.status !== 'ACCEPTED').map((i) => i.id)
    fetcher.submit({ intent: 'reorder', order: [...ids, ...rest].join(',') }, { method: 'post' })
  }
  function move(from: number, to: number) {
    if (to < 0 || to >= order.length) return
    const ids = [...order]
    const [moved] = ids.splice(from, 1)
    ids.splice(to, 0, moved!)
    save(ids)
  }
  function onDragEnd(result: DropResult) {
    if (result.destination) move(result.source.index, result.destination.index)
  }
  const totalMinutes = accepted.reduce((sum, i) => sum + (i.plannedMinutes ?? 0), 0)

  return (
    <Paper withBorder p="md">
      <Group justify="space-between" mb="sm">
        <Title order={2} size="h4">
          Dagsorden
        </Title>
        <Text size="sm" c="dimmed">
          {accepted.length} punkter · {totalMinutes} min. planlagt
        </Text>
      </Group>
      {accepted.length === 0 ? (
        <Text size="sm" c="dimmed">
          Ingen punkter på dagsordenen endnu.{PROPOSAL_STATES.includes(meeting.state as never) ? ' Deltagerne kan foreslå punkter nedenfor.' : ''}
        </Text>
      ) : (
        <DragDropContext onDragEnd={onDragEnd}>
          <Droppable droppableId="agenda" isDropDisabled={!editable}>
            {(provided) => (
              <Stack gap="xs" ref={provided.innerRef} {...provided.droppableProps} role="list" aria-label="Dagsorden">
                {order.map((itemId, index) => {
                  const item = byId.get(itemId)
                  if (!item) return null
                  return (
                    <Draggable key={item.id} draggableId={item.id} index={index} isDragDisabled={!editable}>
                      {(drag) => (
                        <div ref={drag.innerRef} {...drag.draggableProps} role="listitem" data-agenda-item={item.title}>
                          <Paper withBorder p="xs" bg={meeting.currentItemId === item.id ? 'var(--mantine-color-orange-light)' : undefined}>
                            <Group justify="space-between" wrap="nowrap" align="flex-start">
                              <Group gap="xs" wrap="nowrap" align="flex-start">
                                {editable ? (
                                  <span {...drag.dragHandleProps} aria-label={`Træk ${item.title} (mellemrum og piletaster)`} style={{ cursor: 'grab', paddingTop: 2 }}>
                                    <IconGripVertical size={16} aria-hidden />
                                  </span>
                                ) : null}
                                <div>
                                  <Group gap={6}>
                                    <Text fw={600}>
                                      {index + 1}. {item.title}
                                    </Text>
                                    <ItemKindBadge kind={item.kind} />
                                    {item.changedAt ? (
                                      <Badge size="xs" color="yellow" variant="filled">
                                        ændret
                                      </Badge>
                                    ) : null}
                                  </Group>
                                  <Text size="xs" c="dimmed">
                                    {[item.presenter && `Oplæg: ${item.presenter}`, item.proposedBy && `Foreslået af ${item.proposedBy.name}`].filter(Boolean).join(' · ')}
                                  </Text>
                                  {item.description ? (
                                    <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
                                      {item.description}
                                    </Text>
                                  ) : null}
                                </div>
                              </Group>
                              <Group gap={4} wrap="nowrap">
                                {editable ? <PlannedMinutes item={item} /> : <Text size="sm">{item.plannedMinutes ? `${item.plannedMinutes} min.` : ''}</Text>}
                                {editable ? (
                                  <>
                                    <ActionIcon variant="subtle" aria-label={`Flyt ${item.title} op`} disabled={index === 0} onClick={() => move(index, index - 1)}>
                                      <IconArrowUp size={16} />
                                    </ActionIcon>
                                    <ActionIcon variant="subtle" aria-label={`Flyt ${item.title} ned`} disabled={index === order.length - 1} onClick={() => move(index, index + 1)}>
                                      <IconArrowDown size={16} />
                                    </ActionIcon>
                                  </>
                                ) : null}
                              </Group>
                            </Group>
                          </Paper>
                        </div>
                      )}
                    </Draggable>
                  )
                })}
                {provided.placeholder}
              </Stack>
            )}
          </Droppable>
        </DragDropContext>
      )}
      {proposals.length > 0 ? (
        <Stack gap="xs" mt="md" role="region" aria-label="Forslag til dagsordenen">
          <Text size="sm" fw={600}>
            Forslag ({proposals.length})
          </Text>
          {proposals.map((item) => (
            <Paper key={item.id} withBorder p="xs" data-proposal={item.title}>
              <Group justify="space-between">
                <div>
                  <Group gap={6}>
                    <Text fw={600}>{item.title}</Text>
                    <ItemKindBadge kind={item.kind} />
                    <Badge size="xs" variant="light">
                      {ITEM_STATUS_LABELS[item.status]}
                    </Badge>
                  </Group>
                  <Text size="xs" c="dimmed">
                    {[item.proposedBy && `Foreslået af ${item.proposedBy.name}`, item.requestedMinutes && `ønsker ${item.requestedMinutes} min.`, item.presenter && `oplæg: ${item.presenter}`].filter(Boolean).join(' · ')}
                  </Text>
                  {item.description ? <Text size="sm">{item.description}</Text> : null}
                </div>
                {editable ? (
                  <Group gap="xs">
                    <Form method="post">
                      <Hidden fields={{ intent: 'decide-item', itemId: item.id, status: 'ACCEPTED' }} />
                      <Button type="submit" size="xs">
                        Optag
                      </Button>
                    </Form>
                    <Form method="post">
                      <Hidden fields={{ intent: 'decide-item', itemId: item.id, status: 'REJECTED' }} />
                      <Button type="submit" size="xs" variant="default">
                        Afvis
                      </Button>
                    </Form>
                  </Group>
                ) : null}
              </Group>
            </Paper>
          ))}
        </Stack>
      ) : null}
      {rejected.length > 0 ? (
        <Text size="xs" c="dimmed" mt="sm">
          Ikke optaget: {rejected.map((i) => i.title).join(', ')}
        </Text>
      ) : null}
    </Paper>
  )
}

function PlannedMinutes({ item }: { item: Item }) {
  const fetcher = useFetcher()
  return (
    <fetcher.Form method="post" onBlur={(e) => fetcher.submit(e.currentTarget)}>
      <Hidden fields={{ intent: 'planned-minutes', itemId: item.id }} />
      <NumberInput name="plannedMinutes" defaultValue={item.plannedMinutes ?? ''} min={1} max={480} w={90} size="xs" suffix=" min." aria-label={`Planlagt tid for ${item.title}`} hideControls />
    </fetcher.Form>
  )
}

export function CarriedOver({ items, today }: { items: Meeting['carriedOver']; today: string }) {
  if (items.length === 0) return null
  return (
    <Paper withBorder p="md" role="region" aria-label="Opfølgning på opgaver fra tidligere møder">
      <Title order={2} size="h5" mb="xs">
        Opfølgning på opgaver fra tidligere møder
      </Title>
      <Stack gap={4}>
        {items.map((a) => {
          const overdue = copenhagenDate(new Date(a.dueDate)) < today
          return (
            <Group key={a.id} gap="xs" data-carried-over={a.text}>
              <Text size="sm">{a.text}</Text>
              <Text size="xs" c={overdue ? 'red' : 'dimmed'} fw={overdue ? 700 : undefined}>
                {a.owner} · frist {formatDate(a.dueDate)}
                {overdue ? ' · overskredet' : ''} · fra mødet {formatDate(a.fromMeeting)}
              </Text>
            </Group>
          )
        })}
      </Stack>
    </Paper>
  )
}

/**
 * The clock, ticking each second once the page runs in the browser. Null until then: the server's
 * render and the browser's first render must show the same time, or React cannot hydrate the
 * page (minified React errors 418/425 on a live meeting).
 */
function useNow(active: boolean) {
  const [now, setNow] = useState<number | null>(null)
  useEffect(() => {
    if (!active) return
    setNow(Date.now())
    const timer = setInterval(() => setNow(Date.now()), 1000)
    return () => clearInterval(timer)
  }, [active])
  return now
}

/** The current item, live for everyone; the chair moves it. The timer runs against the planned time. */
export function LiveSession({ meeting, items, chair }: { meeting: Meeting; items: Item[]; chair: boolean }) {
  const fetcher = useFetcher()
  const now = useNow(true)
  const index = items.findIndex((i) => i.id === meeting.currentItemId)
  const current = items[index]
  const startedAt = meeting.currentItemStartedAt ? new Date(meeting.currentItemStartedAt).getTime() : null
  const running = now !== null && startedAt !== null ? Math.max(0, (now - startedAt) / 1000) : 0
  const elapsed = current ? current.spentSeconds + running : 0
  const planned = (current?.plannedMinutes ?? 0) * 60
  const over = planned > 0 && elapsed > planned
  const go = (itemId: string) => fetcher.submit({ intent: 'current-item', itemId }, { method: 'post' })
  return (
    <Paper withBorder p="md" bg="var(--mantine-color-orange-light)" role="region" aria-label="Mødet lige nu">
      <Group justify="space-between" align="flex-start">
        <div>
          <Text size="xs" tt="uppercase" fw={700} c="orange">
            Mødet er i gang · {index >= 0 ? `punkt ${index + 1} af ${items.length}` : `${items.length} punkter`}
          </Text>
          {/* Only the item is announced when it changes, not the timer ticking beside it. */}
          <Title order={2} size="h3" data-current-item aria-live="polite">
            {current?.title ?? 'Intet punkt valgt'}
          </Title>
        </div>
        <div style={{ textAlign: 'right' }}>
          <Text size="xl" fw={700} c={over ? 'red' : undefined} aria-label="Tid brugt på punktet">
            {formatDuration(elapsed)}
          </Text>
          <Text size="xs" c="dimmed">
            {planned > 0 ? `af ${formatDuration(planned)} planlagt${over ? ' · over tid' : ''}` : 'ingen planlagt tid'}
          </Text>
        </div>
      </Group>
      {chair ? (
        <Group mt="sm" gap="xs">
          <Button size="xs" variant="default" leftSection={<IconPlayerTrackPrev size={14} />} disabled={index <= 0} onClick={() => go(items[index - 1]!.id)}>
            Forrige punkt
          </Button>
          <Button size="xs" leftSection={<IconPlayerTrackNext size={14} />} disabled={index >= items.length - 1} onClick={() => go(items[index + 1]!.id)}>
            Næste punkt
          </Button>
          <NativeSelect
            size="xs"
            aria-label="Gå til punkt"
            value={current?.id ?? ''}
            onChange={(e) => go(e.currentTarget.value)}
            data={items.map((i, n) => ({ value: i.id, label: `${n + 1}. ${i.title}` }))}
          />
        </Group>
      ) : null}
    </Paper>
  )
}

/** One item's minutes, decisions and action items. Each item's minutes have their own version. */
export function ItemWork({
  index,
  item,
  meeting,
  writer,
  current,
  savedMinutes,
  today,
}: {
  index: number
  item: Item
  meeting: Meeting
  writer: boolean
  current: boolean
  savedMinutes: { itemId: string; version: number } | null
  today: string
}) {
  const decisions = meeting.decisions.filter((d) => d.agendaItemId === item.id)
  const actions = meeting.actionItems.filter((a) => a.agendaItemId === item.id)
  return (
    <Stack gap="xs" data-item-work={item.title}>
      <Group gap={6}>
        <Title order={3} size="h5">
          {index}. {item.title}
        </Title>
        {current ? (
          <Badge color="orange" size="sm">
            nu
          </Badge>
        ) : null}
        <Text size="xs" c="dimmed">
          {item.spentSeconds > 0 ? `brugt ${formatDuration(item.spentSeconds)}` : ''}
        </Text>
      </Group>
      {writer ? <MinutesEditor item={item} savedMinutes={savedMinutes?.itemId === item.id ? savedMinutes.version : null} /> : item.minutes ? <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>{item.minutes}</Text> : null}
      {decisions.length > 0 ? (
        <List size="sm" aria-label={`Beslutninger under ${item.title}`}>
          {decisions.map((d) => (
            <List.Item key={d.id}>
              <strong>Beslutning:</strong> {d.text}
            </List.Item>
          ))}
        </List>
      ) : null}
      {actions.length > 0 ? (
        <List size="sm" aria-label={`Opgaver under ${item.title}`}>
          {actions.map((a) => (
            <List.Item key={a.id}>
              <strong>Opgave:</strong> {a.text} · {a.owner.name} · frist {formatDate(a.dueDate)} · {ACTION_STATUS_LABELS[a.status as ActionStatus]}
            </List.Item>
          ))}
        </List>
      ) : null}
      {writer ? <DecisionAndActionForms item={item} meeting={meeting} today={today} /> : null}
    </Stack>
  )
}

function MinutesEditor({ item, savedMinutes }: { item: Item; savedMinutes: number | null }) {
  const navigation = useNavigation()
  // The version this text is based on: moves on with our own saves only, so another writer's save
  // of the same item is noticed (and a stale save refused) instead of silently overwritten.
  const [base, setBase] = useState(item.minutesVersion)
  const [generation, setGeneration] = useState(0)
  useEffect(() => {
    if (savedMinutes !== null) setBase((b) => Math.max(b, savedMinutes))
  }, [savedMinutes])
  const changedByOther = item.minutesVersion > base
  const saving = navigation.state === 'submitting' && navigation.formData?.get('itemId') === item.id && navigation.formData?.get('intent') === 'minutes'
  return (
    <Form method="post" key={generation}>
      <Hidden fields={{ intent: 'minutes', itemId: item.id, minutesVersion: base }} />
      {changedByOther ? (
        <Alert color="yellow" variant="light" mb="xs">
          En anden har gemt referatet til dette punkt.{' '}
          <Anchor
            component="button"
            type="button"
            onClick={() => {
              setBase(item.minutesVersion)
              setGeneration((g) => g + 1)
            }}
          >
            Hent den nye tekst
          </Anchor>
        </Alert>
      ) : null}
      <Textarea name="text" defaultValue={item.minutes} aria-label={`Referat af ${item.title}`} autosize minRows={2} maxLength={20000} />
      <Button type="submit" size="xs" variant="light" mt={4} loading={saving}>
        Gem referat
      </Button>
    </Form>
  )
}

function DecisionAndActionForms({ item, meeting, today }: { item: Item; meeting: Meeting; today: string }) {
  const owners = meeting.participants.filter((p) => p.role !== 'GUEST')
  const [ownerId, setOwnerId] = useState<string | null>(null)
  const decisions = meeting.decisions.length
  const actions = meeting.actionItems.length
  return (
    <Group align="flex-start" grow>
      <Form method="post" key={`d${decisions}`}>
        <Hidden fields={{ intent: 'decision', agendaItemId: item.id }} />
        <Group gap="xs" align="flex-end" wrap="nowrap">
          <TextInput name="text" label="Beslutning" placeholder="Det blev besluttet at …" required maxLength={2000} style={{ flex: 1 }} size="xs" />
          <Button type="submit" size="xs" variant="light">
            Tilføj
          </Button>
        </Group>
      </Form>
      <Form method="post" key={`a${actions}`}>
        <Hidden fields={{ intent: 'action-item', agendaItemId: item.id }} />
        <Stack gap={4}>
          <TextInput name="text" label="Opgave" required maxLength={500} size="xs" />
          <Group gap="xs" grow>
            <input type="hidden" name="ownerId" value={ownerId ?? ''} />
            <Select label="Ansvarlig" data={owners.map((p) => ({ value: p.userId, label: p.name }))} value={ownerId} onChange={setOwnerId} searchable size="xs" required aria-label={`Ansvarlig for opgaven under ${item.title}`} />
            <TextInput type="date" name="dueDate" label="Frist" min={today} required size="xs" />
          </Group>
          <Button type="submit" size="xs" variant="light">
            Opret opgave
          </Button>
        </Stack>
      </Form>
    </Group>
  )
}

export function Participants({ meeting, writer }: { meeting: Meeting; writer: boolean }) {
  const fetcher = useFetcher()
  return (
    <Paper withBorder p="md">
      <Title order={2} size="h4" mb="sm">
        Deltagere og fremmøde
      </Title>
      <Stack gap={6} role="list" aria-label="Deltagere">
        {meeting.participants.map((p) => (
          <Group key={p.userId} justify="space-between" wrap="nowrap" role="listitem">
            <div>
              <Group gap={6}>
                <Text size="sm" fw={500}>
                  {p.name}
                </Text>
                {p.role !== 'MEMBER' ? (
                  <Badge size="xs" variant="light" color={p.role === 'GUEST' ? 'gray' : 'blue'}>
                    {PARTICIPANT_ROLE_LABELS[p.role]}
                  </Badge>
                ) : null}
              </Group>
              {p.organisation ? (
                <Text size="xs" c="dimmed">
                  {p.organisation}
                </Text>
              ) : null}
            </div>
            {writer ? (
              <NativeSelect
                size="xs"
                aria-label={`Fremmøde for ${p.name}`}
                value={p.attendance ?? ''}
                onChange={(e) => fetcher.submit({ intent: 'attendance', userId: p.userId, attendance: e.currentTarget.value }, { method: 'post' })}
                data={[{ value: '', label: '–', disabled: true }, ...ATTENDANCE.map((a) => ({ value: a, label: ATTENDANCE_LABELS[a] }))]}
              />
            ) : p.attendance ? (
              <Badge size="sm" variant="light" color={p.attendance === 'PRESENT' ? 'teal' : 'gray'}>
                {ATTENDANCE_LABELS[p.attendance]}
              </Badge>
            ) : null}
          </Group>
        ))}
      </Stack>
    </Paper>
  )
}

export function MeetingSettings({
  meeting,
  guestOptions,
  localStart,
  today,
}: {
  meeting: Meeting
  guestOptions: { value: string; label: string }[]
  localStart: { date: string; time: string }
  today: string
}) {
  const [guest, setGuest] = useState<string | null>(null)
  const members = meeting.participants.filter((p) => p.role === 'MEMBER' || p.role === 'SECRETARY')
  const secretary = meeting.participants.find((p) => p.role === 'SECRETARY')
  const open = !['closed', 'cancelled'].includes(meeting.state)
  return (
    <Paper withBorder p="md">
      <Title order={2} size="h4" mb="sm">
        Mødeleder
      </Title>
      <Stack gap="md">
        <Form method="post">
          <input type="hidden" name="intent" value="secretary" />
          <Group gap="xs" align="flex-end" wrap="nowrap">
            <NativeSelect name="userId" label="Referent" defaultValue={secretary?.userId ?? ''} data={[{ value: '', label: 'Ingen (mødelederen skriver)' }, ...members.map((p) => ({ value: p.userId, label: p.name }))]} size="xs" style={{ flex: 1 }} />
            <Button type="submit" size="xs" variant="light">
              Gem
            </Button>
          </Group>
        </Form>
        {open ? (
          <Form method="post">
            <input type="hidden" name="intent" value="guest" />
            <input type="hidden" name="userId" value={guest ?? ''} />
            <Group gap="xs" align="flex-end" wrap="nowrap">
              <Select label="Invitér gæst til dette møde" description="Gæsten ser kun mødets udsendte dagsorden" data={guestOptions} value={guest} onChange={setGuest} searchable size="xs" style={{ flex: 1 }} nothingFoundMessage="Ingen bruger med det navn" />
              <Button type="submit" size="xs" variant="light" disabled={!guest}>
                Invitér
              </Button>
            </Group>
          </Form>
        ) : null}
        {PROPOSAL_STATES.includes(meeting.state as never) ? (
          <Form method="post">
            <input type="hidden" name="intent" value="move" />
            <input type="hidden" name="version" value={meeting.version} />
            <Text size="sm" fw={600} mb={4}>
              Flyt dette møde
            </Text>
            <Group gap="xs" grow>
              <TextInput type="date" name="date" label="Dato" defaultValue={localStart.date} min={today} required size="xs" />
              <TextInput type="time" name="time" label="Tid" defaultValue={localStart.time} required size="xs" />
            </Group>
            <Textarea name="note" label="Besked til deltagerne" required minLength={3} maxLength={1000} size="xs" mt={4} autosize minRows={2} />
            <Button type="submit" size="xs" variant="light" mt={4}>
              Flyt mødet
            </Button>
          </Form>
        ) : null}
      </Stack>
    </Paper>
  )
}

export function ProposalForm({ chair, proposed }: { chair: boolean; proposed: object | null }) {
  const navigation = useNavigation()
  const [generation, setGeneration] = useState(0)
  useEffect(() => {
    if (proposed) setGeneration((g) => g + 1)
  }, [proposed])
  return (
    <Paper withBorder p="md">
      <Title order={2} size="h4" mb="sm">
        {chair ? 'Tilføj et punkt' : 'Foreslå et punkt'}
      </Title>
      <Form method="post" key={generation} aria-label={chair ? 'Tilføj et punkt' : 'Foreslå et punkt'}>
        <input type="hidden" name="intent" value="propose" />
        <Stack gap="xs">
          <TextInput name="title" label="Overskrift" required maxLength={200} />
          <Textarea name="description" label="Beskrivelse" maxLength={4000} autosize minRows={2} />
          <Group grow>
            <NativeSelect name="kind" label="Slags punkt" data={ITEM_KINDS.map((k) => ({ value: k, label: ITEM_KIND_LABELS[k] }))} />
            <TextInput name="presenter" label="Oplægsholder" maxLength={200} />
            <TextInput name="requestedMinutes" type="number" label="Ønsket tid (min.)" min={1} max={480} />
          </Group>
          <Group>
            <Button type="submit" loading={navigation.state === 'submitting' && navigation.formData?.get('intent') === 'propose'}>
              {chair ? 'Tilføj punkt' : 'Foreslå punkt'}
            </Button>
          </Group>
        </Stack>
      </Form>
    </Paper>
  )
}
