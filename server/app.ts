import path from 'node:path'
import { pathToFileURL } from 'node:url'
import { createRequestHandler } from '@remix-run/express'
import type { ServerBuild } from '@remix-run/node'
import compression from 'compression'
import express, { type NextFunction, type Request, type Response } from 'express'
import type { ViteDevServer } from 'vite'
import { db } from '../app/utils/db.server.ts'
import { pageConcurrency, wantsSecureCookies } from '../app/utils/env.server.ts'
import { checkSessionForRequest, readSessionToken, sessionCookie } from '../app/utils/session.server.ts'
import { log } from './logger.ts'
import { isSameOriginRequest } from './origin.ts'
import { pageQueue } from './page-queue.ts'
import { cspNonceOf, securityHeaders } from './security-headers.ts'

/** `cspNonce`: the nonce of this response's Content-Security-Policy; none in development. */
export type LoadContext = { clientIp: string; cspNonce?: string }

declare module '@remix-run/node' {
  interface AppLoadContext extends LoadContext {}
}


/** Secrets in paths (calendar subscription tokens) never reach the log. */
export function loggablePath(path: string) {
  return path.replace(/^\/kalender\/[^/]+\.ics$/, '/kalender/[hemmelig].ics')
}

function logRequests(req: Request, res: Response, next: NextFunction) {
  const started = process.hrtime.bigint()
  res.on('finish', () => {
    if (req.path.startsWith('/assets/') || req.path.startsWith('/@')) return
    const ms = Number(process.hrtime.bigint() - started) / 1e6
    log.info('request', { method: req.method, path: loggablePath(req.path), status: res.statusCode, ms: Math.round(ms * 10) / 10 })
  })
  next()
}

function checkOrigin(allowedOrigins: string[]) {
  return (req: Request, res: Response, next: NextFunction) => {
    const ok = isSameOriginRequest({
      method: req.method,
      host: req.headers.host,
      origin: req.headers.origin,
      secFetchSite: req.headers['sec-fetch-site'] as string | undefined,
      allowedOrigins,
    })
    if (ok) return next()
    log.warn('origin refused', { method: req.method, path: loggablePath(req.path), origin: req.headers.origin ?? null })
    res.status(403).type('text/plain; charset=utf-8').send('Forespørgslen blev afvist, fordi den ikke kom fra Knudepunkt selv.')
  }
}

/** Sliding sessions: a session in its second half gets a fresh cookie on the next page view. */
async function renewSessionCookie(req: Request, res: Response, next: NextFunction) {
  try {
    const token = readSessionToken(req.headers.cookie)
    if (token && !req.path.startsWith('/assets/')) {
      const { check, done } = checkSessionForRequest(token)
      res.once('close', done)
      const session = await check
      if (session?.renewed) res.append('Set-Cookie', sessionCookie(token, session.expiresAt))
    }
    next()
  } catch (error) {
    next(error)
  }
}

async function healthCheck(_req: Request, res: Response) {
  try {
    await db.$queryRawUnsafe('SELECT 1')
    res.json({ ok: true })
  } catch (error) {
    log.error('health check failed', { error: String(error) })
    res.status(503).json({ ok: false })
  }
}

export async function createApp({ mode }: { mode: 'production' | 'development' }) {
  const app = express()
  app.disable('x-powered-by')
  app.set('trust proxy', process.env.TRUST_PROXY === 'true')
  // First, so that every response carries them, /healthz, assets and errors included.
  app.use(securityHeaders({ contentSecurityPolicy: mode === 'production', strictTransportSecurity: wantsSecureCookies() }))
  app.use(compression())
  app.use(logRequests)
  app.get('/healthz', healthCheck)
  app.use(checkOrigin((process.env.ALLOWED_ORIGINS ?? '').split(',').filter(Boolean)))

  let vite: ViteDevServer | undefined
  if (mode === 'development') {
    const { createServer } = await import('vite')
    vite = await createServer({ server: { middlewareMode: true } })
    app.use(vite.middlewares)
  } else {
    const client = path.resolve('build/client')
    app.use('/assets', express.static(path.join(client, 'assets'), { immutable: true, maxAge: '1y' }))
    app.use(express.static(client, { maxAge: '1h' }))
  }

  app.use(pageQueue({ concurrency: pageConcurrency(), maxHoldMs: 250 }))
  app.use(renewSessionCookie)
  const build = vite
    ? () => vite.ssrLoadModule('virtual:remix/server-build') as Promise<ServerBuild>
    : ((await import(pathToFileURL(path.resolve('build/server/index.js')).href)) as ServerBuild)
  app.all(
    '*',
    createRequestHandler({
      build,
      mode,
      getLoadContext: (req, res): LoadContext => ({
        clientIp: req.ip ?? req.socket.remoteAddress ?? 'unknown',
        cspNonce: cspNonceOf(res),
      }),
    }),
  )
  return { app, vite }
}
