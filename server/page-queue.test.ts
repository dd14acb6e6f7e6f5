import type { AddressInfo } from 'node:net'
import express, { type Response } from 'express'
import { afterEach, describe, expect, it } from 'vitest'
import { pageQueue } from './page-queue.ts'

/**
 * A real HTTP server with the queue in front of handlers the test finishes by hand: each request
 * names itself (`?id=`), and the test sees which ones are being worked on.
 */
async function serverWithQueue(options: { concurrency: number; maxHoldMs: number }) {
  const app = express()
  app.use(pageQueue(options))
  const started: string[] = []
  const open = new Map<string, Response>()
  app.all('/page', (req, res) => {
    const id = String(req.query.id)
    started.push(id)
    open.set(id, res)
  })
  const server = app.listen(0, '127.0.0.1')
  await new Promise((resolve) => server.once('listening', resolve))
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  servers.push(server)
  return {
    base,
    started,
    request: (id: string, method = 'GET') => fetch(`${base}/page?id=${id}`, { method }).then((r) => r.text()),
    finish: (id: string) => open.get(id)!.end(`done ${id}`),
    /** Waits until the handlers have been entered for these ids. */
    until: async (ids: string[]) => {
      while (!ids.every((id) => started.includes(id))) await new Promise((resolve) => setTimeout(resolve, 5))
    },
  }
}

const servers: ReturnType<express.Express['listen']>[] = []
afterEach(() => {
  for (const server of servers.splice(0)) {
    server.closeAllConnections()
    server.close()
  }
})

const settle = () => new Promise((resolve) => setTimeout(resolve, 50))

describe('the page queue', () => {
  it('works on one page request at a time, in the order they came', async () => {
    const s = await serverWithQueue({ concurrency: 1, maxHoldMs: 60_000 })
    const a = s.request('a')
    await s.until(['a'])
    const b = s.request('b')
    await settle()
    const c = s.request('c')
    await settle()
    expect(s.started).toEqual(['a'])
    s.finish('a')
    await s.until(['b'])
    await settle()
    expect(s.started).toEqual(['a', 'b'])
    s.finish('b')
    await s.until(['c'])
    s.finish('c')
    expect(await Promise.all([a, b, c])).toEqual(['done a', 'done b', 'done c'])
  })

  it('lets writes through at once', async () => {
    const s = await serverWithQueue({ concurrency: 1, maxHoldMs: 60_000 })
    const page = s.request('page')
    await s.until(['page'])
    const post = s.request('post', 'POST')
    await s.until(['post'])
    s.finish('post')
    s.finish('page')
    expect(await Promise.all([page, post])).toEqual(['done page', 'done post'])
  })

  it('lets the next one in when a request holds its turn too long', async () => {
    const s = await serverWithQueue({ concurrency: 1, maxHoldMs: 100 })
    const slow = s.request('slow')
    await s.until(['slow'])
    const next = s.request('next')
    // Admitted although `slow` has not answered.
    await s.until(['next'])
    expect(s.started).toEqual(['slow', 'next'])
    s.finish('next')
    s.finish('slow')
    expect(await Promise.all([slow, next])).toEqual(['done slow', 'done next'])
  })

  it('drops a request whose client gave up while it waited', async () => {
    const s = await serverWithQueue({ concurrency: 1, maxHoldMs: 60_000 })
    const first = s.request('first')
    await s.until(['first'])
    const controller = new AbortController()
    const waitingThenGone = fetch(`${s.base}/page?id=gone`, { signal: controller.signal }).catch(() => 'aborted')
    await settle()
    controller.abort()
    expect(await waitingThenGone).toBe('aborted')
    await settle()
    const last = s.request('last')
    await settle()
    s.finish('first')
    await s.until(['last'])
    s.finish('last')
    expect(await Promise.all([first, last])).toEqual(['done first', 'done last'])
    expect(s.started).toEqual(['first', 'last'])
  })

  it('works on up to `concurrency` at once', async () => {
    const s = await serverWithQueue({ concurrency: 2, maxHoldMs: 60_000 })
    const requests = ['a', 'b', 'c'].map((id) => s.request(id))
    await s.until(['a', 'b'])
    await settle()
    expect(s.started).toHaveLength(2)
    s.finish(s.started[0]!)
    await s.until(['a', 'b', 'c'])
    for (const id of s.started.slice(1)) s.finish(id)
    expect(await Promise.all(requests)).toEqual(['done a', 'done b', 'done c'])
  })
})
