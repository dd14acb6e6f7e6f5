import { List, Paper, Stack, Text, Title } from '@mantine/core'
import { SECTION_LABELS, type DeclarationContent } from '~/utils/declaration-content.ts'

function Section({ title, text }: { title: string; text: string }) {
  return (
    <div>
      <Title order={3} size="h5" mb={4}>
        {title}
      </Title>
      {text ? (
        <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
          {text}
        </Text>
      ) : (
        <Text size="sm" c="dimmed">
          Ikke udfyldt.
        </Text>
      )}
    </div>
  )
}

/** The content as text, when it cannot be edited (locked for signatures, or no permission). */
export function ContentView({ content, revision }: { content: DeclarationContent; revision: number }) {
  return (
    <Paper withBorder p="md">
      <Stack gap="md">
        <Title order={2} size="h4">
          Indhold <Text span size="xs" c="dimmed" fw={400}>(version {revision})</Text>
        </Title>
        <Section title={SECTION_LABELS.themes} text={content.themes} />
        <div>
          <Title order={3} size="h5" mb={4}>
            {SECTION_LABELS.goals}
          </Title>
          {content.goals.length === 0 ? (
            <Text size="sm" c="dimmed">
              Ikke udfyldt.
            </Text>
          ) : (
            <List type="ordered" size="sm" spacing="xs">
              {content.goals.map((goal, index) => (
                <List.Item key={index}>
                  {goal.text}
                  <Text size="xs" c="dimmed">
                    Ansvarlig: {goal.owner || '–'} · Indikator: {goal.indicator || '–'}
                  </Text>
                </List.Item>
              ))}
            </List>
          )}
        </div>
        <Section title={SECTION_LABELS.cooperationModel} text={content.cooperationModel} />
        <Section title={SECTION_LABELS.knowledgeSharing} text={content.knowledgeSharing} />
        <Section title={SECTION_LABELS.outreachPlan} text={content.outreachPlan} />
        <Section title={SECTION_LABELS.workdaysPerMonth} text={String(content.workdaysPerMonth)} />
      </Stack>
    </Paper>
  )
}
