-- 0002: the bookkeeping table. One row per applied migration, written by confgate's migration
-- runner (never by these files), including the row for 0001, which ran before this table existed
-- and is recorded right after it is created. The checksum (sha256 of the up file, hex) lets
-- `db migrate` refuse a migration that was edited after it was applied; applied_by and
-- execution_ms are for whoever reads the history of a shared server later.

CREATE TABLE schema_migrations (
    version      INTEGER PRIMARY KEY,
    name         TEXT NOT NULL,
    checksum     CHAR(64) NOT NULL,
    applied_at   TIMESTAMPTZ NOT NULL DEFAULT now(),
    applied_by   TEXT NOT NULL DEFAULT current_user,
    execution_ms INTEGER
);
