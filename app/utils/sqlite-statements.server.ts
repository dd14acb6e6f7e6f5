import { PrismaBetterSqlite3 } from '@prisma/adapter-better-sqlite3'
import type BetterSqlite3 from 'better-sqlite3'

/**
 * Prisma's better-sqlite3 adapter prepares every query anew: SQLite parses and plans the SQL each
 * time, 10–80 µs a query, and a page makes 7–35 queries (bench/pages.ts). This adapter keeps
 * the prepared statements, by SQL text, and binds each call's arguments when it runs
 * (docs/decisions/0026). Everything else is the library's adapter.
 */
export class PrismaSqliteWithStatementCache extends PrismaBetterSqlite3 {
  override async connect() {
    const adapter = await super.connect()
    cacheStatements((adapter as unknown as { client: BetterSqlite3.Database }).client)
    return adapter
  }
}

/** Enough for every distinct query of the app (an `IN (?, …)` list is one per length). */
const MAX_STATEMENTS = 2000

type Statement = BetterSqlite3.Statement<unknown[]>

/**
 * Replaces `database.prepare` with one that reuses statements. The adapter calls
 * `prepare(sql).bind(args)` and then `reader`, `columns()`, `run()` or `raw().all()` at once,
 * synchronously; a better-sqlite3 statement can be bound once only, so what `prepare` hands out
 * is a small view that keeps the arguments and passes them to the shared statement on each call.
 */
export function cacheStatements(database: BetterSqlite3.Database) {
  const prepare = database.prepare.bind(database) as (sql: string) => Statement
  const statements = new Map<string, Statement>()
  const statementFor = (sql: string) => {
    let statement = statements.get(sql)
    if (statement) {
      // Least recently used last: the first entry is the one to drop when full.
      statements.delete(sql)
    } else {
      statement = prepare(sql)
      if (statements.size >= MAX_STATEMENTS) statements.delete(statements.keys().next().value!)
    }
    statements.set(sql, statement)
    return statement
  }
  database.prepare = ((sql: string) => boundLater(statementFor(sql))) as typeof database.prepare
}

function boundLater(statement: Statement) {
  let args: unknown[] = []
  const view = {
    reader: statement.reader,
    bind(values: unknown[]) {
      args = values
      return view
    },
    columns: () => statement.columns(),
    run: () => statement.run(args),
    raw: () => ({ all: () => statement.raw(true).all(args) }),
  }
  return view
}
