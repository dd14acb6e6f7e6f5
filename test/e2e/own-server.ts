import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import { once } from 'node:events'
import { createServer } from 'node:net'

/**
 * A production app process of a test's own, next to the shared one Playwright starts: for tests
 * that lock accounts (login throttling) or need two processes (@scale). The same command as
 * docs/deployment.md: `node --import tsx server/index.ts` on a migrated and seeded database.
 */

/** `prisma migrate deploy` and the seed (reference data and demo accounts) on DATABASE_URL in env. */
export function prepareDatabase(env: NodeJS.ProcessEnv) {
  for (const [command, args] of [
    ['node_modules/.bin/prisma', ['migrate', 'deploy']],
    ['node_modules/.bin/tsx', ['prisma/seed.ts']],
  ] as const) {
    const result = spawnSync(command, args, { env, encoding: 'utf8' })
    if (result.status !== 0) throw new Error(`${command} ${args.join(' ')}:\n${result.stdout}\n${result.stderr}`)
  }
}

/** A free TCP port on the loopback interface. */
export async function freePort(): Promise<number> {
  const server = createServer()
  server.listen(0, '127.0.0.1')
  await once(server, 'listening')
  const { port } = server.address() as { port: number }
  server.close()
  await once(server, 'close')
  return port
}

/** Starts the production server on 127.0.0.1:port and waits until /healthz answers. */
export async function startAppProcess(port: number, env: NodeJS.ProcessEnv): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/index.ts'], {
    env: { ...env, NODE_ENV: 'production', PORT: String(port), HOST: '127.0.0.1' },
    stdio: 'ignore',
  })
  for (let attempt = 0; attempt < 300; attempt++) {
    if (child.exitCode !== null) throw new Error(`the app process on port ${port} exited with ${child.exitCode}`)
    if (await fetch(`http://127.0.0.1:${port}/healthz`).then((r) => r.ok).catch(() => false)) return child
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
  child.kill('SIGTERM')
  throw new Error(`the app process on port ${port} did not come up`)
}

/** SIGTERM, and wait until it has exited. */
export async function stopAppProcess(child: ChildProcess | undefined) {
  if (!child || child.exitCode !== null || child.signalCode !== null) return
  child.kill('SIGTERM')
  await once(child, 'exit')
}
