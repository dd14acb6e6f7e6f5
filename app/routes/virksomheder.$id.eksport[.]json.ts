import type { LoaderFunctionArgs } from '@remix-run/node'
import { exportCompany } from '~/models/company-rights.server.ts'
import { requireCompanyOwner } from '~/utils/company-access.server.ts'
import { fileLoader } from '~/utils/responses.server.ts'

async function serveFile({ request, params }: LoaderFunctionArgs) {
  const user = await requireCompanyOwner(request, params.id!)
  const document = await exportCompany({ actor: user, companyId: params.id! })
  const fileName = `virksomhed-${document.company.cvr ?? params.id}-${document.exportedAt.slice(0, 10)}.json`
  return new Response(JSON.stringify(document, null, 2), {
    headers: { 'Content-Type': 'application/json; charset=utf-8', 'Content-Disposition': `attachment; filename="${fileName}"`, 'Cache-Control': 'no-store' },
  })
}

export const loader = fileLoader(serveFile)
