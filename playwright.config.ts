import path from 'node:path'
import { defineConfig, devices } from '@playwright/test'
import { CHROMIUM_ARGS, findChromium } from './test/e2e/chromium.ts'

// One fresh database file per run, shared by the server and the tests (workers inherit env).
process.env.E2E_DATABASE_URL ??= `file:${path.resolve(`.tmp/e2e/run-${Date.now()}.db`)}`
const port = Number(process.env.E2E_PORT ?? 3100)
export const baseURL = `http://127.0.0.1:${port}`

// @scale needs a PostgreSQL server and a Redis server (scripts/services.sh; .ci/run starts both).
// Without them it is left out, and said so, rather than reported as skipped.
const scaleServices = Boolean(process.env.TEST_POSTGRES_URL && process.env.TEST_REDIS_URL)
if (!scaleServices && !process.env.PLAYWRIGHT_QUIET) {
  console.log('@scale udeladt: sæt TEST_POSTGRES_URL og TEST_REDIS_URL (eval "$(bash scripts/services.sh start)").')
}

export default defineConfig({
  testDir: './test/e2e',
  grepInvert: scaleServices ? undefined : /@scale/,
  fullyParallel: true,
  workers: process.env.CI ? 2 : undefined,
  retries: 0,
  forbidOnly: true,
  timeout: 30_000,
  expect: { timeout: 7_000 },
  reporter: [['list'], ['json', { outputFile: process.env.PLAYWRIGHT_JSON_OUTPUT_NAME ?? '.tmp/e2e/results.json' }]],
  use: {
    baseURL,
    locale: 'da-DK',
    timezoneId: 'Europe/Copenhagen',
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
  },
  projects: [
    {
      name: 'chromium',
      use: { ...devices['Desktop Chrome'], launchOptions: { executablePath: findChromium(), args: CHROMIUM_ARGS } },
    },
  ],
  webServer: {
    // The production build, started exactly as `npm start` does (minus the build, done beforehand).
    command: 'node scripts/start.js',
    url: `${baseURL}/healthz`,
    reuseExistingServer: false,
    timeout: 120_000,
    stdout: 'ignore',
    stderr: 'pipe',
    env: {
      SKIP_BUILD: '1',
      PORT: String(port),
      HOST: '127.0.0.1',
      DATABASE_URL: process.env.E2E_DATABASE_URL,
      LOG_LEVEL: 'silent',
    },
  },
})
