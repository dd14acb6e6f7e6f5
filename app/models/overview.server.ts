import type { CurrentUser } from '~/utils/auth.server.ts'
import { db } from '~/utils/db.server.ts'
import { EXPIRY_NOTICE_DAYS } from '~/utils/company-fields.ts'
import { can } from '~/utils/permissions.ts'

const DAY = 24 * 60 * 60 * 1000

/** What waits for the user across the processes: counts and links only, never a company. */
export async function myAgenda(user: CurrentUser, now = new Date()) {
  const organisationIds = [...user.organisationIds]
  const [nextMeeting, openActions, overdueActions, followUps, expiringConsents, nextSteps] = await Promise.all([
    can(user, 'view', 'meeting')
      ? db.meeting.findFirst({
          where: { participants: { some: { userId: user.id } }, endsAt: { gte: now }, state: { not: 'cancelled' } },
          orderBy: { startsAt: 'asc' },
          select: { id: true, title: true, startsAt: true, state: true },
        })
      : null,
    db.actionItem.count({ where: { ownerId: user.id, status: 'OPEN' } }),
    db.actionItem.count({ where: { ownerId: user.id, status: 'OPEN', dueDate: { lt: now } } }),
    can(user, 'update', 'referral') ? db.referral.count({ where: { state: 'followUpDue', ownerOrganisationId: { in: organisationIds } } }) : 0,
    can(user, 'create', 'consent')
      ? db.consent.count({
          where: {
            revokedAt: null,
            expiresAt: { gt: now, lte: new Date(now.getTime() + EXPIRY_NOTICE_DAYS * DAY) },
            company: { erasedAt: null, OR: [{ ownerOrganisationId: { in: organisationIds } }, { caseLinks: { some: { case: { ownerOrganisationId: { in: organisationIds } } } } }] },
          },
        })
      : 0,
    // Index Case(ownerOrganisationId, nextStepDue, state): the Erhvervshus owns 50,000 cases at
    // national scale, and the count read them all (30–50 ms, bench/pages.ts); 1.8 ms with the
    // first two columns, 0.25 ms with the state in the index too (no row is read).
    can(user, 'update', 'case')
      ? db.case.count({ where: { ownerOrganisationId: { in: organisationIds }, state: { not: 'closed' }, nextStepDue: { lte: new Date(now.getTime() + 7 * DAY) } } })
      : 0,
  ])
  return { nextMeeting, openActions, overdueActions, followUps, expiringConsents, nextSteps }
}
