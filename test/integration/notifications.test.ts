import type { AddressInfo } from 'node:net'
import { SMTPServer } from 'smtp-server'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { updateKommune } from '~/models/kommune.server.ts'
import { countUnread, listNotifications, markAllRead, markRead, notifyUsers, savePreferences } from '~/models/notification.server.ts'
import { db } from '~/utils/db.server.ts'
import { deliverPendingEmails } from '~/utils/mailer.server.ts'

type Received = { from: string; to: string[]; data: string }
const inbox: Received[] = []
let smtp: SMTPServer

beforeAll(async () => {
  // A real SMTP server on a free local port; the app talks to it through nodemailer.
  smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    onData(stream, session, callback) {
      let data = ''
      stream.on('data', (chunk: Buffer) => (data += chunk.toString('utf8')))
      stream.on('end', () => {
        inbox.push({ from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '', to: session.envelope.rcptTo.map((r) => r.address), data })
        callback()
      })
    },
  })
  await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve))
})

afterAll(async () => {
  delete process.env.SMTP_URL
  await new Promise<void>((resolve) => smtp.close(() => resolve()))
})

async function userId(email: string) {
  return (await db.user.findUniqueOrThrow({ where: { email } })).id
}

async function notify(email: string, title: string) {
  const id = await userId(email)
  const afterCommit = await db.$transaction((tx) => notifyUsers(tx, [id], { kind: 'kommune-assigned', title, link: '/' }))
  afterCommit()
  return id
}

describe('notifications', () => {
  it('follow each user\'s choice of channel', async () => {
    const inApp = await userId('kam.kolding@ehsyd.demo')
    const emailOnly = await userId('kam.esbjerg@ehsyd.demo')
    await savePreferences({ userId: inApp, preferences: { 'kommune-assigned': 'IN_APP' } })
    await savePreferences({ userId: emailOnly, preferences: { 'kommune-assigned': 'EMAIL' } })
    const afterCommit = await db.$transaction((tx) => notifyUsers(tx, [inApp, emailOnly], { kind: 'kommune-assigned', title: 'Kanaltest' }))
    afterCommit()
    expect((await listNotifications(inApp)).map((n) => n.title)).toContain('Kanaltest')
    expect((await listNotifications(emailOnly)).map((n) => n.title)).not.toContain('Kanaltest')
    const emails = await db.outboxEmail.findMany({ where: { subject: 'Knudepunkt: Kanaltest' } })
    expect(emails.map((e) => e.toEmail)).toEqual(['kam.esbjerg@ehsyd.demo'])
  })

  it('are counted, marked read one by one or all at once, only for their owner', async () => {
    const id = await notify('konsulent@ehsyd.demo', 'Første')
    await notify('konsulent@ehsyd.demo', 'Anden')
    expect(await countUnread(id)).toBe(2)
    const [latest] = await listNotifications(id)
    const other = await userId('direktor@ehsyd.demo')
    expect(await markRead({ userId: other, id: latest!.id })).toBe(0)
    expect(await markRead({ userId: id, id: latest!.id })).toBe(1)
    expect(await countUnread(id)).toBe(1)
    await markAllRead({ userId: id })
    expect(await countUnread(id)).toBe(0)
  })

  it('stay in the outbox without SMTP_URL', async () => {
    delete process.env.SMTP_URL
    await notify('br.trekant@trekant.demo', 'Uden SMTP')
    expect(await deliverPendingEmails()).toBe(0)
    const email = await db.outboxEmail.findFirstOrThrow({ where: { subject: 'Knudepunkt: Uden SMTP' } })
    expect(email.sentAt).toBeNull()
  })

  it('are e-mailed through a real SMTP server when SMTP_URL is set', async () => {
    process.env.SMTP_URL = `smtp://127.0.0.1:${(smtp.server.address() as AddressInfo).port}?ignoreTLS=true`
    await notify('kkr@kkr.demo', 'Med SMTP')
    await deliverPendingEmails()
    const message = inbox.find((m) => m.to.includes('kkr@kkr.demo') && m.data.includes('Med SMTP'))
    expect(message).toBeDefined()
    expect(message!.data).toContain('Subject: Knudepunkt: Med SMTP')
    const email = await db.outboxEmail.findFirstOrThrow({ where: { subject: 'Knudepunkt: Med SMTP' } })
    expect(email.sentAt).not.toBeNull()
  })

  it('tell the new and the former key account manager when a kommune changes hands', async () => {
    const admin = await userId('admin@knudepunkt.demo')
    const newKam = await userId('kam.esbjerg@ehsyd.demo')
    const formerKam = await userId('kam.kolding@ehsyd.demo')
    const kolding = await db.kommune.findUniqueOrThrow({ where: { name: 'Kolding' }, include: { businessRegions: true } })
    await updateKommune({
      actorId: admin,
      id: kolding.id,
      version: kolding.version,
      values: {
        code: kolding.code,
        name: kolding.name,
        lesId: kolding.lesId,
        area: kolding.area,
        areaConfirmed: false,
        keyAccountManagerId: newKam,
        businessRegionIds: kolding.businessRegions.map((r) => r.organisationId),
      },
    })
    const emails = await db.outboxEmail.findMany({ where: { subject: 'Knudepunkt: Du er nu key account manager for Kolding' } })
    expect(emails.map((e) => e.toEmail)).toEqual(['kam.esbjerg@ehsyd.demo'])
    expect((await listNotifications(formerKam)).map((n) => n.title)).toContain('Du er ikke længere key account manager for Kolding')
  })
})
