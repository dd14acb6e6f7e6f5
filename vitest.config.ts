import { defineConfig } from 'vitest/config'
import tsconfigPaths from 'vite-tsconfig-paths'

// Kept apart from vite.config.ts so that the Remix plugin stays out of unit tests.
export default defineConfig({
  plugins: [tsconfigPaths()],
  test: {
    include: ['app/**/*.test.{ts,tsx}', 'machines/**/*.test.ts', 'server/**/*.test.ts', 'prisma/**/*.test.ts', 'scripts/**/*.test.ts', 'test/integration/**/*.test.ts'],
    // *.postgres.test.ts need a PostgreSQL server; leave them out rather than report them as skipped.
    exclude: ['node_modules', 'build', 'test/e2e', ...(process.env.TEST_POSTGRES_URL ? [] : ['**/*.postgres.test.ts'])],
    globalSetup: ['./test/integration/global-setup.ts'],
    setupFiles: ['./test/integration/worker-setup.ts'],
    pool: 'forks',
    testTimeout: 30_000,
    hookTimeout: 120_000,
  },
})
