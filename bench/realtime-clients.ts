/**
 * The browsers of bench/realtime.ts: socket.io clients in the benchmark's process, each on a
 * connection of its own, subscribed to one topic. A pool is armed before each broadcast and
 * collects every client's arrival time; the arrival may well come before the server's reply
 * saying when it committed, so nothing here depends on that reply.
 */
import { io as connect, type Socket } from 'socket.io-client'
import type { Invalidation } from '../app/utils/realtime.server.ts'
import { now } from './realtime-ipc.ts'

const BATCH = 50

export type Arrival = { at: number; version: number }

type Round = { arrivals: (Arrival | undefined)[]; received: number; done(): void }

export type ClientPool = ReturnType<typeof createClientPool>

export function createClientPool({ url, topic }: { url: string; topic: string }) {
  const sockets: Socket[] = []
  let round: Round | null = null
  let lost = 0
  let closing = false

  function record(index: number, message: Invalidation) {
    if (!round || message.topic !== topic || round.arrivals[index]) return
    round.arrivals[index] = { at: now(), version: message.version }
    round.received += 1
    if (round.received === sockets.length) round.done()
  }

  function open(cookie: string | undefined): Promise<void> {
    const index = sockets.length
    const socket = connect(url, {
      transports: ['websocket'],
      forceNew: true,
      reconnection: false,
      ...(cookie ? { extraHeaders: { Cookie: cookie } } : {}),
    })
    sockets.push(socket)
    socket.on('invalidate', (message: Invalidation) => record(index, message))
    socket.on('disconnect', () => {
      if (!closing) lost += 1
    })
    return new Promise((resolve, reject) => {
      socket.once('connect', () => {
        socket.emit('subscribe', [topic])
        resolve()
      })
      socket.once('connect_error', (error) =>
        reject(new Error(`client ${index} could not connect: ${error.message}`)),
      )
    })
  }

  /** Opens clients until there are `count`, a batch at a time so the server is not flooded. */
  async function grow(
    count: number,
    cookieFor: (index: number) => string | undefined = () => undefined,
  ) {
    while (sockets.length < count) {
      const batch = Math.min(BATCH, count - sockets.length)
      await Promise.all(Array.from({ length: batch }, () => open(cookieFor(sockets.length))))
    }
    assertNoneLost()
  }

  /** Arm before the broadcast: resolves with every client's arrival, or fails after `timeoutMs`. */
  function nextBroadcast(timeoutMs: number): Promise<Arrival[]> {
    assertNoneLost()
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        const received = round?.received ?? 0
        round = null
        reject(
          new Error(
            `only ${received} of ${sockets.length} clients received the broadcast within ${timeoutMs} ms`,
          ),
        )
      }, timeoutMs)
      const arrivals: (Arrival | undefined)[] = new Array(sockets.length)
      round = {
        arrivals,
        received: 0,
        done() {
          clearTimeout(timer)
          round = null
          resolve(arrivals as Arrival[])
        },
      }
    })
  }

  function assertNoneLost() {
    if (lost > 0) throw new Error(`${lost} clients were disconnected by ${url}`)
  }

  function close() {
    closing = true
    for (const socket of sockets) socket.close()
  }

  return { size: () => sockets.length, grow, nextBroadcast, close }
}
