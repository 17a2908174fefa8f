-- API keys: an organisation's admins create them for integrations calling
-- /api/v1 with `Authorization: Bearer ctz_…`. The secret is shown once; the
-- table keeps its SHA-256 (hex) and the first characters (`prefix`) to tell
-- keys apart. A key acts with its `role`; a revoked key opens nothing.
-- The PostgreSQL twin has the same columns.
CREATE TABLE api_keys (
    id              TEXT   NOT NULL PRIMARY KEY,
    organization_id TEXT   NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    name            TEXT   NOT NULL,
    prefix          TEXT   NOT NULL,
    key_hash        TEXT   NOT NULL,
    role            TEXT   NOT NULL,
    created_by      TEXT   NULL REFERENCES users (id) ON DELETE SET NULL,
    created_at      BIGINT NOT NULL,
    last_used_at    BIGINT NULL,
    revoked_at      BIGINT NULL,
    CONSTRAINT api_keys_hash_key UNIQUE (key_hash),
    CONSTRAINT api_keys_role_check CHECK (role IN ('admin', 'sales'))
);
CREATE INDEX api_keys_org_idx ON api_keys (organization_id, created_at);
