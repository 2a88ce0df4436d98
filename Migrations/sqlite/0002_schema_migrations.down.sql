-- Undoes 0002 (SQLite): drops the bookkeeping table.
DROP TABLE IF EXISTS schema_migrations;
