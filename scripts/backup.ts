// `npm run backup [-- <fil>]`: a backup of the database in DATABASE_URL (default data/knudepunkt.db),
// safe while the app runs. SQLite: an online copy, integrity-checked; PostgreSQL: pg_dump --format=custom.
// Without a file name it writes backups/knudepunkt-<Copenhagen time>.db or .dump. See scripts/backup-lib.ts.
import { runBackupCommand } from './backup-lib.ts'

process.exitCode = await runBackupCommand(process.argv.slice(2))
