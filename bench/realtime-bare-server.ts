/**
 * The floor of bench/realtime.ts: a bare socket.io server (no auth, no rooms, no database, no
 * app modules) that broadcasts an invalidation-shaped message to every client when asked.
 * Runs as a child of the benchmark; see bench/realtime-ipc.ts.
 */
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { Server } from 'socket.io'
import { now, serveParent } from './realtime-ipc.ts'

const httpServer = createServer()
const io = new Server(httpServer)
await new Promise<void>((resolve) => httpServer.listen(0, '127.0.0.1', resolve))

let version = 0

function broadcast() {
  version += 1
  const at = now()
  io.emit('invalidate', { topic: 'kommune', id: 'x', version })
  return Promise.resolve({ at, version })
}

serveParent((httpServer.address() as AddressInfo).port, {
  trigger: broadcast,
  listeners: () => io.of('/').sockets.size,
  rss: () => process.memoryUsage().rss,
})
