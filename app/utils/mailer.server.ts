import nodemailer, { type Transporter } from 'nodemailer'
import { db } from './db.server.ts'
import { singleton } from './singleton.server.ts'

/**
 * E-mail through SMTP when SMTP_URL is set (smtp://user:pass@host:port); without it e-mails stay
 * in the outbox, which an admin can read in the app. Every e-mail is written to the outbox first,
 * in the transaction that caused it, so nothing is lost when SMTP is down; a job retries.
 */
const MAX_ATTEMPTS = 5
const FROM = () => process.env.MAIL_FROM ?? 'Knudepunkt <knudepunkt@localhost>'

const transports = singleton('mail-transports', () => new Map<string, Transporter>())

function transportFor(url: string): Transporter {
  let transport = transports.get(url)
  if (!transport) {
    transport = nodemailer.createTransport(url)
    transports.set(url, transport)
  }
  return transport
}

export function smtpConfigured(): boolean {
  return Boolean(process.env.SMTP_URL)
}

const delivery = singleton('mail-delivery', () => ({ running: Promise.resolve(0) }))

/**
 * Sends what is waiting in the outbox; returns how many were sent. Calls in one process queue
 * behind each other; across processes a row is claimed by bumping its attempt counter first.
 */
export function deliverPendingEmails(options: { limit?: number } = {}): Promise<number> {
  delivery.running = delivery.running.catch(() => 0).then(() => sendPending(options))
  return delivery.running
}

async function sendPending({ limit = 50 }: { limit?: number }): Promise<number> {
  const url = process.env.SMTP_URL
  if (!url) return 0
  const pending = await db.outboxEmail.findMany({
    where: { sentAt: null, attempts: { lt: MAX_ATTEMPTS } },
    orderBy: { createdAt: 'asc' },
    take: limit,
  })
  let sent = 0
  for (const email of pending) {
    const { count } = await db.outboxEmail.updateMany({ where: { id: email.id, attempts: email.attempts, sentAt: null }, data: { attempts: { increment: 1 } } })
    if (count === 0) continue
    try {
      await transportFor(url).sendMail({
        from: FROM(),
        to: email.toName ? { name: email.toName, address: email.toEmail } : email.toEmail,
        subject: email.subject,
        text: email.text,
      })
      await db.outboxEmail.update({ where: { id: email.id }, data: { sentAt: new Date(), lastError: null } })
      sent++
    } catch (error) {
      await db.outboxEmail.update({ where: { id: email.id }, data: { lastError: error instanceof Error ? error.message.slice(0, 500) : 'ukendt fejl' } })
    }
  }
  return sent
}

export async function listOutbox({ take = 100 }: { take?: number } = {}) {
  return db.outboxEmail.findMany({ orderBy: [{ createdAt: 'desc' }, { id: 'desc' }], take })
}
