import { Tabs } from '@mantine/core'
import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Outlet, useLocation, useNavigate } from '@remix-run/react'
import { PageHeader } from '~/components/page-header.tsx'
import { requirePermission } from '~/utils/permissions.server.ts'

export { RouteErrorBoundary as ErrorBoundary } from '~/components/error-page.tsx'

export const meta: MetaFunction = () => [{ title: 'Administration · Knudepunkt' }]

export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, 'view', 'administration')
  return null
}

const TABS = [
  { value: '/admin/brugere', label: 'Brugere' },
  { value: '/admin/organisationer', label: 'Organisationer' },
  { value: '/admin/kommuner', label: 'Kommuner' },
  { value: '/admin/organisationer?type=CLUSTER', label: 'Klynger' },
  { value: '/admin/organisationer?type=DESIGN_ACTOR', label: 'Designaktører' },
  { value: '/admin/udbakke', label: 'Udbakke' },
  { value: '/admin/job', label: 'Planlagte job' },
]

function activeTab(pathname: string, search: string) {
  const exact = TABS.find((t) => t.value === pathname + search)
  if (exact) return exact.value
  return TABS.find((t) => !t.value.includes('?') && pathname.startsWith(t.value))?.value ?? null
}

export default function AdminLayout() {
  const { pathname, search } = useLocation()
  const navigate = useNavigate()
  return (
    <>
      <PageHeader title="Administration" description="Brugere, organisationer, kommuner og referencedata. Alle ændringer gemmes i historikken." />
      <Tabs value={activeTab(pathname, search)} onChange={(value) => value && navigate(value)} mb="lg" keepMounted={false}>
        <Tabs.List aria-label="Administration">
          {TABS.map((tab) => (
            <Tabs.Tab key={tab.value} value={tab.value}>
              {tab.label}
            </Tabs.Tab>
          ))}
        </Tabs.List>
      </Tabs>
      <Outlet />
    </>
  )
}
