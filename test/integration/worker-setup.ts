import { copyFileSync, mkdirSync } from 'node:fs'
import path from 'node:path'

// Runs before each test file, before anything imports the database client.
const template = path.resolve('.tmp/vitest/template.db')
const file = path.resolve(`.tmp/vitest/db-${process.env.VITEST_POOL_ID ?? '0'}-${process.pid}-${Date.now()}.db`)
mkdirSync(path.dirname(file), { recursive: true })
copyFileSync(template, file)
process.env.DATABASE_URL = `file:${file}`
process.env.LOG_LEVEL ??= 'silent'
