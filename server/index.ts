import { createServer } from 'node:http'
import { db } from '../app/utils/db.server.ts'
import { getDatabaseUrl, isPostgresUrl, sqliteFileOf } from '../app/utils/env.server.ts'
import { registerFiguresReader } from '../app/utils/figures-query.server.ts'
import { registerScheduler } from '../app/utils/jobs.server.ts'
import { createApp } from './app.ts'
import { JOBS } from './jobs.ts'
import { log } from './logger.ts'
import { attachRealtime } from './realtime.ts'
import { connectRedisAdapter } from './redis.ts'
import { Scheduler } from './scheduler.ts'
import { startSqliteReader } from './sqlite-reader.ts'

/** The one server: Remix and socket.io share this HTTP server and port. */
const mode = process.env.NODE_ENV === 'production' ? 'production' : 'development'
const port = Number(process.env.PORT ?? 3000)
const host = process.env.HOST ?? '0.0.0.0'

const { app, vite } = await createApp({ mode })
const httpServer = createServer(app)
// Several app processes share one Redis for real-time (REDIS_URL); the job lease keeps each job to one process.
const redis = process.env.REDIS_URL ? await connectRedisAdapter(process.env.REDIS_URL) : null
const io = attachRealtime(httpServer, { adapter: redis?.adapter })
const scheduler = new Scheduler(JOBS)
registerScheduler(scheduler)
// On SQLite the figures' aggregates run on a thread of their own (docs/decisions/0024).
const databaseUrl = getDatabaseUrl()
const figuresReader = isPostgresUrl(databaseUrl) ? null : startSqliteReader(sqliteFileOf(databaseUrl))
registerFiguresReader(figuresReader?.read ?? null)

httpServer.listen(port, host, () => {
  log.info('listening', { url: `http://${host === '0.0.0.0' ? 'localhost' : host}:${port}`, mode })
  if (process.env.JOBS !== 'off') scheduler.start()
  process.send?.('ready')
})

let stopping = false
async function shutdown(signal: string) {
  if (stopping) return
  stopping = true
  log.info('shutting down', { signal })
  // Stop taking new connections, let running requests finish, then close the database.
  const forceExit = setTimeout(() => process.exit(1), 10_000)
  forceExit.unref()
  scheduler.stop()
  // Closes every socket and then the HTTP server, which lets running requests finish.
  io.close(async () => {
    await vite?.close()
    await redis?.close()
    await figuresReader?.close()
    await db.$disconnect()
    log.info('stopped')
    process.exit(0)
  })
  httpServer.closeIdleConnections()
}

process.on('SIGTERM', () => void shutdown('SIGTERM'))
process.on('SIGINT', () => void shutdown('SIGINT'))
