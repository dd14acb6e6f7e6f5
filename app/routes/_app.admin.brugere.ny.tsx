import { parseWithZod } from '@conform-to/zod/v4'
import { Anchor, Stack, Title } from '@mantine/core'
import { data, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node'
import { Link, useActionData, useLoaderData } from '@remix-run/react'
import { useStickyValue } from '~/components/action-toast.tsx'
import { PasswordLink } from '~/components/admin/password-link.tsx'
import { UserForm, UserSchema } from '~/components/admin/user-form.tsx'
import { loadUserFormOptions, unknownIdErrors } from '~/models/admin-options.server.ts'
import { inviteUser } from '~/models/user.server.ts'
import { invalid, replyToWriteError } from '~/utils/form.server.ts'
import { requirePermission } from '~/utils/permissions.server.ts'

export { RouteErrorBoundary as ErrorBoundary } from '~/components/error-page.tsx'

export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, 'create', 'user')
  return loadUserFormOptions()
}

export async function action({ request }: ActionFunctionArgs) {
  const admin = await requirePermission(request, 'create', 'user')
  const submission = parseWithZod(await request.formData(), { schema: UserSchema })
  if (submission.status !== 'success') return invalid(submission)
  const values = submission.value
  const idErrors = unknownIdErrors(values, await loadUserFormOptions())
  if (idErrors) return invalid(submission, idErrors)
  try {
    const { user, token } = await inviteUser({
      actorId: admin.id,
      values: { ...values, title: values.title || null, team: values.team ?? null },
    })
    const link = `${new URL(request.url).origin}/adgangskode/${token}`
    return data({ result: submission.reply({ resetForm: true }), invited: { id: user.id, name: user.name, link } })
  } catch (error) {
    return replyToWriteError(submission, error, { email: 'Der findes allerede en bruger med denne e-mail.' })
  }
}

export default function InviteUser() {
  const options = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const invited = useStickyValue(actionData && 'invited' in actionData ? actionData.invited : null)
  return (
    <Stack>
      <Anchor component={Link} to="/admin/brugere" size="sm">
        ← Alle brugere
      </Anchor>
      <Title order={2} size="h3">
        Invitér bruger
      </Title>
      {invited ? (
        <Stack gap="xs">
          <PasswordLink name={invited.name} link={invited.link} />
          <Anchor component={Link} to={`/admin/brugere/${invited.id}`}>
            Gå til {invited.name}
          </Anchor>
        </Stack>
      ) : null}
      <UserForm organisations={options.organisations} kommuner={options.kommuner} lastResult={actionData?.result} submitLabel="Invitér" />
    </Stack>
  )
}
