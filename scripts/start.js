#!/usr/bin/env node
// `npm start`: build, create or migrate the database, seed what is missing, then serve.
// Honours PORT, HOST, DATABASE_URL, SEED_DEMO=false and SKIP_BUILD=1 (used by the e2e tests,
// which build once beforehand).
import { fork, spawnSync } from 'node:child_process'
import { existsSync, mkdirSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
process.chdir(root)
process.env.NODE_ENV = 'production'
process.env.DATABASE_URL ??= `file:${path.join(root, 'data', 'knudepunkt.db')}`
const port = process.env.PORT ?? '3000'
const host = process.env.HOST ?? '0.0.0.0'
const seedDemo = process.env.SEED_DEMO !== 'false'

function bin(name) {
  return path.join(root, 'node_modules', '.bin', name)
}

function run(title, command, args) {
  console.log(`• ${title}`)
  const result = spawnSync(command, args, { stdio: 'inherit', env: process.env })
  if (result.status !== 0) {
    console.error(`\n✗ ${title} mislykkedes (exit ${result.status ?? result.signal}).`)
    process.exit(result.status ?? 1)
  }
}

if (process.env.DATABASE_URL.startsWith('file:')) {
  mkdirSync(path.dirname(process.env.DATABASE_URL.slice('file:'.length)), { recursive: true })
}
if (process.env.SKIP_BUILD !== '1' || !existsSync(path.join(root, 'build', 'server', 'index.js'))) {
  run('Bygger appen', bin('remix'), ['vite:build', '--logLevel', 'warn'])
}
run('Opretter eller opdaterer databasen', bin('prisma'), ['migrate', 'deploy'])
run('Indlæser referencedata' + (seedDemo ? ' og demokonti' : ''), bin('tsx'), ['prisma/seed.ts'])

const server = fork(path.join(root, 'server', 'index.ts'), [], {
  execArgv: ['--import', 'tsx'],
  env: process.env,
  stdio: 'inherit',
})

server.on('message', async (message) => {
  if (message !== 'ready') return
  const url = `http://${host === '0.0.0.0' ? 'localhost' : host}:${port}`
  const lines = [`\nKnudepunkt kører på ${url}`]
  if (seedDemo) {
    const { DEMO_ACCOUNTS, DEMO_PASSWORD } = await import('../prisma/demo-accounts.js')
    lines.push(`\nDemokonti (adgangskode for alle: ${DEMO_PASSWORD}):`)
    for (const account of DEMO_ACCOUNTS) lines.push(`  ${account.email.padEnd(30)} ${account.label}`)
  }
  lines.push('\nStop med Ctrl+C.\n')
  console.log(lines.join('\n'))
})

for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => server.kill(signal))
server.on('exit', (code) => process.exit(code ?? 0))
