-- Undoes 0004: the policies, row-level security, environment_access, this database's grants to
-- the three roles, and then the roles themselves where that is possible.
--
-- Roles are server-wide. While another database on the same server still grants them anything,
-- DROP ROLE fails with dependent_objects_still_exist; that database still needs them, so they are
-- left in place and only this database's grants are gone. The last database to go down drops
-- them (and with them their memberships, including any login role's GRANT confgate_recorder TO
-- ci_..., which an administrator grants again after the next up). For the same reason the
-- memberships between the three roles are not revoked here: another database may rely on them.

DROP POLICY IF EXISTS confgate_deploy ON configuration_deployments;
DROP POLICY IF EXISTS confgate_read ON configuration_deployments;
DROP POLICY IF EXISTS confgate_deploy_update ON environment_configurations;
DROP POLICY IF EXISTS confgate_record_update ON environment_configurations;
DROP POLICY IF EXISTS confgate_record ON environment_configurations;
DROP POLICY IF EXISTS confgate_read ON environment_configurations;
ALTER TABLE configuration_deployments DISABLE ROW LEVEL SECURITY;
ALTER TABLE environment_configurations DISABLE ROW LEVEL SECURITY;

DROP TABLE IF EXISTS environment_access;

REVOKE USAGE ON SEQUENCE configuration_deployments_id_seq FROM confgate_deployer;
REVOKE UPDATE (deployment_status, deployed_at) ON environment_configurations FROM confgate_deployer;
REVOKE INSERT ON configuration_deployments FROM confgate_deployer;
REVOKE USAGE ON SEQUENCE configuration_templates_id_seq, environment_configurations_id_seq
    FROM confgate_recorder;
REVOKE INSERT, UPDATE ON configuration_templates, environment_configurations FROM confgate_recorder;
REVOKE SELECT ON configuration_templates, environment_configurations, configuration_deployments,
    schema_migrations, configuration_audit_log FROM confgate_reader;

-- Each DROP ROLE in its own block, so that a role another database still uses stays and the others
-- still go.
DO $$
DECLARE
    role_to_drop text;
BEGIN
    FOREACH role_to_drop IN ARRAY ARRAY['confgate_deployer', 'confgate_recorder', 'confgate_reader'] LOOP
        IF EXISTS (SELECT FROM pg_catalog.pg_roles WHERE rolname = role_to_drop) THEN
            BEGIN
                EXECUTE format('DROP ROLE %I', role_to_drop);
            EXCEPTION WHEN dependent_objects_still_exist THEN
                RAISE NOTICE 'role % is kept: another database still grants it rights', role_to_drop;
            END;
        END IF;
    END LOOP;
END
$$;
