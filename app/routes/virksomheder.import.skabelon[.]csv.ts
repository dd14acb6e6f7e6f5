import type { LoaderFunctionArgs } from '@remix-run/node'
import { CSV_TEMPLATE } from '~/models/company.server.ts'
import { requirePermission } from '~/utils/permissions.server.ts'
import { fileLoader } from '~/utils/responses.server.ts'

async function serveFile({ request }: LoaderFunctionArgs) {
  await requirePermission(request, 'create', 'company')
  // A byte-order mark, so Excel opens æ, ø and å correctly.
  return new Response(`\uFEFF${CSV_TEMPLATE}`, {
    headers: { 'Content-Type': 'text/csv; charset=utf-8', 'Content-Disposition': 'attachment; filename="virksomheder-skabelon.csv"' },
  })
}

export const loader = fileLoader(serveFile)
