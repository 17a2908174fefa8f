-- Automotive quotes: the vehicle a quote is for, and what each
-- organisation changes of the automotive defaults (glass sizes, packages,
-- the legal minimum VLT of front side windows).

-- The vehicle of an automotive quote (its document keeps a snapshot; this
-- column finds a vehicle's quotes and its 360° spin). A deleted vehicle
-- leaves its quotes, without the link.
ALTER TABLE quotes ADD COLUMN vehicle_id TEXT NULL REFERENCES vehicles (id) ON DELETE SET NULL;
CREATE INDEX quotes_vehicle_idx ON quotes (organization_id, vehicle_id);

-- The least visible light (%) front side windows may let through; NULL:
-- no warning.
ALTER TABLE organizations ADD COLUMN min_front_vlt BIGINT NULL
    CONSTRAINT organizations_min_front_vlt_check CHECK (min_front_vlt IS NULL OR min_front_vlt BETWEEN 1 AND 100);

-- An organisation's size of one glass of one body type, replacing the
-- default (`crates/domain/data/glass_templates.csv`). Metres as decimal text.
CREATE TABLE org_glass_templates (
    organization_id TEXT   NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    body_type       TEXT   NOT NULL,
    position        TEXT   NOT NULL,
    width_m         TEXT   NOT NULL,
    height_m        TEXT   NOT NULL,
    updated_at      BIGINT NOT NULL,
    CONSTRAINT org_glass_templates_pkey PRIMARY KEY (organization_id, body_type, position)
);

-- An organisation's package: replaces the default of the same code or adds
-- one; no positions hides the default. `positions`: comma-separated codes.
CREATE TABLE org_packages (
    organization_id TEXT   NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    code            TEXT   NOT NULL,
    name_es         TEXT   NOT NULL,
    name_en         TEXT   NOT NULL DEFAULT '',
    positions       TEXT   NOT NULL,
    updated_at      BIGINT NOT NULL,
    CONSTRAINT org_packages_pkey PRIMARY KEY (organization_id, code)
);
