-- Undoes 0003 (SQLite): removes the audit triggers from the three tables, then the log (with every
-- line it holds and its append-only triggers) and audit_context. Dropping the table is the one way
-- the append-only triggers allow the log to go.
DROP TRIGGER IF EXISTS configuration_deployments_audit_delete;
DROP TRIGGER IF EXISTS configuration_deployments_audit_update;
DROP TRIGGER IF EXISTS configuration_deployments_audit_insert;
DROP TRIGGER IF EXISTS environment_configurations_audit_delete;
DROP TRIGGER IF EXISTS environment_configurations_audit_update;
DROP TRIGGER IF EXISTS environment_configurations_audit_insert;
DROP TRIGGER IF EXISTS configuration_templates_audit_delete;
DROP TRIGGER IF EXISTS configuration_templates_audit_update;
DROP TRIGGER IF EXISTS configuration_templates_audit_insert;
DROP TABLE IF EXISTS audit_context;
DROP TABLE IF EXISTS configuration_audit_log;
