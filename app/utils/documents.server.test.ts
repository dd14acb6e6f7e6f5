import { createHash } from 'node:crypto'
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { crc32, deflateRawSync } from 'node:zlib'
import { afterAll, afterEach, describe, expect, it } from 'vitest'

// A temporary upload folder of this file's own, set before the module is loaded.
const uploadDir = mkdtempSync(path.join(os.tmpdir(), 'knudepunkt-uploads-'))
process.env.UPLOAD_DIR = uploadDir
delete process.env.UPLOAD_MAX_BYTES
const {
  DocumentNotFoundError,
  DocumentRejectedError,
  deleteDocument,
  documentLimits,
  readDocument,
  safeDownloadName,
  storeDocument,
} = await import('./documents.server.ts')

afterEach(() => {
  delete process.env.UPLOAD_MAX_BYTES
})

afterAll(() => {
  rmSync(uploadDir, { recursive: true, force: true })
})

const MiB = 1024 * 1024
const bytes = (text: string) => new TextEncoder().encode(text)
const sha256 = (data: Uint8Array) => createHash('sha256').update(data).digest('hex')

// ---- small but real samples -------------------------------------------------------------

const pdf = bytes(
  '%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n',
)

function pngChunk(type: string, data: Uint8Array): Uint8Array {
  const chunk = Buffer.alloc(12 + data.length)
  chunk.writeUInt32BE(data.length, 0)
  chunk.write(type, 4, 'latin1')
  chunk.set(data, 8)
  chunk.writeUInt32BE(crc32(chunk.subarray(4, 8 + data.length)), 8 + data.length)
  return chunk
}

const png = Buffer.concat([
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  // 1×1 pixel, 8-bit greyscale.
  pngChunk('IHDR', Buffer.from([0, 0, 0, 1, 0, 0, 0, 1, 8, 0, 0, 0, 0])),
  pngChunk('IEND', new Uint8Array()),
])

const jpeg = Buffer.concat([
  Buffer.from([0xff, 0xd8]), // SOI
  Buffer.from([0xff, 0xe0, 0x00, 0x10]), // APP0, 16 bytes
  Buffer.from('JFIF\0', 'latin1'),
  Buffer.from([0x01, 0x01, 0x00, 0x00, 0x01, 0x00, 0x01, 0x00, 0x00]), // v1.1, 1:1 density, no thumbnail
  Buffer.from([0xff, 0xd9]), // EOI
])

/** A ZIP with entries in the given order and a central directory; stored, or deflated as Office does. */
function zip(entries: Record<string, string>, options: { deflate?: boolean } = {}): Uint8Array {
  const method = options.deflate ? 8 : 0
  const locals: Buffer[] = []
  const centrals: Buffer[] = []
  let offset = 0
  for (const [name, text] of Object.entries(entries)) {
    const nameBytes = Buffer.from(name, 'utf8')
    const raw = Buffer.from(text, 'utf8')
    const crc = crc32(raw)
    const data = options.deflate ? deflateRawSync(raw) : raw
    const local = Buffer.alloc(30)
    local.writeUInt32LE(0x04034b50, 0)
    local.writeUInt16LE(20, 4) // version needed
    local.writeUInt16LE(method, 8)
    local.writeUInt32LE(crc, 14)
    local.writeUInt32LE(data.length, 18)
    local.writeUInt32LE(raw.length, 22)
    local.writeUInt16LE(nameBytes.length, 26)
    const central = Buffer.alloc(46)
    central.writeUInt32LE(0x02014b50, 0)
    central.writeUInt16LE(20, 4) // version made by
    central.writeUInt16LE(20, 6) // version needed
    central.writeUInt16LE(method, 10)
    central.writeUInt32LE(crc, 16)
    central.writeUInt32LE(data.length, 20)
    central.writeUInt32LE(raw.length, 24)
    central.writeUInt16LE(nameBytes.length, 28)
    central.writeUInt32LE(offset, 42)
    locals.push(local, nameBytes, data)
    centrals.push(central, nameBytes)
    offset += local.length + nameBytes.length + data.length
  }
  const directory = Buffer.concat(centrals)
  const end = Buffer.alloc(22)
  end.writeUInt32LE(0x06054b50, 0)
  end.writeUInt16LE(Object.keys(entries).length, 8)
  end.writeUInt16LE(Object.keys(entries).length, 10)
  end.writeUInt32LE(directory.length, 12)
  end.writeUInt32LE(offset, 16)
  return Buffer.concat([...locals, directory, end])
}

/** The smallest OOXML package Office itself would recognise: content types, relations, main part. */
function ooxml(
  folder: 'word' | 'xl' | 'ppt',
  mainPart: string,
  contentType: string,
  deflate = false,
): Uint8Array {
  return zip(
    {
      '[Content_Types].xml':
        '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">' +
        '<Default Extension="xml" ContentType="application/xml"/>' +
        `<Override PartName="/${folder}/${mainPart}" ContentType="${contentType}"/></Types>`,
      '_rels/.rels':
        '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
        `<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="${folder}/${mainPart}"/></Relationships>`,
      [`${folder}/${mainPart}`]: '<?xml version="1.0" encoding="UTF-8"?><root/>',
    },
    { deflate },
  )
}

const docx = ooxml(
  'word',
  'document.xml',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml',
)
const xlsx = ooxml(
  'xl',
  'workbook.xml',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml',
)
const pptx = ooxml(
  'ppt',
  'presentation.xml',
  'application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml',
)
const deflatedDocx = ooxml(
  'word',
  'document.xml',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml',
  true,
)
const docm = ooxml('word', 'document.xml', 'application/vnd.ms-word.document.macroEnabled.main+xml')

/** OpenDocument: `mimetype` must be the first entry, stored uncompressed. */
const openDocument = (mimeType: string) =>
  zip({
    mimetype: mimeType,
    'content.xml': '<?xml version="1.0" encoding="UTF-8"?><office:document-content/>',
  })
const odt = openDocument('application/vnd.oasis.opendocument.text')
const ods = openDocument('application/vnd.oasis.opendocument.spreadsheet')

const text = bytes('Aftale om samarbejde\nÆble, øl og åkande\n')
const csv = bytes('kommune;år;beløb\nKøbenhavn;2025;1.234,50\n')
// MZ header of a Windows program.
const exe = Buffer.concat([Buffer.from('MZ'), Buffer.alloc(126)])

// ---- helpers -----------------------------------------------------------------------------

async function rejectionOf(promise: Promise<unknown>): Promise<string> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  )
  expect(error).toBeInstanceOf(DocumentRejectedError)
  return (error as InstanceType<typeof DocumentRejectedError>).reason
}

function storedFiles(): string[] {
  if (!existsSync(uploadDir)) return []
  return readdirSync(uploadDir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => entry.name)
}

// ---- tests -------------------------------------------------------------------------------

describe('storeDocument accepts the allowed types', () => {
  it.each([
    ['aftale.pdf', pdf, 'application/pdf'],
    ['kort.png', png, 'image/png'],
    ['foto.jpg', jpeg, 'image/jpeg'],
    ['foto.JPEG', jpeg, 'image/jpeg'],
    [
      'aftale.docx',
      docx,
      'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    ],
    [
      'komprimeret.docx',
      deflatedDocx,
      'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    ],
    ['budget.xlsx', xlsx, 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'],
    [
      'oplæg.pptx',
      pptx,
      'application/vnd.openxmlformats-officedocument.presentationml.presentation',
    ],
    ['aftale.odt', odt, 'application/vnd.oasis.opendocument.text'],
    ['budget.ods', ods, 'application/vnd.oasis.opendocument.spreadsheet'],
    ['noter.txt', text, 'text/plain; charset=utf-8'],
    ['tal.csv', csv, 'text/csv; charset=utf-8'],
  ])('%s', async (fileName, data, mimeType) => {
    const stored = await storeDocument({ fileName, data })

    expect(stored).toEqual({
      key: expect.stringMatching(/^[0-9a-f]{32}$/),
      fileName,
      mimeType,
      size: data.byteLength,
      sha256: sha256(data),
    })
    expect(existsSync(path.join(uploadDir, stored.key.slice(0, 2), stored.key))).toBe(true)
    const read = await readDocument(stored.key)
    expect(Buffer.from(read).equals(Buffer.from(data))).toBe(true)
  })

  it('gives every upload its own key', async () => {
    const first = await storeDocument({ fileName: 'a.pdf', data: pdf })
    const second = await storeDocument({ fileName: 'a.pdf', data: pdf })
    expect(first.key).not.toBe(second.key)
    expect(first.sha256).toBe(second.sha256)
  })

  it('stores the cleaned file name, never the path the browser sent', async () => {
    const stored = await storeDocument({
      fileName: '../../etc/Samarbejdsaftale\u0000.pdf',
      data: pdf,
    })
    expect(stored.fileName).toBe('Samarbejdsaftale.pdf')
  })

  it('creates the upload folder on demand', async () => {
    rmSync(uploadDir, { recursive: true, force: true })
    const stored = await storeDocument({ fileName: 'a.pdf', data: pdf })
    expect(existsSync(path.join(uploadDir, stored.key.slice(0, 2), stored.key))).toBe(true)
  })
})

describe('storeDocument refuses', () => {
  it('a file over the default 10 MB limit, with the size in Danish', async () => {
    const reason = await rejectionOf(
      storeDocument({ fileName: 'stor.pdf', data: new Uint8Array(Math.round(12.3 * MiB)) }),
    )
    expect(reason).toBe('Filen er for stor (12,3 MB). Den må højst være 10 MB.')
  })

  it('a file just over the limit without claiming it is exactly the limit', async () => {
    const reason = await rejectionOf(
      storeDocument({ fileName: 'stor.pdf', data: new Uint8Array(10 * MiB + 1) }),
    )
    expect(reason).toBe('Filen er for stor (lidt over 10 MB). Den må højst være 10 MB.')
  })

  it('a file over the limit set in UPLOAD_MAX_BYTES', async () => {
    process.env.UPLOAD_MAX_BYTES = '2048'
    const data = Buffer.concat([pdf, Buffer.alloc(3000 - pdf.length, 0x20)])
    const reason = await rejectionOf(storeDocument({ fileName: 'a.pdf', data }))
    expect(reason).toBe('Filen er for stor (2,9 kB). Den må højst være 2 kB.')
  })

  it('an empty file', async () => {
    expect(await rejectionOf(storeDocument({ fileName: 'tom.pdf', data: new Uint8Array() }))).toBe(
      'Filen er tom.',
    )
  })

  it('a type that is not allowed, listing the allowed ones', async () => {
    const reason = await rejectionOf(storeDocument({ fileName: 'program.exe', data: exe }))
    expect(reason).toBe(
      `Filtypen er ikke tilladt. Tilladte typer: ${documentLimits().allowed.join(', ')}.`,
    )
    expect(reason).toContain('PDF, Word (.docx),')
  })

  it.each(['uden-endelse', 'x.constructor', 'x.toString', '.pdf'])(
    'a name without an allowed extension: %s',
    async (fileName) => {
      expect(await rejectionOf(storeDocument({ fileName, data: pdf }))).toMatch(
        /^Filtypen er ikke tilladt\./,
      )
    },
  )

  it('a program renamed to .pdf', async () => {
    expect(await rejectionOf(storeDocument({ fileName: 'faktura.pdf', data: exe }))).toBe(
      'Filens indhold passer ikke til endelsen .pdf.',
    )
  })

  it('a PDF named .docx', async () => {
    expect(await rejectionOf(storeDocument({ fileName: 'aftale.docx', data: pdf }))).toBe(
      'Filens indhold passer ikke til endelsen .docx.',
    )
  })

  it.each([
    ['a spreadsheet named .docx', 'aftale.docx', xlsx],
    ['a macro-enabled Word file named .docx', 'aftale.docx', docm],
    ['a plain ZIP named .docx', 'aftale.docx', zip({ 'word/document.xml': '<root/>' })],
    ['an OpenDocument text named .ods', 'budget.ods', odt],
    ['a PNG named .jpg', 'foto.jpg', png],
    ['a PNG named .txt', 'noter.txt', png],
    ['plain text named .pdf', 'aftale.pdf', text],
  ])('%s', async (_, fileName, data) => {
    expect(await rejectionOf(storeDocument({ fileName, data }))).toMatch(
      /^Filens indhold passer ikke til endelsen \.\w+\.$/,
    )
  })

  it('a text file with NUL bytes', async () => {
    const data = Buffer.concat([Buffer.from('hej'), Buffer.from([0]), Buffer.from('med dig')])
    expect(await rejectionOf(storeDocument({ fileName: 'noter.txt', data }))).toBe(
      'Filens indhold passer ikke til endelsen .txt. Tekstfiler skal være gemt som UTF-8.',
    )
  })

  it('a CSV saved as Windows-1252 (not UTF-8)', async () => {
    const data = Buffer.from('kommune;år\nKøbenhavn;2025\n', 'latin1')
    expect(await rejectionOf(storeDocument({ fileName: 'tal.csv', data }))).toBe(
      'Filens indhold passer ikke til endelsen .csv. Tekstfiler skal være gemt som UTF-8.',
    )
  })

  it('without writing anything to disk', async () => {
    const before = storedFiles().length
    await rejectionOf(storeDocument({ fileName: 'faktura.pdf', data: exe }))
    await rejectionOf(storeDocument({ fileName: 'tom.pdf', data: new Uint8Array() }))
    expect(storedFiles()).toHaveLength(before)
  })
})

describe('documentLimits', () => {
  it('reports 10 MB and the allowed types by default', () => {
    expect(documentLimits()).toEqual({
      maxBytes: 10 * MiB,
      allowed: [
        'PDF',
        'Word (.docx)',
        'Excel (.xlsx)',
        'PowerPoint (.pptx)',
        'OpenDocument-tekst (.odt)',
        'OpenDocument-regneark (.ods)',
        'PNG-billede',
        'JPEG-billede',
        'Tekst (.txt, .csv)',
      ],
    })
  })

  it('follows UPLOAD_MAX_BYTES', () => {
    process.env.UPLOAD_MAX_BYTES = '2048'
    expect(documentLimits().maxBytes).toBe(2048)
  })

  it.each(['abc', '-5', '0', '1.5'])(
    'refuses a misconfigured UPLOAD_MAX_BYTES=%s loudly',
    (value) => {
      process.env.UPLOAD_MAX_BYTES = value
      expect(() => documentLimits()).toThrow(/UPLOAD_MAX_BYTES/)
    },
  )
})

describe('readDocument and deleteDocument', () => {
  it.each([
    '../etc/passwd',
    '../../../../etc/passwd',
    '',
    '0123456789abcdef0123456789abcde',
    '0123456789abcdef0123456789abcdef0',
    '0123456789ABCDEF0123456789ABCDEF',
    '01/23456789abcdef0123456789abcdef',
    '0123456789abcdef0123456789abcde/',
    '0123456789abcdef0123456789abcdef\n',
    '/etc/passwd',
  ])('refuse the bad key %j', async (key) => {
    await expect(readDocument(key)).rejects.toBeInstanceOf(DocumentNotFoundError)
    await expect(deleteDocument(key)).rejects.toBeInstanceOf(DocumentNotFoundError)
  })

  it('readDocument throws for a well-formed key without a file', async () => {
    await expect(readDocument('0123456789abcdef0123456789abcdef')).rejects.toBeInstanceOf(
      DocumentNotFoundError,
    )
  })

  it('deleteDocument removes the file, and a second delete is harmless', async () => {
    const stored = await storeDocument({ fileName: 'aftale.pdf', data: pdf })
    const file = path.join(uploadDir, stored.key.slice(0, 2), stored.key)
    expect(existsSync(file)).toBe(true)

    await deleteDocument(stored.key)

    expect(existsSync(file)).toBe(false)
    await expect(readDocument(stored.key)).rejects.toBeInstanceOf(DocumentNotFoundError)
    await expect(deleteDocument(stored.key)).resolves.toBeUndefined()
  })
})

describe('safeDownloadName', () => {
  it.each([
    ['../../etc/passwd', 'passwd'],
    ['..\\..\\Windows\\system.ini', 'system.ini'],
    ['C:\\Users\\mette\\Skrivebord\\Aftale.pdf', 'Aftale.pdf'],
    ['/home/jens/../aftale.pdf', 'aftale.pdf'],
    ['..', 'dokument'],
    ['', 'dokument'],
    ['../', 'dokument'],
    ['.skjult.pdf', 'skjult.pdf'],
    ['aftale.pdf. . ', 'aftale.pdf'],
  ])('strips path parts: %j → %j', (input, expected) => {
    expect(safeDownloadName(input)).toBe(expected)
  })

  it('strips control and bidi characters', () => {
    expect(safeDownloadName('af\u0000ta\u0007le\r\n\t.pdf')).toBe('aftale.pdf')
    expect(safeDownloadName('a\u007f\u0085b.pdf')).toBe('ab.pdf')
    // U+202E would show "invoice\u202Efdp.exe" as "invoiceexe.pdf".
    expect(safeDownloadName('invoice\u202Efdp.exe')).toBe('invoicefdp.exe')
  })

  it('replaces characters Windows refuses and quotes that would break the header', () => {
    expect(safeDownloadName('a"b<c>d:e|f?g*h.pdf')).toBe('a_b_c_d_e_f_g_h.pdf')
  })

  it('keeps Danish letters, composed even when the Mac sent them decomposed', () => {
    expect(safeDownloadName('Samarbejdsaftale Æbeløs Ø Å æøå.pdf')).toBe(
      'Samarbejdsaftale Æbeløs Ø Å æøå.pdf',
    )
    expect(safeDownloadName('a\u030Arhus.pdf')).toBe('århus.pdf')
  })

  it('shortens to 120 characters, keeping the extension', () => {
    const name = safeDownloadName(`${'æ'.repeat(300)}.docx`)
    expect(Array.from(name)).toHaveLength(120)
    expect(name).toBe(`${'æ'.repeat(115)}.docx`)
  })

  it('never cuts an emoji in half', () => {
    const name = safeDownloadName('😀'.repeat(130))
    expect(Array.from(name)).toHaveLength(120)
    expect(name).toBe('😀'.repeat(120))
  })
})
