import { ActionIcon, Indicator, Tooltip } from '@mantine/core'
import { Link } from '@remix-run/react'
import { IconBell } from '@tabler/icons-react'

export function NotificationBell({ unread }: { unread: number }) {
  const label = unread === 0 ? 'Notifikationer' : `Notifikationer, ${unread} ulæste`
  return (
    <Tooltip label="Notifikationer">
      <Indicator label={unread > 99 ? '99+' : unread} size={18} disabled={unread === 0} color="red" offset={4}>
        <ActionIcon component={Link} to="/notifikationer" variant="default" size="lg" aria-label={label}>
          <IconBell size={18} />
        </ActionIcon>
      </Indicator>
    </Tooltip>
  )
}
