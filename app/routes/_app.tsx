import { AppShell, Burger, Group, Text, UnstyledButton } from '@mantine/core'
import { useDisclosure } from '@mantine/hooks'
import type { LoaderFunctionArgs } from '@remix-run/node'
import { NavLink as RemixNavLink, Outlet, useLoaderData } from '@remix-run/react'
import { ColorSchemeToggle } from '~/components/color-scheme-toggle.tsx'
import { ErrorPage } from '~/components/error-page.tsx'
import { NavIcon } from '~/components/nav-icon.tsx'
import { NotificationBell } from '~/components/notification-bell.tsx'
import { ConnectionIndicator, RealtimeProvider, useLiveTopics } from '~/components/realtime.tsx'
import { UserMenu } from '~/components/user-menu.tsx'
import { countUnread } from '~/models/notification.server.ts'
import { requireUser } from '~/utils/auth.server.ts'
import { navigationFor } from '~/utils/navigation.ts'
import { ROLE_LABELS } from '~/utils/permissions.ts'
import nav from '~/styles/app-nav.module.css'

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request)
  return {
    user: {
      name: user.name,
      email: user.email,
      roles: user.roles.map((role) => ROLE_LABELS[role]),
      organisations: user.organisations.map((o) => o.name),
    },
    nav: navigationFor(user),
    unread: await countUnread(user.id),
  }
}

export default function AppLayout() {
  return (
    <RealtimeProvider>
      <Shell />
    </RealtimeProvider>
  )
}

function Shell() {
  const { user, nav: items, unread } = useLoaderData<typeof loader>()
  useLiveTopics(['notification'])
  const [opened, { toggle, close }] = useDisclosure()

  return (
    <AppShell header={{ height: 56 }} navbar={{ width: 250, breakpoint: 'sm', collapsed: { mobile: !opened } }} padding="md">
      <a href="#main" className="skip-link">
        Gå til indhold
      </a>
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between" wrap="nowrap">
          <Group gap="sm" wrap="nowrap">
            <Burger opened={opened} onClick={toggle} hiddenFrom="sm" size="sm" aria-label="Vis eller skjul menuen" />
            <UnstyledButton component={RemixNavLink} to="/" aria-label="Knudepunkt, gå til overblikket">
              <Group gap={8} wrap="nowrap">
                <img src="/favicon.svg" alt="" width={28} height={28} />
                <Text fw={700} size="lg" visibleFrom="xs">
                  Knudepunkt
                </Text>
              </Group>
            </UnstyledButton>
          </Group>
          <Group gap="xs" wrap="nowrap">
            <ConnectionIndicator />
            <NotificationBell unread={unread} />
            <ColorSchemeToggle />
            <UserMenu name={user.name} email={user.email} roles={user.roles} organisations={user.organisations} />
          </Group>
        </Group>
      </AppShell.Header>
      <AppShell.Navbar p="xs" aria-label="Hovedmenu" className={nav.navbar}>
        {items.map((item) => (
          <RemixNavLink key={item.to} to={item.to} end={item.to === '/'} className={nav.link} onClick={close}>
            <NavIcon name={item.icon} />
            {item.label}
          </RemixNavLink>
        ))}
      </AppShell.Navbar>
      <AppShell.Main id="main" tabIndex={-1}>
        <Outlet />
      </AppShell.Main>
    </AppShell>
  )
}

export function ErrorBoundary() {
  return <ErrorPage />
}
