import type { LoaderFunctionArgs } from '@remix-run/node'
import { requirePermission } from '~/utils/permissions.server.ts'
import { SURVEY_TEMPLATE } from '~/utils/survey-fields.ts'

export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, 'update', 'goals')
  return new Response(`\uFEFF${SURVEY_TEMPLATE}`, {
    headers: { 'Content-Type': 'text/csv; charset=utf-8', 'Content-Disposition': 'attachment; filename="brugerevaluering-skabelon.csv"' },
  })
}
