-- Undoes 0003: removes the audit triggers from the three tables, then the log (with every line it
-- holds and its own append-only triggers) and the two trigger functions. Dropping the table is the
-- one way the append-only triggers allow the log to go, and only its owner can do it.
DROP TRIGGER IF EXISTS configuration_deployments_audit ON configuration_deployments;
DROP TRIGGER IF EXISTS environment_configurations_audit ON environment_configurations;
DROP TRIGGER IF EXISTS configuration_templates_audit ON configuration_templates;
DROP TABLE IF EXISTS configuration_audit_log;
DROP FUNCTION IF EXISTS confgate_audit_log_append_only();
DROP FUNCTION IF EXISTS confgate_audit_row();
