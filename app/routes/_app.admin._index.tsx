import { redirect } from '@remix-run/node'
import type { LoaderFunctionArgs } from '@remix-run/node'
import { requirePermission } from '~/utils/permissions.server.ts'

export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, 'view', 'administration')
  return redirect('/admin/brugere')
}

export { RouteErrorBoundary as ErrorBoundary } from '~/components/error-page.tsx'

/** Never shown: the loader redirects. A component keeps this a page route, so errors render as pages. */
export default function AdminIndex() {
  return null
}
