import { Anchor, Badge, Button, Group, Paper, Stack, Text } from '@mantine/core'
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useLoaderData, useNavigation } from '@remix-run/react'
import { EmptyState } from '~/components/empty-state.tsx'
import { PageHeader } from '~/components/page-header.tsx'
import { listNotifications, markAllRead, markRead } from '~/models/notification.server.ts'
import { requireUser } from '~/utils/auth.server.ts'
import { formatDateTime } from '~/utils/format.ts'
import { z } from '~/utils/validation.ts'

export { RouteErrorBoundary as ErrorBoundary } from '~/components/error-page.tsx'

export const meta: MetaFunction = () => [{ title: 'Notifikationer · Knudepunkt' }]

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request)
  return { notifications: await listNotifications(user.id) }
}

const ActionSchema = z.discriminatedUnion('intent', [
  z.object({ intent: z.literal('read'), id: z.string().min(1).max(64) }),
  z.object({ intent: z.literal('read-all') }),
])

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request)
  const parsed = ActionSchema.safeParse(Object.fromEntries(await request.formData()))
  if (!parsed.success) return data({ message: 'Ukendt handling.' }, { status: 400 })
  if (parsed.data.intent === 'read-all') await markAllRead({ userId: user.id })
  else await markRead({ userId: user.id, id: parsed.data.id })
  return data({ message: null })
}

export default function Notifications() {
  const { notifications } = useLoaderData<typeof loader>()
  const navigation = useNavigation()
  const unread = notifications.filter((n) => !n.readAt).length
  return (
    <Stack>
      <PageHeader
        title="Notifikationer"
        description={
          <>
            Vælg under <Anchor component={Link} to="/indstillinger">Indstillinger</Anchor>, om du vil have besked i Knudepunkt, på e-mail eller begge dele.
          </>
        }
        actions={
          unread > 0 ? (
            <Form method="post">
              <input type="hidden" name="intent" value="read-all" />
              <Button type="submit" variant="light" loading={navigation.state === 'submitting'}>
                Markér alle som læst
              </Button>
            </Form>
          ) : null
        }
      />
      {notifications.length === 0 ? (
        <EmptyState title="Ingen notifikationer">Når der sker noget, du skal vide, står det her.</EmptyState>
      ) : (
        <Stack gap="xs" component="ul" style={{ listStyle: 'none', padding: 0, margin: 0 }} aria-label="Notifikationer">
          {notifications.map((n) => (
            <Paper key={n.id} withBorder p="sm" component="li" bg={n.readAt ? undefined : 'var(--mantine-primary-color-light)'}>
              <Group justify="space-between" align="flex-start" wrap="nowrap">
                <Stack gap={2}>
                  <Group gap="xs">
                    {!n.readAt ? (
                      <Badge size="xs" color="red">
                        Ulæst
                      </Badge>
                    ) : null}
                    <Text fw={600}>{n.link ? <Anchor component={Link} to={n.link}>{n.title}</Anchor> : n.title}</Text>
                  </Group>
                  {n.body ? <Text size="sm">{n.body}</Text> : null}
                  <Text size="xs" c="dimmed">
                    {formatDateTime(n.createdAt)}
                  </Text>
                </Stack>
                {!n.readAt ? (
                  <Form method="post">
                    <input type="hidden" name="intent" value="read" />
                    <input type="hidden" name="id" value={n.id} />
                    <Button type="submit" size="xs" variant="subtle" aria-label={`Markér "${n.title}" som læst`}>
                      Markér som læst
                    </Button>
                  </Form>
                ) : null}
              </Group>
            </Paper>
          ))}
        </Stack>
      )}
    </Stack>
  )
}
