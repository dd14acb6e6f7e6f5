import { Prisma } from './db.server.ts'

/** Raised when a versioned row changed since the user loaded it; routes answer 409. */
export class StaleVersionError extends Error {
  constructor(entity: string) {
    super(`${entity} changed since it was read`)
    this.name = 'StaleVersionError'
  }
}

/**
 * A write needed a record that was not there (Prisma's P2025): an `update` or `delete` whose
 * `where` matched nothing. With the version in the `where` (applyTransition's batched path) it
 * means the row changed since it was read.
 */
export function isRecordNotFound(error: unknown): boolean {
  return error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2025'
}

/**
 * The fields of a unique constraint that a write violated, or null for any other error.
 * Prisma 7 over a driver adapter has no `meta.target`; the fields are in the adapter's cause:
 * SQLite names the fields, PostgreSQL names the index (`Model_fieldA_fieldB_key`, Prisma's
 * default index name; our fields are camelCase, so `_` separates them).
 */
export function uniqueViolationFields(error: unknown): string[] | null {
  if (!(error instanceof Prisma.PrismaClientKnownRequestError) || error.code !== 'P2002') return null
  const meta = error.meta as
    | {
        target?: string[] | string
        driverAdapterError?: { cause?: { table?: string; constraint?: { fields?: string[]; index?: string } | string } }
      }
    | undefined
  const cause = meta?.driverAdapterError?.cause
  const constraint = cause?.constraint
  if (constraint && typeof constraint === 'object' && Array.isArray(constraint.fields)) return constraint.fields
  if (constraint && typeof constraint === 'object' && constraint.index) return fieldsOfIndex(constraint.index, cause?.table)
  if (Array.isArray(meta?.target)) return meta.target
  if (typeof meta?.target === 'string') return [meta.target]
  return []
}

function fieldsOfIndex(index: string, table: string | undefined): string[] {
  const match = /^(.+?)_(.+)_key$/.exec(index)
  if (!match || (table && match[1] !== table)) return []
  return (match[2] ?? '').split('_')
}
