/**
 * The SQLite migrations table, exactly as the schema engine creates it
 * (captured from the wasm engine's own `applyMigrations` on an empty database).
 *
 * Why we need it: the SQLite flavour of the wasm engine reads
 * `_prisma_migrations` before checking that it exists. Through a driver
 * adapter the "no such table" error reaches it as an opaque external error, so
 * `diagnoseMigrationHistory` / `devDiagnostic` fail with P1014 on a fresh
 * database instead of reporting "no migrations table". PostgreSQL is not
 * affected (its flavour recognises the error).
 */
export const SQLITE_MIGRATIONS_TABLE_DDL = `CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
    "id"                    TEXT PRIMARY KEY NOT NULL,
    "checksum"              TEXT NOT NULL,
    "finished_at"           DATETIME,
    "migration_name"        TEXT NOT NULL,
    "logs"                  TEXT,
    "rolled_back_at"        DATETIME,
    "started_at"            DATETIME NOT NULL DEFAULT current_timestamp,
    "applied_steps_count"   INTEGER UNSIGNED NOT NULL DEFAULT 0
);`

export const MIGRATIONS_TABLE_NAME = '_prisma_migrations'
