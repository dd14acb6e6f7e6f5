import type { Server as HttpServer } from 'node:http'
import { Server, type ServerOptions, type Socket } from 'socket.io'
import { db } from '../app/utils/db.server.ts'
import { notifyInvalidationListeners, rooms, roomsFor, setPublisher, type Invalidation, type Publisher } from '../app/utils/realtime.server.ts'
import { readSessionToken, validateSessionToken } from '../app/utils/session.server.ts'
import { log } from './logger.ts'

export type SocketUser = { id: string; sessionId: string; organisationIds: string[] }

const TOPIC_PATTERN = /^[a-z][a-zA-Z-]{0,40}(:[A-Za-z0-9_-]{1,64})?$/

/** The handshake must carry a valid session cookie; otherwise the connection is refused. */
export async function authenticateSocket(cookieHeader: string | undefined): Promise<SocketUser | null> {
  const token = readSessionToken(cookieHeader)
  if (!token) return null
  const session = await validateSessionToken(token)
  if (!session) return null
  const memberships = await db.membership.findMany({ where: { userId: session.userId }, select: { organisationId: true } })
  return { id: session.userId, sessionId: session.id, organisationIds: [...new Set(memberships.map((m) => m.organisationId))] }
}

function joinOwnRooms(socket: Socket, user: SocketUser) {
  void socket.join(rooms.user(user.id))
  void socket.join(rooms.session(user.sessionId))
  for (const id of user.organisationIds) void socket.join(rooms.organisation(id))
}

/** Clients ask for topics; only the topic rooms are theirs to choose, never another's private room. */
function handleSubscriptions(socket: Socket) {
  socket.on('subscribe', (topics: unknown) => {
    if (!Array.isArray(topics)) return
    for (const topic of topics.slice(0, 50)) {
      if (typeof topic === 'string' && TOPIC_PATTERN.test(topic)) void socket.join(rooms.topic(topic))
    }
  })
  socket.on('unsubscribe', (topics: unknown) => {
    if (!Array.isArray(topics)) return
    for (const topic of topics) if (typeof topic === 'string') void socket.leave(rooms.topic(topic))
  })
}

/** Between app processes (Redis adapter): tells the others' server-side caches about a write. */
const PEER_INVALIDATION = 'invalidated'

export function socketPublisher(io: Server, { clustered = false }: { clustered?: boolean } = {}): Publisher {
  return {
    publish(invalidation, audience) {
      if (clustered) io.serverSideEmit(PEER_INVALIDATION, invalidation)
      const targets = roomsFor(invalidation, audience)
      if (targets.length > 0) io.to(targets).emit('invalidate', invalidation)
    },
    disconnectUser(userId) {
      io.in(rooms.user(userId)).disconnectSockets(true)
    },
    disconnectSession(sessionId) {
      io.in(rooms.session(sessionId)).disconnectSockets(true)
    },
  }
}

/** socket.io on the app's HTTP server; `adapter` (Redis, server/redis.ts) joins several processes. */
export function attachRealtime(httpServer: HttpServer, { adapter }: { adapter?: ServerOptions['adapter'] } = {}): Server {
  const io = new Server(httpServer, { serveClient: false, transports: ['websocket', 'polling'], ...(adapter ? { adapter } : {}) })
  io.use(async (socket, next) => {
    try {
      const user = await authenticateSocket(socket.request.headers.cookie)
      if (!user) return next(new Error('unauthorised'))
      socket.data.user = user
      next()
    } catch (error) {
      log.error('socket authentication failed', { error: String(error) })
      next(new Error('unauthorised'))
    }
  })
  io.on('connection', (socket) => {
    joinOwnRooms(socket, socket.data.user as SocketUser)
    handleSubscriptions(socket)
  })
  if (adapter) io.on(PEER_INVALIDATION, (invalidation: Invalidation) => notifyInvalidationListeners(invalidation))
  setPublisher(socketPublisher(io, { clustered: Boolean(adapter) }))
  return io
}
