// `npm run invite-admin -- --email <e-mail> --navn "<navn>" [--organisation "<navn>"]`
// (scripts/invite-admin.ts): the first administrator of a production database, seeded with
// SEED_DEMO=false and so without any user. Prints a one-time link to choose a password, as an
// administrator's invitation in the app does; the password never passes through the shell.
// For an existing user it prints a fresh link instead (an administrator locked out, no other
// one to help), after making them an administrator if they were not. Written to the audit log
// without an actor (shown as "Systemet").
import { parseArgs } from 'node:util'
import { createNewSetPasswordLink, inviteUser } from '../app/models/user.server.ts'
import { recordAudit } from '../app/utils/audit.server.ts'
import { db } from '../app/utils/db.server.ts'
import { publicUrl } from '../app/utils/env.server.ts'
import { emailField, requiredText, z } from '../app/utils/validation.ts'

const Options = z.object({
  email: emailField,
  navn: requiredText('navn (--navn)'),
  organisation: z.string().trim().optional(),
})

export type InviteAdminResult = { ok: true; lines: string[] } | { ok: false; message: string }

const USAGE = 'Brug: npm run invite-admin -- --email <e-mail> --navn "<navn>" [--organisation "<organisation>"]'

/** The organisation the administrator belongs to: the one named, or the only Erhvervshus. */
async function findOrganisation(name: string | undefined) {
  if (name) return db.organisation.findFirst({ where: { name, active: true } })
  const houses = await db.organisation.findMany({ where: { kind: 'ERHVERVSHUS', active: true }, take: 2 })
  return houses.length === 1 ? houses[0]! : null
}

export async function inviteAdministrator(args: string[], now = new Date()): Promise<InviteAdminResult> {
  let values: Record<string, string | boolean | undefined>
  try {
    values = parseArgs({ args, options: { email: { type: 'string' }, navn: { type: 'string' }, organisation: { type: 'string' } } }).values
  } catch {
    return { ok: false, message: USAGE }
  }
  const parsed = Options.safeParse(values)
  if (!parsed.success) return { ok: false, message: `${parsed.error.issues[0]!.message}\n${USAGE}` }
  const { email, navn, organisation: organisationName } = parsed.data
  const link = (token: string) => `${publicUrl()}/adgangskode/${token}`

  const existing = await db.user.findUnique({ where: { email }, include: { memberships: true } })
  if (existing) {
    if (!existing.active) return { ok: false, message: `${existing.name} (${email}) er deaktiveret. Genaktivér brugeren under Administration → Brugere.` }
    if (!existing.memberships.some((m) => m.roleKey === 'ADMIN')) {
      const organisationId = existing.memberships[0]?.organisationId
      if (!organisationId) return { ok: false, message: `${existing.name} (${email}) hører ikke til nogen organisation.` }
      await db.$transaction(async (tx) => {
        await tx.membership.create({ data: { userId: existing.id, organisationId, roleKey: 'ADMIN' } })
        await recordAudit(tx, { actorId: null, action: 'UPDATE', entityType: 'user', entityId: existing.id, summary: `${existing.name} er gjort til administrator fra kommandolinjen` })
      })
    }
    const token = await createNewSetPasswordLink({ actorId: null, id: existing.id, now })
    return { ok: true, lines: [`${existing.name} (${email}) findes allerede og er administrator.`, `Nyt link til at vælge adgangskode (gælder i 7 dage, kan bruges én gang):`, link(token)] }
  }

  const organisation = await findOrganisation(organisationName)
  if (!organisation)
    return {
      ok: false,
      message: organisationName
        ? `Organisationen «${organisationName}» findes ikke (eller er ikke aktiv).`
        : 'Der er ikke præcis ét erhvervshus i databasen. Angiv organisationen med --organisation "<navn>". Er referencedata indlæst (npx tsx prisma/seed.ts)?',
    }
  const { token } = await inviteUser({
    actorId: null,
    values: { email, name: navn, title: null, team: null, organisationId: organisation.id, roles: ['ADMIN'], kommuneIds: [] },
    now,
  })
  return { ok: true, lines: [`${navn} (${email}) er oprettet som administrator i ${organisation.name}.`, `Link til at vælge adgangskode (gælder i 7 dage, kan bruges én gang):`, link(token)] }
}
