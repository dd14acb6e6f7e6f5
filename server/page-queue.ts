import type { NextFunction, Request, Response } from 'express'

/**
 * Page and data requests (GET) take turns, first come first served, `concurrency` at a time per
 * process (docs/decisions/0027). Node runs them on one thread anyway; left to interleave, two
 * pages that arrive together both finish late, because React's render yields between chunks and
 * the other request's loader runs in the gap. In turn, the first finishes as if alone. Measured
 * with bench/pages.ts (20 users, national scale): page p95 84–111 ms interleaved, 65–74 ms in turn.
 *
 * A request holds its turn until its response has been sent ('finish') or its client has gone,
 * at most `maxHoldMs`: a download to a slow client or a loader waiting for the figures worker then
 * lets the next one in. Writes (POST and the rest) do not queue.
 */
export function pageQueue({ concurrency, maxHoldMs }: { concurrency: number; maxHoldMs: number }) {
  let running = 0
  const waiting: (() => void)[] = []

  /** A finished request's turn goes straight to the next in line, or is freed. (Handing it over a
   *  tick later, with setImmediate, measured worse: p95 79–84 ms instead of 65–73.) */
  function handOver() {
    const next = waiting.shift()
    if (next) next()
    else running--
  }

  return function queuePageRequest(req: Request, res: Response, next: NextFunction) {
    if (req.method !== 'GET' && req.method !== 'HEAD') return next()
    const admit = () => {
      if (res.destroyed) return handOver()
      let held = true
      const release = () => {
        if (!held) return
        held = false
        clearTimeout(timer)
        handOver()
      }
      const timer = setTimeout(release, maxHoldMs).unref()
      res.once('finish', release)
      res.once('close', release)
      next()
    }
    if (running < concurrency) {
      running++
      return admit()
    }
    // A client that gives up while waiting leaves the queue (once admitted, it is no longer in it).
    res.once('close', () => {
      const index = waiting.indexOf(admit)
      if (index >= 0) waiting.splice(index, 1)
    })
    waiting.push(admit)
  }
}
