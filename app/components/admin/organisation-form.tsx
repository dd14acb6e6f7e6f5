import { getFormProps, getInputProps, getTextareaProps, useForm, type SubmissionResult } from '@conform-to/react'
import { parseWithZod } from '@conform-to/zod/v4'
import { Button, Checkbox, Group, NativeSelect, SimpleGrid, Stack, Switch, Textarea, TextInput } from '@mantine/core'
import { Form, useNavigation } from '@remix-run/react'
import { useState } from 'react'
import { FormErrors } from '~/components/form-errors.tsx'
import { ORGANISATION_KIND_LABELS, ORGANISATION_KINDS } from '~/utils/organisation-kinds.ts'
import { optionalText, requiredText, versionField, z } from '~/utils/validation.ts'

const KIND_OPTIONS = ORGANISATION_KINDS.map((value) => ({ value, label: ORGANISATION_KIND_LABELS[value] }))

/** Checkboxes arrive as "on" when ticked and are missing when not. */
const checkbox = z.preprocess((value) => value === 'on' || value === 'true', z.boolean())

export const OrganisationSchema = z.object({
  name: requiredText('navn', 160),
  kind: z.enum(ORGANISATION_KINDS, { error: 'Vælg en type.' }),
  description: optionalText('beskrivelse', 1000),
  designEcosystem: checkbox,
  active: checkbox,
  hubKommuneIds: z.array(z.string()).default([]),
  version: versionField.optional(),
})

export type OrganisationFormDefaults = {
  name: string
  kind: string
  description: string | null
  designEcosystem: boolean
  active: boolean
  hubKommuneIds: string[]
  version?: number
}

export function OrganisationForm({
  defaults,
  kommuner,
  lastResult,
  submitLabel,
}: {
  defaults?: OrganisationFormDefaults
  kommuner: { id: string; name: string }[]
  lastResult?: SubmissionResult<string[]>
  submitLabel: string
}) {
  const navigation = useNavigation()
  const [form, fields] = useForm({
    id: 'organisation-form',
    lastResult,
    defaultValue: defaults
      ? { ...defaults, description: defaults.description ?? '', designEcosystem: defaults.designEcosystem ? 'on' : '', active: defaults.active ? 'on' : '', version: undefined }
      : { active: 'on' },
    shouldValidate: 'onBlur',
    shouldRevalidate: 'onInput',
    onValidate: ({ formData }) => parseWithZod(formData, { schema: OrganisationSchema }),
  })
  const [kind, setKind] = useState((fields.kind.initialValue as string | undefined) ?? '')

  return (
    <Form method="post" {...getFormProps(form)}>
      <Stack gap="md" maw={760}>
        <FormErrors errors={form.errors} id={form.errorId} />
        {defaults?.version ? <input type="hidden" name="version" value={defaults.version} /> : null}
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <TextInput {...getInputProps(fields.name, { type: 'text' })} key={fields.name.key} label="Navn" withAsterisk error={fields.name.errors?.[0]} />
          <NativeSelect
            name={fields.kind.name}
            key={fields.kind.key}
            value={kind}
            onChange={(e) => setKind(e.currentTarget.value)}
            label="Type"
            withAsterisk
            error={fields.kind.errors?.[0]}
            data={[{ value: '', label: 'Vælg type' }, ...KIND_OPTIONS]}
          />
        </SimpleGrid>
        <Textarea
          {...getTextareaProps(fields.description)}
          key={fields.description.key}
          label="Beskrivelse"
          description="Fx en klynges sektor eller en designaktørs tilbud."
          autosize
          minRows={2}
          error={fields.description.errors?.[0]}
        />
        <Switch
          name={fields.designEcosystem.name}
          key={fields.designEcosystem.key}
          defaultChecked={fields.designEcosystem.initialValue === 'on'}
          label="Del af designøkosystemet (henvisninger hertil tæller i mål 8c)"
        />
        <Switch name={fields.active.name} key={fields.active.key} defaultChecked={fields.active.initialValue === 'on'} label="Aktiv" />
        {kind === 'CLUSTER' ? (
          <Checkbox.Group
            key={fields.hubKommuneIds.key}
            label="Lokale knudepunkter i regionen"
            defaultValue={(fields.hubKommuneIds.initialValue as string[] | undefined) ?? []}
          >
            <SimpleGrid cols={{ base: 2, sm: 4 }} mt="xs">
              {kommuner.map((k) => (
                <Checkbox key={k.id} name={fields.hubKommuneIds.name} value={k.id} label={k.name} />
              ))}
            </SimpleGrid>
          </Checkbox.Group>
        ) : null}
        <Group>
          <Button type="submit" loading={navigation.state === 'submitting'}>
            {submitLabel}
          </Button>
        </Group>
      </Stack>
    </Form>
  )
}
