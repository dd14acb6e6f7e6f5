// `npm run restore -- <fil> --ja`: replaces the database in DATABASE_URL with a backup made by
// `npm run backup`. Refuses while the database is in use (stop the app first); without --ja it
// only says what it would do and exits with 1. See scripts/backup-lib.ts.
import { runRestoreCommand } from './backup-lib.ts'

process.exitCode = await runRestoreCommand(process.argv.slice(2))
