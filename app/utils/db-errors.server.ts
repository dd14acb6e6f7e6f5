import { Prisma } from './db.server.ts'

/** Raised when a versioned row changed since the user loaded it; routes answer 409. */
export class StaleVersionError extends Error {
  constructor(entity: string) {
    super(`${entity} changed since it was read`)
    this.name = 'StaleVersionError'
  }
}

/**
 * The fields of a unique constraint that a write violated, or null for any other error.
 * Prisma 7 over a driver adapter has no `meta.target`; the fields are in the adapter's cause.
 */
export function uniqueViolationFields(error: unknown): string[] | null {
  if (!(error instanceof Prisma.PrismaClientKnownRequestError) || error.code !== 'P2002') return null
  const meta = error.meta as
    | { target?: string[] | string; driverAdapterError?: { cause?: { constraint?: { fields?: string[] } | string } } }
    | undefined
  const constraint = meta?.driverAdapterError?.cause?.constraint
  if (constraint && typeof constraint === 'object' && Array.isArray(constraint.fields)) return constraint.fields
  if (Array.isArray(meta?.target)) return meta.target
  if (typeof meta?.target === 'string') return [meta.target]
  return []
}
