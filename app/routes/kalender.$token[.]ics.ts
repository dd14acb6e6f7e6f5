import type { LoaderFunctionArgs } from '@remix-run/node'
import { feedIcs } from '~/models/calendar.server.ts'
import { fileLoader } from '~/utils/responses.server.ts'

/** The personal calendar subscription: no login, the secret token in the URL is the key. */
async function serveFile({ params }: LoaderFunctionArgs) {
  const ics = await feedIcs(params.token ?? '')
  if (!ics) return new Response('Kalenderen findes ikke. Hent en ny adresse under Direktørmøder i Knudepunkt.', { status: 404, headers: { 'Content-Type': 'text/plain; charset=utf-8' } })
  return new Response(ics, { headers: { 'Content-Type': 'text/calendar; charset=utf-8', 'Cache-Control': 'private, max-age=300' } })
}

export const loader = fileLoader(serveFile)
