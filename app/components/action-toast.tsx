import { notifications } from '@mantine/notifications'
import { useEffect, useState } from 'react'

/**
 * Shows an action's `{ ok, message }` as a toast. Inline alerts built from action data vanish
 * when a live update reloads the page (Remix clears action data on every later reload); a toast
 * stays until it is read.
 */
export function useActionToast(actionData: unknown) {
  useEffect(() => {
    if (!actionData || typeof actionData !== 'object' || !('message' in actionData)) return
    const { message, ok } = actionData as { message?: unknown; ok?: unknown }
    if (typeof message !== 'string' || !message) return
    const success = ok !== false
    notifications.show({ message, color: success ? 'teal' : 'red', autoClose: success ? 5000 : 10000, withBorder: true })
  }, [actionData])
}

/** Keeps the last non-empty value an action returned (e.g. a one-time link) across live reloads. */
export function useStickyValue<T>(value: T | null | undefined): T | null {
  const [kept, setKept] = useState<T | null>(value ?? null)
  useEffect(() => {
    if (value !== null && value !== undefined) setKept(value)
  }, [value])
  return value ?? kept
}
