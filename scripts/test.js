#!/usr/bin/env node
// `npm test`: the whole suite — typecheck, lint, unit and integration (vitest; on PostgreSQL too
// when TEST_POSTGRES_URL is set), the production build, the benchmarks in short mode, then
// end-to-end in headless Chromium (Playwright). Stops at the first failing step and
// ends with one line "N passed, N failed" summing vitest and Playwright.
import { spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
process.chdir(root)
const bin = (name) => path.join(root, 'node_modules', '.bin', name)
const results = path.join(root, '.tmp', 'results')

function findChromium() {
  for (const candidate of [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser']) {
    if (candidate && existsSync(candidate)) return candidate
  }
  return null
}

async function playwrightOwnBrowser() {
  try {
    const { chromium } = await import('@playwright/test')
    const executable = chromium.executablePath()
    return existsSync(executable) ? executable : null
  } catch {
    return null
  }
}

function step(title, command, args, env = {}) {
  console.log(`\n━━ ${title} ━━`)
  const started = Date.now()
  const result = spawnSync(command, args, { stdio: 'inherit', env: { ...process.env, ...env } })
  const seconds = ((Date.now() - started) / 1000).toFixed(1)
  if (result.status !== 0) {
    console.error(`\n✗ ${title} mislykkedes efter ${seconds} s.`)
    printTotals()
    process.exit(result.status ?? 1)
  }
  console.log(`✓ ${title} (${seconds} s)`)
}

function readJson(file) {
  try {
    return JSON.parse(readFileSync(file, 'utf8'))
  } catch {
    return null
  }
}

function printTotals() {
  const unit = readJson(path.join(results, 'vitest.json'))
  const e2e = readJson(path.join(results, 'playwright.json'))
  const passed = (unit?.numPassedTests ?? 0) + (e2e?.stats?.expected ?? 0)
  const failed = (unit?.numFailedTests ?? 0) + (e2e?.stats?.unexpected ?? 0) + (e2e?.stats?.flaky ?? 0)
  const skipped = (unit?.numPendingTests ?? 0) + (unit?.numTodoTests ?? 0) + (e2e?.stats?.skipped ?? 0)
  console.log(`\n${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`)
}

const chromium = findChromium() ?? (await playwrightOwnBrowser())
if (!chromium) {
  console.error(`Ingen Chromium fundet til end-to-end-testene.
Installér en af disse og kør npm test igen:
  • Debian/Ubuntu:  sudo apt-get install -y chromium        (giver /usr/bin/chromium)
  • eller sæt CHROMIUM_PATH=/sti/til/chromium
  • eller, hvor nettet tillader det:  npx playwright install chromium`)
  process.exit(1)
}
process.env.CHROMIUM_PATH = chromium

rmSync(results, { recursive: true, force: true })
mkdirSync(results, { recursive: true })

step('Typecheck', bin('tsc'), ['--noEmit'])
step('Lint', bin('eslint'), ['.', '--max-warnings=0'])
step('Unit- og integrationstest (vitest)', bin('vitest'), ['run', '--reporter=default', '--reporter=json', `--outputFile.json=${path.join(results, 'vitest.json')}`])
step('Produktionsbuild', bin('remix'), ['vite:build', '--logLevel', 'warn'])
// Small counts, so the benchmark scripts cannot rot; nothing is asserted about the figures.
step('Benchmarks, kort (npm run bench -- --short)', bin('tsx'), ['bench/run.ts', '--short'])
step('End-to-end i Chromium (Playwright)', bin('playwright'), ['test'], { PLAYWRIGHT_JSON_OUTPUT_NAME: path.join(results, 'playwright.json') })
printTotals()
