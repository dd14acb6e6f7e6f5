import { db, type Prisma } from './db.server.ts'
import { singleton } from './singleton.server.ts'

/**
 * The figures' heavy aggregates (docs/decisions/0024). On SQLite a query runs synchronously on
 * the thread that asks, so the server registers a reader with a thread of its own
 * (server/sqlite-reader.ts) and a 200 ms aggregate no longer holds every other request. Without
 * one (PostgreSQL, whose driver does not block; scripts; tests) the query goes through Prisma.
 * Plain SQL only, portable between the two databases, returning numbers and text.
 */
export type FiguresReader = (query: Prisma.Sql) => Promise<unknown[]>

const holder = singleton('figures-reader', () => ({ current: null as FiguresReader | null }))

export function registerFiguresReader(reader: FiguresReader | null) {
  holder.current = reader
}

export function queryFigures<T>(query: Prisma.Sql): Promise<T[]> {
  return holder.current ? (holder.current(query) as Promise<T[]>) : db.$queryRaw<T[]>(query)
}
