-- 0005: compress stored configurations with lz4 instead of PostgreSQL's default pglz.
--
-- A resolved configuration is kilobytes of JSON, so nearly every configuration_data value is
-- compressed into TOAST as it is written, and with pglz that compression was most of the cost of
-- recording: bench/record.sh, 6000 configurations, lint --record took 4.5 s with pglz and 2.8 s
-- with lz4 (the lint alone: 0.8 s). Only new values are affected; rows already stored keep the
-- method they were written with, and PostgreSQL reads both.
--
-- lz4 exists only in servers built with it (Debian's and the PGDG packages are). Elsewhere the
-- ALTER fails with feature_not_supported, and the columns simply keep pglz: a slower store is no
-- reason to refuse the migration.
DO $$
BEGIN
    ALTER TABLE environment_configurations
        ALTER COLUMN configuration_data SET COMPRESSION lz4,
        ALTER COLUMN validation_errors SET COMPRESSION lz4;
EXCEPTION WHEN feature_not_supported THEN
    RAISE NOTICE 'this server has no lz4 compression; configurations stay compressed with pglz';
END
$$;
