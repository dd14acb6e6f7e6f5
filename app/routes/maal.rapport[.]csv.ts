import type { LoaderFunctionArgs } from '@remix-run/node'
import { stringify } from 'csv-stringify/sync'
import { computeGoals, listGoalComments } from '~/models/goals.server.ts'
import { neutraliseCell } from '~/utils/csv-safe.ts'
import { copenhagenYear } from '~/utils/dates.ts'
import { GOAL_STATUS_LABELS } from '~/utils/goals.ts'
import { requirePermission } from '~/utils/permissions.server.ts'
import { fileLoader } from '~/utils/responses.server.ts'

/** Every figure of the year as CSV (semicolon, for Danish Excel): no company identities. */
async function serveFile({ request }: LoaderFunctionArgs) {
  await requirePermission(request, 'view', 'goals')
  const thisYear = copenhagenYear(new Date())
  const asked = Number(new URL(request.url).searchParams.get('aar'))
  const year = Number.isInteger(asked) && asked >= 2022 && asked <= thisYear ? asked : thisYear
  const [result, comments] = await Promise.all([computeGoals(year), listGoalComments(year)])
  const rows = [
    ['år', 'mål', 'måling', 'målsætning', 'status', 'tal', 'tæller', 'nævner', 'n', 'kommentar'],
    ...result.goals.map((g) => [year, g.title, g.measure, g.target, GOAL_STATUS_LABELS[g.status], g.value, g.ratio?.numerator ?? '', g.ratio?.denominator ?? '', g.ratio?.n ?? '', comments[g.key]?.comment ?? '']),
    ...result.spread.perKommune.map((k) => [year, 'Mål 2: vejledte virksomheder', k.name, k.area === 'LAND' ? 'landdistriktskommune' : 'bykommune', '', k.companies, '', '', '', '']),
  ]
  const csv = stringify(rows.map((row) => row.map(neutraliseCell)), { delimiter: ';' })
  return new Response(`\uFEFF${csv}`, {
    headers: { 'Content-Type': 'text/csv; charset=utf-8', 'Content-Disposition': `attachment; filename="resultatkontrakt-${year}.csv"`, 'Cache-Control': 'no-store' },
  })
}

export const loader = fileLoader(serveFile)
