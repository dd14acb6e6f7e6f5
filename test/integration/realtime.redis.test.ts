// Real-time across app processes (issue 10): two socket.io servers, each with the Redis adapter
// on one real Redis server, stand in for two app processes. An invalidation published on one
// reaches a browser connected to the other; so does ending a user's sockets.
//
// vitest.config.ts collects *.redis.test.ts only when TEST_REDIS_URL names a server
// (scripts/services.sh), so without one this file is left out rather than reported as skipped.
import { createServer, type Server as HttpServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { Server } from 'socket.io'
import { io as connect, type Socket } from 'socket.io-client'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { db } from '~/utils/db.server.ts'
import { onInvalidation, type Invalidation } from '~/utils/realtime.server.ts'
import { createSession } from '~/utils/session.server.ts'
import { attachRealtime, socketPublisher } from '../../server/realtime.ts'
import { connectRedisAdapter } from '../../server/redis.ts'

type Node = { http: HttpServer; io: Server; url: string; close: () => Promise<void> }
const redisUrl = requireRedisUrl()
const nodes: Node[] = []
const sockets: Socket[] = []

function requireRedisUrl(): string {
  const url = process.env.TEST_REDIS_URL
  if (!url) throw new Error('realtime.redis.test.ts needs TEST_REDIS_URL (eval "$(bash scripts/services.sh start)")')
  return url
}

async function startNode(): Promise<Node> {
  const redis = await connectRedisAdapter(redisUrl)
  const http = createServer()
  const io = attachRealtime(http, { adapter: redis.adapter })
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve))
  const node = {
    http,
    io,
    url: `http://127.0.0.1:${(http.address() as AddressInfo).port}`,
    close: async () => {
      await new Promise((resolve) => io.close(resolve))
      await redis.close()
    },
  }
  nodes.push(node)
  return node
}

async function socketAs(email: string, node: Node) {
  const user = await db.user.findUniqueOrThrow({ where: { email } })
  const { token } = await createSession({ userId: user.id })
  const socket = connect(node.url, { transports: ['websocket'], extraHeaders: { Cookie: `kp_session=${token}` }, reconnection: false })
  sockets.push(socket)
  await new Promise<void>((resolve, reject) => {
    if (socket.connected) return resolve()
    socket.once('connect', () => resolve())
    socket.once('connect_error', reject)
  })
  return { socket, userId: user.id }
}

function nextInvalidation(socket: Socket, within = 3000) {
  return new Promise<Invalidation>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('no invalidation arrived')), within)
    socket.once('invalidate', (message: Invalidation) => {
      clearTimeout(timer)
      resolve(message)
    })
  })
}

let a: Node
let b: Node

beforeAll(async () => {
  a = await startNode()
  b = await startNode()
})

afterAll(async () => {
  for (const socket of sockets) socket.close()
  for (const node of nodes) await node.close()
})

describe('two app processes sharing one Redis', () => {
  it('deliver an invalidation published on one to a browser connected to the other', async () => {
    const { socket } = await socketAs('les.vejle@vejle.demo', b)
    socket.emit('subscribe', ['kommune'])
    await new Promise((resolve) => setTimeout(resolve, 200))
    const arriving = nextInvalidation(socket)
    socketPublisher(a.io).publish({ topic: 'kommune', id: 'k-1', version: 7 }, { everyone: true })
    expect(await arriving).toEqual({ topic: 'kommune', id: 'k-1', version: 7 })
  })

  it('deliver a user-addressed invalidation across processes, and to nobody else', async () => {
    const vejle = await socketAs('les.vejle@vejle.demo', b)
    const kolding = await socketAs('les.kolding@kolding.demo', b)
    const overheard: Invalidation[] = []
    kolding.socket.on('invalidate', (message: Invalidation) => overheard.push(message))
    const arriving = nextInvalidation(vejle.socket)
    socketPublisher(a.io).publish({ topic: 'notification', id: 'n-1', version: 1 }, { userIds: [vejle.userId] })
    expect(await arriving).toEqual({ topic: 'notification', id: 'n-1', version: 1 })
    await new Promise((resolve) => setTimeout(resolve, 200))
    expect(overheard).toEqual([])
  })

  it("tell the other process's server-side caches about a write (the goals figures)", async () => {
    const heard: Invalidation[] = []
    onInvalidation((invalidation) => heard.push(invalidation))
    socketPublisher(a.io, { clustered: true }).publish({ topic: 'case', id: 'c-9', version: 3 }, { everyone: true })
    await expect.poll(() => heard, { timeout: 3000 }).toContainEqual({ topic: 'case', id: 'c-9', version: 3 })
  })

  it("end a user's sockets on the other process", async () => {
    const { socket, userId } = await socketAs('kam.kolding@ehsyd.demo', b)
    const gone = new Promise<string>((resolve) => socket.once('disconnect', resolve))
    socketPublisher(a.io).disconnectUser(userId)
    expect(await gone).toBe('io server disconnect')
  })
})
