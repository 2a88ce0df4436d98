-- 0004: who may read, record and deploy, per environment. Three group roles carry the table
-- rights; environment_access says which login roles (or groups of them) may record or deploy in
-- which environment, and row-level security enforces it on environment_configurations and
-- configuration_deployments. The aim: a CI job's credentials for staging cannot record or deploy
-- a production configuration, even through a hand-typed statement.
--
-- Owners and superusers bypass row-level security (and the admin that runs the migrations owns
-- the tables), so they are not limited by any of this; RLS is enabled, not FORCEd, on purpose,
-- because the owner is the one that migrates and administers environment_access. Give CI jobs
-- and people their own login roles, members of the groups below, never the owner's.

-- Roles belong to the server, not to one database: another database on the same server may have
-- created them already, or may be creating them in a concurrent transaction right now (then
-- CREATE ROLE waits for it and fails with unique_violation instead of duplicate_object). Either
-- way the role exists afterwards, which is all this needs. The admin needs CREATEROLE.
DO $$
BEGIN
    IF NOT EXISTS (SELECT FROM pg_catalog.pg_roles WHERE rolname = 'confgate_reader') THEN
        CREATE ROLE confgate_reader NOLOGIN;
    END IF;
EXCEPTION WHEN duplicate_object OR unique_violation THEN
    NULL;
END
$$;
DO $$
BEGIN
    IF NOT EXISTS (SELECT FROM pg_catalog.pg_roles WHERE rolname = 'confgate_recorder') THEN
        CREATE ROLE confgate_recorder NOLOGIN;
    END IF;
EXCEPTION WHEN duplicate_object OR unique_violation THEN
    NULL;
END
$$;
DO $$
BEGIN
    IF NOT EXISTS (SELECT FROM pg_catalog.pg_roles WHERE rolname = 'confgate_deployer') THEN
        CREATE ROLE confgate_deployer NOLOGIN;
    END IF;
EXCEPTION WHEN duplicate_object OR unique_violation THEN
    NULL;
END
$$;

-- Memberships are server-wide too, and two databases granting the same one at once collide on
-- the catalogue's unique index the same way (granting an existing one is only a notice).
DO $$
BEGIN
    GRANT confgate_reader TO confgate_recorder;
EXCEPTION WHEN unique_violation THEN
    NULL;
END
$$;
DO $$
BEGIN
    GRANT confgate_reader TO confgate_deployer;
EXCEPTION WHEN unique_violation THEN
    NULL;
END
$$;

-- Readers see every recorded row in every environment: reading is not split by environment,
-- only writing is.
GRANT SELECT ON configuration_templates, environment_configurations, configuration_deployments,
    schema_migrations, configuration_audit_log TO confgate_reader;

-- Recorders store templates and validated configuration versions (INSERT ... ON CONFLICT DO
-- UPDATE, hence UPDATE). No DELETE for anyone: the history is only ever added to.
GRANT INSERT, UPDATE ON configuration_templates, environment_configurations TO confgate_recorder;
GRANT USAGE ON SEQUENCE configuration_templates_id_seq, environment_configurations_id_seq
    TO confgate_recorder;

-- Deployers record deployments and mark the deployed configuration version, nothing else of it.
GRANT INSERT ON configuration_deployments TO confgate_deployer;
GRANT UPDATE (deployment_status, deployed_at) ON environment_configurations TO confgate_deployer;
GRANT USAGE ON SEQUENCE configuration_deployments_id_seq TO confgate_deployer;

-- One row per (role, environment). role_name is a login role or any group it belongs to;
-- environment '*' stands for every environment. Only the owner writes it (no one is granted
-- more than SELECT): deciding who may deploy to production is an administrator's act, and the
-- audit log does not cover this table.
CREATE TABLE environment_access (
    role_name   NAME NOT NULL,
    environment VARCHAR(50) NOT NULL,
    can_record  BOOLEAN NOT NULL DEFAULT false,
    can_deploy  BOOLEAN NOT NULL DEFAULT false,
    PRIMARY KEY (role_name, environment)
);
-- The policies below read it as the querying role, so that role must be able to; recorders and
-- deployers get it through their membership in confgate_reader.
GRANT SELECT ON environment_access TO confgate_reader;

-- Row-level security: with it enabled, a role that is not the owner sees and writes only the
-- rows some policy lets through, and a role with no policy at all sees none. Each check joins
-- pg_roles rather than calling pg_has_role on the name directly, because pg_has_role raises an
-- error for a name that is no role (a row left behind after DROP ROLE would otherwise break
-- every write for everyone); a stale row simply matches no one.
ALTER TABLE environment_configurations ENABLE ROW LEVEL SECURITY;
ALTER TABLE configuration_deployments ENABLE ROW LEVEL SECURITY;

-- Reading is not restricted by environment. INSERT ... RETURNING and INSERT ... ON CONFLICT DO
-- UPDATE also need a SELECT policy to pass, so the writers need this one too.
CREATE POLICY confgate_read ON environment_configurations
    FOR SELECT TO confgate_reader, confgate_recorder, confgate_deployer
    USING (true);
CREATE POLICY confgate_read ON configuration_deployments
    FOR SELECT TO confgate_reader, confgate_recorder, confgate_deployer
    USING (true);

CREATE POLICY confgate_record ON environment_configurations
    FOR INSERT TO confgate_recorder
    WITH CHECK (EXISTS (
        SELECT FROM environment_access a JOIN pg_catalog.pg_roles r ON r.rolname = a.role_name
        WHERE a.can_record
          AND a.environment IN (environment_configurations.environment, '*')
          AND pg_catalog.pg_has_role(current_user, r.oid, 'MEMBER')));
-- USING decides which existing rows may be updated (the conflicting row of an upsert included),
-- WITH CHECK what they may become: neither may be in an environment the role may not record.
CREATE POLICY confgate_record_update ON environment_configurations
    FOR UPDATE TO confgate_recorder
    USING (EXISTS (
        SELECT FROM environment_access a JOIN pg_catalog.pg_roles r ON r.rolname = a.role_name
        WHERE a.can_record
          AND a.environment IN (environment_configurations.environment, '*')
          AND pg_catalog.pg_has_role(current_user, r.oid, 'MEMBER')))
    WITH CHECK (EXISTS (
        SELECT FROM environment_access a JOIN pg_catalog.pg_roles r ON r.rolname = a.role_name
        WHERE a.can_record
          AND a.environment IN (environment_configurations.environment, '*')
          AND pg_catalog.pg_has_role(current_user, r.oid, 'MEMBER')));
-- The deployer's column grant already limits what it can change; this limits where.
CREATE POLICY confgate_deploy_update ON environment_configurations
    FOR UPDATE TO confgate_deployer
    USING (EXISTS (
        SELECT FROM environment_access a JOIN pg_catalog.pg_roles r ON r.rolname = a.role_name
        WHERE a.can_deploy
          AND a.environment IN (environment_configurations.environment, '*')
          AND pg_catalog.pg_has_role(current_user, r.oid, 'MEMBER')))
    WITH CHECK (EXISTS (
        SELECT FROM environment_access a JOIN pg_catalog.pg_roles r ON r.rolname = a.role_name
        WHERE a.can_deploy
          AND a.environment IN (environment_configurations.environment, '*')
          AND pg_catalog.pg_has_role(current_user, r.oid, 'MEMBER')));
CREATE POLICY confgate_deploy ON configuration_deployments
    FOR INSERT TO confgate_deployer
    WITH CHECK (EXISTS (
        SELECT FROM environment_access a JOIN pg_catalog.pg_roles r ON r.rolname = a.role_name
        WHERE a.can_deploy
          AND a.environment IN (configuration_deployments.environment, '*')
          AND pg_catalog.pg_has_role(current_user, r.oid, 'MEMBER')));
