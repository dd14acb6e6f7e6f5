import type { LoaderFunctionArgs } from '@remix-run/node'
import { requireUser } from '~/utils/auth.server.ts'
import { notFound } from '~/utils/responses.server.ts'

export { RouteErrorBoundary as ErrorBoundary } from '~/components/error-page.tsx'

export async function loader({ request }: LoaderFunctionArgs) {
  await requireUser(request)
  notFound()
}

export default function NotFound() {
  return null
}
