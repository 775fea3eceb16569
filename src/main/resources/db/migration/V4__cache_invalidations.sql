-- What every instance must forget from its in-memory caches after a write on any instance
-- (docs/scaling.md). A writing transaction bumps the counter row and appends rows with the new value:
-- the counter's row lock orders writers, so sequence numbers become visible in increasing order and
-- a reader that has seen number n has seen every committed row up to n.
CREATE TABLE cache_invalidation_counter (
    id    INTEGER NOT NULL PRIMARY KEY,
    last_number BIGINT NOT NULL
);
INSERT INTO cache_invalidation_counter (id, last_number) VALUES (1, 0);

CREATE TABLE cache_invalidation (
    sequence_number BIGINT       NOT NULL,
    kind            VARCHAR(16)  NOT NULL,
    tenant_id       VARCHAR(64),
    cache_key       VARCHAR(64)  NOT NULL,
    created_at      TIMESTAMP    NOT NULL,
    CONSTRAINT cache_invalidation_pk PRIMARY KEY (sequence_number, kind, cache_key)
);
CREATE INDEX cache_invalidation_created ON cache_invalidation (created_at);
