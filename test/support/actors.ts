import { getCurrentUser, type CurrentUser } from '~/utils/auth.server.ts'
import { db } from '~/utils/db.server.ts'
import { createSession } from '~/utils/session.server.ts'

/** The demo user as the app sees them after login: a real session, read back through auth. */
export async function actorFor(email: string): Promise<CurrentUser> {
  const user = await db.user.findUniqueOrThrow({ where: { email } })
  const { token } = await createSession({ userId: user.id })
  const actor = await getCurrentUser(new Request('http://localhost/', { headers: { Cookie: `kp_session=${token}` } }))
  if (!actor) throw new Error(`no actor for ${email}`)
  return actor
}
