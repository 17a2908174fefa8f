-- Organisations (tenants) and their film catalog.
-- Portable types: ids are TEXT UUIDs, money and rates are exact decimal TEXT
-- (the pricing engine does all arithmetic with rust_decimal), times are BIGINT
-- unix milliseconds. The PostgreSQL twin of this file has the same columns.
CREATE TABLE organizations (
    id               TEXT    NOT NULL PRIMARY KEY,
    slug             TEXT    NOT NULL,
    name             TEXT    NOT NULL,
    country          TEXT    NOT NULL,
    currency         TEXT    NOT NULL,
    tax_rate         TEXT    NOT NULL,
    default_language TEXT    NOT NULL DEFAULT 'es',
    created_at       BIGINT  NOT NULL,
    updated_at       BIGINT  NOT NULL,
    CONSTRAINT organizations_slug_key UNIQUE (slug),
    CONSTRAINT organizations_currency_check CHECK (currency IN ('USD', 'EUR', 'CLP', 'MXN', 'COP')),
    CONSTRAINT organizations_language_check CHECK (default_language IN ('es', 'en'))
);

CREATE TABLE products (
    id                 TEXT    NOT NULL PRIMARY KEY,
    organization_id    TEXT    NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    sku                TEXT    NOT NULL,
    name               TEXT    NOT NULL,
    product_type       TEXT    NOT NULL,
    unit               TEXT    NOT NULL,
    waste_class        TEXT    NOT NULL,
    material_price     TEXT    NOT NULL,
    installation_price TEXT    NOT NULL,
    active             BOOLEAN NOT NULL DEFAULT TRUE,
    sort_order         INTEGER NOT NULL DEFAULT 0,
    created_at         BIGINT  NOT NULL,
    updated_at         BIGINT  NOT NULL,
    CONSTRAINT products_org_sku_key UNIQUE (organization_id, sku),
    CONSTRAINT products_unit_check CHECK (unit IN ('m2', 'm')),
    CONSTRAINT products_waste_class_check CHECK (waste_class IN ('laminate', 'vinyl', 'solar_control')),
    CONSTRAINT products_type_check CHECK (product_type IN ('laminate', 'vinyl', 'solar_control', 'privacy', 'decorative', 'security'))
);

CREATE INDEX products_org_active_idx ON products (organization_id, active, sort_order);
