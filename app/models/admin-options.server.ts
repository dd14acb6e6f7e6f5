import { listKommuner } from './kommune.server.ts'
import { listOrganisationOptions, ORGANISATION_KINDS } from './organisation.server.ts'

/** The choices the user form offers: every active organisation and every kommune. */
export async function loadUserFormOptions() {
  const [organisations, kommuner] = await Promise.all([listOrganisationOptions(ORGANISATION_KINDS), listKommuner()])
  return {
    organisations,
    kommuner: kommuner.map((k) => ({ id: k.id, name: k.name, keyAccountManager: k.keyAccountManager })),
  }
}

/** Field errors for ids that do not exist (a tampered or outdated form). */
export function unknownIdErrors(
  values: { organisationId: string; kommuneIds: string[] },
  options: Awaited<ReturnType<typeof loadUserFormOptions>>,
): Record<string, string[]> | null {
  const errors: Record<string, string[]> = {}
  if (!options.organisations.some((o) => o.id === values.organisationId)) errors.organisationId = ['Organisationen findes ikke.']
  if (values.kommuneIds.some((id) => !options.kommuner.some((k) => k.id === id))) errors.kommuneIds = ['En af kommunerne findes ikke.']
  return Object.keys(errors).length > 0 ? errors : null
}
