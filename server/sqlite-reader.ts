import { fileURLToPath } from 'node:url'
import { Worker } from 'node:worker_threads'
import type { Prisma } from '../app/utils/db.server.ts'
import type { FiguresReader } from '../app/utils/figures-query.server.ts'
import { log } from './logger.ts'

const WORKER = fileURLToPath(new URL('./sqlite-reader-worker.mjs', import.meta.url))

type Pending = { resolve: (rows: unknown[]) => void; reject: (error: Error) => void }
type Reply = { id: number; rows?: unknown[]; error?: string }

/** A value as the Prisma SQLite adapter binds it, so that text comparisons of dates agree. */
function bindable(value: unknown): unknown {
  if (value instanceof Date) return value.toISOString().replace('Z', '+00:00')
  if (typeof value === 'boolean') return value ? 1 : 0
  return value
}

/**
 * Reads on a worker thread with a read-only connection of its own (docs/decisions/0024). In WAL
 * mode the worker sees every commit made before its query starts, so figures read here are as
 * fresh as the event loop's. A worker that dies fails its pending reads and is started again on
 * the next one.
 */
export function startSqliteReader(file: string): { read: FiguresReader; close: () => Promise<void> } {
  let worker: Worker | null = null
  let nextId = 0
  const pending = new Map<number, Pending>()

  function failAll(error: Error) {
    for (const p of pending.values()) p.reject(error)
    pending.clear()
  }

  function start(): Worker {
    const w = new Worker(WORKER, { workerData: { file } })
    w.unref()
    w.on('message', ({ id, rows, error }: Reply) => {
      const p = pending.get(id)
      pending.delete(id)
      if (error !== undefined) p?.reject(new Error(error))
      else p?.resolve(rows ?? [])
    })
    w.on('error', (error: Error) => log.error('figures reader failed', { error: error.message }))
    w.on('exit', (code) => {
      if (worker === w) worker = null
      failAll(new Error(`Figures reader stopped (exit code ${code})`))
    })
    return w
  }

  function read(query: Prisma.Sql): Promise<unknown[]> {
    worker ??= start()
    const id = nextId++
    const message = { id, sql: query.sql, values: query.values.map(bindable) }
    return new Promise((resolve, reject) => {
      pending.set(id, { resolve, reject })
      worker!.postMessage(message)
    })
  }

  async function close() {
    const w = worker
    worker = null
    await w?.terminate()
  }

  return { read, close }
}
