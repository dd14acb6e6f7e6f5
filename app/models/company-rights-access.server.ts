import type { CurrentUser } from '~/utils/auth.server.ts'
import { requirePermission } from '~/utils/permissions.server.ts'
import { notFound } from '~/utils/responses.server.ts'
import { getCompanyRow, ownsCompany } from './company.server.ts'

/** Export is for the organisations that hold the company; everyone else gets a 404 (no hint it exists). */
export async function requireCompanyOwner(request: Request, companyId: string): Promise<CurrentUser> {
  const user = await requirePermission(request, 'update', 'company')
  const row = await getCompanyRow(companyId)
  if (!row || row.erasedAt || !(await ownsCompany(user, companyId))) notFound('Virksomheden findes ikke.')
  return user
}
