import type { LoaderFunctionArgs } from '@remix-run/node'
import { requirePermission } from '~/utils/permissions.server.ts'
import { SURVEY_TEMPLATE } from '~/utils/survey-fields.ts'
import { fileLoader } from '~/utils/responses.server.ts'

async function serveFile({ request }: LoaderFunctionArgs) {
  await requirePermission(request, 'update', 'goals')
  return new Response(`\uFEFF${SURVEY_TEMPLATE}`, {
    headers: { 'Content-Type': 'text/csv; charset=utf-8', 'Content-Disposition': 'attachment; filename="brugerevaluering-skabelon.csv"' },
  })
}

export const loader = fileLoader(serveFile)
