// Helpers shared by the schema-engine tests (schema-engine.test.ts for SQLite and
// the protocol, schema-engine.postgres.test.ts for PostgreSQL). Each test file
// runs in its own process, so the temp-dir list below is per file; call
// `afterAll(removeTempDirs)` in every file that creates projects.
import { execFile } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { expect } from 'vitest'

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..')
export const ENGINE = path.join(repoRoot, 'prisma/engine/schema-engine.js')
const PRISMA_CLI = path.join(repoRoot, 'node_modules/prisma/build/index.js')
const CLI_TIMEOUT_MS = 30_000

/** A two-model SQLite schema; the PostgreSQL tests swap the provider. */
export const SQLITE_SCHEMA = `generator client {
  provider = "prisma-client"
  output   = "./generated/client"
}

datasource db {
  provider = "sqlite"
}

model User {
  id    Int     @id @default(autoincrement())
  email String  @unique
  name  String?
  posts Post[]
}

model Post {
  id       Int    @id @default(autoincrement())
  title    String
  author   User   @relation(fields: [authorId], references: [id])
  authorId Int
}
`

export type RunResult = { code: number; stdout: string; stderr: string }
export type Project = { dir: string; config: string; dbPath: string }

const tempDirs: string[] = []

/** Removes every folder made by makeTempDir/createProject in this test file. */
export function removeTempDirs(): void {
  for (const dir of tempDirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true })
}

export function makeTempDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'knudepunkt-engine-'))
  tempDirs.push(dir)
  return dir
}

/** A Prisma project in a temp folder: schema, plain-object config, optional migrations. */
export function createProject(
  options: { url?: string; schema?: string; migrations?: Record<string, string> } = {},
): Project {
  const dir = makeTempDir()
  const url = options.url ?? 'file:./dev.db'
  fs.writeFileSync(path.join(dir, 'schema.prisma'), options.schema ?? SQLITE_SCHEMA)
  // No `import { defineConfig } from 'prisma/config'`: it would not resolve from os.tmpdir().
  const config = path.join(dir, 'prisma.config.ts')
  fs.writeFileSync(
    config,
    `export default ${JSON.stringify({ schema: './schema.prisma', migrations: { path: './migrations' }, datasource: { url } })};\n`,
  )
  for (const [name, sql] of Object.entries(options.migrations ?? {})) {
    fs.mkdirSync(path.join(dir, 'migrations', name), { recursive: true })
    fs.writeFileSync(path.join(dir, 'migrations', name, 'migration.sql'), sql)
    fs.writeFileSync(path.join(dir, 'migrations', 'migration_lock.toml'), 'provider = "sqlite"\n')
  }
  const dbPath = url.startsWith('file:') ? path.resolve(dir, url.slice('file:'.length)) : ''
  return { dir, config, dbPath }
}

export function cliEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PRISMA_SCHEMA_ENGINE_BINARY: ENGINE,
    CHECKPOINT_DISABLE: '1',
    PRISMA_HIDE_UPDATE_MESSAGE: '1',
    NO_COLOR: '1',
  }
  delete env.DATABASE_URL
  delete env.FORCE_COLOR
  return env
}

function run(command: string, args: string[], cwd: string, input?: string): Promise<RunResult> {
  return new Promise((resolve) => {
    const child = execFile(
      command,
      args,
      { cwd, env: cliEnv(), timeout: CLI_TIMEOUT_MS, maxBuffer: 16 * 1024 * 1024 },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0
        resolve({ code, stdout, stderr })
      },
    )
    if (input !== undefined) child.stdin?.end(input)
  })
}

export function prisma(project: Project, args: string[], input?: string): Promise<RunResult> {
  return run(
    process.execPath,
    [PRISMA_CLI, ...args, '--config', project.config],
    project.dir,
    input,
  )
}

export function runEngine(args: string[], cwd: string): Promise<RunResult> {
  return run(process.execPath, [ENGINE, ...args], cwd)
}

export function expectSuccess(result: RunResult): RunResult {
  expect(result.code, `stdout:\n${result.stdout}\nstderr:\n${result.stderr}`).toBe(0)
  return result
}

export function migrationFolders(project: Project): string[] {
  return fs
    .readdirSync(path.join(project.dir, 'migrations'), { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort()
}
