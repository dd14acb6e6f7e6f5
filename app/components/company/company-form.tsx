import { getFormProps, getInputProps, useForm, type SubmissionResult } from '@conform-to/react'
import { parseWithZod } from '@conform-to/zod/v4'
import { Button, Group, NativeSelect, SimpleGrid, Stack, TextInput } from '@mantine/core'
import { Form, useNavigation } from '@remix-run/react'
import { FormErrors } from '~/components/form-errors.tsx'
import { CompanySchema, EMPLOYEE_BAND_LABELS, EMPLOYEE_BANDS, SEGMENT_LABELS, SEGMENTS, type CompanyInput } from '~/utils/company-fields.ts'

export function CompanyForm({
  kommuner,
  defaults,
  lastResult,
  submitLabel,
  version,
  intent,
}: {
  kommuner: { id: string; name: string }[]
  defaults?: Partial<CompanyInput>
  lastResult?: SubmissionResult<string[]>
  submitLabel: string
  version?: number
  intent?: string
}) {
  const navigation = useNavigation()
  const [form, fields] = useForm({
    id: 'company-form',
    lastResult,
    defaultValue: defaults,
    shouldValidate: 'onBlur',
    shouldRevalidate: 'onInput',
    onValidate: ({ formData }) => parseWithZod(formData, { schema: CompanySchema }),
  })
  const select = (name: 'kommuneId' | 'segment' | 'employeeBand') => ({ name: fields[name].name, key: fields[name].key, defaultValue: (fields[name].initialValue as string | undefined) ?? '', error: fields[name].errors?.[0] })
  return (
    <Form method="post" {...getFormProps(form)}>
      <Stack gap="md" maw={760}>
        <FormErrors errors={form.errors} id={form.errorId} />
        {intent ? <input type="hidden" name="intent" value={intent} /> : null}
        {version ? <input type="hidden" name="version" value={version} /> : null}
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <TextInput {...getInputProps(fields.name, { type: 'text' })} key={fields.name.key} label="Navn" withAsterisk error={fields.name.errors?.[0]} />
          <TextInput
            {...getInputProps(fields.cvr, { type: 'text' })}
            key={fields.cvr.key}
            label="CVR-nummer"
            description="8 cifre"
            inputMode="numeric"
            withAsterisk
            error={fields.cvr.errors?.[0]}
          />
          <TextInput {...getInputProps(fields.pNumber, { type: 'text' })} key={fields.pNumber.key} label="P-nummer" description="Valgfrit, 10 cifre" inputMode="numeric" error={fields.pNumber.errors?.[0]} />
          <TextInput {...getInputProps(fields.address, { type: 'text' })} key={fields.address.key} label="Adresse" error={fields.address.errors?.[0]} />
          <NativeSelect {...select('kommuneId')} label="Kommune" withAsterisk data={[{ value: '', label: 'Vælg kommune' }, ...kommuner.map((k) => ({ value: k.id, label: k.name }))]} />
          <TextInput {...getInputProps(fields.industry, { type: 'text' })} key={fields.industry.key} label="Branche" error={fields.industry.errors?.[0]} />
          <NativeSelect {...select('employeeBand')} label="Antal ansatte" data={[{ value: '', label: 'Ved ikke' }, ...EMPLOYEE_BANDS.map((b) => ({ value: b, label: EMPLOYEE_BAND_LABELS[b] }))]} />
          <NativeSelect
            {...select('segment')}
            label="Segment"
            description="Vækstvirksomhed: forventer 10 % vækst over tre år"
            withAsterisk
            data={[{ value: '', label: 'Vælg segment' }, ...SEGMENTS.map((s) => ({ value: s, label: SEGMENT_LABELS[s] }))]}
          />
        </SimpleGrid>
        <Group>
          <Button type="submit" loading={navigation.state === 'submitting'}>
            {submitLabel}
          </Button>
        </Group>
      </Stack>
    </Form>
  )
}
