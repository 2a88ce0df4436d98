-- Undoes 0001: drops the three tables (and with them their indexes and every recorded row).
DROP TABLE IF EXISTS configuration_deployments;
DROP TABLE IF EXISTS environment_configurations;
DROP TABLE IF EXISTS configuration_templates;
