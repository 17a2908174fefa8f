-- Vehicles (automotive vertical) and their 360° videos.
--
-- A vehicle belongs to an organisation and, optionally, to a customer.
-- `vin` is stored as typed (upper case), checked by `domain::decode_vin`.
CREATE TABLE vehicles (
    id              TEXT   NOT NULL PRIMARY KEY,
    organization_id TEXT   NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    customer_id     TEXT   NULL REFERENCES customers (id) ON DELETE SET NULL,
    vin             TEXT   NULL,
    make            TEXT   NOT NULL,
    model           TEXT   NOT NULL,
    year            BIGINT NOT NULL,
    body_type       TEXT   NOT NULL,
    plate           TEXT   NOT NULL DEFAULT '',
    colour          TEXT   NOT NULL DEFAULT '',
    created_at      BIGINT NOT NULL,
    updated_at      BIGINT NOT NULL
);
CREATE INDEX vehicles_org_idx ON vehicles (organization_id, created_at DESC);
CREATE INDEX vehicles_org_vin_idx ON vehicles (organization_id, vin);

-- The render queue also runs 360° frame extractions (entity VEHICLE,
-- template `frames-360`), with the provider that did the work, what it
-- cost and how long it took. SQLite cannot change a CHECK constraint in
-- place: the table is rebuilt (nothing references it yet).
CREATE TABLE video_render_jobs_new (
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
    provider          TEXT    NULL,
    cost_usd          TEXT    NULL,
    processing_ms     BIGINT  NULL,
    CONSTRAINT video_render_jobs_unique_key UNIQUE (unique_key),
    CONSTRAINT video_render_jobs_status_check
        CHECK (status IN ('queued', 'running', 'succeeded', 'failed', 'cancelled')),
    CONSTRAINT video_render_jobs_entity_check CHECK (entity_type IN ('QUOTE', 'VEHICLE'))
);
INSERT INTO video_render_jobs_new (id, organization_id, entity_type, entity_id, entity_version, entity_label, template, status, input_snapshot,
    output_key, thumbnail_key, output_bytes, duration_ms, progress, attempts, max_attempts, error_message, error_reason,
    run_at, lease_token, lease_expires_at, heartbeat_at, worker_id, unique_key, retry_of, created_by, created_at,
    started_at, finished_at, updated_at, outputs_deleted_at)
SELECT id, organization_id, entity_type, entity_id, entity_version, entity_label, template, status, input_snapshot,
    output_key, thumbnail_key, output_bytes, duration_ms, progress, attempts, max_attempts, error_message, error_reason,
    run_at, lease_token, lease_expires_at, heartbeat_at, worker_id, unique_key, retry_of, created_by, created_at,
    started_at, finished_at, updated_at, outputs_deleted_at
FROM video_render_jobs;
DROP TABLE video_render_jobs;
ALTER TABLE video_render_jobs_new RENAME TO video_render_jobs;
CREATE INDEX video_render_jobs_org_idx ON video_render_jobs (organization_id, created_at DESC);
CREATE INDEX video_render_jobs_entity_idx ON video_render_jobs (entity_type, entity_id);
CREATE INDEX video_render_jobs_status_idx ON video_render_jobs (status, created_at);
CREATE INDEX video_render_jobs_due_idx ON video_render_jobs (status, run_at);

-- The frames a 360° job extracted (only the winning attempt's are
-- recorded, in the same transaction that marks the job succeeded).
CREATE TABLE video360_frames (
    job_id          TEXT   NOT NULL REFERENCES video_render_jobs (id) ON DELETE CASCADE,
    organization_id TEXT   NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    frame_index     BIGINT NOT NULL,
    frame_count     BIGINT NOT NULL,
    image_key       TEXT   NOT NULL,
    thumbnail_key   TEXT   NOT NULL,
    width           BIGINT NOT NULL,
    height          BIGINT NOT NULL,
    file_size_bytes BIGINT NOT NULL,
    PRIMARY KEY (job_id, frame_index)
);

-- Every attempt at a frame provider (local or external), for costs, daily
-- limits and the providers page.
CREATE TABLE provider_usage (
    id              TEXT   NOT NULL PRIMARY KEY,
    organization_id TEXT   NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    job_id          TEXT   NOT NULL,
    provider        TEXT   NOT NULL,
    cost_usd        TEXT   NOT NULL,
    duration_ms     BIGINT NOT NULL,
    success         BIGINT NOT NULL,
    error_message   TEXT   NULL,
    created_at      BIGINT NOT NULL
);
CREATE INDEX provider_usage_provider_idx ON provider_usage (provider, created_at);
CREATE INDEX provider_usage_job_idx ON provider_usage (job_id);
