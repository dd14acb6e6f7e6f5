import { Transform, type TransformCallback } from 'node:stream'

/**
 * React 18.3's streaming server renderer encodes text into 2,048-byte buffers. When a character
 * of two or more bytes (æ, ø, å) does not fit at the end of one, it sends the whole buffer anyway,
 * unused bytes included (react-dom-server `writeStringChunk`): NUL bytes in the middle of the
 * page, which the browser shows as "�" — "Foresl�å et punkt". Where it happens depends on the
 * page's length, so it came and went (an e2e test that looked up that label hung on it).
 *
 * UTF-8 never uses the byte 0 inside a character, so the document stream drops them. A NUL in
 * stored text (SQLite keeps one, decision 0023) is dropped too; the browser would have shown it as
 * "�" anyway (docs/decisions/0028).
 */
export class DropNulBytes extends Transform {
  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback) {
    done(null, chunk.indexOf(0) === -1 ? chunk : chunk.filter((byte) => byte !== 0))
  }
}
