-- Render jobs: a quote-summary video asked for by sales (or by sending a
-- quote when VIDEO_RENDER_ON_ISSUE is on). The queue lives here, no broker:
-- a worker claims the oldest due `queued` row by giving it a fresh
-- `lease_token`, keeps `lease_expires_at` ahead with heartbeats, and every
-- write back names its token, so a worker that lost its lease cannot
-- overwrite a newer attempt. A reaper puts expired leases back to `queued`
-- (`run_at` = backoff) or `failed` once `max_attempts` are spent.
-- `unique_key` is set while a job is queued or running (one per quote
-- version and template) and cleared when it ends: a second request for the
-- same version meanwhile gets the same job.
-- `input_snapshot` is the JSON of everything the renderer draws.
-- The PostgreSQL twin has the same columns.
CREATE TABLE video_render_jobs (
    id                TEXT    NOT NULL PRIMARY KEY,
    organization_id   TEXT    NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    entity_type       TEXT    NOT NULL,
    entity_id         TEXT    NOT NULL,
    entity_version    BIGINT  NOT NULL,
    entity_label      TEXT    NOT NULL,
    template          TEXT    NOT NULL,
    status            TEXT    NOT NULL,
    input_snapshot    TEXT    NOT NULL,
    output_key        TEXT    NULL,
    thumbnail_key     TEXT    NULL,
    output_bytes      BIGINT  NULL,
    duration_ms       BIGINT  NULL,
    progress          BIGINT  NOT NULL DEFAULT 0,
    attempts          BIGINT  NOT NULL DEFAULT 0,
    max_attempts      BIGINT  NOT NULL DEFAULT 3,
    error_message     TEXT    NULL,
    error_reason      TEXT    NULL,
    run_at            BIGINT  NOT NULL,
    lease_token       TEXT    NULL,
    lease_expires_at  BIGINT  NULL,
    heartbeat_at      BIGINT  NULL,
    worker_id         TEXT    NULL,
    unique_key        TEXT    NULL,
    retry_of          TEXT    NULL,
    created_by        TEXT    NOT NULL,
    created_at        BIGINT  NOT NULL,
    started_at        BIGINT  NULL,
    finished_at       BIGINT  NULL,
    updated_at        BIGINT  NOT NULL,
    outputs_deleted_at BIGINT NULL,
    CONSTRAINT video_render_jobs_unique_key UNIQUE (unique_key),
    CONSTRAINT video_render_jobs_status_check
        CHECK (status IN ('queued', 'running', 'succeeded', 'failed', 'cancelled')),
    CONSTRAINT video_render_jobs_entity_check CHECK (entity_type IN ('QUOTE'))
);
CREATE INDEX video_render_jobs_org_idx ON video_render_jobs (organization_id, created_at DESC);
CREATE INDEX video_render_jobs_entity_idx ON video_render_jobs (entity_type, entity_id);
CREATE INDEX video_render_jobs_status_idx ON video_render_jobs (status, created_at);
CREATE INDEX video_render_jobs_due_idx ON video_render_jobs (status, run_at);

-- The organisation's colour on its videos (`#rrggbb`); NULL = Cotiza's.
ALTER TABLE organizations ADD COLUMN brand_color TEXT NULL;
