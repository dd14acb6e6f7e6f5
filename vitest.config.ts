import { defineConfig } from 'vitest/config'
import tsconfigPaths from 'vite-tsconfig-paths'

// Kept apart from vite.config.ts so that the Remix plugin stays out of unit tests.
//
// Two projects: everything on the embedded SQLite, and — when TEST_POSTGRES_URL names a server
// (scripts/services.sh) — the integration suite again on PostgreSQL, each test file on a database
// of its own. A test that behaves differently on the two is a bug (issue 10). Without a server the
// PostgreSQL project is left out rather than reported as skipped.
const postgres = Boolean(process.env.TEST_POSTGRES_URL)
const POSTGRES_ONLY = '**/*.postgres.test.ts'
// *.redis.test.ts need a Redis server (TEST_REDIS_URL); left out without one, like the PostgreSQL half,
// and run in the SQLite project only (one Redis, no cross-talk between the projects).
const REDIS_ONLY = '**/*.redis.test.ts'
const redisExcluded = process.env.TEST_REDIS_URL ? [] : [REDIS_ONLY]

export default defineConfig({
  plugins: [tsconfigPaths()],
  test: {
    pool: 'forks',
    testTimeout: 30_000,
    hookTimeout: 120_000,
    projects: [
      {
        extends: true as const,
        test: {
          name: 'sqlite',
          include: ['app/**/*.test.{ts,tsx}', 'machines/**/*.test.ts', 'server/**/*.test.ts', 'prisma/**/*.test.ts', 'scripts/**/*.test.ts', 'test/integration/**/*.test.ts'],
          exclude: ['node_modules', 'build', 'test/e2e', POSTGRES_ONLY, ...redisExcluded],
          globalSetup: ['./test/integration/global-setup.ts'],
          setupFiles: ['./test/integration/worker-setup.ts'],
        },
      },
      ...(postgres
        ? [
            {
              extends: true as const,
              test: {
                name: 'postgres',
                // The SQLite CLI's migration checks stay in the SQLite project; the PostgreSQL CLI has its own file.
                include: ['test/integration/**/*.test.ts', POSTGRES_ONLY],
                exclude: ['node_modules', 'build', 'test/e2e', 'test/integration/migrations.test.ts', REDIS_ONLY],
                globalSetup: ['./test/integration/postgres-global-setup.ts'],
                setupFiles: ['./test/integration/postgres-worker-setup.ts'],
              },
            },
          ]
        : []),
    ],
  },
})
