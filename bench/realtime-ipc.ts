/**
 * The IPC between bench/realtime.ts and its server children (bench/realtime-app-server.ts and
 * bench/realtime-bare-server.ts). The servers run in children so that they and the clients share
 * the machine's cores as a real server and its browsers would; requests and replies are matched
 * by id, and a child announces its port once it listens.
 */
import { fork, type ChildProcess } from 'node:child_process'

/** A wall-clock time in ms with sub-ms precision, comparable between the processes. */
export const now = () => performance.timeOrigin + performance.now()

/** One broadcast: when it was committed (or fired, for the floor) and the version it carries. */
export type Fired = { at: number; version: number }

/** What each server child answers. */
export type ServerHandlers = {
  /** Does the work that ends in one broadcast to every client. */
  trigger(): Promise<Fired>
  /** How many sockets the broadcast would reach now (connected and subscribed). */
  listeners(): number
  rss(): number
  /** Session tokens for `count` clients (the app server only; the floor needs none). */
  sessions(count: number): Promise<string[]>
}

type Kind = keyof ServerHandlers
type Request = { id: number; kind: Kind; args: unknown[] }
type Reply = { id: number; ok: true; result: unknown } | { id: number; ok: false; error: string }
type Ready = { ready: true; port: number }

// ---------------------------------------------------------------------------------------------
// In the child

/** Answers the parent's requests; the child ends with its parent (the IPC channel closes). */
export function serveParent(port: number, handlers: Partial<ServerHandlers>) {
  const send = (message: Reply | Ready) => process.send?.(message)
  process.on('message', async ({ id, kind, args }: Request) => {
    try {
      const handler = handlers[kind] as ((...args: unknown[]) => unknown) | undefined
      if (!handler) throw new Error(`this server does not answer "${kind}"`)
      send({ id, ok: true, result: await handler(...args) })
    } catch (error) {
      send({
        id,
        ok: false,
        error: error instanceof Error ? (error.stack ?? error.message) : String(error),
      })
    }
  })
  process.on('disconnect', () => process.exit(0))
  send({ ready: true, port })
}

// ---------------------------------------------------------------------------------------------
// In the bench process

export type ServerChild = {
  url: string
  call<K extends Kind>(
    kind: K,
    ...args: Parameters<ServerHandlers[K]>
  ): Promise<Awaited<ReturnType<ServerHandlers[K]>>>
  stop(): void
}

/** Forks a server script under tsx and waits until it listens. */
export function startServerChild(
  script: string,
  { cwd, env }: { cwd: string; env: NodeJS.ProcessEnv },
): Promise<ServerChild> {
  const child = fork(script, [], {
    cwd,
    env,
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  })
  const pending = new Map<number, { resolve(value: unknown): void; reject(error: Error): void }>()
  let nextId = 1
  let stopping = false

  const failAll = (error: Error) => {
    for (const { reject } of pending.values()) reject(error)
    pending.clear()
  }
  child.on('message', (message: Reply | Ready) => {
    if ('ready' in message) return
    const waiter = pending.get(message.id)
    pending.delete(message.id)
    if (message.ok) waiter?.resolve(message.result)
    else waiter?.reject(new Error(`${script}: ${message.error}`))
  })
  child.on('exit', (code, signal) => {
    if (!stopping) failAll(new Error(`${script} exited (${code ?? signal})`))
  })

  const call: ServerChild['call'] = (kind, ...args) =>
    new Promise((resolve, reject) => {
      const id = nextId++
      pending.set(id, { resolve: resolve as (value: unknown) => void, reject })
      child.send({ id, kind, args } satisfies Request)
    })
  const stop = () => {
    stopping = true
    if (child.exitCode === null && child.signalCode === null) child.kill()
  }
  return waitForPort(child, script).then((port) => ({
    url: `http://127.0.0.1:${port}`,
    call,
    stop,
  }))
}

function waitForPort(child: ChildProcess, script: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const onMessage = (message: Reply | Ready) => {
      if (!('ready' in message)) return
      child.off('message', onMessage)
      child.off('exit', onExit)
      resolve(message.port)
    }
    const onExit = (code: number | null) =>
      reject(new Error(`${script} exited before it listened (${code})`))
    child.on('message', onMessage)
    child.once('exit', onExit)
  })
}
