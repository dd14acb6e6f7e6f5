import { getFormProps, getInputProps, useForm, type SubmissionResult } from '@conform-to/react'
import { parseWithZod } from '@conform-to/zod/v4'
import { Button, Checkbox, Group, NativeSelect, SimpleGrid, Stack, TextInput } from '@mantine/core'
import { Form, useNavigation } from '@remix-run/react'
import { FormErrors } from '~/components/form-errors.tsx'
import { ROLE_LABELS, ROLES } from '~/utils/permissions.ts'
import { emailField, optionalText, requiredText, versionField, z } from '~/utils/validation.ts'

export const TEAMS = { GREEN: 'Grøn omstilling og cirkulær økonomi', EXPORT: 'Eksport', DIGITAL: 'Digitalisering og nye teknologier' } as const

export const UserSchema = z
  .object({
    email: emailField,
    name: requiredText('navn', 120),
    title: optionalText('titel', 120),
    team: z.enum(Object.keys(TEAMS) as [keyof typeof TEAMS]).optional(),
    organisationId: z.string({ error: 'Vælg en organisation.' }).min(1, { error: 'Vælg en organisation.' }),
    roles: z.array(z.enum(ROLES), { error: 'Vælg mindst én rolle.' }).min(1, { error: 'Vælg mindst én rolle.' }),
    kommuneIds: z.array(z.string()).default([]),
    version: versionField.optional(),
  })
  .refine((v) => v.kommuneIds.length === 0 || v.roles.includes('KEY_ACCOUNT_MANAGER'), {
    error: 'Kun en key account manager kan have kommuner. Vælg rollen, eller fjern kommunerne.',
    path: ['kommuneIds'],
  })

export type UserFormDefaults = {
  email: string
  name: string
  title: string | null
  team: string | null
  organisationId: string | null
  roles: string[]
  kommuneIds: string[]
  version?: number
}

export function UserForm({
  defaults,
  organisations,
  kommuner,
  lastResult,
  submitLabel,
}: {
  defaults?: UserFormDefaults
  organisations: { id: string; name: string }[]
  kommuner: { id: string; name: string; keyAccountManager: { name: string } | null }[]
  lastResult?: SubmissionResult<string[]>
  submitLabel: string
}) {
  const navigation = useNavigation()
  const [form, fields] = useForm({
    id: 'user-form',
    lastResult,
    defaultValue: defaults
      ? { ...defaults, title: defaults.title ?? '', team: defaults.team ?? '', organisationId: defaults.organisationId ?? '', version: undefined }
      : undefined,
    shouldValidate: 'onBlur',
    shouldRevalidate: 'onInput',
    onValidate: ({ formData }) => parseWithZod(formData, { schema: UserSchema }),
  })
  const roleValues = (fields.roles.initialValue as string[] | undefined) ?? []
  const kommuneValues = (fields.kommuneIds.initialValue as string[] | undefined) ?? []

  return (
    <Form method="post" {...getFormProps(form)}>
      <Stack gap="md" maw={760}>
        <FormErrors errors={form.errors} id={form.errorId} />
        {defaults?.version ? <input type="hidden" name="version" value={defaults.version} /> : null}
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <TextInput {...getInputProps(fields.name, { type: 'text' })} key={fields.name.key} label="Navn" withAsterisk error={fields.name.errors?.[0]} />
          <TextInput {...getInputProps(fields.email, { type: 'email' })} key={fields.email.key} label="E-mail" withAsterisk error={fields.email.errors?.[0]} />
          <TextInput {...getInputProps(fields.title, { type: 'text' })} key={fields.title.key} label="Titel" error={fields.title.errors?.[0]} />
          <NativeSelect
            name={fields.organisationId.name}
            key={fields.organisationId.key}
            defaultValue={(fields.organisationId.initialValue as string | undefined) ?? ''}
            label="Organisation"
            withAsterisk
            error={fields.organisationId.errors?.[0]}
            data={[{ value: '', label: 'Vælg organisation' }, ...organisations.map((o) => ({ value: o.id, label: o.name }))]}
          />
          <NativeSelect
            name={fields.team.name}
            key={fields.team.key}
            defaultValue={(fields.team.initialValue as string | undefined) ?? ''}
            label="Team i Erhvervshuset"
            description="Kun for konsulenter; tæller med i mål 8a."
            error={fields.team.errors?.[0]}
            data={[{ value: '', label: 'Intet team' }, ...Object.entries(TEAMS).map(([value, label]) => ({ value, label }))]}
          />
        </SimpleGrid>
        <Checkbox.Group key={fields.roles.key} label="Roller" withAsterisk error={fields.roles.errors?.[0]} defaultValue={roleValues}>
          <SimpleGrid cols={{ base: 1, sm: 2 }} mt="xs">
            {ROLES.map((role) => (
              <Checkbox key={role} name={fields.roles.name} value={role} label={ROLE_LABELS[role]} />
            ))}
          </SimpleGrid>
        </Checkbox.Group>
        <Checkbox.Group
          key={fields.kommuneIds.key}
          label="Key account manager for"
          description="Vælg de kommuner, brugeren er key account manager for. En kommune har én key account manager; vælger du en, der har en anden, flyttes den."
          error={fields.kommuneIds.errors?.[0]}
          defaultValue={kommuneValues}
        >
          <SimpleGrid cols={{ base: 1, sm: 3 }} mt="xs">
            {kommuner.map((k) => (
              <Checkbox
                key={k.id}
                name={fields.kommuneIds.name}
                value={k.id}
                label={k.name}
                description={k.keyAccountManager ? `Nu: ${k.keyAccountManager.name}` : 'Ingen nu'}
              />
            ))}
          </SimpleGrid>
        </Checkbox.Group>
        <Group>
          <Button type="submit" loading={navigation.state === 'submitting'}>
            {submitLabel}
          </Button>
        </Group>
      </Stack>
    </Form>
  )
}
