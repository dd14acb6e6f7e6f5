import fc from 'fast-check'
import { beforeAll, describe, expect, it } from 'vitest'
import { TEAMS } from '~/components/admin/user-form.tsx'
import { createOrganisation } from '~/models/organisation.server.ts'
import { inviteUser } from '~/models/user.server.ts'
import * as userRoute from '~/routes/_app.admin.brugere.$id.tsx'
import * as newUserRoute from '~/routes/_app.admin.brugere.ny.tsx'
import * as jobRoute from '~/routes/_app.admin.job.tsx'
import * as kommuneRoute from '~/routes/_app.admin.kommuner.$id.tsx'
import * as organisationRoute from '~/routes/_app.admin.organisationer.$id.tsx'
import * as newOrganisationRoute from '~/routes/_app.admin.organisationer.ny.tsx'
import * as settingsRoute from '~/routes/_app.indstillinger.tsx'
import * as notificationsRoute from '~/routes/_app.notifikationer.tsx'
import * as passwordRoute from '~/routes/adgangskode.$token.tsx'
import * as loginRoute from '~/routes/login.tsx'
import * as logoutRoute from '~/routes/logout.tsx'
import { db } from '~/utils/db.server.ts'
import { registerScheduler } from '~/utils/jobs.server.ts'
import { CHANNELS, NOTIFICATION_KIND_KEYS } from '~/utils/notification-kinds.ts'
import { ORGANISATION_KINDS } from '~/utils/organisation-kinds.ts'
import { ROLES } from '~/utils/permissions.ts'
import { DEMO_PASSWORD } from '../../prisma/demo-accounts.js'
import { JOBS } from '../../server/jobs.ts'
import { Scheduler } from '../../server/scheduler.ts'
import { checkHostileInput, example, HOSTILE_GROUPS, idOr, oneOf, storableText, type ActionSpec, versionText } from '../support/hostile-input.ts'

/**
 * Issue 11, hostile input: administration, settings, notifications and the login pages. Every
 * action gets random and malformed forms from a user who may use it; see test/support/hostile-input.ts
 * for the properties. The targets are made here, so a successful random edit harms nothing else.
 */

const ADMIN = 'admin@knudepunkt.demo'
const fixture = { kommune: { code: '', lesId: '', area: '', version: 1 }, houseId: '', userId: '', organisationId: '', organisationIds: [] as string[], kommuneId: '', kommuneIds: [] as string[], kamId: '', lesIds: [] as string[], regionIds: [] as string[], token: '', notificationId: '' }

beforeAll(async () => {
  const admin = await db.user.findUniqueOrThrow({ where: { email: ADMIN } })
  const house = await db.organisation.findUniqueOrThrow({ where: { name: 'Erhvervshus Sydjylland' } })
  const { user } = await inviteUser({
    actorId: admin.id,
    values: { email: 'fjendtlig.bruger@test.example', name: 'Fjendtlig Bruger', title: null, team: null, organisationId: house.id, roles: ['CONSULTANT'], kommuneIds: [] },
  })
  fixture.userId = user.id
  // A user of its own for the set-password link: the edits above make new links, which void older ones.
  const invited = await inviteUser({
    actorId: admin.id,
    values: { email: 'inviteret.bruger@test.example', name: 'Inviteret Bruger', title: null, team: null, organisationId: house.id, roles: ['CONSULTANT'], kommuneIds: [] },
  })
  fixture.token = invited.token
  const organisation = await createOrganisation({
    actorId: admin.id,
    values: { name: 'Fjendtlig Rådgivning ApS', kind: 'EXTERNAL', description: null, designEcosystem: false, active: true, hubKommuneIds: [] },
  })
  fixture.organisationId = organisation.id
  fixture.organisationIds = (await db.organisation.findMany({ select: { id: true }, take: 10 })).map((o) => o.id)
  const kommuner = await db.kommune.findMany({ orderBy: { name: 'asc' } })
  fixture.kommuneIds = kommuner.map((k) => k.id)
  const fanoe = kommuner.find((k) => k.name === 'Fanø')!
  fixture.kommuneId = fanoe.id
  fixture.kommune = { code: fanoe.code, lesId: fanoe.lesId ?? '', area: fanoe.area, version: fanoe.version }
  fixture.houseId = house.id
  fixture.kamId = (await db.user.findUniqueOrThrow({ where: { email: 'kam.esbjerg@ehsyd.demo' } })).id
  fixture.lesIds = (await db.organisation.findMany({ where: { kind: 'LES' }, select: { id: true } })).map((o) => o.id)
  fixture.regionIds = (await db.organisation.findMany({ where: { kind: 'BUSINESS_REGION' }, select: { id: true } })).map((o) => o.id)
  const reader = await db.user.findUniqueOrThrow({ where: { email: 'kkr@kkr.demo' } })
  fixture.notificationId = (await db.notification.create({ data: { userId: reader.id, kind: 'mention', title: 'Fjendtlig test' } })).id
  registerScheduler(new Scheduler(JOBS, { holder: 'hostile-input-test' }))
})

const version = versionText
const checkbox = oneOf('on', '', 'off', 'true')

const userFields = () => ({
  email: fc.oneof(oneOf('fjendtlig.bruger@test.example', 'ny.bruger@test.example', 'admin@knudepunkt.demo', 'UPPER@TEST.EXAMPLE', 'a@b'), fc.emailAddress()),
  name: storableText,
  title: storableText,
  team: oneOf(...Object.keys(TEAMS), ''),
  organisationId: idOr(...fixture.organisationIds),
  roles: oneOf(...ROLES),
  kommuneIds: idOr(...fixture.kommuneIds),
})

const specs: Record<string, () => ActionSpec> = {
  '_app.admin.brugere.$id.tsx': () => ({
    route: userRoute,
    who: ADMIN,
    path: `/admin/brugere/${fixture.userId}`,
    params: { id: idOr(fixture.userId) },
    intents: ['deactivate', 'activate', 'new-link', 'update'],
    fields: { ...userFields(), version },
    lists: ['roles', 'kommuneIds'],
    examples: [
      example({ email: 'fjendtlig.bruger@test.example', name: '<script>alert(1)</script>', title: '"><img src=x onerror=alert(1)>', organisationId: fixture.houseId, roles: 'CONSULTANT', version: '1' }, { id: fixture.userId }),
      example({ intent: 'new-link' }, { id: fixture.userId }),
    ],
  }),
  '_app.admin.brugere.ny.tsx': () => ({
    route: newUserRoute,
    who: ADMIN,
    path: '/admin/brugere/ny',
    fields: userFields(),
    lists: ['roles', 'kommuneIds'],
    examples: [example({ email: 'script.navn@test.example', name: '<script>alert(1)</script>', roles: 'CONSULTANT', organisationId: fixture.organisationIds[0]! })],
  }),
  '_app.admin.job.tsx': () => ({
    route: jobRoute,
    who: ADMIN,
    path: '/admin/job',
    fields: { name: oneOf(...JOBS.map((job) => job.name)) },
    examples: [example({ name: 'sessions-cleanup' })],
  }),
  '_app.admin.kommuner.$id.tsx': () => ({
    route: kommuneRoute,
    who: ADMIN,
    path: `/admin/kommuner/${fixture.kommuneId}`,
    params: { id: idOr(fixture.kommuneId) },
    fields: {
      code: oneOf('0563', '563', '0101'),
      name: fc.oneof(oneOf('Fanø', 'Kolding'), storableText),
      lesId: fc.oneof(idOr(...fixture.lesIds), oneOf('')),
      area: oneOf('LAND', 'BY'),
      areaConfirmed: checkbox,
      keyAccountManagerId: fc.oneof(idOr(fixture.kamId), oneOf('')),
      businessRegionIds: idOr(...fixture.regionIds),
      version,
    },
    lists: ['businessRegionIds'],
    examples: [example({ code: fixture.kommune.code, name: 'Fanø', lesId: fixture.kommune.lesId, area: fixture.kommune.area, areaConfirmed: 'on', version: String(fixture.kommune.version) }, { id: fixture.kommuneId })],
  }),
  '_app.admin.organisationer.$id.tsx': () => ({
    route: organisationRoute,
    who: ADMIN,
    path: `/admin/organisationer/${fixture.organisationId}`,
    params: { id: idOr(fixture.organisationId) },
    fields: { name: fc.oneof(storableText, oneOf('Erhvervshus Sydjylland')), kind: oneOf(...ORGANISATION_KINDS), description: storableText, designEcosystem: checkbox, active: checkbox, hubKommuneIds: idOr(...fixture.kommuneIds), version },
    lists: ['hubKommuneIds'],
    examples: [example({ name: '<script>alert(1)</script> Rådgivning', kind: 'EXTERNAL', description: "=cmd|' /C calc'!A0", active: 'on', version: '1' }, { id: fixture.organisationId })],
  }),
  '_app.admin.organisationer.ny.tsx': () => ({
    route: newOrganisationRoute,
    who: ADMIN,
    path: '/admin/organisationer/ny',
    fields: { name: fc.oneof(storableText, oneOf('Erhvervshus Sydjylland')), kind: oneOf(...ORGANISATION_KINDS), description: storableText, designEcosystem: checkbox, active: checkbox, hubKommuneIds: idOr(...fixture.kommuneIds) },
    lists: ['hubKommuneIds'],
    examples: [example({ name: '"><img src=x onerror=alert(1)>', kind: 'EXTERNAL', active: 'on' })],
  }),
  '_app.indstillinger.tsx': () => ({
    route: settingsRoute,
    who: 'kkr@kkr.demo',
    path: '/indstillinger',
    fields: Object.fromEntries(NOTIFICATION_KIND_KEYS.map((kind) => [kind, oneOf(...CHANNELS)])),
    examples: [example(Object.fromEntries(NOTIFICATION_KIND_KEYS.map((kind) => [kind, 'IN_APP'])))],
  }),
  '_app.notifikationer.tsx': () => ({
    route: notificationsRoute,
    who: 'kkr@kkr.demo',
    path: '/notifikationer',
    intents: ['read', 'read-all'],
    fields: { id: idOr(fixture.notificationId) },
    examples: [example({ intent: 'read', id: fixture.notificationId })],
  }),
  'adgangskode.$token.tsx': () => ({
    route: passwordRoute,
    who: ADMIN,
    path: `/adgangskode/${fixture.token}`,
    params: { token: idOr(fixture.token) },
    fields: { password: oneOf('et-langt-og-godt-kodeord', 'kort', 'x'.repeat(201)), confirm: oneOf('et-langt-og-godt-kodeord', 'andet-kodeord-helt') },
    examples: [example({ password: 'et-langt-og-godt-kodeord', confirm: 'et-langt-og-godt-kodeord' }, { token: fixture.token })],
  }),
  'login.tsx': () => ({
    route: loginRoute,
    who: ADMIN,
    path: '/login',
    fields: { email: oneOf('les.kolding@kolding.demo', 'LES.KOLDING@kolding.demo', 'findes.ikke@test.example', 'ikke-en-email'), password: oneOf(DEMO_PASSWORD, 'forkert-kodeord', ''), redirectTo: oneOf('/', '/virksomheder', '//evil.example', 'https://evil.example', '/\\evil', 'javascript:alert(1)') },
    examples: [example({ email: 'les.kolding@kolding.demo', password: DEMO_PASSWORD, redirectTo: '/virksomheder' })],
    // Throttling counts failed logins: a refused login must write its failure there (decision 0004).
    mayChangeOnRefusal: { LoginThrottle: 'a refused login is counted for throttling' },
  }),
  'logout.tsx': () => ({
    route: logoutRoute,
    who: 'lesdir.vejle@vejle.demo',
    path: '/logout',
    fields: {},
    neverRefuses: true,
  }),
}

describe('hostile input: administration, settings and login', () => {
  it('has a property for exactly the routes of its group', () => {
    expect(Object.keys(specs).sort()).toEqual([...HOSTILE_GROUPS.admin].sort())
  })

  for (const [file, spec] of Object.entries(specs)) {
    it(`${file} answers random and malformed forms with a success or a Danish 4xx, and a refusal changes nothing`, async () => {
      const resolved = spec()
      const stats = await checkHostileInput(file, resolved)
      if (!resolved.neverRefuses) expect(stats.refused, `${file}: no form was refused`).toBeGreaterThan(0)
    })
  }
})
