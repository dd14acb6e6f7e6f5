/**
 * The open browser tabs of the load benchmark (bench/load.ts): socket.io clients with the
 * session cookies of the simulated users, each subscribed to the topics of one page as
 * app/components/realtime.tsx subscribes them, connected for the whole run and counting the
 * invalidations they hear. Like bench/realtime-clients.ts, without reconnection, so a dropped
 * socket stays dropped and is counted.
 */
import { io as connect, type Socket } from 'socket.io-client'
import type { Invalidation } from '../app/utils/realtime.server.ts'

const BATCH = 50

/** One tab: which session it belongs to, what it listens to, and what it heard. */
export type Tab = { topics: string[]; heard: Invalidation[]; socket: Socket }

export type TabPool = ReturnType<typeof createTabPool>

export function createTabPool() {
  const tabs: Tab[] = []
  let dropped = 0
  let closing = false

  function open({
    url,
    cookie,
    topics,
  }: {
    url: string
    cookie: string
    topics: string[]
  }): Promise<void> {
    const socket = connect(url, {
      transports: ['websocket'],
      forceNew: true,
      reconnection: false,
      extraHeaders: { Cookie: cookie },
    })
    const tab: Tab = { topics, heard: [], socket }
    tabs.push(tab)
    socket.on('invalidate', (message: Invalidation) => tab.heard.push(message))
    socket.on('disconnect', () => {
      if (!closing) dropped += 1
    })
    return new Promise((resolve, reject) => {
      socket.once('connect', () => {
        socket.emit('subscribe', topics)
        resolve()
      })
      socket.once('connect_error', (error) =>
        reject(new Error(`tab ${tabs.length} could not connect: ${error.message}`)),
      )
    })
  }

  /** Opens the tabs a batch at a time, so the server is not flooded with handshakes. */
  async function openAll(specs: readonly { url: string; cookie: string; topics: string[] }[]) {
    for (let i = 0; i < specs.length; i += BATCH)
      await Promise.all(specs.slice(i, i + BATCH).map(open))
  }

  function close() {
    closing = true
    for (const tab of tabs) tab.socket.close()
  }

  return { tabs, openAll, close, dropped: () => dropped }
}

/** Whether a tab hears this case's invalidations: it listens to every case, or to this one. */
export function listensToCase(tab: Pick<Tab, 'topics'>, caseId: string) {
  return tab.topics.includes('case') || tab.topics.includes(`case:${caseId}`)
}

/**
 * For each acknowledged transition, every tab listening to its case must have heard the
 * invalidation with the version the transition produced; returns how many (tab, transition)
 * pairs did not.
 */
export function countMissedInvalidations(
  tabs: readonly Tab[],
  transitions: readonly { caseId: string; version: number }[],
): { expected: number; missed: number } {
  let expected = 0
  let missed = 0
  for (const tab of tabs) {
    const heard = new Set(
      tab.heard.filter((m) => m.topic === 'case').map((m) => `${m.id}@${m.version}`),
    )
    for (const t of transitions) {
      if (!listensToCase(tab, t.caseId)) continue
      expected += 1
      if (!heard.has(`${t.caseId}@${t.version}`)) missed += 1
    }
  }
  return { expected, missed }
}
