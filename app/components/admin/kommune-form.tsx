import { getFormProps, getInputProps, useForm, type SubmissionResult } from '@conform-to/react'
import { parseWithZod } from '@conform-to/zod/v4'
import { Button, Checkbox, Group, NativeSelect, Radio, SimpleGrid, Stack, Switch, TextInput } from '@mantine/core'
import { Form, useNavigation } from '@remix-run/react'
import { AREA_LABELS } from '~/components/area-badge.tsx'
import { FormErrors } from '~/components/form-errors.tsx'
import { requiredText, versionField, z } from '~/utils/validation.ts'

const emptyToNull = (value: unknown) => (value === '' || value === undefined ? null : value)

export const KommuneSchema = z.object({
  code: z
    .string({ error: 'Udfyld kommunekoden.' })
    .trim()
    .regex(/^\d{3,4}$/, { error: 'Kommunekoden er 3 eller 4 cifre, fx 0621.' })
    .transform((code) => code.padStart(4, '0')),
  name: requiredText('navn', 80),
  lesId: z.preprocess(emptyToNull, z.string().nullable()),
  area: z.enum(['LAND', 'BY'], { error: 'Vælg bykommune eller landdistriktskommune.' }),
  areaConfirmed: z.preprocess((v) => v === 'on', z.boolean()),
  keyAccountManagerId: z.preprocess(emptyToNull, z.string().nullable()),
  businessRegionIds: z.array(z.string()).default([]),
  version: versionField,
})

type Option = { id: string; name: string }

export function KommuneForm({
  kommune,
  lesOptions,
  regionOptions,
  keyAccountManagers,
  lastResult,
}: {
  kommune: { code: string; name: string; lesId: string | null; area: 'LAND' | 'BY'; areaIsDefault: boolean; keyAccountManagerId: string | null; businessRegionIds: string[]; version: number }
  lesOptions: Option[]
  regionOptions: Option[]
  keyAccountManagers: Option[]
  lastResult?: SubmissionResult<string[]>
}) {
  const navigation = useNavigation()
  const [form, fields] = useForm({
    id: 'kommune-form',
    lastResult,
    defaultValue: {
      code: kommune.code,
      name: kommune.name,
      lesId: kommune.lesId ?? '',
      area: kommune.area,
      areaConfirmed: kommune.areaIsDefault ? '' : 'on',
      keyAccountManagerId: kommune.keyAccountManagerId ?? '',
      businessRegionIds: kommune.businessRegionIds,
    },
    shouldValidate: 'onBlur',
    shouldRevalidate: 'onInput',
    onValidate: ({ formData }) => parseWithZod(formData, { schema: KommuneSchema }),
  })

  return (
    <Form method="post" {...getFormProps(form)}>
      <Stack gap="md" maw={720}>
        <FormErrors errors={form.errors} id={form.errorId} />
        <input type="hidden" name="version" value={kommune.version} />
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <TextInput {...getInputProps(fields.code, { type: 'text' })} key={fields.code.key} label="Kommunekode" withAsterisk error={fields.code.errors?.[0]} />
          <TextInput {...getInputProps(fields.name, { type: 'text' })} key={fields.name.key} label="Navn" withAsterisk error={fields.name.errors?.[0]} />
          <NativeSelect
            name={fields.keyAccountManagerId.name}
            key={fields.keyAccountManagerId.key}
            defaultValue={(fields.keyAccountManagerId.initialValue as string | undefined) ?? ''}
            label="Key account manager"
            error={fields.keyAccountManagerId.errors?.[0]}
            data={[{ value: '', label: 'Ikke udpeget' }, ...keyAccountManagers.map((u) => ({ value: u.id, label: u.name }))]}
          />
          <NativeSelect
            name={fields.lesId.name}
            key={fields.lesId.key}
            defaultValue={(fields.lesId.initialValue as string | undefined) ?? ''}
            label="Lokal erhvervsservice (LES)"
            error={fields.lesId.errors?.[0]}
            data={[{ value: '', label: 'Ingen LES' }, ...lesOptions.map((o) => ({ value: o.id, label: o.name }))]}
          />
        </SimpleGrid>
        <Radio.Group
          name={fields.area.name}
          key={fields.area.key}
          defaultValue={(fields.area.initialValue as string | undefined) ?? ''}
          label="Område"
          description="Standarden kommer fra Danmarks Statistiks kommunegrupper (1–3 by, 4–5 land); rammeaftalens bilag 1 kan sige andet."
          error={fields.area.errors?.[0]}
        >
          <Group mt="xs">
            <Radio value="BY" label={AREA_LABELS.BY} />
            <Radio value="LAND" label={AREA_LABELS.LAND} />
          </Group>
        </Radio.Group>
        <Switch name={fields.areaConfirmed.name} key={fields.areaConfirmed.key} defaultChecked={fields.areaConfirmed.initialValue === 'on'} label="Området er bekræftet" />
        <Checkbox.Group
          key={fields.businessRegionIds.key}
          label="Business regions"
          description="En kommune kan være med i flere."
          defaultValue={(fields.businessRegionIds.initialValue as string[] | undefined) ?? []}
          error={fields.businessRegionIds.errors?.[0]}
        >
          <Stack gap={6} mt="xs">
            {regionOptions.map((r) => (
              <Checkbox key={r.id} name={fields.businessRegionIds.name} value={r.id} label={r.name} />
            ))}
          </Stack>
        </Checkbox.Group>
        <Group>
          <Button type="submit" loading={navigation.state === 'submitting'}>
            Gem ændringer
          </Button>
        </Group>
      </Stack>
    </Form>
  )
}
