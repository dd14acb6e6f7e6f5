import { data } from '@remix-run/node'
import type { ProcessLabels } from '../../machines/describe.ts'
import { StaleVersionError } from './db-errors.server.ts'
import { STALE_MESSAGE } from './responses.server.ts'
import { ForbiddenTransitionError, NotFoundError, RefusedTransitionError } from './workflow.server.ts'

export type TransitionReply = { ok: boolean; message: string }

/** The Danish answer to a refused transition; anything unexpected is rethrown (a 500). */
export function replyToTransitionError(error: unknown, labels: ProcessLabels) {
  if (error instanceof StaleVersionError) return data<TransitionReply>({ ok: false, message: STALE_MESSAGE }, { status: 409 })
  if (error instanceof NotFoundError) return data<TransitionReply>({ ok: false, message: `${labels.title} findes ikke.` }, { status: 404 })
  if (error instanceof ForbiddenTransitionError) {
    const action = labels.events[error.message.replace('not allowed to send ', '')]?.label ?? 'dette skridt'
    return data<TransitionReply>({ ok: false, message: `Du har ikke tilladelse til at vælge «${action}».` }, { status: 403 })
  }
  if (error instanceof RefusedTransitionError) {
    const action = labels.events[error.event]?.label ?? error.event
    const state = labels.states[error.state] ?? error.state
    return data<TransitionReply>({ ok: false, message: `«${action}» er ikke muligt, mens sagen er «${state}».` }, { status: 409 })
  }
  throw error
}
