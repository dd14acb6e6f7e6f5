import type { Db } from '~/utils/db.server.ts'
import { usesPostgres } from './postgres.ts'

/** The names of the application's tables, on SQLite or PostgreSQL. */
export async function tableNames(db: Db): Promise<string[]> {
  const rows = usesPostgres()
    ? await db.$queryRawUnsafe<{ name: string }[]>(`SELECT table_name AS name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'`)
    : await db.$queryRawUnsafe<{ name: string }[]>(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'`)
  return rows.map((row) => row.name)
}
