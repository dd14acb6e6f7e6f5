import { getFormProps, getInputProps, useForm } from '@conform-to/react'
import { parseWithZod } from '@conform-to/zod/v4'
import { Alert, Anchor, Button, Center, Paper, PasswordInput, Stack, Text, Title } from '@mantine/core'
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react'
import { FormErrors } from '~/components/form-errors.tsx'
import { findValidPasswordToken, setPasswordWithToken } from '~/models/user.server.ts'
import { z } from '~/utils/validation.ts'

export const meta: MetaFunction = () => [{ title: 'Vælg adgangskode · Knudepunkt' }]

const MIN_LENGTH = 12

const PasswordSchema = z
  .object({
    password: z
      .string({ error: 'Vælg en adgangskode.' })
      .min(MIN_LENGTH, { error: `Adgangskoden skal være mindst ${MIN_LENGTH} tegn.` })
      .max(200, { error: 'Adgangskoden må højst være 200 tegn.' }),
    confirm: z.string({ error: 'Gentag adgangskoden.' }),
  })
  .refine((v) => v.password === v.confirm, { error: 'De to adgangskoder er ikke ens.', path: ['confirm'] })

const EXPIRED = 'Linket er brugt, udløbet eller ugyldigt. Bed en administrator om et nyt.'

export async function loader({ params }: LoaderFunctionArgs) {
  const token = await findValidPasswordToken(params.token ?? '')
  return { valid: Boolean(token), name: token?.user.name ?? null, email: token?.user.email ?? null }
}

export async function action({ request, params }: ActionFunctionArgs) {
  const submission = parseWithZod(await request.formData(), { schema: PasswordSchema })
  if (submission.status !== 'success') return data({ result: submission.reply({ hideFields: ['password', 'confirm'] }) }, { status: 400 })
  const done = await setPasswordWithToken({ token: params.token ?? '', password: submission.value.password })
  if (!done) return data({ result: submission.reply({ formErrors: [EXPIRED], hideFields: ['password', 'confirm'] }) }, { status: 410 })
  return redirect('/login?passwordSet=1')
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
    onValidate: ({ formData }) => parseWithZod(formData, { schema: PasswordSchema }),
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
                Goddag {name}. Vælg en adgangskode til {email}; den skal være mindst {MIN_LENGTH} tegn.
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
