// The list is bundled into the server build as text (Vite's ?raw), so the app needs no file path
// and no network at run time. Source and licence: app/data/README.md. Being ?raw, this module
// loads through Vite (the app, its build, vitest), not through plain tsx scripts.
import list from '../data/common-passwords.txt?raw'
import { normalisePassword } from './password-policy.ts'

let commonPasswords: Set<string> | undefined

/** Built on first use and kept for the life of the process: about 49,000 entries. */
function loadCommonPasswords(): Set<string> {
  commonPasswords ??= new Set(
    list
      .split('\n')
      .map(normalisePassword)
      .filter((password) => password.length > 0),
  )
  return commonPasswords
}

/** Whether the password, ignoring case and surrounding spaces, is on the shipped list of common passwords. */
export function isCommonPassword(password: string): boolean {
  return loadCommonPasswords().has(normalisePassword(password))
}

/** How many passwords the list holds (for the tests: an empty or missing list must not pass silently). */
export function commonPasswordCount(): number {
  return loadCommonPasswords().size
}
