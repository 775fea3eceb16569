-- Portrait 0.1 recorded its migrations in schema_version; Flyway's history (flyway_schema_history)
-- has taken over, and a database that had the old table was baselined at version 1 before this ran.
DROP TABLE IF EXISTS schema_version;

-- Sizes and lengths are what uploads produced, never zero or negative; the API relies on it.
ALTER TABLE photo_variant ADD CONSTRAINT photo_variant_positive CHECK (width > 0 AND height > 0 AND byte_length > 0);
