// Prisma CLI configuration (Prisma 7 reads this instead of the schema's datasource url).
//
// - Prisma 7 no longer loads .env by itself, so we do it here.
// - The native schema engine cannot be downloaded on our machines; the CLI runs
//   prisma/engine/schema-engine.js (wasm engine + driver adapters) instead.
//   See docs/decisions/0002-prisma-wasm-schema-engine.md.
// - DATABASE_URL picks the flavour: file: → SQLite (prisma/schema.prisma),
//   postgres(ql):// → PostgreSQL (prisma/postgres/schema.prisma, generated from the SQLite one).
import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { defineConfig } from 'prisma/config'

const root = path.dirname(fileURLToPath(import.meta.url))

const envFile = path.join(root, '.env')
if (fs.existsSync(envFile)) process.loadEnvFile(envFile)

process.env.DATABASE_URL ||= 'file:./data/knudepunkt.db'
process.env.PRISMA_SCHEMA_ENGINE_BINARY = path.join(root, 'prisma/engine/schema-engine.js')

const databaseUrl = process.env.DATABASE_URL

function schemaLayoutFor(url: string) {
  if (url.startsWith('file:')) {
    return { schema: 'prisma/schema.prisma', migrations: 'prisma/migrations' }
  }
  if (/^postgres(ql)?:\/\//.test(url)) {
    return { schema: 'prisma/postgres/schema.prisma', migrations: 'prisma/postgres/migrations' }
  }
  throw new Error(
    `DATABASE_URL must start with file: or postgres(ql)://, got "${url.split(':')[0]}:…"`,
  )
}

/** Relative SQLite paths are relative to the repository root, wherever prisma is run from. */
function absoluteSqliteUrl(url: string) {
  const filePath = url.slice('file:'.length)
  return path.isAbsolute(filePath) ? url : `file:${path.resolve(root, filePath)}`
}

const layout = schemaLayoutFor(databaseUrl)

export default defineConfig({
  schema: path.join(root, layout.schema),
  migrations: {
    path: path.join(root, layout.migrations),
    seed: 'tsx prisma/seed.ts',
  },
  datasource: {
    url: databaseUrl.startsWith('file:') ? absoluteSqliteUrl(databaseUrl) : databaseUrl,
    shadowDatabaseUrl: process.env.SHADOW_DATABASE_URL,
  },
})
