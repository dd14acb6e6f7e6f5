import { diffFields, recordAudit } from '~/utils/audit.server.ts'
import { db, type Tx } from '~/utils/db.server.ts'
import { StaleVersionError } from '~/utils/db-errors.server.ts'
import { assertPasswordAcceptable } from '~/utils/password-policy.ts'
import { hashPassword } from '~/utils/password.server.ts'
import { ROLE_LABELS, type RoleKey } from '~/utils/permissions.ts'
import { disconnectUser, publishInvalidation } from '~/utils/realtime.server.ts'
import { generateToken, hashToken } from '~/utils/session.server.ts'

const SET_PASSWORD_LINK_LIFETIME_MS = 7 * 24 * 60 * 60 * 1000

export async function listUsers() {
  const users = await db.user.findMany({
    orderBy: [{ active: 'desc' }, { name: 'asc' }],
    include: { memberships: { include: { organisation: { select: { name: true } } } }, kommunerAsKeyAccountManager: { select: { name: true } } },
  })
  return users.map((user) => ({
    id: user.id,
    name: user.name,
    email: user.email,
    title: user.title,
    active: user.active,
    invited: user.passwordHash === null,
    roles: [...new Set(user.memberships.map((m) => ROLE_LABELS[m.roleKey as RoleKey] ?? m.roleKey))],
    organisations: [...new Set(user.memberships.map((m) => m.organisation.name))],
    kommuner: user.kommunerAsKeyAccountManager.map((k) => k.name),
  }))
}

export async function getUserForAdmin(id: string) {
  const user = await db.user.findUnique({
    where: { id },
    include: { memberships: true, kommunerAsKeyAccountManager: { select: { id: true } } },
  })
  if (!user) return null
  return {
    id: user.id,
    name: user.name,
    email: user.email,
    title: user.title,
    team: user.team,
    active: user.active,
    invited: user.passwordHash === null,
    version: user.version,
    organisationId: user.memberships[0]?.organisationId ?? null,
    roles: [...new Set(user.memberships.map((m) => m.roleKey as RoleKey))],
    kommuneIds: user.kommunerAsKeyAccountManager.map((k) => k.id),
  }
}

export async function listKeyAccountManagerOptions() {
  return db.user.findMany({
    where: { active: true, memberships: { some: { roleKey: 'KEY_ACCOUNT_MANAGER' } } },
    select: { id: true, name: true, email: true },
    orderBy: { name: 'asc' },
  })
}

export type UserValues = {
  email: string
  name: string
  title: string | null
  team: string | null
  organisationId: string
  roles: RoleKey[]
  /** Kommuner the user is key account manager for. */
  kommuneIds: string[]
}

async function auditFields(tx: Tx, id: string) {
  const user = await tx.user.findUniqueOrThrow({
    where: { id },
    include: { memberships: { include: { organisation: true } }, kommunerAsKeyAccountManager: true },
  })
  return {
    user,
    fields: {
      navn: user.name,
      eMail: user.email,
      titel: user.title,
      team: user.team,
      aktiv: user.active,
      organisation: user.memberships[0]?.organisation.name ?? null,
      roller: [...new Set(user.memberships.map((m) => ROLE_LABELS[m.roleKey as RoleKey] ?? m.roleKey))].sort(),
      keyAccountManagerFor: user.kommunerAsKeyAccountManager.map((k) => k.name).sort(),
    },
  }
}

async function replaceMembershipsAndKommuner(tx: Tx, userId: string, values: UserValues) {
  await tx.membership.deleteMany({ where: { userId } })
  await tx.membership.createMany({ data: values.roles.map((roleKey) => ({ userId, organisationId: values.organisationId, roleKey })) })
  const kommuneIds = values.roles.includes('KEY_ACCOUNT_MANAGER') ? values.kommuneIds : []
  await tx.kommune.updateMany({ where: { keyAccountManagerId: userId, id: { notIn: kommuneIds } }, data: { keyAccountManagerId: null, version: { increment: 1 } } })
  if (kommuneIds.length > 0) {
    await tx.kommune.updateMany({ where: { id: { in: kommuneIds } }, data: { keyAccountManagerId: userId, version: { increment: 1 } } })
  }
}

async function createSetPasswordToken(tx: Tx, userId: string, now: Date) {
  const token = generateToken()
  await tx.passwordToken.create({ data: { id: hashToken(token), userId, expiresAt: new Date(now.getTime() + SET_PASSWORD_LINK_LIFETIME_MS) } })
  return token
}

/** Creates the user without a password and returns a one-time token for the set-password link. */
/** `actorId` null: from the command line (scripts/invite-admin.ts). */
export async function inviteUser({ actorId, values, now = new Date() }: { actorId: string | null; values: UserValues; now?: Date }) {
  return db.$transaction(async (tx) => {
    const user = await tx.user.create({ data: { email: values.email, name: values.name, title: values.title, team: values.team } })
    await replaceMembershipsAndKommuner(tx, user.id, values)
    const token = await createSetPasswordToken(tx, user.id, now)
    const after = await auditFields(tx, user.id)
    await recordAudit(tx, {
      actorId,
      action: 'CREATE',
      entityType: 'user',
      entityId: user.id,
      summary: `${user.name} er inviteret`,
      changes: diffFields({}, after.fields),
    })
    return { user, token }
  })
}

export async function updateUser({ actorId, id, version, values }: { actorId: string; id: string; version: number; values: UserValues }) {
  const changes = await db.$transaction(async (tx) => {
    const before = await auditFields(tx, id)
    const { count } = await tx.user.updateMany({
      where: { id, version },
      data: { email: values.email, name: values.name, title: values.title, team: values.team, version: { increment: 1 } },
    })
    if (count === 0) throw new StaleVersionError('user')
    await replaceMembershipsAndKommuner(tx, id, values)
    const after = await auditFields(tx, id)
    const changes = diffFields(before.fields, after.fields)
    await recordAudit(tx, { actorId, action: 'UPDATE', entityType: 'user', entityId: id, summary: `${after.user.name} er ændret`, changes })
    return changes
  })
  // Kommuner changed hands through the form: pages showing kommuner reload.
  if (changes.keyAccountManagerFor) publishInvalidation({ topic: 'kommune', id: 'all', version: Date.now() }, { everyone: true })
}

/** Deactivating ends every session of the user at once; their open pages fall back to login. */
export async function setUserActive({ actorId, id, version, active }: { actorId: string; id: string; version: number; active: boolean }) {
  await db.$transaction(async (tx) => {
    const before = await auditFields(tx, id)
    const { count } = await tx.user.updateMany({ where: { id, version }, data: { active, version: { increment: 1 } } })
    if (count === 0) throw new StaleVersionError('user')
    if (!active) await tx.session.deleteMany({ where: { userId: id } })
    await recordAudit(tx, {
      actorId,
      action: active ? 'ACTIVATE' : 'DEACTIVATE',
      entityType: 'user',
      entityId: id,
      summary: active ? `${before.user.name} er genaktiveret` : `${before.user.name} er deaktiveret, og alle sessioner er afsluttet`,
      changes: { aktiv: [before.user.active, active] },
    })
  })
  // Open pages of a deactivated user lose their live connection at once.
  if (!active) disconnectUser(id)
}

/** A fresh one-time link for a user who lost theirs; earlier unused links stop working. */
export async function createNewSetPasswordLink({ actorId, id, now = new Date() }: { actorId: string | null; id: string; now?: Date }) {
  return db.$transaction(async (tx) => {
    const user = await tx.user.findUniqueOrThrow({ where: { id } })
    await tx.passwordToken.updateMany({ where: { userId: id, usedAt: null }, data: { usedAt: now } })
    const token = await createSetPasswordToken(tx, id, now)
    await recordAudit(tx, { actorId, action: 'PASSWORD_LINK', entityType: 'user', entityId: id, summary: `Nyt link til at vælge adgangskode er lavet til ${user.name}` })
    return token
  })
}

export async function findValidPasswordToken(token: string, now = new Date()) {
  const row = await db.passwordToken.findUnique({ where: { id: hashToken(token) }, include: { user: { select: { name: true, email: true, active: true } } } })
  if (!row || row.usedAt || row.expiresAt <= now || !row.user.active) return null
  return row
}

/**
 * Sets the password from a one-time link and spends the link, in one transaction. The password
 * policy is checked here too, so no caller can set a password the form would refuse
 * (PasswordPolicyError; the link stays unused).
 */
export async function setPasswordWithToken({ token, password, now = new Date() }: { token: string; password: string; now?: Date }) {
  const row = await findValidPasswordToken(token, now)
  if (!row) return null
  // Loaded here, not at the top: the list comes in through Vite (?raw), and the tsx script
  // scripts/invite-admin.ts imports this module without ever setting a password.
  const { isCommonPassword } = await import('~/utils/common-passwords.server.ts')
  assertPasswordAcceptable(password, { owner: row.user, isCommon: isCommonPassword })
  const passwordHash = await hashPassword(password)
  return db.$transaction(async (tx) => {
    const { count } = await tx.passwordToken.updateMany({ where: { id: row.id, usedAt: null }, data: { usedAt: now } })
    if (count === 0) return null
    await tx.user.update({ where: { id: row.userId }, data: { passwordHash, version: { increment: 1 } } })
    await tx.session.deleteMany({ where: { userId: row.userId } })
    await recordAudit(tx, { actorId: row.userId, action: 'SET_PASSWORD', entityType: 'user', entityId: row.userId, summary: `${row.user.name} har valgt en adgangskode` })
    return { userId: row.userId }
  })
}

/** The standing participants of the director meetings: the Erhvervshus director as chair, the
 *  LES directors and the business-region directors. */
export async function listDirectorMeetingParticipants() {
  const memberships = await db.membership.findMany({
    where: { roleKey: { in: ['DIRECTOR', 'LES_DIRECTOR', 'BUSINESS_REGION_DIRECTOR'] }, user: { active: true } },
    include: { user: { select: { id: true, name: true } }, organisation: { select: { name: true } } },
    orderBy: [{ roleKey: 'asc' }],
  })
  const order = { DIRECTOR: 0, LES_DIRECTOR: 1, BUSINESS_REGION_DIRECTOR: 2 } as Record<string, number>
  return memberships
    .map((m) => ({ id: m.user.id, name: m.user.name, organisation: m.organisation.name, role: ROLE_LABELS[m.roleKey as RoleKey], chair: m.roleKey === 'DIRECTOR', rank: order[m.roleKey] ?? 9 }))
    .sort((a, b) => a.rank - b.rank || a.organisation.localeCompare(b.organisation, 'da'))
}
