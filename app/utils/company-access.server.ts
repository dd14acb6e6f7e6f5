import { data } from '@remix-run/node'
import { getCompanyRow, mayExerciseRights, NoOwnerOrganisationError, owningOrganisation } from '~/models/company.server.ts'
import type { CurrentUser } from './auth.server.ts'
import { requirePermission, type ForbiddenData } from './permissions.server.ts'
import type { Action, Entity } from './permissions.ts'
import { notFound } from './responses.server.ts'

/** The user and the organisation they register companies and cases for (an LES or the Erhvervshus); 403 otherwise. */
export async function requireOwningOrganisation(request: Request, action: Action, entity: Entity) {
  const user = await requirePermission(request, action, entity)
  try {
    return { user, organisation: owningOrganisation(user) }
  } catch (error) {
    if (!(error instanceof NoOwnerOrganisationError)) throw error
    throw data<ForbiddenData>({ message: 'Kun medarbejdere i en lokal erhvervsservice eller i Erhvervshuset kan registrere virksomheder og forløb.' }, { status: 403 })
  }
}

/** Export is for the organisations that hold the company; everyone else gets a 404 (no hint it exists). */
export async function requireCompanyOwner(request: Request, companyId: string): Promise<CurrentUser> {
  const user = await requirePermission(request, 'update', 'company')
  const row = await getCompanyRow(companyId)
  if (!row || row.erasedAt || !(await mayExerciseRights(user, companyId, 'update'))) notFound('Virksomheden findes ikke.')
  return user
}
