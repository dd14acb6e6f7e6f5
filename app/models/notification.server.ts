import { db, type Tx } from '~/utils/db.server.ts'
import { NOTIFICATION_KINDS, type Channel, type NotificationKind } from '~/utils/notification-kinds.ts'
import { publishInvalidation } from '~/utils/realtime.server.ts'
import { deliverPendingEmails } from '~/utils/mailer.server.ts'

export type NewNotification = { kind: NotificationKind; title: string; body?: string; link?: string }

async function channelsFor(tx: Tx, userIds: string[], kind: NotificationKind) {
  const preferences = await tx.notificationPreference.findMany({ where: { userId: { in: userIds }, kind } })
  const chosen = new Map(preferences.map((p) => [p.userId, p.channel as Channel]))
  return new Map(userIds.map((id) => [id, chosen.get(id) ?? NOTIFICATION_KINDS[kind].defaultChannel]))
}

function emailText(notification: NewNotification, baseUrl: string | undefined) {
  const link = notification.link && baseUrl ? `\n\nSe mere: ${baseUrl}${notification.link}` : ''
  return `${notification.title}${notification.body ? `\n\n${notification.body}` : ''}${link}\n\n— Knudepunkt\nDu kan ændre, hvordan du får besked, under Indstillinger.`
}

/**
 * Writes the notifications (and e-mails, per each user's choice) inside the caller's transaction.
 * Returns a function to call after the commit, which tells the browsers and sends the e-mails.
 */
export async function notifyUsers(tx: Tx, userIds: string[], notification: NewNotification): Promise<() => void> {
  const unique = [...new Set(userIds)]
  if (unique.length === 0) return () => {}
  const channels = await channelsFor(tx, unique, notification.kind)
  const users = await tx.user.findMany({ where: { id: { in: unique }, active: true }, select: { id: true, email: true, name: true } })
  const inApp = users.filter((u) => channels.get(u.id) !== 'EMAIL')
  const byEmail = users.filter((u) => channels.get(u.id) !== 'IN_APP')
  await tx.notification.createMany({
    data: inApp.map((u) => ({ userId: u.id, kind: notification.kind, title: notification.title, body: notification.body ?? null, link: notification.link ?? null })),
  })
  await tx.outboxEmail.createMany({
    data: byEmail.map((u) => ({ toEmail: u.email, toName: u.name, subject: `Knudepunkt: ${notification.title}`, text: emailText(notification, process.env.PUBLIC_URL) })),
  })
  return () => {
    if (inApp.length > 0) publishInvalidation({ topic: 'notification', id: 'inbox', version: Date.now() }, { userIds: inApp.map((u) => u.id) })
    if (byEmail.length > 0) {
      publishInvalidation({ topic: 'outbox', id: 'all', version: Date.now() }, { everyone: true })
      void deliverPendingEmails()
    }
  }
}

export async function countUnread(userId: string) {
  return db.notification.count({ where: { userId, readAt: null } })
}

export async function listNotifications(userId: string, { take = 50 }: { take?: number } = {}) {
  return db.notification.findMany({ where: { userId }, orderBy: [{ createdAt: 'desc' }, { id: 'desc' }], take })
}

export async function markRead({ userId, id, now = new Date() }: { userId: string; id: string; now?: Date }) {
  const { count } = await db.notification.updateMany({ where: { id, userId, readAt: null }, data: { readAt: now } })
  if (count > 0) publishInvalidation({ topic: 'notification', id: 'inbox', version: now.getTime() }, { userIds: [userId] })
  return count
}

export async function markAllRead({ userId, now = new Date() }: { userId: string; now?: Date }) {
  const { count } = await db.notification.updateMany({ where: { userId, readAt: null }, data: { readAt: now } })
  if (count > 0) publishInvalidation({ topic: 'notification', id: 'inbox', version: now.getTime() }, { userIds: [userId] })
  return count
}

export async function getPreferences(userId: string) {
  const rows = await db.notificationPreference.findMany({ where: { userId } })
  return Object.fromEntries(rows.map((r) => [r.kind, r.channel as Channel])) as Partial<Record<NotificationKind, Channel>>
}

export async function savePreferences({ userId, preferences }: { userId: string; preferences: Partial<Record<NotificationKind, Channel>> }) {
  await db.$transaction(async (tx) => {
    for (const [kind, channel] of Object.entries(preferences)) {
      await tx.notificationPreference.upsert({ where: { userId_kind: { userId, kind } }, create: { userId, kind, channel }, update: { channel } })
    }
  })
}
