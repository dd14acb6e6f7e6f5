import {
  IconBuildingStore,
  IconCalendarEvent,
  IconChartBar,
  IconHome,
  IconHeartHandshake,
  IconSend,
  IconSettings,
  IconSignature,
} from '@tabler/icons-react'

const ICONS = {
  home: IconHome,
  signature: IconSignature,
  building: IconBuildingStore,
  send: IconSend,
  handshake: IconHeartHandshake,
  calendar: IconCalendarEvent,
  chart: IconChartBar,
  settings: IconSettings,
} as const

export function NavIcon({ name }: { name: string }) {
  const Icon = ICONS[name as keyof typeof ICONS] ?? IconHome
  return <Icon size={18} stroke={1.6} aria-hidden />
}
