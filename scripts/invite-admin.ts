// `npm run invite-admin -- --email <e-mail> --navn "<navn>"`: the first administrator. See scripts/invite-admin-lib.ts.
import { db } from '../app/utils/db.server.ts'
import { inviteAdministrator } from './invite-admin-lib.ts'

const result = await inviteAdministrator(process.argv.slice(2))
if (result.ok) console.log(result.lines.join('\n'))
else console.error(result.message)
await db.$disconnect()
process.exitCode = result.ok ? 0 : 1
