import type { AnyStateMachine } from 'xstate'

/** What the UI needs to know about a process machine, read from the machine definition itself. */
export type ProcessLabels = {
  /** "Hensigtserklæring" */
  title: string
  /** Danish name of each state. */
  states: Record<string, string>
  /** Danish name of each event, whether it needs a typed reason, and a confirmation text. */
  events: Record<string, { label: string; needsReason?: boolean; confirm?: string; danger?: boolean }>
  /** A short Danish note about an event's input for the history ("For kommunen"); reasons are shown anyway. */
  describePayload?(event: string, payload: Record<string, unknown>): string | null
}

export type StateDescription = { key: string; final: boolean; transitions: { event: string; targets: string[] }[] }

/** The top-level states in definition order, each with its outgoing transitions. */
export function describeStates(machine: AnyStateMachine): StateDescription[] {
  return Object.values(machine.root.states).map((node) => ({
    key: node.key,
    final: node.type === 'final',
    transitions: Object.entries(node.on).map(([event, definitions]) => ({
      event,
      targets: [...new Set(definitions.flatMap((d) => (d.target ?? []).map((t) => t.key)))],
    })),
  }))
}

/** Every event the machine knows (excluding XState's internal ones). */
export function eventTypes(machine: AnyStateMachine): string[] {
  return machine.root.events.filter((type: string) => !type.startsWith('xstate.'))
}
