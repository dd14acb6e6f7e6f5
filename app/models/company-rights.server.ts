import { recordAudit } from '~/utils/audit.server.ts'
import type { CurrentUser } from '~/utils/auth.server.ts'
import { loadCompanyFacts } from '~/utils/consent-gate.server.ts'
import { caseDetailsVisible } from '~/utils/consent-gate.ts'
import { db } from '~/utils/db.server.ts'
import { NotFoundError } from '~/utils/workflow.server.ts'
import { caseLabels } from '../../machines/case.machine.ts'
import { consentStatus, lastValidDay, publishCompanyChange, purposesOf } from './consent.server.ts'

/**
 * The company's own rights (GDPR art. 15 and 17, DOMAIN.md): everything held on one company as a
 * document, and erasure that removes identity and personal data but keeps the statistics.
 * Only the organisations that hold the company (its owners) may do either; see company.server.ts.
 */

export const ERASED_TEXT = '[slettet efter anmodning]'

/**
 * All that is held on the company: record, contacts, cases with their timelines, consents, access
 * log. Cases other organisations own appear with their facts (owner, dates, topics) but their
 * texts only where the gate lets the exporter see them; each organisation answers for its own.
 */
export async function exportCompany({ actor, companyId, now = new Date() }: { actor: CurrentUser; companyId: string; now?: Date }) {
  const company = await db.company.findUnique({
    where: { id: companyId },
    include: {
      kommune: { select: { name: true } },
      ownerOrganisation: { select: { name: true } },
      contacts: { orderBy: { createdAt: 'asc' } },
      consents: {
        include: { organisations: { include: { organisation: { select: { name: true } } } }, recordedBy: { select: { name: true } }, revokedBy: { select: { name: true } } },
        orderBy: { createdAt: 'asc' },
      },
      caseLinks: {
        include: {
          case: {
            include: {
              ownerOrganisation: { select: { name: true } },
              kommune: { select: { name: true } },
              topics: true,
              companies: { select: { companyId: true } },
              activities: { include: { author: { select: { name: true } } }, orderBy: { date: 'asc' } },
            },
          },
        },
      },
      accesses: { include: { user: { select: { name: true, email: true } } }, orderBy: { at: 'asc' } },
    },
  })
  if (!company || company.erasedAt) throw new NotFoundError('company')
  const caseIds = company.caseLinks.map((l) => l.caseId)
  const factsById = new Map((await loadCompanyFacts([...new Set(company.caseLinks.flatMap((l) => l.case.companies.map((x) => x.companyId)))], now)).map((f) => [f.id, f]))
  const events = await db.workflowEvent.findMany({ where: { entityType: 'case', entityId: { in: caseIds } }, include: { actor: { select: { name: true } } }, orderBy: { at: 'asc' } })
  await db.$transaction(async (tx) => {
    await recordAudit(tx, { actorId: actor.id, action: 'EXPORT', entityType: 'company', entityId: companyId, summary: 'Alle oplysninger om virksomheden er eksporteret' })
  })
  return {
    exportedAt: now.toISOString(),
    exportedBy: actor.name,
    company: {
      cvr: company.cvr,
      pNumber: company.pNumber,
      name: company.name,
      address: company.address,
      industry: company.industry,
      employeeBand: company.employeeBand,
      segment: company.segment,
      kommune: company.kommune.name,
      registeredBy: company.ownerOrganisation.name,
      registeredAt: company.createdAt.toISOString(),
    },
    contacts: company.contacts.map((c) => ({ name: c.name, role: c.role, email: c.email, phone: c.phone, addedAt: c.createdAt.toISOString() })),
    cases: company.caseLinks.map(({ case: c }) => {
      const facts = c.companies.map((link) => factsById.get(link.companyId)).filter((f) => f !== undefined)
      const visible = caseDetailsVisible(actor, { ownerOrganisationId: c.ownerOrganisationId, companies: facts }, 'GUIDANCE', now)
      return {
        owner: c.ownerOrganisation.name,
        form: c.form,
        state: caseLabels.states[c.state] ?? c.state,
        kommune: c.kommune.name,
        topics: c.topics.map((t) => t.topic),
        openedAt: c.openedAt.toISOString(),
        closedAt: c.closedAt?.toISOString() ?? null,
        // Another organisation's case: its texts are that organisation's to hand out (the gate).
        detailsWithheld: !visible,
        title: visible ? c.title : null,
        nextStep: visible ? c.nextStep : null,
        nextStepDue: visible ? (c.nextStepDue?.toISOString() ?? null) : null,
        activities: visible ? c.activities.map((a) => ({ kind: a.kind, date: a.date.toISOString(), note: a.note, author: a.author?.name ?? null })) : [],
        history: visible
          ? events
              .filter((e) => e.entityId === c.id)
              .map((e) => ({ at: e.at.toISOString(), event: caseLabels.events[e.event]?.label ?? e.event, from: e.fromState, to: e.toState, by: e.actor?.name ?? 'Systemet' }))
          : [],
      }
    }),
    consents: company.consents.map((c) => ({
      status: consentStatus(c, now),
      givenBy: c.givenByName,
      givenByRole: c.givenByRole,
      method: c.method,
      methodNote: c.methodNote,
      givenAt: c.givenAt.toISOString(),
      validThrough: lastValidDay(c.expiresAt).toISOString(),
      scope: c.allPartners ? 'Alle partnere' : c.organisations.map((o) => o.organisation.name),
      purposes: purposesOf(c),
      recordedBy: c.recordedBy?.name ?? null,
      recordedAt: c.createdAt.toISOString(),
      revokedAt: c.revokedAt?.toISOString() ?? null,
      revokedBy: c.revokedBy?.name ?? null,
      revokeReason: c.revokeReason,
    })),
    accessLog: company.accesses.map((a) => ({ at: a.at.toISOString(), user: a.user?.name ?? null, place: a.place, consentId: a.consentId })),
  }
}

export type CompanyExport = Awaited<ReturnType<typeof exportCompany>>

/**
 * Erasure on the company's request: name, CVR, P-number, address, industry and contact people go;
 * consents lose the giver's name and notes and are revoked; the company's own (1:1) cases lose
 * their title, notes, next step and reasons. Kommune, segment, topics, dates and counts stay for
 * the statistics. Cases with several companies keep their text (it belongs to the others too).
 */
export async function eraseCompany({ actor, companyId, now = new Date() }: { actor: CurrentUser; companyId: string; now?: Date }) {
  await db.$transaction(async (tx) => {
    const company = await tx.company.findUnique({ where: { id: companyId }, select: { erasedAt: true, caseLinks: { select: { case: { select: { id: true, form: true } } } } } })
    if (!company || company.erasedAt) throw new NotFoundError('company')
    await tx.company.update({
      where: { id: companyId },
      data: { cvr: null, pNumber: null, name: null, address: null, industry: null, searchText: null, erasedAt: now, version: { increment: 1 } },
    })
    await tx.contactPerson.deleteMany({ where: { companyId } })
    // An earlier revocation's reason is free text that may name the giver.
    await tx.consent.updateMany({ where: { companyId, revokedAt: { not: null } }, data: { revokeReason: ERASED_TEXT } })
    await tx.consent.updateMany({ where: { companyId, revokedAt: null }, data: { revokedAt: now, revokedById: actor.id, revokeReason: 'Virksomheden er slettet efter anmodning' } })
    await tx.consent.updateMany({ where: { companyId }, data: { givenByName: ERASED_TEXT, givenByRole: null, methodNote: null } })
    const ownCases = company.caseLinks.filter((l) => l.case.form === 'ONE_TO_ONE').map((l) => l.case.id)
    // The version moves too: a transition read before the erasure must not write the old context back.
    await tx.case.updateMany({ where: { id: { in: ownCases } }, data: { title: ERASED_TEXT, nextStep: null, version: { increment: 1 } } })
    await tx.caseActivity.updateMany({ where: { caseId: { in: ownCases } }, data: { note: ERASED_TEXT } })
    await tx.workflowEvent.updateMany({ where: { entityType: 'case', entityId: { in: ownCases } }, data: { payload: null } })
    // The reopen reason is kept in the case's process context too.
    for (const own of await tx.case.findMany({ where: { id: { in: ownCases } }, select: { id: true, context: true } })) {
      await tx.case.update({ where: { id: own.id }, data: { context: JSON.stringify({ ...(JSON.parse(own.context) as object), reopenReason: null }) } })
    }
    await recordAudit(tx, { actorId: actor.id, action: 'ERASE', entityType: 'company', entityId: companyId, summary: 'Virksomheden er slettet efter anmodning: identitet og persondata fjernet, statistik bevaret' })
  })
  await publishCompanyChange(companyId)
}
