-- Undoes 0001 (SQLite): drops the three tables (and with them their indexes and every recorded
-- row). AUTOINCREMENT's sqlite_sequence table stays; SQLite owns it and it may not be dropped.
DROP TABLE IF EXISTS configuration_deployments;
DROP TABLE IF EXISTS environment_configurations;
DROP TABLE IF EXISTS configuration_templates;
