import { Badge, Button, Group, Paper, Stack, Text, Textarea, Title, UnstyledButton } from '@mantine/core'
import { Form, useNavigation } from '@remix-run/react'
import { useEffect, useRef } from 'react'
import { formatDateTime } from '~/utils/format.ts'

type Comment = { id: string; body: string; createdAt: string | Date; author: { name: string } | null }

/** Highlights @-mentions of known people in a comment. */
function withMentions(body: string, mentions: string[]) {
  if (mentions.length === 0) return body
  const pattern = new RegExp(`(${mentions.map((m) => m.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|')})`, 'gi')
  return body.split(pattern).map((part, index) =>
    index % 2 === 1 ? (
      <Text span fw={600} c="teal" key={index}>
        {part}
      </Text>
    ) : (
      part
    ),
  )
}

export function Dialogue({
  comments,
  mentionable,
  canComment,
  error,
}: {
  comments: Comment[]
  mentionable: { id: string; name: string; mention: string }[]
  canComment: boolean
  error?: string | null
}) {
  const navigation = useNavigation()
  const textarea = useRef<HTMLTextAreaElement>(null)
  const sending = navigation.state === 'submitting' && navigation.formData?.get('intent') === 'comment'
  const formRef = useRef<HTMLFormElement>(null)
  useEffect(() => {
    if (navigation.state === 'idle' && !error) formRef.current?.reset()
  }, [navigation.state, error])

  const insertMention = (mention: string) => {
    const element = textarea.current
    if (!element) return
    const start = element.selectionStart ?? element.value.length
    element.value = `${element.value.slice(0, start)}${mention} ${element.value.slice(start)}`
    element.focus()
  }

  return (
    <Paper withBorder p="md" id="dialog">
      <Title order={2} size="h4" mb="sm">
        Dialog
      </Title>
      <Stack gap="sm">
        {comments.length === 0 ? (
          <Text size="sm" c="dimmed">
            Ingen kommentarer endnu.
          </Text>
        ) : (
          <Stack gap="xs" component="ol" style={{ listStyle: 'none', margin: 0, padding: 0 }} aria-label="Kommentarer">
            {comments.map((c) => (
              <Paper key={c.id} component="li" p="sm" bg="var(--mantine-color-default-hover)">
                <Text size="xs" c="dimmed">
                  {c.author?.name ?? 'Tidligere bruger'} · {formatDateTime(c.createdAt)}
                </Text>
                <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
                  {withMentions(
                    c.body,
                    mentionable.map((m) => m.mention),
                  )}
                </Text>
              </Paper>
            ))}
          </Stack>
        )}
        {canComment ? (
          <Form method="post" ref={formRef} preventScrollReset>
            <input type="hidden" name="intent" value="comment" />
            <Stack gap="xs">
              <Textarea ref={textarea} name="body" label="Ny kommentar" required maxLength={4000} autosize minRows={2} error={error} />
              <Group gap={6}>
                <Text size="xs" c="dimmed">
                  Nævn:
                </Text>
                {mentionable.map((m) => (
                  <UnstyledButton key={m.id} onClick={() => insertMention(m.mention)} aria-label={`Nævn ${m.name}`}>
                    <Badge variant="outline" tt="none" style={{ cursor: 'pointer' }}>
                      {m.mention}
                    </Badge>
                  </UnstyledButton>
                ))}
              </Group>
              <Button type="submit" w="fit-content" loading={sending}>
                Send kommentar
              </Button>
            </Stack>
          </Form>
        ) : null}
      </Stack>
    </Paper>
  )
}
