import { getFormProps, getInputProps, useForm, type SubmissionResult } from '@conform-to/react'
import { parseWithZod } from '@conform-to/zod/v4'
import { Button, Checkbox, Group, MultiSelect, NativeSelect, Radio, SimpleGrid, Stack, Textarea, TextInput } from '@mantine/core'
import { Form, useNavigation } from '@remix-run/react'
import { useState } from 'react'
import { FormErrors } from '~/components/form-errors.tsx'
import { CONSENT_METHOD_LABELS, CONSENT_METHODS, ConsentSchema } from '~/utils/company-fields.ts'
import { PURPOSE_LABELS, PURPOSES } from '~/utils/consent-gate.ts'

/** Records who at the company consented, how, when, to whom, for what and until when. */
export function ConsentForm({
  organisations,
  defaultOrganisationIds,
  defaultPurposes = ['GUIDANCE'],
  today,
  defaultExpiry,
  lastResult,
}: {
  organisations: { id: string; name: string; group: string }[]
  defaultOrganisationIds: string[]
  defaultPurposes?: string[]
  today: string
  defaultExpiry: string
  lastResult?: SubmissionResult<string[]>
}) {
  const navigation = useNavigation()
  const [form, fields] = useForm({
    id: 'consent-form',
    lastResult,
    defaultValue: { givenAt: today, expiresAt: defaultExpiry, scope: 'NAMED', purposes: defaultPurposes, method: 'WRITTEN', organisationIds: defaultOrganisationIds },
    shouldValidate: 'onBlur',
    shouldRevalidate: 'onInput',
    onValidate: ({ formData }) => parseWithZod(formData, { schema: ConsentSchema }),
  })
  const [scope, setScope] = useState((fields.scope.initialValue as string | undefined) ?? 'NAMED')
  const [method, setMethod] = useState((fields.method.initialValue as string | undefined) ?? 'WRITTEN')
  const [chosen, setChosen] = useState<string[]>((fields.organisationIds.initialValue as string[] | undefined) ?? defaultOrganisationIds)
  const groups = [...new Set(organisations.map((o) => o.group))].map((group) => ({ group, items: organisations.filter((o) => o.group === group).map((o) => ({ value: o.id, label: o.name })) }))
  const submitting = navigation.state === 'submitting' && navigation.formData?.get('intent') === 'consent'
  return (
    <Form method="post" {...getFormProps(form)} aria-label="Registrér samtykke">
      <input type="hidden" name="intent" value="consent" />
      <Stack gap="sm">
        <FormErrors errors={form.errors} id={form.errorId} />
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <TextInput {...getInputProps(fields.givenByName, { type: 'text' })} key={fields.givenByName.key} label="Givet af (navn)" withAsterisk error={fields.givenByName.errors?.[0]} />
          <TextInput {...getInputProps(fields.givenByRole, { type: 'text' })} key={fields.givenByRole.key} label="Stilling" error={fields.givenByRole.errors?.[0]} />
          <NativeSelect
            name={fields.method.name}
            value={method}
            onChange={(e) => setMethod(e.currentTarget.value)}
            label="Hvordan"
            withAsterisk
            data={CONSENT_METHODS.map((m) => ({ value: m, label: CONSENT_METHOD_LABELS[m] }))}
            error={fields.method.errors?.[0]}
          />
          <TextInput {...getInputProps(fields.givenAt, { type: 'date' })} key={fields.givenAt.key} label="Givet den" max={today} withAsterisk error={fields.givenAt.errors?.[0]} />
        </SimpleGrid>
        <Textarea
          name={fields.methodNote.name}
          key={fields.methodNote.key}
          defaultValue={(fields.methodNote.initialValue as string | undefined) ?? ''}
          label="Notat"
          description={method === 'VERBAL' ? 'Påkrævet ved mundtligt samtykke: hvornår, hvor og hvad der blev sagt.' : 'Fx hvor det skriftlige samtykke ligger.'}
          withAsterisk={method === 'VERBAL'}
          autosize
          minRows={2}
          error={fields.methodNote.errors?.[0]}
        />
        <Radio.Group name={fields.scope.name} value={scope} onChange={setScope} label="Omfang" withAsterisk error={fields.scope.errors?.[0]}>
          <Group mt={4}>
            <Radio value="NAMED" label="Navngivne organisationer" />
            <Radio value="ALL" label="Alle partnere i Knudepunkt" />
          </Group>
        </Radio.Group>
        {scope === 'NAMED' ? (
          <>
            {chosen.map((id) => (
              <input key={id} type="hidden" name={fields.organisationIds.name} value={id} />
            ))}
            <MultiSelect
              label="Organisationer, der må se virksomhedens oplysninger"
              data={groups}
              value={chosen}
              onChange={setChosen}
              searchable
              nothingFoundMessage="Ingen organisation med det navn"
              error={fields.organisationIds.errors?.[0]}
              withAsterisk
            />
          </>
        ) : null}
        <Checkbox.Group label="Formål" withAsterisk defaultValue={(fields.purposes.initialValue as string[] | undefined) ?? defaultPurposes} error={fields.purposes.errors?.[0]}>
          <Group mt={4}>
            {PURPOSES.map((p) => (
              <Checkbox key={p} name={fields.purposes.name} value={p} label={PURPOSE_LABELS[p]} />
            ))}
          </Group>
        </Checkbox.Group>
        <TextInput {...getInputProps(fields.expiresAt, { type: 'date' })} key={fields.expiresAt.key} label="Gælder til og med" min={today} withAsterisk error={fields.expiresAt.errors?.[0]} />
        <Group>
          <Button type="submit" loading={submitting}>
            Registrér samtykke
          </Button>
        </Group>
      </Stack>
    </Form>
  )
}
