import { createAdapter } from '@socket.io/redis-adapter'
import { Redis } from 'ioredis'
import { log } from './logger.ts'

/**
 * With REDIS_URL set, socket.io fans every invalidation out through Redis pub/sub, so a browser
 * connected to one app process hears what another process committed (docs/decisions/0016).
 * Without it, one process is all there is and socket.io's in-memory adapter is enough.
 */
export async function connectRedisAdapter(url: string) {
  // maxRetriesPerRequest null: while Redis is away, publishes wait in ioredis's queue and go out on
  // reconnect, instead of rejecting inside the adapter (an unhandled rejection would end the process).
  const publisher = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: null })
  const subscriber = publisher.duplicate()
  for (const [role, client] of [['publisher', publisher], ['subscriber', subscriber]] as const) {
    client.on('error', (error: Error) => log.error('redis error', { role, error: error.message }))
  }
  await Promise.all([publisher.connect(), subscriber.connect()])
  log.info('real-time through redis', { url: redactedUrl(url) })
  return {
    adapter: createAdapter(publisher, subscriber),
    async close() {
      await Promise.allSettled([publisher.quit(), subscriber.quit()])
    },
  }
}

/** The URL without its password, for the log. */
function redactedUrl(url: string) {
  try {
    const parsed = new URL(url)
    if (parsed.password) parsed.password = '***'
    return parsed.toString()
  } catch {
    return 'redis://…'
  }
}
