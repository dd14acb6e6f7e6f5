import { z } from 'zod'
import da from 'zod/v4/locales/da.js'

// Danish messages for every zod check that does not name its own (client and server alike).
// Only the Danish locale is imported, so the browser does not download the other fifty.
z.config(da())

export { z }

/** A required text field, trimmed, with a Danish message naming it. */
export function requiredText(label: string, max = 200) {
  return z
    .string({ error: `Udfyld ${label}.` })
    .trim()
    .min(1, { error: `Udfyld ${label}.` })
    .max(max, { error: `${capitalise(label)} må højst være ${max} tegn.` })
}

/** An optional text field: empty becomes undefined. */
export function optionalText(label: string, max = 2000) {
  return z
    .string()
    .trim()
    .max(max, { error: `${capitalise(label)} må højst være ${max} tegn.` })
    .optional()
}

export const emailField = z
  .string({ error: 'Udfyld e-mail.' })
  .trim()
  .toLowerCase()
  .min(1, { error: 'Udfyld e-mail.' })
  .max(254, { error: 'E-mailen er for lang.' })
  .pipe(z.email({ error: 'Skriv en gyldig e-mailadresse.' }))

/** The largest version a row can have: PostgreSQL's integer (a larger one gave a 500 there). */
export const MAX_VERSION = 2_147_483_647

/** The version the user saw, sent back with every edit (optimistic concurrency). */
export const versionField = z.coerce.number({ error: 'Versionen mangler.' }).int().positive().max(MAX_VERSION, { error: 'Ukendt version.' })

function capitalise(text: string) {
  return text.charAt(0).toUpperCase() + text.slice(1)
}
