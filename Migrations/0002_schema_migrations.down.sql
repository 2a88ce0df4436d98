-- Undoes 0002: drops the bookkeeping table. After this the runner sees a database with no
-- recorded migrations, so only 0001's down may follow.
DROP TABLE IF EXISTS schema_migrations;
