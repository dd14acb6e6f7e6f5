import { Button, Paper, Radio, Stack, Table, Text } from '@mantine/core'
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, useActionData, useLoaderData, useNavigation } from '@remix-run/react'
import { useActionToast } from '~/components/action-toast.tsx'
import { PageHeader } from '~/components/page-header.tsx'
import { getPreferences, savePreferences } from '~/models/notification.server.ts'
import { requireUser } from '~/utils/auth.server.ts'
import { CHANNEL_LABELS, CHANNELS, NOTIFICATION_KIND_KEYS, NOTIFICATION_KINDS, type Channel, type NotificationKind } from '~/utils/notification-kinds.ts'
import { z } from '~/utils/validation.ts'

export { RouteErrorBoundary as ErrorBoundary } from '~/components/error-page.tsx'

export const meta: MetaFunction = () => [{ title: 'Indstillinger · Knudepunkt' }]

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request)
  const chosen = await getPreferences(user.id)
  return {
    email: user.email,
    kinds: NOTIFICATION_KIND_KEYS.map((kind) => ({ kind, label: NOTIFICATION_KINDS[kind].label, channel: chosen[kind] ?? NOTIFICATION_KINDS[kind].defaultChannel })),
  }
}

const PreferencesSchema = z.object(Object.fromEntries(NOTIFICATION_KIND_KEYS.map((kind) => [kind, z.enum(CHANNELS, { error: 'Vælg en kanal.' })])) as Record<NotificationKind, z.ZodEnum<{ [K in Channel]: K }>>)

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request)
  const parsed = PreferencesSchema.safeParse(Object.fromEntries(await request.formData()))
  if (!parsed.success) return data({ ok: false, message: 'Vælg en kanal for hver slags notifikation.' }, { status: 400 })
  await savePreferences({ userId: user.id, preferences: parsed.data })
  return data({ ok: true, message: 'Dine valg er gemt.' })
}

export default function Settings() {
  const { email, kinds } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const navigation = useNavigation()
  useActionToast(actionData)
  return (
    <Stack maw={900}>
      <PageHeader title="Indstillinger" description={`Hvordan vil du have besked? E-mails sendes til ${email}.`} />
      <Paper withBorder p="md">
        <Form method="post">
          <Table aria-label="Notifikationer">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Når …</Table.Th>
                {CHANNELS.map((channel) => (
                  <Table.Th key={channel}>{CHANNEL_LABELS[channel]}</Table.Th>
                ))}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {kinds.map((k) => (
                <Table.Tr key={k.kind} role="radiogroup" aria-label={k.label}>
                  <Table.Td>
                    <Text size="sm">{k.label}</Text>
                  </Table.Td>
                  {CHANNELS.map((channel) => (
                    <Table.Td key={channel}>
                      <Radio name={k.kind} value={channel} defaultChecked={k.channel === channel} aria-label={CHANNEL_LABELS[channel]} />
                    </Table.Td>
                  ))}
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
          <Button type="submit" mt="md" loading={navigation.state === 'submitting'}>
            Gem
          </Button>
        </Form>
      </Paper>
    </Stack>
  )
}
