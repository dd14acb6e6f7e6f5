import { db } from '../app/utils/db.server.ts'
import { runAgreementRenewals } from '../app/models/agreement.server.ts'
import { expireConsents } from '../app/models/consent.server.ts'
import { generateMeetings, openUpcomingAgendas } from '../app/models/meeting.server.ts'
import { runReferralFollowUps } from '../app/models/referral.server.ts'
import { expirePastDeclarations } from '../app/models/declaration.server.ts'
import { copenhagenYear } from '../app/utils/dates.ts'
import { deliverPendingEmails, smtpConfigured } from '../app/utils/mailer.server.ts'
import type { Job } from './scheduler.ts'

const MINUTE = 60 * 1000
const DAY = 24 * 60 * MINUTE

/** Removes sessions, login counters and set-password links that can no longer be used. */
export const cleanUpSessions: Job = {
  name: 'sessions-cleanup',
  label: 'Rydder udløbne sessioner, loginspærringer og links',
  intervalMs: 60 * MINUTE,
  async run({ now }) {
    const sessions = await db.session.deleteMany({ where: { expiresAt: { lte: now } } })
    const throttles = await db.loginThrottle.deleteMany({
      where: { windowStart: { lte: new Date(now.getTime() - DAY) }, OR: [{ lockedUntil: null }, { lockedUntil: { lte: now } }] },
    })
    const tokens = await db.passwordToken.deleteMany({ where: { expiresAt: { lte: new Date(now.getTime() - 30 * DAY) } } })
    return `${sessions.count} sessioner, ${throttles.count} loginspærringer og ${tokens.count} links fjernet`
  },
}

/** Sends waiting e-mails when SMTP is set up; retries what failed. */
export const deliverEmails: Job = {
  name: 'email-delivery',
  label: 'Sender e-mails fra udbakken',
  intervalMs: MINUTE,
  async run() {
    if (!smtpConfigured()) {
      const waiting = await db.outboxEmail.count({ where: { sentAt: null } })
      return `SMTP er ikke sat op (SMTP_URL); ${waiting} e-mails ligger i udbakken`
    }
    return `${await deliverPendingEmails()} e-mails sendt`
  },
}

/** Year end: active declarations of past years expire (Copenhagen's calendar year). */
export const expireDeclarations: Job = {
  name: 'declarations-year-end',
  label: 'Lader aktive hensigtserklæringer fra tidligere år udløbe',
  intervalMs: 60 * MINUTE,
  async run({ now }) {
    const expired = await expirePastDeclarations(now, copenhagenYear(now))
    return `${expired} hensigtserklæringer udløbet`
  },
}

/** Agreements: tell the owner 60 days before the end; expire what has ended. */
export const renewAgreements: Job = {
  name: 'agreements-renewal',
  label: 'Varsler samarbejdsaftaler 60 dage før udløb og lader udløbne udløbe',
  intervalMs: 60 * MINUTE,
  async run({ now }) {
    const { flagged, expired } = await runAgreementRenewals(now)
    return `${flagged} aftaler varslet, ${expired} udløbet`
  },
}

/** Consents: mark those past their expiry and tell open pages, so the companies disappear at once. */
export const expireCompanyConsents: Job = {
  name: 'consents-expiry',
  label: 'Lader samtykker udløbe og skjuler virksomhederne på åbne sider',
  intervalMs: MINUTE,
  async run({ now }) {
    return `${await expireConsents(now)} samtykker udløbet`
  },
}

/** Director meetings: generate each series' meetings ahead; open agendas two weeks before. */
export const planMeetings: Job = {
  name: 'meetings-plan',
  label: 'Opretter direktørmøder i serierne og åbner dagsordenerne to uger før',
  intervalMs: 60 * MINUTE,
  async run({ now }) {
    const created = await generateMeetings({ now })
    const opened = await openUpcomingAgendas(now)
    return `${created} møder oprettet, ${opened} dagsordener åbnet`
  },
}

/** Referrals: six months after sending, the follow-up falls due and the owner is told. */
export const followUpReferrals: Job = {
  name: 'referrals-follow-up',
  label: 'Gør opfølgningen på henvisninger forfalden seks måneder efter afsendelse',
  intervalMs: 60 * MINUTE,
  async run({ now }) {
    return `${await runReferralFollowUps(now)} opfølgninger forfaldne`
  },
}

export const JOBS: readonly Job[] = [cleanUpSessions, deliverEmails, expireDeclarations, renewAgreements, expireCompanyConsents, planMeetings, followUpReferrals]
