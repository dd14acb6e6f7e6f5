import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node'
import { db } from '~/utils/db.server.ts'
import { createSession, SESSION_COOKIE } from '~/utils/session.server.ts'

/**
 * Calls real Remix route modules (their `loader` and `action`) the way the server would, with a
 * real session cookie, and turns whatever comes back or is thrown (plain data, `data()`,
 * `redirect()`, a `Response`, an error) into a status and the whole serialised body, headers
 * included, so that a test can search all of it.
 */

export type LoaderModule = { loader: (args: LoaderFunctionArgs) => unknown }
export type ActionModule = { action: (args: ActionFunctionArgs) => unknown }

export type RouteReply = {
  status: number
  /** Everything the client would receive: headers and body, as text. */
  body: string
  thrown: boolean
  location: string | null
}

export const ORIGIN = 'http://localhost'

/** A fresh session for the demo user, as the cookie the browser would send. */
export async function sessionCookieFor(email: string) {
  const user = await db.user.findUniqueOrThrow({ where: { email } })
  const { token } = await createSession({ userId: user.id })
  return { cookie: `${SESSION_COOKIE}=${token}`, userId: user.id }
}

type DataWithInit = { type: 'DataWithResponseInit'; data: unknown; init: ResponseInit | null }

function isDataWithInit(value: unknown): value is DataWithInit {
  return (
    typeof value === 'object' &&
    value !== null &&
    (value as { type?: unknown }).type === 'DataWithResponseInit'
  )
}

function headerText(headers: HeadersInit | undefined) {
  return JSON.stringify([...new Headers(headers).entries()])
}

export async function serialise(value: unknown, thrown: boolean): Promise<RouteReply> {
  if (value instanceof Response) {
    const text = await value.text()
    return {
      status: value.status,
      body: `${headerText(value.headers)}\n${text}`,
      thrown,
      location: value.headers.get('Location'),
    }
  }
  if (isDataWithInit(value)) {
    const headers = new Headers(value.init?.headers)
    return {
      status: value.init?.status ?? 200,
      body: `${headerText(headers)}\n${JSON.stringify(value.data) ?? ''}`,
      thrown,
      location: headers.get('Location'),
    }
  }
  if (value instanceof Error) {
    return { status: 500, body: `${value.name}: ${value.message}`, thrown, location: null }
  }
  return { status: 200, body: JSON.stringify(value) ?? '', thrown, location: null }
}

async function settle(run: () => unknown): Promise<RouteReply> {
  try {
    return await serialise(await run(), false)
  } catch (error) {
    return serialise(error, true)
  }
}

export function callLoader(
  route: LoaderModule,
  { path, cookie, params = {} }: { path: string; cookie: string; params?: Record<string, string> },
) {
  const request = new Request(`${ORIGIN}${path}`, { headers: { Cookie: cookie } })
  return settle(() => route.loader({ request, params, context: { clientIp: '127.0.0.1' } }))
}

export function callAction(
  route: ActionModule,
  {
    path,
    cookie,
    params = {},
    form,
  }: {
    path: string
    cookie: string
    params?: Record<string, string>
    form: Record<string, string | string[]> | FormData
  },
) {
  let body: FormData | URLSearchParams
  if (form instanceof FormData) body = form
  else {
    body = new URLSearchParams()
    for (const [key, value] of Object.entries(form))
      for (const v of Array.isArray(value) ? value : [value]) body.append(key, v)
  }
  const request = new Request(`${ORIGIN}${path}`, {
    method: 'POST',
    headers: { Cookie: cookie, Origin: ORIGIN },
    body,
  })
  return settle(() => route.action({ request, params, context: { clientIp: '127.0.0.1' } }))
}
