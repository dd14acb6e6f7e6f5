import { db } from '../app/utils/db.server.ts'
import { seedAll } from './seed-lib.ts'

// `npx prisma db seed` and `npm run db:seed`: reference data, and demo accounts on an empty database.
const demo = process.env.SEED_DEMO !== 'false'
const { demoCreated } = await seedAll(db, { demo })
console.log(demoCreated ? 'Referencedata og demokonti er oprettet.' : 'Referencedata er på plads.')
await db.$disconnect()
