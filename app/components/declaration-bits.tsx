import { Badge, Group, Tabs, Tooltip } from '@mantine/core'
import { useLocation, useNavigate } from '@remix-run/react'
import { declarationLabels, PARTIES, PARTY_LABELS, type Party } from '../../machines/declaration.machine.ts'

const STATE_COLORS: Record<string, string> = {
  draft: 'gray',
  inDialogue: 'blue',
  awaitingSignatures: 'orange',
  active: 'teal',
  expired: 'dark',
}

export function DeclarationStateBadge({ state }: { state: string | null }) {
  if (!state) return <Badge variant="outline" color="gray" tt="none">Ikke oprettet</Badge>
  return (
    <Badge color={STATE_COLORS[state] ?? 'gray'} variant="light" tt="none">
      {declarationLabels.states[state] ?? state}
    </Badge>
  )
}

const SHORT: Record<Party, string> = { KOMMUNE: 'K', LES: 'L', ERHVERVSHUS: 'E' }

/** Three small marks, one per party, filled when that party has signed. */
export function SignatureMarks({ signed }: { signed: Party[] }) {
  return (
    <Group gap={4} wrap="nowrap" aria-label={`Underskrevet af ${signed.length} af 3 parter`}>
      {PARTIES.map((party) => (
        <Tooltip key={party} label={`${PARTY_LABELS[party]}: ${signed.includes(party) ? 'underskrevet' : 'mangler'}`}>
          <Badge size="sm" circle variant={signed.includes(party) ? 'filled' : 'outline'} color={signed.includes(party) ? 'teal' : 'gray'}>
            {SHORT[party]}
          </Badge>
        </Tooltip>
      ))}
    </Group>
  )
}

/** The two views of the declarations section. */
export function DeclarationTabs() {
  const { pathname } = useLocation()
  const navigate = useNavigate()
  const value = pathname.startsWith('/hensigtserklaeringer/arbejdsdage') ? '/hensigtserklaeringer/arbejdsdage' : '/hensigtserklaeringer'
  return (
    <Tabs value={value} onChange={(next) => next && navigate(next)} mb="md">
      <Tabs.List aria-label="Hensigtserklæringer">
        <Tabs.Tab value="/hensigtserklaeringer">Erklæringer</Tabs.Tab>
        <Tabs.Tab value="/hensigtserklaeringer/arbejdsdage">Lokale arbejdsdage</Tabs.Tab>
      </Tabs.List>
    </Tabs>
  )
}
