import { createHash, randomBytes } from 'node:crypto'
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { fileTypeFromBuffer } from 'file-type'

/**
 * Uploaded documents (attachments to agreements and later other records), stored on disk
 * under random keys. See docs/decisions/0010-uploaded-documents.md.
 */

export type StoredDocument = {
  key: string
  fileName: string
  mimeType: string
  size: number
  sha256: string
}

/** A refused upload; `reason` is a Danish sentence meant to be shown to the user as it is. */
export class DocumentRejectedError extends Error {
  constructor(readonly reason: string) {
    super(reason)
    this.name = 'DocumentRejectedError'
  }
}

/** Thrown for a key that is malformed or has no file, so a route can answer 404 for both. */
export class DocumentNotFoundError extends Error {
  constructor(key: string) {
    // The key may be attacker-chosen: show it JSON-quoted so it cannot forge log lines.
    super(`document ${JSON.stringify(key.slice(0, 100))} not found`)
    this.name = 'DocumentNotFoundError'
  }
}

const MEBIBYTE = 1024 * 1024
const DEFAULT_MAX_BYTES = 10 * MEBIBYTE
const DOWNLOAD_NAME_MAX = 120
/** 16 random bytes as hex: unguessable, and the only shape a path segment can take. */
const KEY_PATTERN = /^[0-9a-f]{32}$/

/** What is accepted: the detected content kind and, per extension, the MIME type we serve it as. */
type AllowedType = { label: string; detected: string; extensions: Record<string, string> }

// `detected` is file-type's extension for the content, or 'text' for our own UTF-8 check.
// Text carries an explicit charset so that downloads show æøå correctly in every browser.
const ALLOWED_TYPES: AllowedType[] = [
  { label: 'PDF', detected: 'pdf', extensions: { pdf: 'application/pdf' } },
  {
    label: 'Word (.docx)',
    detected: 'docx',
    extensions: { docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document' },
  },
  {
    label: 'Excel (.xlsx)',
    detected: 'xlsx',
    extensions: { xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' },
  },
  {
    label: 'PowerPoint (.pptx)',
    detected: 'pptx',
    extensions: {
      pptx: 'application/vnd.openxmlformats-officedocument.presentationml.presentation',
    },
  },
  {
    label: 'OpenDocument-tekst (.odt)',
    detected: 'odt',
    extensions: { odt: 'application/vnd.oasis.opendocument.text' },
  },
  {
    label: 'OpenDocument-regneark (.ods)',
    detected: 'ods',
    extensions: { ods: 'application/vnd.oasis.opendocument.spreadsheet' },
  },
  { label: 'PNG-billede', detected: 'png', extensions: { png: 'image/png' } },
  { label: 'JPEG-billede', detected: 'jpg', extensions: { jpg: 'image/jpeg', jpeg: 'image/jpeg' } },
  {
    label: 'Tekst (.txt, .csv)',
    detected: 'text',
    extensions: { txt: 'text/plain; charset=utf-8', csv: 'text/csv; charset=utf-8' },
  },
]

export function documentLimits(): { maxBytes: number; allowed: string[] } {
  return { maxBytes: maxUploadBytes(), allowed: ALLOWED_TYPES.map((type) => type.label) }
}

/** Checks an upload and writes it under a fresh key; throws DocumentRejectedError with a Danish reason. */
export async function storeDocument(input: {
  fileName: string
  data: Uint8Array
}): Promise<StoredDocument> {
  const { data } = input
  checkSize(data.byteLength)
  const fileName = safeDownloadName(input.fileName)
  const mimeType = await checkType(fileName, data)

  const key = randomBytes(16).toString('hex')
  const file = documentPath(key)
  await mkdir(path.dirname(file), { recursive: true })
  // 'wx' never overwrites: a key collision (practically impossible) fails instead of losing a file.
  await writeFile(file, data, { flag: 'wx' })
  return { key, fileName, mimeType, size: data.byteLength, sha256: sha256Hex(data) }
}

export async function readDocument(key: string): Promise<Uint8Array> {
  try {
    return await readFile(documentPath(key))
  } catch (error) {
    if (isMissingFile(error)) throw new DocumentNotFoundError(key)
    throw error
  }
}

/** Removes the file; a missing file is fine, so deleting the row after the file can be retried. */
export async function deleteDocument(key: string): Promise<void> {
  await rm(documentPath(key), { force: true })
}

/**
 * A file name fit for Content-Disposition and for the user's disk: the last path part only,
 * no control or bidi-formatting characters (U+202E makes `fdp.exe` look like `exe.pdf`), none of
 * the characters Windows refuses, at most 120 characters with the extension kept. Letters such as
 * æøå stay; the route encodes the name (filename*=UTF-8'') when it sends it.
 */
export function safeDownloadName(fileName: string): string {
  const lastPart = fileName.normalize('NFC').split(/[/\\]/).pop() ?? ''
  const cleaned = lastPart
    .replace(/[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/gu, '')
    .replace(/[<>:"|?*]/g, '_')
    .replace(/\s+/g, ' ')
    // Leading dots would make a hidden file (or rest of '..'); trailing dots and spaces Windows drops.
    .replace(/^[\s.]+|[\s.]+$/g, '')
  return truncateKeepingExtension(cleaned || 'dokument', DOWNLOAD_NAME_MAX)
}

function checkSize(size: number) {
  if (size === 0) throw new DocumentRejectedError('Filen er tom.')
  const maxBytes = maxUploadBytes()
  if (size <= maxBytes) return
  const shown = formatSize(size)
  const limit = formatSize(maxBytes)
  // Just over the limit both round to the same figure; "12 MB, max 12 MB" would read as a bug.
  const sizeText = shown === limit ? `lidt over ${limit}` : shown
  throw new DocumentRejectedError(`Filen er for stor (${sizeText}). Den må højst være ${limit}.`)
}

/** Returns the MIME type to store, after checking that the content is what the extension claims. */
async function checkType(fileName: string, data: Uint8Array): Promise<string> {
  const extension = extensionOf(fileName)
  // hasOwn, not `in`: a name like `x.constructor` must not match Object's prototype.
  const allowed = ALLOWED_TYPES.find((type) => Object.hasOwn(type.extensions, extension))
  if (!allowed) {
    const list = ALLOWED_TYPES.map((type) => type.label).join(', ')
    throw new DocumentRejectedError(`Filtypen er ikke tilladt. Tilladte typer: ${list}.`)
  }
  const detected = await detectContentKind(data)
  if (detected !== allowed.detected) {
    // Excel and Notepad often save as Windows-1252 or UTF-16; say how to fix it rather than just no.
    const hint =
      allowed.detected === 'text' && detected === undefined
        ? ' Tekstfiler skal være gemt som UTF-8.'
        : ''
    throw new DocumentRejectedError(`Filens indhold passer ikke til endelsen .${extension}.${hint}`)
  }
  return allowed.extensions[extension]!
}

/**
 * What the bytes are, judged from the content alone: file-type's extension for known binary
 * formats (it reads the ZIP entries to tell DOCX, XLSX, PPTX, ODT and ODS apart), else 'text'
 * for valid UTF-8 without NUL bytes, else undefined.
 */
async function detectContentKind(data: Uint8Array): Promise<string | undefined> {
  const fileType = await fileTypeFromBuffer(data)
  if (fileType) return fileType.ext
  return isUtf8Text(data) ? 'text' : undefined
}

function isUtf8Text(data: Uint8Array): boolean {
  if (data.includes(0)) return false
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(data)
    return true
  } catch {
    return false
  }
}

/** The on-disk path of a key; the strict pattern is what makes path traversal impossible. */
function documentPath(key: string): string {
  if (!KEY_PATTERN.test(key)) throw new DocumentNotFoundError(key)
  // Two levels (ab/abcdef…) keep any one folder from holding every file.
  return path.join(uploadDir(), key.slice(0, 2), key)
}

/** Read on each call (not at import) so that tests and scripts can point it elsewhere. */
function uploadDir(): string {
  return path.resolve(process.env.UPLOAD_DIR || 'data/uploads')
}

function maxUploadBytes(): number {
  const configured = process.env.UPLOAD_MAX_BYTES
  if (!configured) return DEFAULT_MAX_BYTES
  const value = Number(configured)
  // A typo here should be loud, not silently fall back to a limit nobody chose.
  if (!Number.isSafeInteger(value) || value <= 0) {
    throw new Error(
      `UPLOAD_MAX_BYTES must be a positive whole number of bytes, got ${JSON.stringify(configured)}`,
    )
  }
  return value
}

function extensionOf(fileName: string): string {
  const dot = fileName.lastIndexOf('.')
  return dot > 0 ? fileName.slice(dot + 1).toLowerCase() : ''
}

/** Cuts by code points (never halving an emoji) and keeps a short extension such as `.pdf`. */
function truncateKeepingExtension(name: string, max: number): string {
  const chars = Array.from(name)
  if (chars.length <= max) return name
  const dot = name.lastIndexOf('.')
  const extension = dot > 0 ? Array.from(name.slice(dot)) : []
  const keep = extension.length <= 16 ? extension : []
  const base = chars
    .slice(0, max - keep.length)
    .join('')
    .trimEnd()
  return base + keep.join('')
}

/** Danish style with a decimal comma: "12,3 MB", "10 MB", "512 kB". */
function formatSize(bytes: number): string {
  if (bytes >= MEBIBYTE) return `${formatDecimal(bytes / MEBIBYTE)} MB`
  if (bytes >= 1024) return `${formatDecimal(bytes / 1024)} kB`
  return `${bytes} byte`
}

function formatDecimal(value: number): string {
  return String(Math.round(value * 10) / 10).replace('.', ',')
}

function sha256Hex(data: Uint8Array): string {
  return createHash('sha256').update(data).digest('hex')
}

function isMissingFile(error: unknown): boolean {
  return error instanceof Error && 'code' in error && error.code === 'ENOENT'
}
