/**
 * One flavour of benchmark 4 (bench/import.ts starts it with DATABASE_URL set): `importCompanies`
 * (app/models/company.server.ts) on a CSV of 50,000 companies — parse, validate every row, check
 * the CVRs against the database, insert in one transaction — against the floor: the same rows
 * inserted with the bare driver in one transaction.
 */
import { randomUUID } from 'node:crypto'
import { flavourArg } from './databases.ts'
import { args, numberArg, report, short, type BenchRow } from './lib.ts'

const flavour = flavourArg(args)
const url = process.env.DATABASE_URL!
const ROWS = short ? 2_000 : numberArg('rows', 50_000)

const { db } = await import('../app/utils/db.server.ts')
const { importCompanies, searchTextOf } = await import('../app/models/company.server.ts')
const { actorFor } = await import('../test/support/actors.ts')

type Row = { cvr: string; pNumber: string; name: string; address: string; kommune: string; industry: string; band: string; segment: string }

const KOMMUNER = ['Kolding', 'Vejle', 'Esbjerg', 'Fredericia', 'Haderslev', 'Sønderborg', 'Aabenraa', 'Tønder', 'Varde', 'Billund', 'Vejen', 'Fanø', 'Middelfart']
const BANDS = ['1-9', '10-49', '50-249', '250+']

/** Distinct CVRs from an offset, so the app's rows and the floor's never collide. */
function makeRows(count: number, offset: number): Row[] {
  return Array.from({ length: count }, (_, i) => {
    const n = offset + i
    return {
      cvr: String(20_000_000 + n * 7),
      pNumber: String(1_000_000_000 + n),
      name: `Bench Virksomhed ${n} ApS`,
      address: `Testvej ${n % 300}, 6000 Kolding`,
      kommune: KOMMUNER[n % KOMMUNER.length]!,
      industry: n % 2 ? 'Metalindustri' : 'Fødevarer',
      band: BANDS[n % BANDS.length]!,
      segment: n % 3 ? 'drift' : 'vækst',
    }
  })
}

function toCsv(rows: Row[]) {
  const lines = ['cvr;p_nummer;navn;adresse;kommune;branche;ansatte;segment']
  for (const r of rows) lines.push([r.cvr, r.pNumber, r.name, r.address, r.kommune, r.industry, r.band, r.segment].join(';'))
  return lines.join('\n')
}


async function appImport(rows: Row[]) {
  const actor = await actorFor('les.kolding@kolding.demo')
  const text = toCsv(rows)
  const started = performance.now()
  const result = await importCompanies({ actor, text })
  const seconds = (performance.now() - started) / 1000
  if (!result.ok) throw new Error(`import refused: ${JSON.stringify(result.errors.slice(0, 3))}`)
  return seconds
}

/** What a bare insert writes: the same columns the app writes for each company. */
async function companyValues(rows: Row[]) {
  const owner = await db.organisation.findUniqueOrThrow({ where: { name: 'Business Kolding' } })
  const kommuner = new Map((await db.kommune.findMany({ select: { id: true, name: true } })).map((k) => [k.name, k.id]))
  const now = new Date()
  return rows.map((r) => ({
    id: randomUUID(),
    cvr: r.cvr,
    pNumber: r.pNumber,
    name: r.name,
    address: r.address,
    industry: r.industry,
    searchText: searchTextOf({ name: r.name, cvr: r.cvr, pNumber: r.pNumber }),
    employeeBand: r.band,
    segment: r.segment === 'drift' ? 'DRIFT' : 'VAEKST',
    kommuneId: kommuner.get(r.kommune)!,
    ownerOrganisationId: owner.id,
    now,
  }))
}

const COLUMNS = ['id', 'cvr', 'pNumber', 'name', 'address', 'industry', 'searchText', 'employeeBand', 'segment', 'kommuneId', 'ownerOrganisationId', 'createdAt', 'updatedAt']

async function bareSqlite(rows: Row[]) {
  const values = await companyValues(rows)
  const Database = (await import('better-sqlite3')).default
  const sqlite = new Database(url.slice('file:'.length), { timeout: 5000 })
  try {
    const started = performance.now()
    const insert = sqlite.prepare(`INSERT INTO "Company" (${COLUMNS.map((c) => `"${c}"`).join(', ')}) VALUES (${COLUMNS.map(() => '?').join(', ')})`)
    sqlite.transaction(() => {
      for (const v of values) {
        const at = v.now.toISOString()
        insert.run(v.id, v.cvr, v.pNumber, v.name, v.address, v.industry, v.searchText, v.employeeBand, v.segment, v.kommuneId, v.ownerOrganisationId, at, at)
      }
    })()
    return (performance.now() - started) / 1000
  } finally {
    sqlite.close()
  }
}

/** The bare pg driver: multi-row INSERTs of 1,000 rows in one transaction (pg allows 65,535 parameters). */
async function barePostgres(rows: Row[]) {
  const values = await companyValues(rows)
  const pg = (await import('pg')).default
  const client = new pg.Client({ connectionString: url })
  await client.connect()
  try {
    const started = performance.now()
    await client.query('BEGIN')
    for (let i = 0; i < values.length; i += 1000) {
      const chunk = values.slice(i, i + 1000)
      const params: unknown[] = []
      const tuples = chunk.map((v) => {
        const base = params.length
        params.push(v.id, v.cvr, v.pNumber, v.name, v.address, v.industry, v.searchText, v.employeeBand, v.segment, v.kommuneId, v.ownerOrganisationId, v.now, v.now)
        return `(${COLUMNS.map((_, j) => `$${base + j + 1}`).join(', ')})`
      })
      await client.query(`INSERT INTO "Company" (${COLUMNS.map((c) => `"${c}"`).join(', ')}) VALUES ${tuples.join(', ')}`, params)
    }
    await client.query('COMMIT')
    return (performance.now() - started) / 1000
  } finally {
    await client.end()
  }
}

const floor = await (flavour === 'PostgreSQL' ? barePostgres(makeRows(ROWS, ROWS)) : bareSqlite(makeRows(ROWS, ROWS)))
const app = await appImport(makeRows(ROWS, 0))
const imported = await db.company.count({ where: { name: { startsWith: 'Bench Virksomhed' } } })
await db.$disconnect()
if (imported !== 2 * ROWS) throw new Error(`expected ${2 * ROWS} companies, found ${imported}`)

const rows: BenchRow[] = [
  {
    benchmark: '4 import',
    measure: `${flavour}: ${ROWS.toLocaleString('en-US')} companies from CSV`,
    value: app,
    unit: 's',
    floor: { label: 'bare driver, one tx', value: floor },
    target: { text: `< 15 s${short ? ' (for 50,000)' : ''}`, met: app < 15 },
  },
]
await report(rows)
