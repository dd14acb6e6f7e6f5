import { getFieldsetProps, getFormProps, getInputProps, getTextareaProps, useForm, type SubmissionResult } from '@conform-to/react'
import { parseWithZod } from '@conform-to/zod/v4'
import { ActionIcon, Alert, Button, Fieldset, Group, NumberInput, Paper, SimpleGrid, Stack, Text, Textarea, TextInput, Title } from '@mantine/core'
import { Form, useNavigation } from '@remix-run/react'
import { IconPlus, IconTrash } from '@tabler/icons-react'
import { useState } from 'react'
import { FormErrors } from '~/components/form-errors.tsx'
import { DeclarationContentSchema, SECTION_LABELS, type DeclarationContent } from '~/utils/declaration-content.ts'
import { versionField, z } from '~/utils/validation.ts'

export const ContentFormSchema = DeclarationContentSchema.extend({
  intent: z.literal('save-content'),
  contentRevision: versionField,
})

const HELP = {
  themes: 'Hvad samarbejdet i år især handler om.',
  cooperationModel: 'Hvordan Erhvervshuset, kommunen og LES arbejder sammen i praksis.',
  knowledgeSharing: 'Hvordan viden om virksomheder deles – altid med virksomhedens samtykke.',
  outreachPlan: 'Den opsøgende virksomhedsindsats, koordineret mellem key account manager og LES.',
} as const

type TextSection = keyof typeof HELP

/**
 * The declaration's content. The revision the user started from is kept for the whole edit, so a
 * save after somebody else's gets the 409 flow instead of overwriting it.
 */
export function ContentForm({
  content,
  revision,
  savedRevision,
  latestRevision,
  lastResult,
}: {
  content: DeclarationContent
  revision: number
  /** The revision the user's own last save created: the fields already hold it. */
  savedRevision: number | null
  latestRevision: number
  lastResult?: SubmissionResult<string[]>
}) {
  const navigation = useNavigation()
  const [startedFrom] = useState(revision)
  const baseRevision = Math.max(startedFrom, savedRevision ?? 0)
  const [form, fields] = useForm({
    id: 'declaration-content',
    lastResult,
    defaultValue: { ...content, workdaysPerMonth: String(content.workdaysPerMonth) },
    shouldValidate: 'onBlur',
    shouldRevalidate: 'onInput',
    onValidate: ({ formData }) => parseWithZod(formData, { schema: ContentFormSchema }),
  })
  const goals = fields.goals.getFieldList()
  const textArea = (name: TextSection) => {
    const field = fields[name]
    return (
      <Textarea
        {...getTextareaProps(field)}
        key={field.key}
        label={SECTION_LABELS[name]}
        description={HELP[name]}
        autosize
        minRows={3}
        maxRows={14}
        error={field.errors?.[0]}
      />
    )
  }

  return (
    <Paper withBorder p="md">
      <Form method="post" {...getFormProps(form)}>
        <input type="hidden" name="intent" value="save-content" />
        <input type="hidden" name="contentRevision" value={baseRevision} />
        <Stack gap="md">
          <Group justify="space-between">
            <Title order={2} size="h4">
              Indhold
            </Title>
            <Text size="xs" c="dimmed">
              Version {baseRevision}
            </Text>
          </Group>
          {latestRevision > baseRevision ? (
            <Alert color="orange" variant="light" role="status">
              En anden har gemt en nyere version ({latestRevision}), mens du redigerede. Gemmer du, får du besked om konflikten, og dine ændringer
              bliver stående, så du kan sammenligne under Versioner.
            </Alert>
          ) : null}
          <FormErrors errors={form.errors} id={form.errorId} />
          {textArea('themes')}
          <Fieldset legend={SECTION_LABELS.goals}>
            <Stack gap="sm">
              {goals.length === 0 ? (
                <Text size="sm" c="dimmed">
                  Ingen mål endnu.
                </Text>
              ) : null}
              {goals.map((goal, index) => {
                const goalFields = goal.getFieldset()
                return (
                  <Paper key={goal.key} withBorder p="sm" {...getFieldsetProps(goal)} component="fieldset" aria-label={`Mål ${index + 1}`}>
                    <Group justify="space-between" mb={4}>
                      <Text size="sm" fw={600}>
                        Mål {index + 1}
                      </Text>
                      <ActionIcon
                        variant="subtle"
                        color="red"
                        aria-label={`Fjern mål ${index + 1}`}
                        {...form.remove.getButtonProps({ name: fields.goals.name, index })}
                        // Mantine defaults buttons to type="button"; conform's list intents need a submit.
                        type="submit"
                      >
                        <IconTrash size={16} />
                      </ActionIcon>
                    </Group>
                    <Stack gap="xs">
                      <Textarea {...getTextareaProps(goalFields.text)} key={goalFields.text.key} label="Mål og indsats" autosize minRows={2} error={goalFields.text.errors?.[0]} />
                      <SimpleGrid cols={{ base: 1, sm: 2 }}>
                        <TextInput {...getInputProps(goalFields.owner, { type: 'text' })} key={goalFields.owner.key} label="Ansvarlig" error={goalFields.owner.errors?.[0]} />
                        <TextInput {...getInputProps(goalFields.indicator, { type: 'text' })} key={goalFields.indicator.key} label="Indikator" error={goalFields.indicator.errors?.[0]} />
                      </SimpleGrid>
                    </Stack>
                  </Paper>
                )
              })}
              <Button
                variant="light"
                leftSection={<IconPlus size={16} />}
                w="fit-content"
                {...form.insert.getButtonProps({ name: fields.goals.name, defaultValue: { text: '', owner: '', indicator: '' } })}
                type="submit"
              >
                Tilføj mål
              </Button>
              {fields.goals.errors ? (
                <Text size="sm" c="red">
                  {fields.goals.errors[0]}
                </Text>
              ) : null}
            </Stack>
          </Fieldset>
          {textArea('cooperationModel')}
          {textArea('knowledgeSharing')}
          {textArea('outreachPlan')}
          <NumberInput
            name={fields.workdaysPerMonth.name}
            key={fields.workdaysPerMonth.key}
            defaultValue={Number(fields.workdaysPerMonth.initialValue ?? 1)}
            label={SECTION_LABELS.workdaysPerMonth}
            description="Mindst én om måneden, jf. resultatkontrakten."
            min={1}
            max={22}
            allowDecimal={false}
            w={260}
            error={fields.workdaysPerMonth.errors?.[0]}
          />
          <Group>
            <Button type="submit" loading={navigation.state === 'submitting' && navigation.formData?.get('intent') === 'save-content'}>
              Gem indhold
            </Button>
          </Group>
        </Stack>
      </Form>
    </Paper>
  )
}
