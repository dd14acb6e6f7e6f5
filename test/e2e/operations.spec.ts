import { spawn, type ChildProcess } from 'node:child_process'
import { once } from 'node:events'
import { expect, test } from '@playwright/test'

/** Starts the production server by itself on its own port (the shared one stays up). */
function startServer(port: number, databaseUrl: string): ChildProcess {
  return spawn(process.execPath, ['--import', 'tsx', 'server/index.ts'], {
    env: { ...process.env, NODE_ENV: 'production', PORT: String(port), HOST: '127.0.0.1', DATABASE_URL: databaseUrl, LOG_LEVEL: 'info' },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
}

async function waitForHealth(port: number) {
  for (let attempt = 0; attempt < 100; attempt++) {
    const response = await fetch(`http://127.0.0.1:${port}/healthz`).catch(() => null)
    if (response) return response
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
  throw new Error('server did not answer')
}

test.describe('@auth operations', () => {
  test('@auth SIGTERM lets the server finish and exit cleanly', async () => {
    const server = startServer(3191, process.env.E2E_DATABASE_URL!)
    let output = ''
    server.stdout!.on('data', (chunk) => (output += chunk))
    expect((await waitForHealth(3191)).status).toBe(200)
    server.kill('SIGTERM')
    const [code] = await once(server, 'exit')
    expect(code).toBe(0)
    expect(output).toContain('"msg":"stopped"')
    // One JSON object per line, and the request to /healthz was logged without a query string.
    const lines = output.trim().split('\n').map((line) => JSON.parse(line) as { msg: string; path?: string })
    expect(lines.some((line) => line.msg === 'request' && line.path === '/healthz')).toBe(true)
  })

  test('@auth the health check says 503 when the database does not answer', async () => {
    const server = startServer(3192, 'postgresql://nobody:nothing@127.0.0.1:1/none')
    try {
      const response = await waitForHealth(3192)
      expect(response.status).toBe(503)
      expect(await response.json()).toEqual({ ok: false })
    } finally {
      server.kill('SIGTERM')
      await once(server, 'exit')
    }
  })
})
