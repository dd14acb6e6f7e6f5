import { Badge, Tooltip } from '@mantine/core'

export const AREA_LABELS = { LAND: 'Landdistriktskommune', BY: 'Bykommune' } as const

export function AreaBadge({ area, isDefault }: { area: 'LAND' | 'BY'; isDefault: boolean }) {
  const badge = (
    <Badge variant="light" color={area === 'BY' ? 'indigo' : 'lime'}>
      {AREA_LABELS[area]}
      {isDefault ? ' *' : ''}
    </Badge>
  )
  if (!isDefault) return badge
  return <Tooltip label="Standard fra Danmarks Statistiks kommunegrupper; ikke bekræftet af en administrator.">{badge}</Tooltip>
}
