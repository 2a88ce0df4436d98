-- Undoes 0005: new values are compressed with the server's default method again.
ALTER TABLE environment_configurations
    ALTER COLUMN configuration_data SET COMPRESSION DEFAULT,
    ALTER COLUMN validation_errors SET COMPRESSION DEFAULT;
