import type { LoaderFunctionArgs } from '@remix-run/node'
import { db } from '~/utils/db.server.ts'
import { DocumentNotFoundError, readDocument, safeDownloadName } from '~/utils/documents.server.ts'
import { requirePermission } from '~/utils/permissions.server.ts'
import { fileLoader, notFound } from '~/utils/responses.server.ts'

/** Downloads an agreement's document: always as an attachment, with the type we detected on upload. */
async function serveFile({ request, params }: LoaderFunctionArgs) {
  await requirePermission(request, 'view', 'agreement')
  const document = await db.agreementDocument.findFirst({ where: { id: params.documentId, agreementId: params.id } })
  if (!document) notFound('Dokumentet findes ikke.')
  const bytes = await readDocument(document.storageKey).catch((error: unknown) => {
    if (error instanceof DocumentNotFoundError) notFound('Filen findes ikke længere på serveren.')
    throw error
  })
  const name = safeDownloadName(document.fileName)
  return new Response(Buffer.from(bytes), {
    headers: {
      'Content-Type': document.mimeType,
      'Content-Length': String(bytes.byteLength),
      'Content-Disposition': `attachment; filename="${name.replace(/[^\x20-\x7e]/g, '_').replace(/"/g, '')}"; filename*=UTF-8''${encodeURIComponent(name)}`,
      'Cache-Control': 'private, no-store',
    },
  })
}

export const loader = fileLoader(serveFile)
