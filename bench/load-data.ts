/**
 * The load benchmark's view of its database file (bench/load.ts), read with better-sqlite3 and
 * never through the app: before the run, which cases and meeting the users work on; after it,
 * whether every write the server acknowledged is in the file.
 */
import Database from 'better-sqlite3'

/** What the simulated users write to: cases of each LES, and the next director meeting. */
export type Workload = { casesByKommune: Map<string, string[]>; meetingId: string }

/** A write the server answered 200 to, and what must be in the database for it. */
export type AckedWrite =
  | { kind: 'transition'; caseId: string; event: string; version: number }
  | { kind: 'activity'; caseId: string; note: string }
  | { kind: 'proposal'; meetingId: string; title: string }

export type LostWriteCheck = {
  checked: number
  lost: AckedWrite[]
  /** Case versions that more than one workflow event claims (two transitions from one version). */
  duplicateVersions: number
}

/** The most recently opened cases owned by each kommune's LES, and the next planned director meeting. */
export function pickWorkload(
  file: string,
  kommuner: readonly string[],
  casesPerKommune: number,
): Workload {
  const db = new Database(file, { readonly: true })
  try {
    const casesOf = db.prepare(
      `SELECT ca.id FROM "Case" ca JOIN "Kommune" k ON k.lesId = ca.ownerOrganisationId
        WHERE k.name = ? ORDER BY ca.openedAt DESC, ca.id LIMIT ?`,
    )
    const casesByKommune = new Map<string, string[]>()
    for (const kommune of kommuner) {
      const ids = (casesOf.all(kommune, casesPerKommune) as { id: string }[]).map((r) => r.id)
      if (ids.length === 0) throw new Error(`no case owned by the LES of ${kommune}`)
      casesByKommune.set(kommune, ids)
    }
    const meeting = db
      .prepare(`SELECT id FROM "Meeting" WHERE state = 'planned' ORDER BY startsAt LIMIT 1`)
      .get() as { id: string } | undefined
    if (!meeting) throw new Error('no planned director meeting to propose items to')
    return { casesByKommune, meetingId: meeting.id }
  } finally {
    db.close()
  }
}

function isStored(db: Database.Database, write: AckedWrite): boolean {
  switch (write.kind) {
    case 'transition':
      return Boolean(
        db
          .prepare(
            `SELECT 1 FROM "WorkflowEvent" WHERE entityType = 'case' AND entityId = ? AND version = ? AND event = ?`,
          )
          .get(write.caseId, write.version, write.event),
      )
    case 'activity':
      return Boolean(
        db
          .prepare(`SELECT 1 FROM "CaseActivity" WHERE caseId = ? AND note = ?`)
          .get(write.caseId, write.note),
      )
    case 'proposal':
      return Boolean(
        db
          .prepare(`SELECT 1 FROM "AgendaItem" WHERE meetingId = ? AND title = ?`)
          .get(write.meetingId, write.title),
      )
  }
}

function countDuplicateVersions(db: Database.Database, caseIds: readonly string[]): number {
  if (caseIds.length === 0) return 0
  const rows = db
    .prepare(
      `SELECT entityId, version FROM "WorkflowEvent" WHERE entityType = 'case' AND entityId IN (${caseIds.map(() => '?').join(',')})
        GROUP BY entityId, version HAVING COUNT(*) > 1`,
    )
    .all(...caseIds)
  return rows.length
}

/**
 * Looks up every acknowledged write in the file (read-only, after the servers have stopped).
 * `controls` are writes of each kind that were never sent: the check must report them lost, or
 * the check itself is broken and its zero would mean nothing.
 */
export function checkLostWrites(
  file: string,
  writes: readonly AckedWrite[],
  controls: readonly AckedWrite[],
  caseIds: readonly string[],
): LostWriteCheck {
  const db = new Database(file, { readonly: true, fileMustExist: true })
  try {
    const found = controls.filter((control) => isStored(db, control))
    if (found.length > 0)
      throw new Error(
        `the lost-write check found writes that were never sent (${found.map((w) => w.kind).join(', ')}): the check is broken`,
      )
    const lost = writes.filter((write) => !isStored(db, write))
    return { checked: writes.length, lost, duplicateVersions: countDuplicateVersions(db, caseIds) }
  } finally {
    db.close()
  }
}
