import type { LoaderFunctionArgs } from '@remix-run/node'
import { meetingIcs } from '~/models/calendar.server.ts'
import { meetingAccess } from '~/models/meeting.server.ts'
import { requireUser } from '~/utils/auth.server.ts'
import { db } from '~/utils/db.server.ts'
import { forbidden } from '~/utils/permissions.server.ts'
import { fileLoader, notFound } from '~/utils/responses.server.ts'

async function serveFile({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request)
  const meeting = await db.meeting.findUnique({ where: { id: params.id! } })
  if (!meeting) notFound('Mødet findes ikke.')
  if (!(await meetingAccess(user, meeting.id))) forbidden('view', 'meeting')
  return new Response(meetingIcs(meeting), {
    headers: { 'Content-Type': 'text/calendar; charset=utf-8', 'Content-Disposition': `attachment; filename="direktoermoede-${meeting.startsAt.toISOString().slice(0, 10)}.ics"` },
  })
}

export const loader = fileLoader(serveFile)
