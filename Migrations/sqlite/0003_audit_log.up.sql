-- 0003 (SQLite): the audit log of PostgreSQL's 0003 for the embedded store: who changed which
-- recorded configuration, when, from which version and status to which, written by triggers on
-- the three tables. As there, a row never holds configuration_data, validation_errors,
-- schema_definition or any other content column: configurations carry secrets, and the log is
-- kept forever.
--
-- Differences from PostgreSQL, each for want of the feature:
-- * No database users: db_user is always ''. Who acted comes from audit_context, a one-row table
--   the recorder upserts at the start of each of its transactions
--   (INSERT INTO audit_context (id, actor) VALUES (1, $1) ON CONFLICT (id) DO UPDATE SET actor = excluded.actor).
--   Unlike PostgreSQL's set_config(..., true) the value outlives the transaction, so the recorder
--   must write it every time, NULL included, or a later change would be credited to the last actor.
-- * No md5: a template's old_version and new_version are NULL rather than an invented stand-in
--   (updated_at would be one, but nothing keeps it current). A row is still written when the
--   schema or the name changes; the schema is compared as minified JSON (json()), which is close
--   to, but not exactly, PostgreSQL's jsonb comparison (key order still counts here).
-- * occurred_at comes from 'now', which SQLite holds still for one statement, so rows written by
--   one statement share it; id keeps their order.
-- * Append-only by BEFORE UPDATE and BEFORE DELETE triggers (SQLite has no TRUNCATE, and a
--   DELETE without WHERE does not skip triggers). Anyone who can write the file can drop the
--   triggers: they stop mistakes, the file's permissions stop people (see 0004).

CREATE TABLE configuration_audit_log (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    occurred_at  TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    db_user      TEXT NOT NULL DEFAULT '',
    actor        TEXT,
    table_name   TEXT NOT NULL,
    operation    TEXT NOT NULL CHECK (operation IN ('INSERT', 'UPDATE', 'DELETE')),
    row_id       INTEGER,
    environment  TEXT,
    service_name TEXT,
    old_version  TEXT,
    new_version  TEXT,
    old_status   TEXT,
    new_status   TEXT
);

CREATE TABLE audit_context (
    id    INTEGER PRIMARY KEY CHECK (id = 1),
    actor TEXT
);

-- One trigger per table and operation (SQLite triggers fire for one event each). An UPDATE
-- that leaves every audited value as it was writes no row, as in PostgreSQL.

CREATE TRIGGER configuration_templates_audit_insert AFTER INSERT ON configuration_templates
BEGIN
    INSERT INTO configuration_audit_log
        (actor, table_name, operation, row_id, environment, service_name,
         old_version, new_version, old_status, new_status)
    VALUES
        ((SELECT nullif(actor, '') FROM audit_context WHERE id = 1),
         'configuration_templates', 'INSERT', NEW.id,
         NULL, NEW.template_name,
         NULL, NULL,
         NULL, NULL);
END;

CREATE TRIGGER configuration_templates_audit_update AFTER UPDATE ON configuration_templates
    WHEN json(OLD.schema_definition) IS NOT json(NEW.schema_definition)
      OR OLD.template_name IS NOT NEW.template_name
BEGIN
    INSERT INTO configuration_audit_log
        (actor, table_name, operation, row_id, environment, service_name,
         old_version, new_version, old_status, new_status)
    VALUES
        ((SELECT nullif(actor, '') FROM audit_context WHERE id = 1),
         'configuration_templates', 'UPDATE', NEW.id,
         NULL, NEW.template_name,
         NULL, NULL,
         NULL, NULL);
END;

CREATE TRIGGER configuration_templates_audit_delete AFTER DELETE ON configuration_templates
BEGIN
    INSERT INTO configuration_audit_log
        (actor, table_name, operation, row_id, environment, service_name,
         old_version, new_version, old_status, new_status)
    VALUES
        ((SELECT nullif(actor, '') FROM audit_context WHERE id = 1),
         'configuration_templates', 'DELETE', OLD.id,
         NULL, OLD.template_name,
         NULL, NULL,
         NULL, NULL);
END;

CREATE TRIGGER environment_configurations_audit_insert AFTER INSERT ON environment_configurations
BEGIN
    INSERT INTO configuration_audit_log
        (actor, table_name, operation, row_id, environment, service_name,
         old_version, new_version, old_status, new_status)
    VALUES
        ((SELECT nullif(actor, '') FROM audit_context WHERE id = 1),
         'environment_configurations', 'INSERT', NEW.id,
         NEW.environment, NEW.service_name,
         NULL, NEW.config_version,
         NULL, coalesce(NEW.validation_status, '') || '/' || coalesce(NEW.deployment_status, ''));
END;

CREATE TRIGGER environment_configurations_audit_update AFTER UPDATE ON environment_configurations
    WHEN OLD.config_version IS NOT NEW.config_version
      OR (coalesce(OLD.validation_status, '') || '/' || coalesce(OLD.deployment_status, ''))
         IS NOT (coalesce(NEW.validation_status, '') || '/' || coalesce(NEW.deployment_status, ''))
      OR OLD.environment IS NOT NEW.environment
      OR OLD.service_name IS NOT NEW.service_name
BEGIN
    INSERT INTO configuration_audit_log
        (actor, table_name, operation, row_id, environment, service_name,
         old_version, new_version, old_status, new_status)
    VALUES
        ((SELECT nullif(actor, '') FROM audit_context WHERE id = 1),
         'environment_configurations', 'UPDATE', NEW.id,
         NEW.environment, NEW.service_name,
         OLD.config_version, NEW.config_version,
         coalesce(OLD.validation_status, '') || '/' || coalesce(OLD.deployment_status, ''),
         coalesce(NEW.validation_status, '') || '/' || coalesce(NEW.deployment_status, ''));
END;

CREATE TRIGGER environment_configurations_audit_delete AFTER DELETE ON environment_configurations
BEGIN
    INSERT INTO configuration_audit_log
        (actor, table_name, operation, row_id, environment, service_name,
         old_version, new_version, old_status, new_status)
    VALUES
        ((SELECT nullif(actor, '') FROM audit_context WHERE id = 1),
         'environment_configurations', 'DELETE', OLD.id,
         OLD.environment, OLD.service_name,
         OLD.config_version, NULL,
         coalesce(OLD.validation_status, '') || '/' || coalesce(OLD.deployment_status, ''),
         NULL);
END;

CREATE TRIGGER configuration_deployments_audit_insert AFTER INSERT ON configuration_deployments
BEGIN
    INSERT INTO configuration_audit_log
        (actor, table_name, operation, row_id, environment, service_name,
         old_version, new_version, old_status, new_status)
    VALUES
        ((SELECT nullif(actor, '') FROM audit_context WHERE id = 1),
         'configuration_deployments', 'INSERT', NEW.id,
         NEW.environment, NEW.service_name,
         NULL, NEW.config_version,
         NULL, NEW.deployment_status);
END;

CREATE TRIGGER configuration_deployments_audit_update AFTER UPDATE ON configuration_deployments
    WHEN OLD.config_version IS NOT NEW.config_version
      OR (OLD.deployment_status) IS NOT (NEW.deployment_status)
      OR OLD.environment IS NOT NEW.environment
      OR OLD.service_name IS NOT NEW.service_name
BEGIN
    INSERT INTO configuration_audit_log
        (actor, table_name, operation, row_id, environment, service_name,
         old_version, new_version, old_status, new_status)
    VALUES
        ((SELECT nullif(actor, '') FROM audit_context WHERE id = 1),
         'configuration_deployments', 'UPDATE', NEW.id,
         NEW.environment, NEW.service_name,
         OLD.config_version, NEW.config_version,
         OLD.deployment_status,
         NEW.deployment_status);
END;

CREATE TRIGGER configuration_deployments_audit_delete AFTER DELETE ON configuration_deployments
BEGIN
    INSERT INTO configuration_audit_log
        (actor, table_name, operation, row_id, environment, service_name,
         old_version, new_version, old_status, new_status)
    VALUES
        ((SELECT nullif(actor, '') FROM audit_context WHERE id = 1),
         'configuration_deployments', 'DELETE', OLD.id,
         OLD.environment, OLD.service_name,
         OLD.config_version, NULL,
         OLD.deployment_status,
         NULL);
END;

CREATE TRIGGER configuration_audit_log_no_update BEFORE UPDATE ON configuration_audit_log
BEGIN
    SELECT RAISE(ABORT, 'configuration_audit_log is append-only');
END;
CREATE TRIGGER configuration_audit_log_no_delete BEFORE DELETE ON configuration_audit_log
BEGIN
    SELECT RAISE(ABORT, 'configuration_audit_log is append-only');
END;
