import { PassThrough, type Transform } from 'node:stream'
import { renderToPipeableStream } from 'react-dom/server'
import { describe, expect, it } from 'vitest'
import { DropNulBytes } from './drop-nul-bytes.server.ts'

const ITEMS = 400

/** A page of 400 "å"s; the filler moves them, so that for some filler one straddles the end of React's 2,048-byte buffer. */
async function render(filler: number, through: Transform) {
  const bytes: Buffer[] = []
  await new Promise<void>((resolve, reject) => {
    const { pipe } = renderToPipeableStream(
      <p>
        <i>{'x'.repeat(filler)}</i>
        {Array.from({ length: ITEMS }, (_, i) => (
          <b key={i}>å</b>
        ))}
      </p>,
      {
        onAllReady() {
          through.on('data', (chunk: Buffer) => bytes.push(chunk))
          through.on('end', resolve)
          pipe(through)
        },
        onShellError: reject,
      },
    )
  })
  return Buffer.concat(bytes)
}

const FILLERS = Array.from({ length: 18 }, (_, i) => i + 1)

describe('the document stream', () => {
  it('shows React 18.3 padding a buffer with NUL bytes when an "å" does not fit (the bug the stream works around)', async () => {
    const padded = await Promise.all(FILLERS.map(async (filler) => (await render(filler, new PassThrough())).includes(0)))
    expect(padded).toContain(true)
  })

  it('drops those NUL bytes, so every "å" arrives whole', async () => {
    for (const filler of FILLERS) {
      const html = (await render(filler, new DropNulBytes())).toString('utf8')
      expect(html).not.toContain('\u0000')
      expect(html.match(/<b>å<\/b>/g)).toHaveLength(ITEMS)
    }
  })
})
