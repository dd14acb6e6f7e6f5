import { parseWithZod } from '@conform-to/zod/v4'
import { Anchor, Badge, Button, Grid, Group, Stack, Title } from '@mantine/core'
import { data, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import { PasswordLink } from '~/components/admin/password-link.tsx'
import { UserForm, UserSchema } from '~/components/admin/user-form.tsx'
import { useActionToast, useStickyValue } from '~/components/action-toast.tsx'
import { AuditHistory } from '~/components/audit-history.tsx'
import { ConfirmButton } from '~/components/confirm-button.tsx'
import { loadUserFormOptions, unknownIdErrors } from '~/models/admin-options.server.ts'
import { createNewSetPasswordLink, getUserForAdmin, setUserActive, updateUser } from '~/models/user.server.ts'
import { listAuditEntries } from '~/utils/audit.server.ts'
import { StaleVersionError } from '~/utils/db-errors.server.ts'
import { invalid, replyToWriteError } from '~/utils/form.server.ts'
import { requirePermission } from '~/utils/permissions.server.ts'
import { notFound, STALE_MESSAGE } from '~/utils/responses.server.ts'
import { versionField, z } from '~/utils/validation.ts'

export { RouteErrorBoundary as ErrorBoundary } from '~/components/error-page.tsx'

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requirePermission(request, 'view', 'user')
  const user = await getUserForAdmin(params.id!)
  if (!user) notFound('Brugeren findes ikke.')
  const [options, history] = await Promise.all([loadUserFormOptions(), listAuditEntries({ entityType: 'user', entityId: user.id })])
  return { user, ...options, history }
}

const ActiveSchema = z.object({ version: versionField })

async function changeActive(request: Request, adminId: string, id: string, active: boolean, formData: FormData) {
  const parsed = ActiveSchema.safeParse(Object.fromEntries(formData))
  if (!parsed.success) return data({ ok: false, message: 'Versionen mangler.' }, { status: 400 })
  if (!active && adminId === id) return data({ ok: false, message: 'Du kan ikke deaktivere dig selv.' }, { status: 400 })
  try {
    await setUserActive({ actorId: adminId, id, version: parsed.data.version, active })
    return data({ message: active ? 'Brugeren er genaktiveret.' : 'Brugeren er deaktiveret, og alle sessioner er afsluttet.', ok: true })
  } catch (error) {
    if (error instanceof StaleVersionError) return data({ ok: false, message: STALE_MESSAGE }, { status: 409 })
    throw error
  }
}

export async function action({ request, params }: ActionFunctionArgs) {
  const admin = await requirePermission(request, 'update', 'user')
  const existing = await getUserForAdmin(params.id!)
  if (!existing) notFound('Brugeren findes ikke.')
  const formData = await request.formData()
  const intent = formData.get('intent')

  if (intent === 'deactivate' || intent === 'activate') return changeActive(request, admin.id, existing.id, intent === 'activate', formData)
  if (intent === 'new-link') {
    const token = await createNewSetPasswordLink({ actorId: admin.id, id: existing.id })
    return data({ link: `${new URL(request.url).origin}/adgangskode/${token}` })
  }

  const submission = parseWithZod(formData, { schema: UserSchema })
  if (submission.status !== 'success') return invalid(submission)
  const values = submission.value
  const idErrors = unknownIdErrors(values, await loadUserFormOptions())
  if (idErrors) return invalid(submission, idErrors)
  if (existing.id === admin.id && !values.roles.includes('ADMIN')) {
    return invalid(submission, { roles: ['Du kan ikke fjerne din egen administratorrolle.'] })
  }
  try {
    await updateUser({
      actorId: admin.id,
      id: existing.id,
      version: values.version ?? 0,
      values: { ...values, title: values.title || null, team: values.team ?? null },
    })
    return data({ result: submission.reply(), saved: true, ok: true, message: 'Ændringerne er gemt.' })
  } catch (error) {
    return replyToWriteError(submission, error, { email: 'Der findes allerede en bruger med denne e-mail.' })
  }
}

export default function EditUser() {
  const { user, organisations, kommuner, history } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const result = actionData && 'result' in actionData ? actionData.result : undefined
  const saved = actionData && 'saved' in actionData
  useActionToast(actionData)
  const link = useStickyValue(actionData && 'link' in actionData ? actionData.link : null)

  return (
    <Stack>
      <Anchor component={Link} to="/admin/brugere" size="sm">
        ← Alle brugere
      </Anchor>
      <Group justify="space-between">
        <Group gap="sm">
          <Title order={2} size="h3">
            {user.name}
          </Title>
          {!user.active ? <Badge color="gray">Deaktiveret</Badge> : user.invited ? <Badge color="yellow">Inviteret</Badge> : null}
        </Group>
        <Group gap="sm">
          <Form method="post">
            <input type="hidden" name="intent" value="new-link" />
            <Button type="submit" variant="default">
              {user.invited ? 'Nyt invitationslink' : 'Link til ny adgangskode'}
            </Button>
          </Form>
          {user.active ? (
            <ConfirmButton
              label="Deaktivér"
              title={`Deaktivér ${user.name}?`}
              message="Brugeren bliver logget ud alle steder med det samme og kan ikke logge ind igen, før en administrator genaktiverer kontoen. Historikken bevares."
              confirmLabel="Deaktivér"
              fields={{ intent: 'deactivate', version: user.version }}
            />
          ) : (
            <Form method="post">
              <input type="hidden" name="intent" value="activate" />
              <input type="hidden" name="version" value={user.version} />
              <Button type="submit" color="teal" variant="light">
                Genaktivér
              </Button>
            </Form>
          )}
        </Group>
      </Group>
      {link ? <PasswordLink name={user.name} link={link} /> : null}
      <Grid gutter="xl">
        <Grid.Col span={{ base: 12, lg: 8 }}>
          <UserForm
            key={user.version}
            defaults={user}
            organisations={organisations}
            kommuner={kommuner}
            lastResult={saved ? undefined : result}
            submitLabel="Gem ændringer"
          />
        </Grid.Col>
        <Grid.Col span={{ base: 12, lg: 4 }}>
          <AuditHistory entries={history} />
        </Grid.Col>
      </Grid>
    </Stack>
  )
}
