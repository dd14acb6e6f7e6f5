/**
 * Benchmark 2 (issue 10): workflow transitions per second, on SQLite and on PostgreSQL.
 *
 * The figure is the app's own path: `transitionCase` (app/models/case.server.ts), which loads the
 * case, asks the machine and the permissions, writes state and version only if the version is
 * still the one the user saw, appends a WorkflowEvent and publishes an invalidation. It alternates
 * CLOSE and REOPEN (with a reason) over a set of cases, one transition after another.
 *
 * Floors, on the same database in the same run (bench/transitions-worker.ts): the same row update
 * and event insert with the bare driver (better-sqlite3 / pg) in one transaction, and with
 * Prisma's own minimal transaction, interactive and batched.
 */
import { onEachDatabase } from './databases.ts'
import { report } from './lib.ts'

await report(await onEachDatabase('transitions', 'transitions-worker.ts'))
