-- The audit log is append-only (issue 11): a row of "AuditEntry" can be added, never changed or
-- removed, whoever holds a connection. Written by hand: Prisma's schema has no triggers, so
-- `npm run db:new-migration` sees no change. A later migration that redefines "AuditEntry"
-- (SQLite copies the table and drops the old one, and its triggers with it) must create these
-- again; test/integration/audit-log.test.ts fails if it does not.
--
-- Deleting a user who has audit entries is refused too: the foreign key would set their
-- "actorId" to NULL, which is an update. Users are deactivated, not deleted.

CREATE TRIGGER "AuditEntry_no_update" BEFORE UPDATE ON "AuditEntry"
BEGIN
  SELECT RAISE(ABORT, 'audit log is append-only');
END;

CREATE TRIGGER "AuditEntry_no_delete" BEFORE DELETE ON "AuditEntry"
BEGIN
  SELECT RAISE(ABORT, 'audit log is append-only');
END;
