import { createServer, type Server as HttpServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { io as connect, type Socket } from 'socket.io-client'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Server } from 'socket.io'
import { db } from '~/utils/db.server.ts'
import { disconnectUser, publishInvalidation, type Invalidation } from '~/utils/realtime.server.ts'
import { createSession } from '~/utils/session.server.ts'
import { attachRealtime } from '../../server/realtime.ts'

let httpServer: HttpServer
let io: Server
let url: string
const sockets: Socket[] = []

beforeAll(async () => {
  httpServer = createServer()
  io = attachRealtime(httpServer)
  await new Promise<void>((resolve) => httpServer.listen(0, '127.0.0.1', resolve))
  url = `http://127.0.0.1:${(httpServer.address() as AddressInfo).port}`
})

afterAll(async () => {
  for (const socket of sockets) socket.close()
  await new Promise((resolve) => io.close(resolve))
})

async function cookieFor(email: string) {
  const user = await db.user.findUniqueOrThrow({ where: { email } })
  const { token } = await createSession({ userId: user.id })
  return { cookie: `kp_session=${token}`, user }
}

function open(cookie?: string): Socket {
  const socket = connect(url, { transports: ['websocket'], extraHeaders: cookie ? { Cookie: cookie } : {}, reconnection: false })
  sockets.push(socket)
  return socket
}

function connected(socket: Socket) {
  return new Promise<void>((resolve, reject) => {
    if (socket.connected) return resolve()
    socket.once('connect', () => resolve())
    socket.once('connect_error', reject)
  })
}

function received(socket: Socket, within = 300): Promise<Invalidation[]> {
  const messages: Invalidation[] = []
  socket.on('invalidate', (message: Invalidation) => messages.push(message))
  return new Promise((resolve) => setTimeout(() => resolve(messages), within))
}

async function organisationOf(email: string) {
  const membership = await db.membership.findFirstOrThrow({ where: { user: { email } } })
  return membership.organisationId
}

describe('socket handshake', () => {
  it('refuses a connection without a session cookie', async () => {
    await expect(connected(open())).rejects.toThrow('unauthorised')
  })

  it('refuses a connection with an unknown token', async () => {
    await expect(connected(open('kp_session=aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa'))).rejects.toThrow('unauthorised')
  })

  it('accepts a valid session', async () => {
    const { cookie } = await cookieFor('direktor@ehsyd.demo')
    await expect(connected(open(cookie))).resolves.toBeUndefined()
  })
})

describe('invalidations', () => {
  it('reach members of the organisation and not another organisation\'s members', async () => {
    const kolding = await cookieFor('les.kolding@kolding.demo')
    const vejle = await cookieFor('les.vejle@vejle.demo')
    const koldingSocket = open(kolding.cookie)
    const vejleSocket = open(vejle.cookie)
    await Promise.all([connected(koldingSocket), connected(vejleSocket)])
    const koldingInbox = received(koldingSocket)
    const vejleInbox = received(vejleSocket)
    publishInvalidation({ topic: 'case', id: 'c1', version: 3 }, { organisationIds: [await organisationOf('les.kolding@kolding.demo')] })
    expect(await koldingInbox).toEqual([{ topic: 'case', id: 'c1', version: 3 }])
    expect(await vejleInbox).toEqual([])
  })

  it('reach a client subscribed to a public topic, carrying no record data', async () => {
    const { cookie } = await cookieFor('kam.kolding@ehsyd.demo')
    const subscribed = open(cookie)
    const other = open(cookie)
    await Promise.all([connected(subscribed), connected(other)])
    subscribed.emit('subscribe', ['kommune'])
    await new Promise((resolve) => setTimeout(resolve, 50))
    const inbox = received(subscribed)
    const otherInbox = received(other)
    publishInvalidation({ topic: 'kommune', id: 'k1', version: 7 }, { everyone: true })
    const messages = await inbox
    expect(messages).toEqual([{ topic: 'kommune', id: 'k1', version: 7 }])
    expect(Object.keys(messages[0]!).sort()).toEqual(['id', 'topic', 'version'])
    expect(await otherInbox).toEqual([])
  })

  it('ignore attempts to join another organisation\'s private room', async () => {
    const vejle = await cookieFor('les.vejle@vejle.demo')
    const intruder = open(vejle.cookie)
    await connected(intruder)
    const koldingOrg = await organisationOf('les.kolding@kolding.demo')
    intruder.emit('subscribe', [`org:${koldingOrg}`, '../org', 'x'.repeat(500)])
    await new Promise((resolve) => setTimeout(resolve, 50))
    const inbox = received(intruder)
    publishInvalidation({ topic: 'case', id: 'c2', version: 1 }, { organisationIds: [koldingOrg] })
    expect(await inbox).toEqual([])
  })

  it('disconnects a deactivated user\'s sockets', async () => {
    const { cookie, user } = await cookieFor('konsulent@ehsyd.demo')
    const socket = open(cookie)
    await connected(socket)
    const gone = new Promise<string>((resolve) => socket.once('disconnect', resolve))
    disconnectUser(user.id)
    expect(await gone).toBe('io server disconnect')
  })
})
