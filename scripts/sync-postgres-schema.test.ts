import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import {
  GENERATED_HEADER,
  syncPostgresSchema,
  toPostgresOutput,
  toPostgresSchema,
} from './sync-postgres-schema'

const SQLITE_SCHEMA = `// Knudepunkt's data model.

generator client {
  provider = "prisma-client"
  output   = "./generated/sqlite"
}

datasource db {
  provider = "sqlite"
}

model Organisation {
  id       String @id @default(cuid())
  // provider = "sqlite" in a comment outside the datasource stays as written
  provider String @default("sqlite")
}
`

describe('toPostgresSchema', () => {
  it('changes only the datasource provider and the generator output, under a generated header', () => {
    const postgres = toPostgresSchema(SQLITE_SCHEMA)
    expect(postgres.startsWith(GENERATED_HEADER)).toBe(true)
    expect(postgres.slice(GENERATED_HEADER.length)).toBe(
      SQLITE_SCHEMA.replace('provider = "sqlite"\n}', 'provider = "postgresql"\n}').replace(
        '"./generated/sqlite"',
        '"../generated/postgres"',
      ),
    )
  })

  it('says where to edit', () => {
    expect(toPostgresSchema(SQLITE_SCHEMA).split('\n')[0]).toContain(
      'generated — edit prisma/schema.prisma',
    )
  })

  it('keeps both generated clients side by side in prisma/generated', () => {
    expect(toPostgresOutput('./generated/sqlite')).toBe('../generated/postgres')
    expect(toPostgresOutput('../prisma/generated/sqlite')).toBe('../generated/postgres')
    expect(toPostgresOutput('../app/generated/sqlite')).toBe('../../app/generated/postgres')
  })

  it('refuses schemas it cannot convert safely', () => {
    expect(() => toPostgresSchema(SQLITE_SCHEMA.replace('"sqlite"', '"mysql"'))).toThrow(
      'provider = "sqlite"',
    )
    expect(() => toPostgresOutput('./generated/client')).toThrow('must end in a "sqlite" folder')
  })
})

describe('syncPostgresSchema', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'knudepunkt-sync-'))
  const sourcePath = path.join(dir, 'schema.prisma')
  const targetPath = path.join(dir, 'postgres/schema.prisma')
  fs.writeFileSync(sourcePath, SQLITE_SCHEMA)

  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }))

  it('--check fails while the file is missing or stale and passes after writing', () => {
    expect(syncPostgresSchema({ sourcePath, targetPath, check: true })).toBe(false)
    expect(syncPostgresSchema({ sourcePath, targetPath, check: false })).toBe(true)
    expect(fs.readFileSync(targetPath, 'utf8')).toBe(toPostgresSchema(SQLITE_SCHEMA))
    expect(syncPostgresSchema({ sourcePath, targetPath, check: true })).toBe(true)

    fs.writeFileSync(sourcePath, SQLITE_SCHEMA.replace('model Organisation', 'model Organization'))
    expect(syncPostgresSchema({ sourcePath, targetPath, check: true })).toBe(false)
  })
})
