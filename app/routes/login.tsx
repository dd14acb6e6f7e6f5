import { getFormProps, getInputProps, useForm } from '@conform-to/react'
import { parseWithZod } from '@conform-to/zod/v4'
import { Alert, Button, Center, Group, Paper, PasswordInput, Stack, Text, TextInput, Title } from '@mantine/core'
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, useActionData, useNavigation, useSearchParams } from '@remix-run/react'
import { IconAlertCircle } from '@tabler/icons-react'
import { login, requireAnonymous, safeRedirect } from '~/utils/auth.server.ts'
import { disconnectSession } from '~/utils/realtime.server.ts'
import { hashToken, invalidateSession, readSessionToken } from '~/utils/session.server.ts'
import { emailField, z } from '~/utils/validation.ts'

export const meta: MetaFunction = () => [{ title: 'Log ind · Knudepunkt' }]

const LoginSchema = z.object({
  email: emailField,
  password: z.string({ error: 'Udfyld adgangskode.' }).min(1, { error: 'Udfyld adgangskode.' }).max(200),
  redirectTo: z.string().optional(),
})

export async function loader({ request }: LoaderFunctionArgs) {
  await requireAnonymous(request)
  return null
}

/**
 * Session fixation: a login always gets a new token (auth.server.ts `login`), and whatever session
 * the browser brought along — the user's own, or one planted by someone else — ends here, so no
 * token known before the login is worth anything after it.
 */
async function endPreviousSession(request: Request) {
  const token = readSessionToken(request.headers.get('Cookie'))
  if (!token) return
  const sessionId = hashToken(token)
  await invalidateSession(sessionId)
  disconnectSession(sessionId)
}

export async function action({ request, context }: ActionFunctionArgs) {
  const formData = await request.formData()
  const submission = parseWithZod(formData, { schema: LoginSchema })
  if (submission.status !== 'success') {
    return data({ result: submission.reply({ hideFields: ['password'] }) }, { status: 400 })
  }
  const { email, password, redirectTo } = submission.value
  const result = await login({ email, password, ip: context.clientIp ?? 'unknown' })
  if (!result.ok) {
    return data({ result: submission.reply({ formErrors: [result.error], hideFields: ['password'] }) }, { status: 401 })
  }
  await endPreviousSession(request)
  return redirect(safeRedirect(redirectTo), { headers: { 'Set-Cookie': result.cookie } })
}

export default function LoginPage() {
  const actionData = useActionData<typeof action>()
  const [searchParams] = useSearchParams()
  const navigation = useNavigation()
  const [form, fields] = useForm({
    id: 'login',
    lastResult: actionData?.result,
    constraint: undefined,
    shouldValidate: 'onBlur',
    shouldRevalidate: 'onInput',
    onValidate: ({ formData }) => parseWithZod(formData, { schema: LoginSchema }),
  })
  const notice = searchParams.get('passwordSet') === '1' ? 'Din adgangskode er gemt. Log ind med den.' : searchParams.get('loggedOut') === '1' ? 'Du er logget ud.' : null

  return (
    <Center mih="100vh" p="md" component="main">
      <Paper withBorder shadow="sm" p="xl" w="100%" maw={420}>
        <Stack gap="md">
          <Group gap={10}>
            <img src="/favicon.svg" alt="" width={36} height={36} />
            <div>
              <Title order={1} size="h2">
                Knudepunkt
              </Title>
              <Text size="sm" c="dimmed">
                Erhvervshus Sydjylland, kommunerne og LES
              </Text>
            </div>
          </Group>
          {notice && !form.errors ? (
            <Alert color="teal" variant="light" role="status">
              {notice}
            </Alert>
          ) : null}
          {form.errors ? (
            <Alert color="red" variant="light" icon={<IconAlertCircle size={18} />} role="alert" id={form.errorId}>
              {form.errors.join(' ')}
            </Alert>
          ) : null}
          <Form method="post" {...getFormProps(form)}>
            <Stack gap="sm">
              <input type="hidden" name="redirectTo" value={searchParams.get('redirectTo') ?? ''} />
              <TextInput
                {...getInputProps(fields.email, { type: 'email' })}
                key={fields.email.key}
                label="E-mail"
                autoComplete="username"
                autoFocus
                error={fields.email.errors?.[0]}
              />
              <PasswordInput
                {...getInputProps(fields.password, { type: 'password' })}
                key={fields.password.key}
                label="Adgangskode"
                autoComplete="current-password"
                error={fields.password.errors?.[0]}
              />
              <Button type="submit" loading={navigation.state === 'submitting'} fullWidth mt="xs">
                Log ind
              </Button>
            </Stack>
          </Form>
        </Stack>
      </Paper>
    </Center>
  )
}
