import { Avatar, Group, Menu, Text, UnstyledButton } from '@mantine/core'
import { Form, Link } from '@remix-run/react'
import { IconLogout, IconSettings } from '@tabler/icons-react'

function initials(name: string) {
  return name
    .split(/\s+/)
    .map((part) => part[0])
    .slice(0, 2)
    .join('')
    .toUpperCase()
}

export function UserMenu({ name, email, roles, organisations }: { name: string; email: string; roles: string[]; organisations: string[] }) {
  return (
    <Menu position="bottom-end" width={280} withinPortal>
      <Menu.Target>
        <UnstyledButton aria-label={`Brugermenu for ${name}`}>
          <Group gap={8} wrap="nowrap">
            <Avatar radius="xl" size={32} color="teal">
              {initials(name)}
            </Avatar>
            <Text size="sm" fw={500} visibleFrom="sm">
              {name}
            </Text>
          </Group>
        </UnstyledButton>
      </Menu.Target>
      <Menu.Dropdown>
        <Menu.Label>
          <Text size="sm" fw={600} c="var(--mantine-color-text)">
            {name}
          </Text>
          <Text size="xs">{email}</Text>
          <Text size="xs">{roles.join(', ')}</Text>
          <Text size="xs">{organisations.join(', ')}</Text>
        </Menu.Label>
        <Menu.Divider />
        <Menu.Item component={Link} to="/indstillinger" leftSection={<IconSettings size={16} />}>
          Indstillinger
        </Menu.Item>
        <Form method="post" action="/logout">
          <Menu.Item component="button" type="submit" leftSection={<IconLogout size={16} />}>
            Log ud
          </Menu.Item>
        </Form>
      </Menu.Dropdown>
    </Menu>
  )
}
