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
-- cost and how long it took.
ALTER TABLE video_render_jobs DROP CONSTRAINT video_render_jobs_entity_check;
ALTER TABLE video_render_jobs ADD CONSTRAINT video_render_jobs_entity_check CHECK (entity_type IN ('QUOTE', 'VEHICLE'));
ALTER TABLE video_render_jobs ADD COLUMN provider TEXT NULL;
ALTER TABLE video_render_jobs ADD COLUMN cost_usd TEXT NULL;
ALTER TABLE video_render_jobs ADD COLUMN processing_ms BIGINT NULL;

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
