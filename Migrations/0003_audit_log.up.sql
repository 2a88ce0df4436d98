-- 0003: an append-only audit log of who changed which recorded configuration, when, and from
-- which version and status to which. A trigger on each of the three tables writes it, so no
-- client (confgate or a hand-typed psql session) can change a row without leaving a line here.
--
-- What a row never holds: configuration_data, validation_errors, schema_definition,
-- default_values, validation_rules, encrypted_fields, error_details or any other content column.
-- Configurations carry secrets, and a log that is kept forever and read by everyone with
-- confgate_reader must not become a second copy of them. The trigger function below copies
-- identifiers, versions and statuses only; a template's "version" is a 12-character md5 prefix of
-- its schema (enough to see that it changed, nothing to read back).

CREATE TABLE configuration_audit_log (
    id           BIGSERIAL PRIMARY KEY,
    -- clock_timestamp, not now(): several changes in one transaction keep their real order.
    occurred_at  TIMESTAMPTZ NOT NULL DEFAULT clock_timestamp(),
    -- session_user, not current_user: inside the SECURITY DEFINER trigger current_user is the
    -- function's owner, while session_user is still the role that logged in.
    db_user      TEXT NOT NULL DEFAULT session_user,
    -- Who asked for the change (a CI job, a person), as confgate was told; NULL when unset.
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

-- SECURITY DEFINER so that the roles of 0004 need no INSERT right on the log (and so cannot
-- write invented rows into it): the trigger inserts as the log's owner. A definer function runs
-- with its owner's rights, so its search_path is pinned (pg_catalog first: no caller-created
-- function or operator can stand in for a built-in) and the log is named with its schema,
-- because an unlisted pg_temp is searched first for tables and a caller could otherwise shadow
-- the log with a temporary table of the same name.
CREATE FUNCTION confgate_audit_row() RETURNS trigger
    LANGUAGE plpgsql
    SECURITY DEFINER
    SET search_path = pg_catalog, public
AS $$
DECLARE
    r_id          integer;
    r_env         text;
    r_service     text;
    r_old_env     text;
    r_old_service text;
    r_old_version text;
    r_new_version text;
    r_old_status  text;
    r_new_status  text;
BEGIN
    -- OLD is NULL for an INSERT and NEW for a DELETE; reading only the one that exists keeps
    -- each branch obvious. coalesce in the status: a NULL half must not hide the other half's change.
    IF TG_TABLE_NAME = 'environment_configurations' THEN
        IF TG_OP <> 'INSERT' THEN
            r_id := OLD.id; r_old_env := OLD.environment; r_old_service := OLD.service_name;
            r_old_version := OLD.config_version;
            r_old_status := coalesce(OLD.validation_status, '') || '/' || coalesce(OLD.deployment_status, '');
        END IF;
        IF TG_OP <> 'DELETE' THEN
            r_id := NEW.id; r_env := NEW.environment; r_service := NEW.service_name;
            r_new_version := NEW.config_version;
            r_new_status := coalesce(NEW.validation_status, '') || '/' || coalesce(NEW.deployment_status, '');
        END IF;
    ELSIF TG_TABLE_NAME = 'configuration_deployments' THEN
        IF TG_OP <> 'INSERT' THEN
            r_id := OLD.id; r_old_env := OLD.environment; r_old_service := OLD.service_name;
            r_old_version := OLD.config_version; r_old_status := OLD.deployment_status;
        END IF;
        IF TG_OP <> 'DELETE' THEN
            r_id := NEW.id; r_env := NEW.environment; r_service := NEW.service_name;
            r_new_version := NEW.config_version; r_new_status := NEW.deployment_status;
        END IF;
    ELSIF TG_TABLE_NAME = 'configuration_templates' THEN
        -- A template has no environment; its name goes where a service name goes.
        IF TG_OP <> 'INSERT' THEN
            r_id := OLD.id; r_old_service := OLD.template_name;
            r_old_version := left(md5(OLD.schema_definition::text), 12);
        END IF;
        IF TG_OP <> 'DELETE' THEN
            r_id := NEW.id; r_service := NEW.template_name;
            r_new_version := left(md5(NEW.schema_definition::text), 12);
        END IF;
    ELSE
        RAISE EXCEPTION 'confgate_audit_row is not written for table %', TG_TABLE_NAME;
    END IF;

    -- An UPDATE that leaves every audited value as it was (a re-run that rewrites the same row,
    -- a change to a content column only) is not worth a line. Names are compared too, so that a
    -- renamed row is not silently moved.
    IF TG_OP = 'UPDATE'
       AND r_old_version IS NOT DISTINCT FROM r_new_version
       AND r_old_status IS NOT DISTINCT FROM r_new_status
       AND r_old_env IS NOT DISTINCT FROM r_env
       AND r_old_service IS NOT DISTINCT FROM r_service THEN
        RETURN NULL;
    END IF;

    INSERT INTO public.configuration_audit_log
        (actor, table_name, operation, row_id, environment, service_name,
         old_version, new_version, old_status, new_status)
    VALUES
        -- The recorder sets confgate.actor with set_config(..., true), i.e. for its transaction
        -- only; missing_ok = true gives NULL (or '' once set in the session) when it did not.
        (nullif(current_setting('confgate.actor', true), ''), TG_TABLE_NAME, TG_OP, r_id,
         coalesce(r_env, r_old_env), coalesce(r_service, r_old_service),
         r_old_version, r_new_version, r_old_status, r_new_status);
    RETURN NULL; -- AFTER trigger: the return value is ignored.
END;
$$;

-- Trigger functions are never called directly; nobody needs EXECUTE on it (firing a trigger
-- does not check it).
REVOKE EXECUTE ON FUNCTION confgate_audit_row() FROM PUBLIC;

CREATE TRIGGER configuration_templates_audit
    AFTER INSERT OR UPDATE OR DELETE ON configuration_templates
    FOR EACH ROW EXECUTE FUNCTION confgate_audit_row();
CREATE TRIGGER environment_configurations_audit
    AFTER INSERT OR UPDATE OR DELETE ON environment_configurations
    FOR EACH ROW EXECUTE FUNCTION confgate_audit_row();
CREATE TRIGGER configuration_deployments_audit
    AFTER INSERT OR UPDATE OR DELETE ON configuration_deployments
    FOR EACH ROW EXECUTE FUNCTION confgate_audit_row();

-- Append-only. PUBLIC holds none of these rights unless ALTER DEFAULT PRIVILEGES handed them
-- out; the REVOKE at the end makes sure. The triggers also stop the log's owner (the migrating
-- admin) and superusers from rewriting history by accident. They are no defence against an owner
-- who means it (ALTER TABLE ... DISABLE TRIGGER and DROP TABLE remain possible); server logs and
-- backups are the answer to that.
CREATE FUNCTION confgate_audit_log_append_only() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path = pg_catalog, public
AS $$
BEGIN
    RAISE EXCEPTION 'configuration_audit_log is append-only'
        USING ERRCODE = 'insufficient_privilege',
              HINT = 'rows are added by the audit triggers and never changed or removed';
END;
$$;

REVOKE EXECUTE ON FUNCTION confgate_audit_log_append_only() FROM PUBLIC;

CREATE TRIGGER configuration_audit_log_no_change
    BEFORE UPDATE OR DELETE ON configuration_audit_log
    FOR EACH ROW EXECUTE FUNCTION confgate_audit_log_append_only();
-- TRUNCATE fires no row triggers, so it needs a statement trigger of its own.
CREATE TRIGGER configuration_audit_log_no_truncate
    BEFORE TRUNCATE ON configuration_audit_log
    FOR EACH STATEMENT EXECUTE FUNCTION confgate_audit_log_append_only();

REVOKE UPDATE, DELETE, TRUNCATE ON configuration_audit_log FROM PUBLIC;
