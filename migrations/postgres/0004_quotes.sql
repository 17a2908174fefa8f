-- Quotes: customers, the property and its rooms and openings (the quote's
-- working copy), the quote with its lifecycle, and immutable versions with
-- the lines and the prices they used (a snapshot: later catalog changes
-- never alter an issued quote). The PostgreSQL twin has the same columns.

ALTER TABLE organizations ADD COLUMN phone TEXT NOT NULL DEFAULT '';
ALTER TABLE organizations ADD COLUMN contact_email TEXT NOT NULL DEFAULT '';
ALTER TABLE organizations ADD COLUMN quote_validity_days BIGINT NOT NULL DEFAULT 15;

CREATE TABLE customers (
    id              TEXT   NOT NULL PRIMARY KEY,
    organization_id TEXT   NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    name            TEXT   NOT NULL,
    -- E.164 (`+56912345678`); the wizard finds a returning customer by it.
    phone           TEXT   NOT NULL,
    email           TEXT   NOT NULL DEFAULT '',
    created_at      BIGINT NOT NULL,
    updated_at      BIGINT NOT NULL
);
CREATE INDEX customers_org_phone_idx ON customers (organization_id, phone);
CREATE INDEX customers_org_name_idx ON customers (organization_id, name);

CREATE TABLE properties (
    id              TEXT   NOT NULL PRIMARY KEY,
    organization_id TEXT   NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    customer_id     TEXT   NOT NULL REFERENCES customers (id) ON DELETE CASCADE,
    address         TEXT   NOT NULL,
    commune         TEXT   NOT NULL DEFAULT '',
    created_at      BIGINT NOT NULL,
    updated_at      BIGINT NOT NULL
);
CREATE INDEX properties_org_customer_idx ON properties (organization_id, customer_id);

CREATE TABLE rooms (
    id              TEXT    NOT NULL PRIMARY KEY,
    organization_id TEXT    NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    property_id     TEXT    NOT NULL REFERENCES properties (id) ON DELETE CASCADE,
    position        INTEGER NOT NULL,
    name            TEXT    NOT NULL,
    floor           INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX rooms_property_idx ON rooms (organization_id, property_id, position);

CREATE TABLE openings (
    id               TEXT    NOT NULL PRIMARY KEY,
    organization_id  TEXT    NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    room_id          TEXT    NOT NULL REFERENCES rooms (id) ON DELETE CASCADE,
    position         INTEGER NOT NULL,
    kind             TEXT    NOT NULL,
    width_m          TEXT    NOT NULL,
    height_m         TEXT    NOT NULL,
    quantity         INTEGER NOT NULL,
    sku              TEXT    NOT NULL,
    curved_glass     BOOLEAN NOT NULL DEFAULT FALSE,
    difficult_access BOOLEAN NOT NULL DEFAULT FALSE,
    CONSTRAINT openings_kind_check CHECK (kind IN ('window', 'door', 'sliding_door', 'shower_enclosure', 'partition', 'skylight'))
);
CREATE INDEX openings_room_idx ON openings (organization_id, room_id, position);

-- The organisation's running quote number per year (COT-2026-000123).
CREATE TABLE quote_counters (
    organization_id TEXT    NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    year            INTEGER NOT NULL,
    last_number     BIGINT  NOT NULL,
    PRIMARY KEY (organization_id, year)
);

CREATE TABLE quotes (
    id               TEXT    NOT NULL PRIMARY KEY,
    organization_id  TEXT    NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    number           TEXT    NOT NULL,
    customer_id      TEXT    NOT NULL REFERENCES customers (id),
    property_id      TEXT    NOT NULL REFERENCES properties (id),
    vertical         TEXT    NOT NULL,
    language         TEXT    NOT NULL DEFAULT 'es',
    status           TEXT    NOT NULL,
    -- The public page's capability (/p/{token}): 256 random bits, base64url.
    token            TEXT    NOT NULL,
    current_version  BIGINT  NOT NULL DEFAULT 1,
    extreme_weather  BOOLEAN NOT NULL DEFAULT FALSE,
    contact_time     TEXT    NOT NULL DEFAULT 'any',
    -- Total and currency of the current version, for lists.
    total            TEXT    NOT NULL,
    currency         TEXT    NOT NULL,
    -- Last day the customer can confirm (inclusive); set when sent.
    valid_until      TEXT    NULL,
    issued_at        BIGINT  NULL,
    decided_at       BIGINT  NULL,
    decision_reason  TEXT    NULL,
    -- 'wizard' (the customer), 'staff' or 'api'.
    source           TEXT    NOT NULL,
    created_by       TEXT    NULL,
    created_at       BIGINT  NOT NULL,
    updated_at       BIGINT  NOT NULL,
    CONSTRAINT quotes_org_number_key UNIQUE (organization_id, number),
    CONSTRAINT quotes_token_key UNIQUE (token),
    CONSTRAINT quotes_status_check CHECK (status IN ('draft', 'pending', 'confirmed', 'rejected', 'expired')),
    CONSTRAINT quotes_vertical_check CHECK (vertical IN ('residential', 'commercial', 'architectural', 'automotive'))
);
CREATE INDEX quotes_org_created_idx ON quotes (organization_id, created_at);
CREATE INDEX quotes_org_status_idx ON quotes (organization_id, status);
CREATE INDEX quotes_org_customer_idx ON quotes (organization_id, customer_id);
CREATE INDEX quotes_status_valid_idx ON quotes (status, valid_until);

-- A version is written once and never changed: the document the customer
-- saw (rooms, prices, totals) as JSON, and its totals as columns.
CREATE TABLE quote_versions (
    id              TEXT   NOT NULL PRIMARY KEY,
    organization_id TEXT   NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    quote_id        TEXT   NOT NULL REFERENCES quotes (id) ON DELETE CASCADE,
    version         BIGINT NOT NULL,
    document        TEXT   NOT NULL,
    subtotal        TEXT   NOT NULL,
    discount        TEXT   NOT NULL,
    tax             TEXT   NOT NULL,
    total           TEXT   NOT NULL,
    created_by      TEXT   NULL,
    created_at      BIGINT NOT NULL,
    CONSTRAINT quote_versions_quote_version_key UNIQUE (quote_id, version)
);

-- The lines of each version with the product and the price row they used.
-- Products used here are deactivated instead of deleted.
CREATE TABLE quote_lines (
    id                 TEXT    NOT NULL PRIMARY KEY,
    organization_id    TEXT    NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    quote_id           TEXT    NOT NULL REFERENCES quotes (id) ON DELETE CASCADE,
    version            BIGINT  NOT NULL,
    position           INTEGER NOT NULL,
    room_name          TEXT    NOT NULL,
    kind               TEXT    NOT NULL,
    product_id         TEXT    NOT NULL REFERENCES products (id),
    price_id           TEXT    NOT NULL REFERENCES product_prices (id),
    sku                TEXT    NOT NULL,
    material_price     TEXT    NOT NULL,
    installation_price TEXT    NOT NULL,
    qty                TEXT    NOT NULL,
    total              TEXT    NOT NULL
);
CREATE INDEX quote_lines_quote_idx ON quote_lines (organization_id, quote_id, version, position);
CREATE INDEX quote_lines_product_idx ON quote_lines (organization_id, product_id);
