-- The audit log is append-only (issue 11): a row of "AuditEntry" can be added, never changed or
-- removed, whoever holds a connection. Written by hand: Prisma's schema has no triggers, so
-- `npm run db:new-migration` sees no change. The SQLite twin has the same triggers except
-- TRUNCATE, which SQLite does not have (its DELETE without a WHERE fires the delete trigger).
--
-- Deleting a user who has audit entries is refused too: the foreign key would set their
-- "actorId" to NULL, which is an update. Users are deactivated, not deleted.
--
-- No semicolon may appear in this file except between statements: the PostgreSQL driver adapter
-- that runs migrations here (docs/decisions/0002) splits a script at every one, also inside
-- quotes and comments. So the function body is an escape string, with \073 for the semicolon
-- that ends its RAISE statement, instead of the usual dollar-quoted body.

CREATE FUNCTION "audit_entry_append_only"() RETURNS trigger LANGUAGE plpgsql
  AS E'BEGIN RAISE EXCEPTION ''audit log is append-only''\073 END';

CREATE TRIGGER "AuditEntry_no_update" BEFORE UPDATE ON "AuditEntry"
  FOR EACH ROW EXECUTE FUNCTION "audit_entry_append_only"();

CREATE TRIGGER "AuditEntry_no_delete" BEFORE DELETE ON "AuditEntry"
  FOR EACH ROW EXECUTE FUNCTION "audit_entry_append_only"();

CREATE TRIGGER "AuditEntry_no_truncate" BEFORE TRUNCATE ON "AuditEntry"
  FOR EACH STATEMENT EXECUTE FUNCTION "audit_entry_append_only"();
