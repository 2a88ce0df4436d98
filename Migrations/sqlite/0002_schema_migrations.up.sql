-- 0002 (SQLite): the bookkeeping table, as PostgreSQL's 0002: one row per applied migration,
-- written by confgate's migration runner (0001's row right after this table exists). The
-- checksum (sha256 of the up file, hex) lets `db migrate` refuse an edited applied migration.
-- SQLite has no database users, so applied_by is whatever the runner writes (empty by default).

CREATE TABLE schema_migrations (
    version      INTEGER PRIMARY KEY,
    name         TEXT NOT NULL,
    checksum     TEXT NOT NULL CHECK (length(checksum) = 64),
    applied_at   TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    applied_by   TEXT NOT NULL DEFAULT '',
    execution_ms INTEGER
);
