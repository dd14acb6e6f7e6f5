import { spawnSync } from 'node:child_process'
import { mkdirSync, rmSync } from 'node:fs'
import path from 'node:path'

/**
 * Builds one migrated and seeded SQLite template per run; each test file copies it
 * (worker-setup.ts), so every file works on a real database file of its own.
 */
export const TEMPLATE = path.resolve('.tmp/vitest/template.db')

export default function setup() {
  rmSync(path.dirname(TEMPLATE), { recursive: true, force: true })
  mkdirSync(path.dirname(TEMPLATE), { recursive: true })
  const env = { ...process.env, DATABASE_URL: `file:${TEMPLATE}`, LOG_LEVEL: 'silent' }
  for (const [command, args] of [
    ['node_modules/.bin/prisma', ['migrate', 'deploy']],
    ['node_modules/.bin/tsx', ['prisma/seed.ts']],
  ] as const) {
    const result = spawnSync(command, args, { env, encoding: 'utf8' })
    if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} failed:\n${result.stdout}\n${result.stderr}`)
  }
  return () => rmSync(path.dirname(TEMPLATE), { recursive: true, force: true })
}
