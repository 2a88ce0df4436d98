-- 0001 (SQLite): the three tables of PostgreSQL's 0001 for the embedded store, same names,
-- columns, defaults, unique constraints, foreign key and indexes, so that the store's statements
-- are written once for both. Where SQLite lacks a type the column holds text in a fixed form:
--   JSONB                -> TEXT holding JSON (CHECK json_valid, as jsonb rejects what is not JSON;
--                           json_valid(NULL) is 0, hence the IS NULL on nullable columns)
--   TEXT[]               -> TEXT holding a JSON array (of strings, by the recorder's convention;
--                           a CHECK cannot look inside it without a subquery)
--   TIMESTAMP            -> TEXT, ISO 8601 in UTC with milliseconds ('2024-05-01T12:00:00.000Z'),
--                           which sorts in time order as text
--   UUID                 -> TEXT, a random version-4 UUID in lowercase, as gen_random_uuid gives
--   VARCHAR(n)           -> TEXT with CHECK (length(...) <= n): PostgreSQL refuses longer
--                           values, and a value one backend accepts the other must not refuse
-- The foreign key is only enforced on connections that run PRAGMA foreign_keys = ON, which the
-- store does when it opens the file (the pragma is a no-op inside a transaction, so it cannot
-- live here). The indexes are plain, not CONCURRENTLY, for the same reason as PostgreSQL's: the
-- tables are new and empty (and SQLite has no CONCURRENTLY).

CREATE TABLE configuration_templates (
    id                INTEGER PRIMARY KEY AUTOINCREMENT,
    template_name     TEXT NOT NULL CHECK (length(template_name) <= 255),
    template_type     TEXT NOT NULL CHECK (length(template_type) <= 100),
    schema_definition TEXT NOT NULL CHECK (json_valid(schema_definition)),
    default_values    TEXT CHECK (default_values IS NULL OR json_valid(default_values)),
    validation_rules  TEXT CHECK (validation_rules IS NULL OR json_valid(validation_rules)),
    created_at        TEXT DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    updated_at        TEXT DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    UNIQUE (template_name, template_type)
);

CREATE TABLE environment_configurations (
    id                 INTEGER PRIMARY KEY AUTOINCREMENT,
    environment        TEXT NOT NULL CHECK (length(environment) <= 50),
    service_name       TEXT NOT NULL CHECK (length(service_name) <= 255),
    config_version     TEXT NOT NULL CHECK (length(config_version) <= 50),
    configuration_data TEXT NOT NULL CHECK (json_valid(configuration_data)),
    encrypted_fields   TEXT CHECK (encrypted_fields IS NULL
                                   OR (json_valid(encrypted_fields) AND json_type(encrypted_fields) = 'array')),
    template_id        INTEGER REFERENCES configuration_templates (id),
    validation_status  TEXT DEFAULT 'pending' CHECK (length(validation_status) <= 20),
    validation_errors  TEXT CHECK (validation_errors IS NULL OR json_valid(validation_errors)),
    deployment_status  TEXT DEFAULT 'pending' CHECK (length(deployment_status) <= 20),
    created_by         TEXT CHECK (length(created_by) <= 255),
    created_at         TEXT DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    deployed_at        TEXT,
    UNIQUE (environment, service_name, config_version)
);

CREATE TABLE configuration_deployments (
    id                      INTEGER PRIMARY KEY AUTOINCREMENT,
    -- 8-4-4-4-12 hex digits from randomblob, with the version nibble set to 4 and the variant
    -- nibble to one of 8, 9, a, b, so that it is a valid v4 UUID like PostgreSQL's.
    deployment_id           TEXT DEFAULT (
        lower(hex(randomblob(4))) || '-' ||
        lower(hex(randomblob(2))) || '-' ||
        '4' || substr(lower(hex(randomblob(2))), 2) || '-' ||
        substr('89ab', 1 + (abs(random()) % 4), 1) || substr(lower(hex(randomblob(2))), 2) || '-' ||
        lower(hex(randomblob(6)))),
    environment             TEXT NOT NULL CHECK (length(environment) <= 50),
    service_name            TEXT NOT NULL CHECK (length(service_name) <= 255),
    config_version          TEXT NOT NULL CHECK (length(config_version) <= 50),
    deployment_method       TEXT DEFAULT 'automated' CHECK (length(deployment_method) <= 50),
    deployment_status       TEXT DEFAULT 'in_progress' CHECK (length(deployment_status) <= 20),
    deployed_by             TEXT CHECK (length(deployed_by) <= 255),
    deployment_started_at   TEXT DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    deployment_completed_at TEXT,
    rollback_version        TEXT CHECK (length(rollback_version) <= 50),
    error_details           TEXT,
    UNIQUE (deployment_id)
);

CREATE INDEX idx_env_configs_env_service ON environment_configurations (environment, service_name);
CREATE INDEX idx_env_configs_created_at ON environment_configurations (created_at);
CREATE INDEX idx_deployments_env_service ON configuration_deployments (environment, service_name);
CREATE INDEX idx_deployments_started_at ON configuration_deployments (deployment_started_at);
