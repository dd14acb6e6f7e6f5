/**
 * Benchmark 4 (issue 10): importing 50,000 companies from CSV through the app's own import
 * (bench/import-worker.ts), on SQLite and PostgreSQL; floor: the same rows inserted with the bare
 * driver in one transaction, on the same database in the same run.
 */
import { onEachDatabase } from './databases.ts'
import { report } from './lib.ts'

await report(await onEachDatabase('import', 'import-worker.ts'))
