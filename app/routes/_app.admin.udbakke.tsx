import { Accordion, Badge, Group, Stack, Text } from '@mantine/core'
import type { LoaderFunctionArgs } from '@remix-run/node'
import { useLoaderData } from '@remix-run/react'
import { EmptyState } from '~/components/empty-state.tsx'
import { useLiveTopics } from '~/components/realtime.tsx'
import { formatDateTime } from '~/utils/format.ts'
import { listOutbox, smtpConfigured } from '~/utils/mailer.server.ts'
import { requirePermission } from '~/utils/permissions.server.ts'

export { RouteErrorBoundary as ErrorBoundary } from '~/components/error-page.tsx'

export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, 'view', 'administration')
  return { smtp: smtpConfigured(), emails: await listOutbox() }
}

export default function Outbox() {
  const { smtp, emails } = useLoaderData<typeof loader>()
  useLiveTopics(['outbox'])
  return (
    <Stack>
      <Text size="sm" c="dimmed">
        {smtp
          ? 'E-mails sendes via SMTP; her ses alt, der er sendt eller venter.'
          : 'SMTP er ikke sat op (SMTP_URL), så e-mails sendes ikke, men ligger her, hvor du kan læse dem.'}
      </Text>
      {emails.length === 0 ? (
        <EmptyState title="Udbakken er tom" />
      ) : (
        <Accordion variant="separated" aria-label="Udbakke">
          {emails.map((email) => (
            <Accordion.Item key={email.id} value={email.id}>
              <Accordion.Control>
                <Group justify="space-between" wrap="nowrap" pr="sm">
                  <Stack gap={0}>
                    <Text fw={500}>{email.subject}</Text>
                    <Text size="xs" c="dimmed">
                      Til {email.toName ? `${email.toName} <${email.toEmail}>` : email.toEmail} · {formatDateTime(email.createdAt)}
                    </Text>
                  </Stack>
                  {email.sentAt ? (
                    <Badge color="teal">Sendt</Badge>
                  ) : email.lastError ? (
                    <Badge color="red">Fejlede ({email.attempts})</Badge>
                  ) : (
                    <Badge color="gray">Venter</Badge>
                  )}
                </Group>
              </Accordion.Control>
              <Accordion.Panel>
                <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
                  {email.text}
                </Text>
                {email.lastError ? (
                  <Text size="xs" c="red" mt="xs">
                    Seneste fejl: {email.lastError}
                  </Text>
                ) : null}
              </Accordion.Panel>
            </Accordion.Item>
          ))}
        </Accordion>
      )}
    </Stack>
  )
}
