import { getFormProps, getInputProps, useForm, type Submission } from '@conform-to/react'
import { parseWithZod } from '@conform-to/zod/v4'
import { Alert, Anchor, Button, Center, Paper, PasswordInput, Stack, Text, Title } from '@mantine/core'
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react'
import { FormErrors } from '~/components/form-errors.tsx'
import { findValidPasswordToken, setPasswordWithToken } from '~/models/user.server.ts'
import { isCommonPassword } from '~/utils/common-passwords.server.ts'
import { choosePasswordSchema, PASSWORD_MIN_LENGTH, type PasswordChoice } from '~/utils/password-policy.ts'

export const meta: MetaFunction = () => [{ title: 'Vælg adgangskode · Knudepunkt' }]

const EXPIRED = 'Linket er brugt, udløbet eller ugyldigt. Bed en administrator om et nyt.'

export async function loader({ params }: LoaderFunctionArgs) {
  const token = await findValidPasswordToken(params.token ?? '')
  return { valid: Boolean(token), name: token?.user.name ?? null, email: token?.user.email ?? null }
}

/** The owner is read first: the policy refuses passwords built from their name or e-mail. */
export async function action({ request, params }: ActionFunctionArgs) {
  const formData = await request.formData()
  const token = await findValidPasswordToken(params.token ?? '')
  if (!token) return expired(parseWithZod(formData, { schema: choosePasswordSchema() }))
  const submission = parseWithZod(formData, { schema: choosePasswordSchema({ owner: token.user, isCommon: isCommonPassword }) })
  if (submission.status !== 'success') return data({ result: submission.reply({ hideFields: ['password', 'confirm'] }) }, { status: 400 })
  const done = await setPasswordWithToken({ token: params.token ?? '', password: submission.value.password })
  if (!done) return expired(submission)
  return redirect('/login?passwordSet=1')
}

function expired(submission: Submission<PasswordChoice>) {
  return data({ result: submission.reply({ formErrors: [EXPIRED], hideFields: ['password', 'confirm'] }) }, { status: 410 })
}

export default function SetPassword() {
  const { valid, name, email } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const navigation = useNavigation()
  const [form, fields] = useForm({
    id: 'set-password',
    lastResult: actionData?.result,
    shouldValidate: 'onBlur',
    shouldRevalidate: 'onInput',
    // The browser checks length, name and e-mail; the common-password list is checked by the action.
    onValidate: ({ formData }) => parseWithZod(formData, { schema: choosePasswordSchema({ owner: name && email ? { name, email } : null }) }),
  })
  return (
    <Center mih="100vh" p="md" component="main">
      <Paper withBorder shadow="sm" p="xl" w="100%" maw={440}>
        <Stack>
          <Title order={1} size="h2">
            Vælg adgangskode
          </Title>
          {!valid ? (
            <>
              <Alert color="red" variant="light" role="alert">
                {EXPIRED}
              </Alert>
              <Anchor component={Link} to="/login">
                Gå til log ind
              </Anchor>
            </>
          ) : (
            <>
              <Text size="sm">
                Goddag {name}. Vælg en adgangskode til {email}. Den skal være mindst {PASSWORD_MIN_LENGTH} tegn, må ikke være en af de mest brugte adgangskoder og må ikke indeholde dit navn eller din e-mail. En sætning af flere ord er let at huske og svær at gætte.
              </Text>
              <FormErrors errors={form.errors} id={form.errorId} />
              <Form method="post" {...getFormProps(form)}>
                <Stack gap="sm">
                  <PasswordInput {...getInputProps(fields.password, { type: 'password' })} key={fields.password.key} label="Ny adgangskode" autoComplete="new-password" error={fields.password.errors?.[0]} />
                  <PasswordInput {...getInputProps(fields.confirm, { type: 'password' })} key={fields.confirm.key} label="Gentag adgangskoden" autoComplete="new-password" error={fields.confirm.errors?.[0]} />
                  <Button type="submit" loading={navigation.state === 'submitting'}>
                    Gem adgangskode
                  </Button>
                </Stack>
              </Form>
            </>
          )}
        </Stack>
      </Paper>
    </Center>
  )
}
