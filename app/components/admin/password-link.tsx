import { Alert, Button, Code, CopyButton, Stack, Text } from '@mantine/core'
import { IconCheck, IconCopy, IconLink } from '@tabler/icons-react'

/** The one-time link is shown once, to the admin, who passes it on; it is not stored in clear. */
export function PasswordLink({ name, link }: { name: string; link: string }) {
  return (
    <Alert color="teal" variant="light" icon={<IconLink size={18} />} title={`Link til ${name}`} role="status">
      <Stack gap="xs">
        <Text size="sm">
          Send linket til {name}. Det virker én gang og i 7 dage; det vises kun nu.
        </Text>
        <Code block data-testid="password-link">
          {link}
        </Code>
        <CopyButton value={link}>
          {({ copied, copy }) => (
            <Button size="xs" variant="light" onClick={copy} leftSection={copied ? <IconCheck size={14} /> : <IconCopy size={14} />} w="fit-content">
              {copied ? 'Kopieret' : 'Kopiér link'}
            </Button>
          )}
        </CopyButton>
      </Stack>
    </Alert>
  )
}
