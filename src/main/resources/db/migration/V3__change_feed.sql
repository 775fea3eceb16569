-- The photo change feed (docs/links-and-changes.md). Every transaction that changes a user's or
-- group's photo or the owner itself takes the next number of its tenant's counter as its last
-- statement and records the owners it touched under that number. The counter row stays locked
-- until commit, so a tenant's changes commit in the order of their numbers and a reader that has
-- seen number n has seen every change up to n.
CREATE TABLE change_counter (
    tenant_id      VARCHAR(64) NOT NULL PRIMARY KEY,
    last_seq       BIGINT      NOT NULL,
    -- Changes up to this number have been pruned: a delta token older than it is answered 410.
    pruned_through BIGINT      NOT NULL
);

CREATE TABLE owner_change (
    tenant_id  VARCHAR(64)  NOT NULL,
    seq        BIGINT       NOT NULL,
    -- The owner's Graph id and kind, kept so that a deleted owner can still be reported as removed.
    kind       VARCHAR(16)  NOT NULL,
    object_id  VARCHAR(255) NOT NULL,
    changed_at TIMESTAMP    NOT NULL,
    CONSTRAINT owner_change_pk PRIMARY KEY (tenant_id, seq, kind, object_id)
);
CREATE INDEX owner_change_kind ON owner_change (tenant_id, kind, seq);
CREATE INDEX owner_change_time ON owner_change (changed_at);
