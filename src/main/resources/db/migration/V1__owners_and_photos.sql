-- Owners of photos: users, groups, contact folders and contacts, one table for all kinds.
CREATE TABLE owner (
    owner_key           VARCHAR(36)  NOT NULL PRIMARY KEY,
    tenant_id           VARCHAR(64)  NOT NULL,
    kind                VARCHAR(16)  NOT NULL,
    object_id           VARCHAR(255) NOT NULL,
    parent_key          VARCHAR(36),
    folder_key          VARCHAR(36),
    display_name        VARCHAR(512),
    user_principal_name VARCHAR(512),
    upn_lower           VARCHAR(512),
    mail                VARCHAR(512),
    given_name          VARCHAR(255),
    surname             VARCHAR(255),
    description         VARCHAR(1024),
    created_at          TIMESTAMP    NOT NULL,
    CONSTRAINT owner_object_id UNIQUE (tenant_id, kind, object_id),
    -- A user's contacts and folders, and a folder's contacts, never outlive it.
    CONSTRAINT owner_parent_fk FOREIGN KEY (parent_key) REFERENCES owner (owner_key) ON DELETE CASCADE,
    CONSTRAINT owner_folder_fk FOREIGN KEY (folder_key) REFERENCES owner (owner_key) ON DELETE CASCADE
);
-- Case-insensitive UPN lookups go through the lower-cased copy.
CREATE UNIQUE INDEX owner_upn ON owner (tenant_id, upn_lower);
CREATE INDEX owner_parent ON owner (parent_key, kind);
CREATE INDEX owner_folder ON owner (folder_key);

-- One row per stored size; no bytes here, so listing sizes never reads image data.
CREATE TABLE photo_variant (
    variant_key VARCHAR(36) NOT NULL PRIMARY KEY,
    owner_key   VARCHAR(36) NOT NULL,
    width       INTEGER     NOT NULL,
    height      INTEGER     NOT NULL,
    original    BOOLEAN     NOT NULL,
    etag        VARCHAR(64) NOT NULL,
    byte_length INTEGER     NOT NULL,
    uploaded_at TIMESTAMP   NOT NULL,
    -- Photos are personal data: none may outlive its owner, whatever races the application loses.
    CONSTRAINT photo_variant_owner_fk FOREIGN KEY (owner_key) REFERENCES owner (owner_key) ON DELETE CASCADE
);
CREATE INDEX photo_variant_owner ON photo_variant (owner_key);

-- The JPEG bytes of each variant: bytea on PostgreSQL and H2 alike, no large objects.
CREATE TABLE photo_content (
    variant_key VARCHAR(36) NOT NULL PRIMARY KEY,
    data        BYTEA       NOT NULL,
    CONSTRAINT photo_content_variant_fk FOREIGN KEY (variant_key) REFERENCES photo_variant (variant_key) ON DELETE CASCADE
);
