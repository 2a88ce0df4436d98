-- 0001: the three tables of the original history design, as designed: columns, defaults and
-- unique constraints unchanged. One fix: the design created its indexes with
-- CREATE INDEX CONCURRENTLY, which cannot run inside a transaction block. These tables are
-- created empty in this same transaction, so nothing can be writing to them and a plain
-- CREATE INDEX takes no lock anyone waits on (docs/database.md, "Indexes").

CREATE TABLE configuration_templates (
    id                SERIAL PRIMARY KEY,
    template_name     VARCHAR(255) NOT NULL,
    template_type     VARCHAR(100) NOT NULL,
    schema_definition JSONB NOT NULL,
    default_values    JSONB,
    validation_rules  JSONB,
    created_at        TIMESTAMP DEFAULT CURRENT_TIMESTAMP,
    updated_at        TIMESTAMP DEFAULT CURRENT_TIMESTAMP,
    UNIQUE (template_name, template_type)
);

CREATE TABLE environment_configurations (
    id                 SERIAL PRIMARY KEY,
    environment        VARCHAR(50) NOT NULL,
    service_name       VARCHAR(255) NOT NULL,
    config_version     VARCHAR(50) NOT NULL,
    configuration_data JSONB NOT NULL,
    encrypted_fields   TEXT[],
    template_id        INTEGER REFERENCES configuration_templates (id),
    validation_status  VARCHAR(20) DEFAULT 'pending',
    validation_errors  JSONB,
    deployment_status  VARCHAR(20) DEFAULT 'pending',
    created_by         VARCHAR(255),
    created_at         TIMESTAMP DEFAULT CURRENT_TIMESTAMP,
    deployed_at        TIMESTAMP,
    UNIQUE (environment, service_name, config_version)
);

CREATE TABLE configuration_deployments (
    id                      SERIAL PRIMARY KEY,
    deployment_id           UUID DEFAULT gen_random_uuid(),
    environment             VARCHAR(50) NOT NULL,
    service_name            VARCHAR(255) NOT NULL,
    config_version          VARCHAR(50) NOT NULL,
    deployment_method       VARCHAR(50) DEFAULT 'automated',
    deployment_status       VARCHAR(20) DEFAULT 'in_progress',
    deployed_by             VARCHAR(255),
    deployment_started_at   TIMESTAMP DEFAULT CURRENT_TIMESTAMP,
    deployment_completed_at TIMESTAMP,
    rollback_version        VARCHAR(50),
    error_details           TEXT,
    UNIQUE (deployment_id)
);

CREATE INDEX idx_env_configs_env_service ON environment_configurations (environment, service_name);
CREATE INDEX idx_env_configs_created_at ON environment_configurations (created_at);
CREATE INDEX idx_deployments_env_service ON configuration_deployments (environment, service_name);
CREATE INDEX idx_deployments_started_at ON configuration_deployments (deployment_started_at);
