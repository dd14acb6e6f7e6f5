// Tests of the wasm-backed stand-in for Prisma's native schema engine.
//
// The adapter is load-bearing (every prisma migrate/db command goes through it)
// and leans on interfaces Prisma may change between versions, so the main tests
// drive the real `prisma` CLI against throw-away SQLite databases in os.tmpdir().
// The PostgreSQL tests live in schema-engine.postgres.test.ts (vitest.config.ts
// includes *.postgres.test.ts only when TEST_POSTGRES_URL is set); helpers both
// files use are in test-support.ts.
import { spawn } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import readline from 'node:readline'
import Database from 'better-sqlite3'
import { afterAll, describe, expect, it } from 'vitest'
import { isMissingMigrationsTable, isMultipleStatementsError } from './adapter-shims.js'
import { parseArgs, parseDatasourceArg } from './args.js'
import {
  detectProvider,
  detectProviderInSchema,
  postgresDatabaseName,
  redactUrl,
  splitPostgresUrl,
  sqliteFilePath,
  withDatabaseName,
} from './datasource.js'
import { describeAdapterError, stripSpanTrace, toRpcError, UserFacingError } from './errors.js'
import { formatLogLine } from './logs.js'
import { isMissingShadowFactoryError } from './methods.js'
import { reportCharColumnsAsText } from './postgres-adapter.js'
import { parseMessage } from './rpc-server.js'
import { collectSchemaFiles } from './session.js'
import { commitHashFromVersion, engineCommitHash } from './wasm-engine.js'
import {
  cliEnv,
  createProject,
  ENGINE,
  expectSuccess,
  makeTempDir,
  migrationFolders,
  prisma,
  removeTempDirs,
  repoRoot,
  runEngine,
  SQLITE_SCHEMA,
} from './test-support'

// A hand-written migration history matching SQLITE_SCHEMA, for deploy/status tests.
const INIT_MIGRATION_SQL = `CREATE TABLE "User" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "email" TEXT NOT NULL,
    "name" TEXT
);
CREATE TABLE "Post" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "title" TEXT NOT NULL,
    "authorId" INTEGER NOT NULL,
    CONSTRAINT "Post_authorId_fkey" FOREIGN KEY ("authorId") REFERENCES "User" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);
CREATE UNIQUE INDEX "User_email_key" ON "User"("email");
`

afterAll(removeTempDirs)

function userTables(dbPath: string): string[] {
  const db = new Database(dbPath, { readonly: true, fileMustExist: true })
  try {
    const rows = db
      .prepare(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name",
      )
      .all() as { name: string }[]
    return rows.map((row) => row.name)
  } finally {
    db.close()
  }
}

function queryAll<T>(dbPath: string, sql: string): T[] {
  const db = new Database(dbPath, { readonly: true, fileMustExist: true })
  try {
    return db.prepare(sql).all() as T[]
  } finally {
    db.close()
  }
}

describe('prisma CLI on SQLite through prisma/engine/schema-engine.js', { timeout: 60_000 }, () => {
  it('prisma --version names the stand-in engine, resolved from PRISMA_SCHEMA_ENGINE_BINARY', async () => {
    const { stdout } = expectSuccess(await prisma(createProject(), ['--version']))
    expect(stdout).toMatch(
      /Schema Engine\s+: schema-engine-cli [0-9a-f]{40} .*resolved by PRISMA_SCHEMA_ENGINE_BINARY/,
    )
  })

  it('generate writes the client to the generator output', async () => {
    const project = createProject()
    expectSuccess(await prisma(project, ['generate']))
    expect(fs.existsSync(path.join(project.dir, 'generated/client/client.ts'))).toBe(true)
  })

  it('migrate dev creates the database and a migration, applies it, then replays it on the shadow database for the next one', async () => {
    const project = createProject({ url: 'file:./data/dev.db' })

    const first = expectSuccess(await prisma(project, ['migrate', 'dev', '--name', 'init']))
    expect(first.stdout).toContain('Your database is now in sync with your schema.')
    const [init] = migrationFolders(project)
    expect(init).toMatch(/^\d{14}_init$/)
    const initSql = fs.readFileSync(
      path.join(project.dir, 'migrations', init ?? '', 'migration.sql'),
      'utf8',
    )
    expect(initSql).toContain('CREATE TABLE "User"')
    expect(
      fs.readFileSync(path.join(project.dir, 'migrations/migration_lock.toml'), 'utf8'),
    ).toContain('provider = "sqlite"')
    expect(userTables(project.dbPath)).toEqual(['Post', 'User', '_prisma_migrations'])

    // Making a column required makes SQLite redefine the table: a multi-statement
    // migration, and the shadow database must replay `init` first.
    fs.writeFileSync(
      path.join(project.dir, 'schema.prisma'),
      SQLITE_SCHEMA.replace('name  String?', 'name  String  @default("")'),
    )
    expectSuccess(await prisma(project, ['migrate', 'dev', '--name', 'required_name']))
    expect(migrationFolders(project)).toHaveLength(2)
    const applied = queryAll<{ migration_name: string; finished_at: string | null }>(
      project.dbPath,
      'SELECT migration_name, finished_at FROM _prisma_migrations ORDER BY started_at',
    )
    expect(applied.map((row) => row.migration_name)).toEqual(migrationFolders(project))
    expect(applied.every((row) => row.finished_at !== null)).toBe(true)

    const again = expectSuccess(await prisma(project, ['migrate', 'dev']))
    expect(again.stdout).toContain('Already in sync')
  })

  it('migrate deploy applies the migrations to a fresh database in a folder that does not exist yet', async () => {
    const project = createProject({
      url: 'file:./not/yet/there.db',
      migrations: { '20240101000000_init': INIT_MIGRATION_SQL },
    })
    const { stdout } = expectSuccess(await prisma(project, ['migrate', 'deploy']))
    expect(stdout).toContain('All migrations have been successfully applied.')
    expect(userTables(project.dbPath)).toEqual(['Post', 'User', '_prisma_migrations'])
  })

  it('migrate status lists unapplied migrations on an empty database and is clean after deploy', async () => {
    const project = createProject({ migrations: { '20240101000000_init': INIT_MIGRATION_SQL } })
    new Database(project.dbPath).close() // exists, but has no _prisma_migrations table yet

    const pending = await prisma(project, ['migrate', 'status'])
    expect(pending.code).toBe(1)
    expect(pending.stdout).toContain('Following migration have not yet been applied:')
    expect(pending.stdout).toContain('20240101000000_init')

    expectSuccess(await prisma(project, ['migrate', 'deploy']))
    const clean = expectSuccess(await prisma(project, ['migrate', 'status']))
    expect(clean.stdout).toContain('Database schema is up to date!')
  })

  it('migrate diff --from-empty --to-schema --script prints the SQL', async () => {
    const project = createProject()
    const { stdout } = expectSuccess(
      await prisma(project, [
        'migrate',
        'diff',
        '--from-empty',
        '--to-schema',
        'schema.prisma',
        '--script',
      ]),
    )
    expect(stdout).toContain('-- CreateTable\nCREATE TABLE "User"')
    expect(stdout).toContain('CREATE UNIQUE INDEX "User_email_key" ON "User"("email");')
  })

  it('db push creates the tables without a migration history', async () => {
    const project = createProject()
    const { stdout } = expectSuccess(await prisma(project, ['db', 'push']))
    expect(stdout).toContain('Your database is now in sync with your Prisma schema.')
    expect(userTables(project.dbPath)).toEqual(['Post', 'User'])
  })

  it('migrate reset --force leaves an empty database', async () => {
    const project = createProject()
    expectSuccess(await prisma(project, ['db', 'push']))
    expectSuccess(
      await prisma(
        project,
        ['db', 'execute', '--stdin'],
        `INSERT INTO "User" (email) VALUES ('a@example.dk'); CREATE TABLE "Leftover" (x INTEGER);`,
      ),
    )
    expectSuccess(await prisma(project, ['migrate', 'reset', '--force']))
    // No migrations to re-apply: only the (empty) migrations table the CLI recreates remains.
    expect(userTables(project.dbPath)).toEqual(['_prisma_migrations'])
    expect(queryAll(project.dbPath, 'SELECT * FROM _prisma_migrations')).toEqual([])
  })

  it('migrate reset --force re-applies the migrations onto an emptied database', async () => {
    const project = createProject({ migrations: { '20240101000000_init': INIT_MIGRATION_SQL } })
    expectSuccess(await prisma(project, ['migrate', 'deploy']))
    expectSuccess(
      await prisma(
        project,
        ['db', 'execute', '--stdin'],
        `INSERT INTO "User" (email) VALUES ('a@example.dk');`,
      ),
    )
    expectSuccess(await prisma(project, ['migrate', 'reset', '--force']))
    expect(userTables(project.dbPath)).toEqual(['Post', 'User', '_prisma_migrations'])
    expect(queryAll(project.dbPath, 'SELECT * FROM "User"')).toEqual([])
    expect(queryAll(project.dbPath, 'SELECT migration_name FROM _prisma_migrations')).toEqual([
      { migration_name: '20240101000000_init' },
    ])
  })

  it('db execute runs a multi-statement script and reports SQL errors', async () => {
    const project = createProject()
    expectSuccess(await prisma(project, ['db', 'push']))
    const script = `INSERT INTO "User" (email) VALUES ('a@example.dk');\nINSERT INTO "User" (email) VALUES ('b@example.dk');`
    const ok = expectSuccess(await prisma(project, ['db', 'execute', '--stdin'], script))
    expect(ok.stdout).toContain('Script executed successfully.')
    expect(queryAll(project.dbPath, 'SELECT email FROM "User" ORDER BY email')).toEqual([
      { email: 'a@example.dk' },
      { email: 'b@example.dk' },
    ])

    const failed = await prisma(project, ['db', 'execute', '--stdin'], 'SELEKT 1;')
    expect(failed.code).toBe(1)
    expect(failed.stderr).toContain('near "SELEKT": syntax error')
  })
})

describe('schema-engine.js protocol', { timeout: 30_000 }, () => {
  it('answers --version like the native binary', async () => {
    const { stdout } = expectSuccess(await runEngine(['--version'], repoRoot))
    expect(stdout).toBe(`schema-engine-cli ${engineCommitHash()}\n`)
  })

  it('cli can-connect-to-database reports P1003 for a missing SQLite file; create-database and drop-database manage it', async () => {
    const dir = makeTempDir()
    const datasource = JSON.stringify({ url: 'file:./nested/app.db' })

    const missing = await runEngine(
      ['--datasource', datasource, 'cli', 'can-connect-to-database'],
      dir,
    )
    expect(missing.code).toBe(1)
    // The CLI skips the first stderr line and parses the rest as JSON log lines.
    const [, ...logLines] = missing.stderr.trim().split('\n')
    const errorLine = logLines
      .map((line) => JSON.parse(line))
      .find((line) => line.level === 'ERROR')
    expect(errorLine).toMatchObject({
      target: 'schema_engine::logger',
      fields: { error_code: 'P1003' },
    })

    expectSuccess(await runEngine(['--datasource', datasource, 'cli', 'create-database'], dir))
    expect(fs.existsSync(path.join(dir, 'nested/app.db'))).toBe(true)
    expectSuccess(
      await runEngine(['--datasource', datasource, 'cli', 'can-connect-to-database'], dir),
    )
    expectSuccess(await runEngine(['--datasource', datasource, 'cli', 'drop-database'], dir))
    expect(fs.existsSync(path.join(dir, 'nested/app.db'))).toBe(false)
  })

  it('speaks JSON-RPC on stdio: answers requests, sends `print` to the CLI for diffs, turns bad input into errors', async () => {
    const dir = makeTempDir()
    const child = spawn(
      process.execPath,
      [ENGINE, '--datasource', JSON.stringify({ url: 'file:./rpc.db' })],
      {
        cwd: dir,
        env: cliEnv(),
        stdio: ['pipe', 'pipe', 'pipe'],
      },
    )
    const messages = readline.createInterface({ input: child.stdout })[Symbol.asyncIterator]()
    const send = (message: object) =>
      child.stdin.write(JSON.stringify({ jsonrpc: '2.0', ...message }) + '\n')
    const next = async () => JSON.parse((await messages.next()).value as string)

    send({ id: 1, method: 'getDatabaseVersion', params: {} })
    expect(await next()).toMatchObject({ id: 1, result: expect.stringMatching(/^3\.\d+\.\d+$/) })

    send({ id: 2, method: 'noSuchMethod', params: {} })
    expect(await next()).toMatchObject({ id: 2, error: { code: -32601 } })

    send({
      id: 3,
      method: 'diff',
      params: {
        from: { tag: 'empty' },
        to: { tag: 'schemaDatamodel', files: [{ path: 'schema.prisma', content: SQLITE_SCHEMA }] },
        script: true,
        exitCode: null,
        filters: { externalTables: [], externalEnums: [] },
      },
    })
    const print = await next()
    expect(print).toMatchObject({
      method: 'print',
      params: { content: expect.stringContaining('CREATE TABLE "User"') },
    })
    send({ id: print.id, result: {} })
    expect(await next()).toMatchObject({ id: 3, result: { exitCode: 0 } })

    // Params the wasm engine cannot deserialize fail that request instead of crashing the process.
    send({ id: 4, method: 'schemaPush', params: { force: false } })
    expect(await next()).toMatchObject({
      id: 4,
      error: { data: { message: expect.stringContaining('missing field') } },
    })
    send({ id: 5, method: 'getDatabaseVersion' })
    expect(await next()).toMatchObject({
      id: 5,
      error: { data: { message: expect.stringContaining('previous failure') } },
    })

    const exited = new Promise<number | null>((resolve) => child.on('exit', resolve))
    child.stdin.end()
    expect(await exited).toBe(0)
  })

  it('createMigration works on a fresh SQLite database without a devDiagnostic first', async () => {
    const dir = makeTempDir()
    const child = spawn(
      process.execPath,
      [ENGINE, '--datasource', JSON.stringify({ url: 'file:./fresh.db' })],
      { cwd: dir, env: cliEnv(), stdio: ['pipe', 'pipe', 'ignore'] },
    )
    const responses = readline.createInterface({ input: child.stdout })[Symbol.asyncIterator]()
    const migrationsList = {
      baseDir: path.join(dir, 'migrations'),
      lockfile: { path: 'migration_lock.toml', content: null },
      shadowDbInitScript: '',
      migrationDirectories: [],
    }
    const params = {
      draft: true,
      migrationName: 'init',
      migrationsList,
      schema: { files: [{ path: 'schema.prisma', content: SQLITE_SCHEMA }] },
      filters: { externalTables: [], externalEnums: [] },
    }
    child.stdin.end(
      JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'createMigration', params }) + '\n',
    )
    const response = JSON.parse((await responses.next()).value as string)
    expect(response).toMatchObject({
      id: 1,
      result: {
        connectorType: 'sqlite',
        migrationScript: expect.stringContaining('CREATE TABLE "User"'),
      },
    })
  })
})

describe('schema-engine helpers', () => {
  it('parses the command lines the CLI uses', () => {
    expect(parseArgs(['--version'])).toMatchObject({ mode: 'version' })
    expect(
      parseArgs(['--datasource', '{"url":"file:./a.db"}', 'cli', 'create-database']),
    ).toMatchObject({
      mode: 'cli',
      cliCommand: 'create-database',
      datasource: { url: 'file:./a.db' },
    })
    expect(
      parseArgs([
        '--datamodels',
        '/p/a.prisma',
        '--datamodels',
        '/p/b.prisma',
        '--datasource',
        '{"url":"file:./a.db","shadowDatabaseUrl":"file:./s.db"}',
        '--enabled-preview-features',
        'views,relationJoins',
      ]),
    ).toEqual({
      mode: 'rpc',
      datamodels: ['/p/a.prisma', '/p/b.prisma'],
      datasource: { url: 'file:./a.db', shadowDatabaseUrl: 'file:./s.db' },
      previewFeatures: ['views', 'relationJoins'],
      cliCommand: undefined,
    })
    expect(() => parseArgs(['cli', 'explode'])).toThrow('Unknown cli command')
    expect(() => parseArgs(['--bogus'])).toThrow('Unknown argument')
    expect(() => parseDatasourceArg('"file:./a.db"')).toThrow('JSON object')
  })

  it('classifies and resolves datasource URLs', () => {
    expect(detectProvider('file:./dev.db')).toBe('sqlite')
    expect(detectProvider('postgresql://u:p@h:5432/db')).toBe('postgres')
    expect(detectProvider('postgres://h/db')).toBe('postgres')
    expect(() => detectProvider('mysql://u:secret@h/db')).toThrow(/Unsupported.*u:\*\*\*\*@h/)
    expect(detectProviderInSchema('datasource db {\n  provider = "postgresql"\n}')).toBe('postgres')
    expect(detectProviderInSchema('generator c {\n  provider = "prisma-client"\n}')).toBeUndefined()

    expect(sqliteFilePath('file:./data/app.db', '/repo')).toBe('/repo/data/app.db')
    expect(sqliteFilePath('file:/abs/app.db?connection_limit=1', '/repo')).toBe('/abs/app.db')
    expect(sqliteFilePath('file://abs/app%20x.db', '/repo')).toBe('/repo/abs/app x.db')
  })

  it('builds PostgreSQL URLs for pg and for the shadow database', () => {
    expect(
      splitPostgresUrl('postgresql://u:p@h:5433/app?schema=kp&connection_limit=5&sslmode=disable'),
    ).toEqual({
      connectionString: 'postgresql://u:p@h:5433/app?sslmode=disable',
      schema: 'kp',
    })
    expect(splitPostgresUrl('postgres://h/app').schema).toBe('public')
    expect(
      withDatabaseName('postgresql://u:p@h:5433/app?schema=kp', 'prisma_migrate_shadow_db_1'),
    ).toBe('postgresql://u:p@h:5433/prisma_migrate_shadow_db_1?schema=kp')
    expect(postgresDatabaseName('postgresql://u:p@h/my%20db')).toBe('my db')
    expect(postgresDatabaseName('postgresql://u:p@h')).toBe('postgres')
    expect(redactUrl('postgresql://u:secret@h/app')).toBe('postgresql://u:****@h/app')
  })

  it('shapes errors like the native engine', () => {
    const userFacing = Object.assign(new Error('The underlying table does not exist.'), {
      code: 'P1014',
    })
    expect(toRpcError(userFacing)).toEqual({
      code: 4466,
      message: 'An error happened. Check the data field for details.',
      data: {
        is_panic: false,
        message: 'The underlying table does not exist.',
        error_code: 'P1014',
      },
    })
    expect(
      toRpcError(new UserFacingError('P1003', 'Database x does not exist')).data.error_code,
    ).toBe('P1003')

    const adapterError = Object.assign(new Error('driver'), {
      cause: { kind: 'DatabaseDoesNotExist', originalMessage: 'database "kp" does not exist' },
    })
    const registry = {
      consumeError: (id: number) => (id === 7 ? { error: adapterError } : undefined),
    }
    expect(
      toRpcError(new Error('External error id#7\n'), { errorRegistry: registry }).data,
    ).toEqual({
      is_panic: false,
      message: 'database "kp" does not exist',
      error_code: 'P1003',
    })
    expect(describeAdapterError({ cause: { kind: 'TooManyConnections', cause: 'x' } })).toEqual({
      message: 'TooManyConnections (cause: "x")',
      error_code: undefined,
    })

    const panic = new WebAssembly.RuntimeError('unreachable')
    expect(toRpcError(panic, { panicMessage: 'boom at engine.rs:1' }).data).toEqual({
      is_panic: false,
      message: 'The schema engine (wasm) panicked: boom at engine.rs:1',
    })

    expect(
      stripSpanTrace(
        'near ";": syntax error\n   0: sql_schema_connector::apply_migration::apply_script\n    at x.rs:1',
      ),
    ).toBe('near ";": syntax error')
  })

  it('recognises the wasm engine quirks it works around', () => {
    const missingTable = { cause: { kind: 'TableDoesNotExist', table: '_prisma_migrations' } }
    expect(isMissingMigrationsTable(missingTable, 'SELECT id FROM `_prisma_migrations`')).toBe(true)
    expect(isMissingMigrationsTable(missingTable, 'SELECT * FROM "User"')).toBe(false)
    expect(
      isMultipleStatementsError(
        new RangeError('The supplied SQL string contains more than one statement'),
      ),
    ).toBe(true)
    expect(
      isMissingShadowFactoryError(
        new Error('SQLite shadow DB must be provided through an external factory'),
      ),
    ).toBe(true)

    const result = {
      fields: [
        { name: 'relkind', dataTypeID: 18 },
        { name: 'relname', dataTypeID: 19 },
      ],
    }
    expect(reportCharColumnsAsText([result])[0]?.fields.map((field) => field.dataTypeID)).toEqual([
      25, 19,
    ])
  })

  it('finds schema files in request params and formats protocol lines', () => {
    expect(
      collectSchemaFiles({
        to: { tag: 'schemaDatamodel', files: [{ path: '/p/schema.prisma', content: 'x' }] },
      }),
    ).toEqual([['/p/schema.prisma', 'x']])
    expect(parseMessage('{"id":1,"method":"reset"}')).toEqual({ id: 1, method: 'reset' })
    expect(parseMessage('[1]')).toBeUndefined()
    expect(parseMessage('not json')).toBeUndefined()
    expect(JSON.parse(formatLogLine('ERROR', 'm', { error_code: 'P1001' }))).toMatchObject({
      level: 'ERROR',
      target: 'schema_engine::logger',
      fields: { message: 'm', error_code: 'P1001' },
    })
    expect(commitHashFromVersion('7.10.0-4.0edf323efd1d98336f3f0a68684b56f689b900d3')).toBe(
      '0edf323efd1d98336f3f0a68684b56f689b900d3',
    )
  })
})
