/**
 * The app side of bench/realtime.ts: the app's socket.io server (server/realtime.ts: session
 * cookie authentication, rooms) on a plain HTTP server, and the admin's kommune edit
 * (updateKommune, a real transaction) as the action whose invalidation is timed. The publisher is
 * wrapped so that the time of commit is taken where the app publishes, right after the commit.
 * Runs as a child of the benchmark; see bench/realtime-ipc.ts.
 */
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { now, serveParent, type Fired } from './realtime-ipc.ts'

// The app reads DATABASE_URL when db.server.ts is first imported, so app modules load only after this check.
if (!process.env.DATABASE_URL) throw new Error('realtime-app-server: DATABASE_URL is not set')

const { attachRealtime, socketPublisher } = await import('../server/realtime.ts')
const { rooms, setPublisher } = await import('../app/utils/realtime.server.ts')
const { createSession } = await import('../app/utils/session.server.ts')
const { getKommune, updateKommune } = await import('../app/models/kommune.server.ts')
const { db } = await import('../app/utils/db.server.ts')

const TOPIC = 'kommune'

const httpServer = createServer()
const io = attachRealtime(httpServer)
await new Promise<void>((resolve) => httpServer.listen(0, '127.0.0.1', resolve))

/** Set by the publisher when the kommune's invalidation is published, i.e. just after commit. */
let committed: Fired | null = null
const realPublisher = socketPublisher(io)
setPublisher({
  ...realPublisher,
  publish(invalidation, audience) {
    if (invalidation.topic === TOPIC) committed = { at: now(), version: invalidation.version }
    realPublisher.publish(invalidation, audience)
  },
})

const admin = await db.user.findFirstOrThrow({
  where: { memberships: { some: { roleKey: 'ADMIN' } } },
})
const kommuneId = (await db.kommune.findFirstOrThrow({ orderBy: { name: 'asc' } })).id

/** The admin confirms or unconfirms the kommune's area: every logged-in user is told. */
async function editKommune(): Promise<Fired> {
  const kommune = await getKommune(kommuneId)
  if (!kommune) throw new Error('the kommune is gone')
  committed = null
  await updateKommune({
    actorId: admin.id,
    id: kommune.id,
    version: kommune.version,
    values: {
      code: kommune.code,
      name: kommune.name,
      lesId: kommune.les?.id ?? null,
      area: kommune.area,
      areaConfirmed: kommune.areaIsDefault,
      keyAccountManagerId: kommune.keyAccountManager?.id ?? null,
      businessRegionIds: kommune.businessRegions.map((region) => region.id),
    },
  })
  return takeCommitted()
}

function takeCommitted(): Fired {
  const fired = committed
  committed = null
  if (!fired) throw new Error('updateKommune published no kommune invalidation')
  return fired
}

/** One session per client, spread over the active seeded users. */
async function sessions(count: number) {
  const users = await db.user.findMany({ where: { active: true }, orderBy: { email: 'asc' } })
  if (users.length === 0) throw new Error('the database has no active users; was it seeded?')
  const tokens: string[] = []
  for (let i = 0; i < count; i++) {
    tokens.push((await createSession({ userId: users[i % users.length]!.id })).token)
  }
  return tokens
}

serveParent((httpServer.address() as AddressInfo).port, {
  trigger: editKommune,
  listeners: () => io.of('/').adapter.rooms.get(rooms.topic(TOPIC))?.size ?? 0,
  rss: () => process.memoryUsage().rss,
  sessions,
})
