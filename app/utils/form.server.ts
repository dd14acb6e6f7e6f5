import type { SubmissionResult } from '@conform-to/react'
import { data } from '@remix-run/node'
import { StaleVersionError, uniqueViolationFields } from './db-errors.server.ts'
import { STALE_MESSAGE } from './responses.server.ts'

type Replyable = { reply: (options?: { formErrors?: string[]; fieldErrors?: Record<string, string[]>; resetForm?: boolean }) => SubmissionResult<string[]> }

export type FormActionData = { result: SubmissionResult<string[]>; stale?: boolean }

export function invalid(submission: Replyable, fieldErrors?: Record<string, string[]>) {
  return data<FormActionData>({ result: submission.reply(fieldErrors ? { fieldErrors } : undefined) }, { status: 400 })
}

/**
 * Turns the errors a write can expect into form replies that keep the user's input:
 * a stale version → 409, a duplicate → 400 on the field named in `duplicateMessages`.
 * Anything else is rethrown (a 500).
 */
export function replyToWriteError(submission: Replyable, error: unknown, duplicateMessages: Record<string, string>) {
  if (error instanceof StaleVersionError) {
    return data<FormActionData>({ result: submission.reply({ formErrors: [STALE_MESSAGE] }), stale: true }, { status: 409 })
  }
  const fields = uniqueViolationFields(error)
  if (fields) {
    const field = fields.find((f) => f in duplicateMessages) ?? Object.keys(duplicateMessages)[0]!
    return invalid(submission, { [field]: [duplicateMessages[field]!] })
  }
  throw error
}

/** A refused action's `{ ok: false, message }`, shown as a toast by useActionToast. */
export function fail(message: string, status = 400) {
  return data({ ok: false as const, message }, { status })
}

/** The first Danish message of a failed zod parse. */
export function firstIssue(error: { issues: { message: string }[] }) {
  return error.issues[0]?.message ?? 'Ugyldige oplysninger.'
}
