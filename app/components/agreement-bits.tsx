import { Badge } from '@mantine/core'
import { agreementLabels } from '../../machines/agreement.machine.ts'

const COLORS: Record<string, string> = {
  notContacted: 'gray',
  contacted: 'blue',
  inDialogue: 'blue',
  assessed: 'indigo',
  drafting: 'violet',
  awaitingSignature: 'orange',
  active: 'teal',
  expired: 'dark',
  declined: 'red',
}

export function AgreementStateBadge({ state }: { state: string }) {
  return (
    <Badge color={COLORS[state] ?? 'gray'} variant="light" tt="none">
      {agreementLabels.states[state] ?? state}
    </Badge>
  )
}
