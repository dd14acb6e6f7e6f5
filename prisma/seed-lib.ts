import { readFileSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import type { Db } from '../app/utils/db.server.ts'
import { addDaysIso, copenhagenDate, dateFromIso } from '../app/utils/dates.ts'
import { meetingTimes, occurrenceDates } from '../app/utils/meeting-schedule.ts'
import { hashPassword } from '../app/utils/password.server.ts'
import { ROLE_LABELS, ROLES, type RoleKey } from '../app/utils/permissions.ts'
import { DEMO_ACCOUNTS, DEMO_PASSWORD } from './demo-accounts.js'

export { DEMO_ACCOUNTS, DEMO_PASSWORD }

/**
 * Reference data and demo accounts. Every function creates what is missing and leaves what
 * exists alone, so it is safe to run on every start and never overwrites an admin's edits.
 */

const here = path.dirname(fileURLToPath(import.meta.url))
function readSeed<T>(file: string): T {
  return JSON.parse(readFileSync(path.join(here, 'seed-data', file), 'utf8')) as T
}

type KommunerFile = {
  source: string
  kommuner: { code: string; name: string; les: string | null; dstGroup: number; area: 'LAND' | 'BY'; note?: string }[]
}
type RegionsFile = { source: string; regions: { name: string; kommuner: string[] }[] }
type ClustersFile = { source: string; clusters: { name: string; sector: string; hubsInRegion: string[] }[] }
type ActorsFile = { source: string; actors: { name: string; note: string }[] }

export const ERHVERVSHUS_NAME = 'Erhvervshus Sydjylland'
export const KKR_NAME = 'KKR Syddanmark'

const ROLE_DESCRIPTIONS: Record<RoleKey, string> = {
  ADMIN: 'Vedligeholder brugere, organisationer, kommuner og referencedata.',
  DIRECTOR: 'Leder direktørmøderne, underskriver for Erhvervshuset og afrapporterer til KKR.',
  KEY_ACCOUNT_MANAGER: 'Driver kommunens hensigtserklæring og arbejder lokalt hos LES.',
  CONSULTANT: 'Specialiseret vejledning i et af Erhvervshusets teams.',
  LES_STAFF: 'Registrerer virksomhedskontakter, forløb og samtykker.',
  LES_DIRECTOR: 'Leder den lokale erhvervsservice, underskriver for LES og deltager i direktørmøderne.',
  KOMMUNE_SIGNATORY: 'Underskriver hensigtserklæringen for kommunen.',
  BUSINESS_REGION_DIRECTOR: 'Deltager i direktørmøderne for sin business region.',
  KKR_VIEWER: 'Læser status på resultatkontrakten uden virksomhedsidentiteter.',
  GUEST: 'Inviteret til et direktørmøde.',
  REFERRAL_RECIPIENT: 'Ser de henvisninger, der sendes til organisationen, og kvitterer for dem.',
}

export function kommuneOrganisationName(kommune: string) {
  return `${kommune} Kommune`
}

async function ensureOrganisation(
  db: Db,
  data: { name: string; kind: string; description?: string | null; source?: string | null; designEcosystem?: boolean },
) {
  return db.organisation.upsert({
    where: { name: data.name },
    update: {},
    create: {
      name: data.name,
      kind: data.kind as never,
      description: data.description ?? null,
      source: data.source ?? null,
      designEcosystem: data.designEcosystem ?? false,
    },
  })
}

async function seedRoles(db: Db) {
  for (const key of ROLES) {
    await db.role.upsert({
      where: { key },
      update: { label: ROLE_LABELS[key], description: ROLE_DESCRIPTIONS[key] },
      create: { key, label: ROLE_LABELS[key], description: ROLE_DESCRIPTIONS[key] },
    })
  }
}

async function seedKommuner(db: Db) {
  const file = readSeed<KommunerFile>('kommuner.json')
  for (const k of file.kommuner) {
    const municipality = await ensureOrganisation(db, { name: kommuneOrganisationName(k.name), kind: 'KOMMUNE', source: file.source })
    const les = k.les ? await ensureOrganisation(db, { name: k.les, kind: 'LES', description: `Lokal erhvervsservice i ${k.name}`, source: file.source }) : null
    await db.kommune.upsert({
      where: { code: k.code },
      update: {},
      create: {
        code: k.code,
        name: k.name,
        area: k.area,
        areaIsDefault: true,
        dstGroup: k.dstGroup,
        source: [file.source, k.note].filter(Boolean).join(' '),
        organisationId: municipality.id,
        lesId: les?.id ?? null,
      },
    })
  }
}

async function seedBusinessRegions(db: Db) {
  const file = readSeed<RegionsFile>('business-regions.json')
  for (const region of file.regions) {
    const org = await ensureOrganisation(db, { name: region.name, kind: 'BUSINESS_REGION', source: file.source })
    for (const name of region.kommuner) {
      const kommune = await db.kommune.findUniqueOrThrow({ where: { name } })
      await db.kommuneBusinessRegion.upsert({
        where: { kommuneId_organisationId: { kommuneId: kommune.id, organisationId: org.id } },
        update: {},
        create: { kommuneId: kommune.id, organisationId: org.id },
      })
    }
  }
}

async function seedClustersAndDesignActors(db: Db) {
  const clusters = readSeed<ClustersFile>('clusters.json')
  const actors = readSeed<ActorsFile>('design-actors.json')
  const designNames = new Set(actors.actors.map((a) => a.name))
  for (const cluster of clusters.clusters) {
    const org = await ensureOrganisation(db, {
      name: cluster.name,
      kind: 'CLUSTER',
      description: cluster.sector,
      source: clusters.source,
      designEcosystem: designNames.has(cluster.name),
    })
    for (const hub of cluster.hubsInRegion) {
      const kommune = await db.kommune.findUniqueOrThrow({ where: { name: hub } })
      await db.clusterHub.upsert({
        where: { organisationId_kommuneId: { organisationId: org.id, kommuneId: kommune.id } },
        update: {},
        create: { organisationId: org.id, kommuneId: kommune.id },
      })
    }
  }
  for (const actor of actors.actors) {
    await ensureOrganisation(db, { name: actor.name, kind: 'DESIGN_ACTOR', description: actor.note, source: actors.source, designEcosystem: true })
  }
}

export async function seedReferenceData(db: Db) {
  await seedRoles(db)
  await ensureOrganisation(db, {
    name: ERHVERVSHUS_NAME,
    kind: 'ERHVERVSHUS',
    description: 'Specialiseret erhvervsservice for de 13 sydjyske kommuner. Hjemadresse i Vojens.',
    source: 'Resultatkontrakt 2022 mellem KKR Syddanmark og Erhvervshus Sydjylland.',
  })
  await ensureOrganisation(db, {
    name: KKR_NAME,
    kind: 'KKR',
    description: 'Kommunekontaktrådet i Syddanmark; styrer Erhvervshuset gennem resultatkontrakten.',
    source: 'Resultatkontrakt 2022 mellem KKR Syddanmark og Erhvervshus Sydjylland.',
  })
  await seedKommuner(db)
  await seedBusinessRegions(db)
  await seedClustersAndDesignActors(db)
}

export async function seedDemoAccounts(db: Db) {
  const passwordHash = await hashPassword(DEMO_PASSWORD)
  for (const account of DEMO_ACCOUNTS) {
    const existing = await db.user.findUnique({ where: { email: account.email } })
    if (existing) continue
    const organisation = await db.organisation.findUniqueOrThrow({ where: { name: account.organisation } })
    const user = await db.user.create({
      data: {
        email: account.email,
        name: account.name,
        title: account.title,
        team: account.team ?? null,
        passwordHash,
        memberships: { create: { organisationId: organisation.id, roleKey: account.role } },
      },
    })
    for (const kommune of account.keyAccountFor ?? []) {
      await db.kommune.update({ where: { name: kommune }, data: { keyAccountManagerId: user.id } })
    }
  }
}

const DEMO_CONTENT = {
  themes: 'Grøn omstilling i produktionsvirksomhederne og flere virksomheder i gang med eksport.',
  goals: [
    { text: '25 virksomheder i et grønt forløb', owner: 'Key account manager og LES', indicator: 'Antal forløb i Knudepunkt' },
    { text: 'Fælles eksportmorgen for 40 virksomheder', owner: 'LES', indicator: 'Antal deltagere' },
  ],
  cooperationModel: 'Key account manageren arbejder hos LES hver anden tirsdag; fælles pipeline-møde en gang om måneden.',
  knowledgeSharing: 'Virksomhedsforløb deles i Knudepunkt, kun med virksomhedens samtykke.',
  outreachPlan: '',
  workdaysPerMonth: 2,
}

/** A little activity so the demo is not empty: past local workdays and two declarations this year. */
async function seedDemoActivity(db: Db, now: Date) {
  const year = Number(new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Copenhagen', year: 'numeric' }).format(now))
  const month = Number(new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Copenhagen', month: 'numeric' }).format(now))
  const kommuner = await db.kommune.findMany({ where: { keyAccountManagerId: { not: null } } })
  for (const kommune of kommuner) {
    for (let m = 1; m < month; m++) {
      const date = new Date(`${year}-${String(m).padStart(2, '0')}-${String(8 + (kommune.code.charCodeAt(3) % 10)).padStart(2, '0')}T12:00:00.000Z`)
      await db.localWorkday.create({
        data: { kommuneId: kommune.id, userId: kommune.keyAccountManagerId!, date, lesId: kommune.lesId, companiesMet: (m % 4) + 1, notes: 'Arbejdsdag hos LES (demodata)' },
      })
    }
  }
  const kam = await db.user.findUnique({ where: { email: 'kam.esbjerg@ehsyd.demo' } })
  const context = JSON.stringify({ agreementVersion: 1, signatures: {}, renewedToYear: null })
  for (const [name, state, content] of [
    ['Esbjerg', 'inDialogue', DEMO_CONTENT],
    ['Varde', 'draft', { ...DEMO_CONTENT, goals: [], cooperationModel: '', knowledgeSharing: '' }],
  ] as const) {
    const kommune = await db.kommune.findUniqueOrThrow({ where: { name } })
    await db.declaration.create({
      data: {
        kommuneId: kommune.id,
        year,
        state,
        context,
        content: JSON.stringify(content),
        revisions: { create: { revision: 1, content: JSON.stringify(content), authorId: kam?.id ?? null } },
      },
    })
  }
}

/** Fictional companies (CVR numbers from the 8xxxxxxx range, not real ones), a consent and a case. */
const DEMO_COMPANIES = [
  { cvr: '81726354', name: 'Fjordbyg Maskiner ApS', address: 'Havnegade 12, 6000 Kolding', kommune: 'Kolding', industry: 'Maskinindustri', employeeBand: '10-49', segment: 'VAEKST', owner: 'Business Kolding' },
  { cvr: '82637485', name: 'Kolding Kaffebrænderi', address: 'Jernbanegade 4, 6000 Kolding', kommune: 'Kolding', industry: 'Fødevarer', employeeBand: '1-9', segment: 'DRIFT', owner: 'Business Kolding' },
  { cvr: '83748596', name: 'Vejle Vindteknik A/S', address: 'Vindmøllevej 3, 7100 Vejle', kommune: 'Vejle', industry: 'Energi', employeeBand: '50-249', segment: 'VAEKST', owner: 'Business Vejle' },
] as const

async function seedDemoCompanies(db: Db, now: Date) {
  const les = await db.user.findUnique({ where: { email: 'les.kolding@kolding.demo' } })
  const house = await db.organisation.findUniqueOrThrow({ where: { name: ERHVERVSHUS_NAME } })
  for (const company of DEMO_COMPANIES) {
    const kommune = await db.kommune.findUniqueOrThrow({ where: { name: company.kommune } })
    const owner = await db.organisation.findUniqueOrThrow({ where: { name: company.owner } })
    await db.company.create({
      data: {
        cvr: company.cvr,
        name: company.name,
        address: company.address,
        industry: company.industry,
        employeeBand: company.employeeBand,
        segment: company.segment,
        kommuneId: kommune.id,
        ownerOrganisationId: owner.id,
        searchText: `${company.name} ${company.cvr}`.toLowerCase(),
      },
    })
  }
  const fjordbyg = await db.company.findUniqueOrThrow({ where: { cvr: '81726354' } })
  const kolding = await db.organisation.findUniqueOrThrow({ where: { name: 'Business Kolding' } })
  await db.contactPerson.create({ data: { companyId: fjordbyg.id, name: 'Mette Fjord', role: 'Direktør', email: 'mette@fjordbyg.example', phone: '+45 75 50 00 00' } })
  const day = 24 * 60 * 60 * 1000
  await db.consent.create({
    data: {
      companyId: fjordbyg.id,
      givenByName: 'Mette Fjord',
      givenByRole: 'Direktør',
      method: 'WRITTEN',
      givenAt: new Date(now.getTime() - 20 * day),
      forGuidance: true,
      forReferral: true,
      expiresAt: new Date(now.getTime() + 340 * day),
      recordedById: les?.id ?? null,
      recordedByOrganisationId: kolding.id,
      organisations: { create: { organisationId: house.id } },
    },
  })
  await db.case.create({
    data: {
      title: 'Fjordbyg: grøn omstilling af produktionen',
      form: 'ONE_TO_ONE',
      ownerOrganisationId: kolding.id,
      kommuneId: fjordbyg.kommuneId,
      state: 'inProgress',
      context: JSON.stringify({ handOvers: 0, reopenReason: null }),
      createdById: les?.id ?? null,
      openedAt: new Date(now.getTime() - 14 * day),
      nextStep: 'Opfølgende møde om energikortlægning',
      nextStepDue: new Date(now.getTime() + 10 * day),
      companies: { create: { companyId: fjordbyg.id } },
      topics: { create: [{ topic: 'GREEN' }, { topic: 'DIGITAL' }] },
      activities: { create: { kind: 'MEETING', date: new Date(now.getTime() - 14 * day), note: 'Første møde hos virksomheden.', authorId: les?.id ?? null } },
    },
  })
}

/** A director-meeting series every other Thursday at 09:00, with its meetings generated ahead,
 *  and one held meeting two weeks before with an open action item that carries over. */
async function seedDemoMeetings(db: Db, now: Date) {
  const emails = ['direktor@ehsyd.demo', 'lesdir.kolding@kolding.demo', 'lesdir.vejle@vejle.demo', 'br.trekant@trekant.demo']
  const users = await db.user.findMany({ where: { email: { in: emails } } })
  const byEmail = new Map(users.map((u) => [u.email, u]))
  const chair = byEmail.get('direktor@ehsyd.demo')
  if (!chair) return
  const today = copenhagenDate(now)
  const weekday = new Date(`${today}T12:00:00Z`).getUTCDay()
  const daysToThursday = (4 - weekday + 7) % 7
  const firstDate = addDaysIso(today, daysToThursday < 2 ? daysToThursday + 7 : daysToThursday) // a Thursday at least two days ahead
  const series = await db.meetingSeries.create({
    data: {
      title: 'Direktørmøde',
      firstDate: dateFromIso(firstDate),
      startTime: '09:00',
      durationMinutes: 120,
      location: 'Erhvervshus Sydjylland, Kolding',
      chairId: chair.id,
      participants: { create: users.map((u) => ({ userId: u.id })) },
    },
  })
  const participants = users.map((u) => ({ userId: u.id, role: u.id === chair.id ? 'CHAIR' : 'MEMBER' }))
  for (const date of [addDaysIso(firstDate, -14), ...occurrenceDates({ firstDate, intervalDays: 14 }, today, addDaysIso(today, 120))]) {
    const { startsAt, endsAt } = meetingTimes(date, '09:00', 120)
    const held = date < today
    const meeting = await db.meeting.create({
      data: {
        seriesId: series.id,
        occurrenceDate: dateFromIso(date),
        title: 'Direktørmøde',
        startsAt,
        endsAt,
        location: series.location,
        chairId: chair.id,
        state: held ? 'closed' : 'planned',
        context: JSON.stringify({ cancelReason: null, minutesApproval: held ? { by: chair.id, at: endsAt.toISOString(), how: 'CIRCULATION' } : null }),
        participants: { create: participants.map((p) => ({ ...p, attendance: held ? 'PRESENT' : null })) },
      },
    })
    if (held) {
      const item = await db.agendaItem.create({
        data: { meetingId: meeting.id, title: 'Fælles metode til opsøgende virksomhedsbesøg', kind: 'METHOD', status: 'ACCEPTED', position: 1, plannedMinutes: 30, minutes: 'Drøftet; Kolding afprøver metoden.' },
      })
      const owner = byEmail.get('lesdir.kolding@kolding.demo')
      if (owner) {
        await db.actionItem.create({
          data: { meetingId: meeting.id, agendaItemId: item.id, text: 'Beskriv erfaringerne med den fælles besøgsmetode', ownerId: owner.id, dueDate: dateFromIso(addDaysIso(today, 10)), createdById: chair.id },
        })
      }
    }
  }
}

export async function isDatabaseEmpty(db: Db): Promise<boolean> {
  return (await db.user.count()) === 0
}

/** Reference data always (missing rows only); demo accounts when there are no users yet and
 *  SEED_DEMO is not "false". Returns whether demo accounts were created. */
export async function seedAll(db: Db, { demo }: { demo: boolean }): Promise<{ demoCreated: boolean }> {
  const empty = await isDatabaseEmpty(db)
  await seedReferenceData(db)
  if (demo && empty) {
    await seedDemoAccounts(db)
    await seedDemoActivity(db, new Date())
    await seedDemoCompanies(db, new Date())
    await seedDemoMeetings(db, new Date())
    return { demoCreated: true }
  }
  return { demoCreated: false }
}
