// Writes prisma/postgres/schema.prisma from prisma/schema.prisma.
//
// The SQLite schema is the source of truth; the PostgreSQL twin differs only in
// the datasource provider and in where its client is generated, so both clients
// live side by side in prisma/generated/{sqlite,postgres}.
//
//   tsx scripts/sync-postgres-schema.ts          write the file
//   tsx scripts/sync-postgres-schema.ts --check  exit 1 if the file on disk is stale
import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')

export const SQLITE_SCHEMA_PATH = path.join(root, 'prisma/schema.prisma')
export const POSTGRES_SCHEMA_PATH = path.join(root, 'prisma/postgres/schema.prisma')

// Where each schema lives relative to the repository root, used to rebase `output`.
const SQLITE_SCHEMA_DIR = 'prisma'
const POSTGRES_SCHEMA_DIR = 'prisma/postgres'

export const GENERATED_HEADER =
  '// generated — edit prisma/schema.prisma, then run `npm run db:new-migration -- <name>`.\n' +
  '// PostgreSQL twin of the SQLite schema: only the provider and the client output differ.\n\n'

/** Converts the SQLite schema text into the PostgreSQL schema text. */
export function toPostgresSchema(sqliteSchemaText: string): string {
  const converted = replaceInBlocks(sqliteSchemaText, 'datasource', convertDatasourceBlock)
  return GENERATED_HEADER + replaceInBlocks(converted, 'generator', convertGeneratorBlock)
}

function convertDatasourceBlock(block: string): string {
  if (!/provider\s*=\s*"sqlite"/.test(block)) {
    throw new Error('Expected the datasource in prisma/schema.prisma to use provider = "sqlite".')
  }
  return block.replace(/(provider\s*=\s*)"sqlite"/, '$1"postgresql"')
}

function convertGeneratorBlock(block: string): string {
  return block.replace(/(output\s*=\s*)"([^"]+)"/, (_match, prefix: string, output: string) => {
    return `${prefix}"${toPostgresOutput(output)}"`
  })
}

/**
 * `./generated/sqlite` (relative to prisma/) → `../generated/postgres` (relative
 * to prisma/postgres/): same folder on disk except the last `sqlite` segment.
 */
export function toPostgresOutput(sqliteOutput: string): string {
  const fromRoot = path.posix.normalize(path.posix.join(SQLITE_SCHEMA_DIR, sqliteOutput))
  if (!/(^|\/)sqlite$/.test(fromRoot)) {
    throw new Error(
      `The generator output "${sqliteOutput}" must end in a "sqlite" folder so that the PostgreSQL client can sit next to it.`,
    )
  }
  const postgresFromRoot = fromRoot.replace(/sqlite$/, 'postgres')
  const relative = path.posix.relative(POSTGRES_SCHEMA_DIR, postgresFromRoot)
  return relative.startsWith('.') ? relative : `./${relative}`
}

/** Applies `convert` to every top-level `<keyword> name { … }` block. */
function replaceInBlocks(
  text: string,
  keyword: string,
  convert: (block: string) => string,
): string {
  const blockPattern = new RegExp(`^${keyword}\\s+\\w+\\s*\\{[^}]*\\}`, 'gm')
  return text.replace(blockPattern, (block) => convert(block))
}

/** Writes (or, with `check`, compares) the PostgreSQL schema. Returns true when it is up to date. */
export function syncPostgresSchema(options: {
  sourcePath: string
  targetPath: string
  check: boolean
}): boolean {
  const expected = toPostgresSchema(fs.readFileSync(options.sourcePath, 'utf8'))
  const current = fs.existsSync(options.targetPath)
    ? fs.readFileSync(options.targetPath, 'utf8')
    : null
  if (options.check) return current === expected
  if (current !== expected) {
    fs.mkdirSync(path.dirname(options.targetPath), { recursive: true })
    fs.writeFileSync(options.targetPath, expected)
  }
  return true
}

function runFromCommandLine(argv: string[]): number {
  const check = argv.includes('--check')
  const upToDate = syncPostgresSchema({
    sourcePath: SQLITE_SCHEMA_PATH,
    targetPath: POSTGRES_SCHEMA_PATH,
    check,
  })
  const shown = path.relative(process.cwd(), POSTGRES_SCHEMA_PATH)
  if (!upToDate) {
    console.error(
      `${shown} is out of date with prisma/schema.prisma. Run: npm run db:sync-postgres`,
    )
    return 1
  }
  console.log(check ? `${shown} is up to date.` : `Wrote ${shown}.`)
  return 0
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  process.exitCode = runFromCommandLine(process.argv.slice(2))
}
