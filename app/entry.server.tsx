import { createReadableStreamFromReadable, type AppLoadContext, type EntryContext } from '@remix-run/node'
import { RemixServer } from '@remix-run/react'
import { isbot } from 'isbot'
import { renderToPipeableStream, type RenderToPipeableStreamOptions } from 'react-dom/server'
import { log } from '../server/logger.ts'
import { DropNulBytes } from './utils/drop-nul-bytes.server.ts'
import { NonceProvider } from './utils/nonce.ts'

/**
 * Remix's default Node entry, plus the Content-Security-Policy nonce: the server chose one for
 * this response (server/security-headers.ts) and every inline script React and Remix write must
 * carry it — the streaming scripts (RemixServer, renderToPipeableStream) and, through
 * NonceProvider, those in app/root.tsx.
 */
const ABORT_DELAY = 5_000

export default function handleRequest(
  request: Request,
  responseStatusCode: number,
  responseHeaders: Headers,
  remixContext: EntryContext,
  loadContext: AppLoadContext,
) {
  const nonce = loadContext.cspNonce
  // Bots and SPA mode get the whole document at once; browsers get the shell as soon as it is ready.
  const waitForAll = isbot(request.headers.get('user-agent') ?? '') || remixContext.isSpaMode
  return new Promise<Response>((resolve, reject) => {
    let shellRendered = false
    const sendBody = () => {
      shellRendered = true
      // React 18.3 pads some chunks with NUL bytes where æ, ø or å meets a buffer's end (app/utils/drop-nul-bytes.server.ts).
      const body = new DropNulBytes()
      responseHeaders.set('Content-Type', 'text/html; charset=utf-8')
      resolve(new Response(createReadableStreamFromReadable(body), { headers: responseHeaders, status: responseStatusCode }))
      pipe(body)
    }
    const options: RenderToPipeableStreamOptions = {
      nonce,
      onShellError: reject,
      onError(error: unknown) {
        responseStatusCode = 500
        // Errors before the shell are logged by Remix's handleDocumentRequest.
        if (shellRendered) log.error('render failed', { error: String(error) })
      },
      ...(waitForAll ? { onAllReady: sendBody } : { onShellReady: sendBody }),
    }
    const { pipe, abort } = renderToPipeableStream(
      <NonceProvider value={nonce}>
        <RemixServer context={remixContext} url={request.url} abortDelay={ABORT_DELAY} nonce={nonce} />
      </NonceProvider>,
      options,
    )
    setTimeout(abort, ABORT_DELAY)
  })
}
