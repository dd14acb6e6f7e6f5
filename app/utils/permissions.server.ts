import { data } from '@remix-run/node'
import { requireUser, type CurrentUser } from './auth.server.ts'
import { can, describeMissingPermission, type Action, type Entity, type Target } from './permissions.ts'

export type ForbiddenData = { message: string }

/** Throws the 403 that the error boundary shows, naming what is missing. */
export function forbidden(action: Action, entity: Entity): never {
  throw data<ForbiddenData>({ message: describeMissingPermission(action, entity) }, { status: 403 })
}

export function assertPermission(user: CurrentUser, action: Action, entity: Entity, target?: Target) {
  if (!can(user, action, entity, target)) forbidden(action, entity)
}

/** The logged-in user, if they may do `action` to `entity` (for `target`, when given). */
export async function requirePermission(
  request: Request,
  action: Action,
  entity: Entity,
  target?: Target,
): Promise<CurrentUser> {
  const user = await requireUser(request)
  assertPermission(user, action, entity, target)
  return user
}
