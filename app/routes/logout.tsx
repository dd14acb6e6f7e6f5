import { redirect, type ActionFunctionArgs } from '@remix-run/node'
import { logout } from '~/utils/auth.server.ts'

export async function action({ request }: ActionFunctionArgs) {
  const cookie = await logout(request)
  return redirect('/login?loggedOut=1', { headers: { 'Set-Cookie': cookie } })
}

export async function loader() {
  return redirect('/')
}
