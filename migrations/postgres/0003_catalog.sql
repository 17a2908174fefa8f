-- Catalog admin: categories, bilingual names and descriptions, verticals,
-- specifications, photos, optimistic-concurrency versions, and prices with
-- validity windows kept as a history (a price row is never changed once in
-- effect, so what a quote used stays what it was).

CREATE TABLE categories (
    id              TEXT    NOT NULL PRIMARY KEY,
    organization_id TEXT    NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    code            TEXT    NOT NULL,
    name_es         TEXT    NOT NULL,
    name_en         TEXT    NOT NULL,
    sort_order      INTEGER NOT NULL DEFAULT 0,
    created_at      BIGINT  NOT NULL,
    CONSTRAINT categories_org_code_key UNIQUE (organization_id, code)
);

-- The four categories every organisation starts with.
INSERT INTO categories (id, organization_id, code, name_es, name_en, sort_order, created_at)
SELECT o.id || '-' || c.code, o.id, c.code, c.name_es, c.name_en, c.sort_order, o.created_at
FROM organizations o CROSS JOIN (
    SELECT 'security' AS code, 'Laminado de seguridad' AS name_es, 'Security laminate' AS name_en, 1 AS sort_order
    UNION ALL SELECT 'solar', 'Control solar', 'Solar control', 2
    UNION ALL SELECT 'decorative', 'Decorativo', 'Decorative', 3
    UNION ALL SELECT 'privacy', 'Privacidad', 'Privacy', 4
) c;

ALTER TABLE products RENAME COLUMN name TO name_es;
ALTER TABLE products ADD COLUMN name_en TEXT NOT NULL DEFAULT '';
ALTER TABLE products ADD COLUMN description_es TEXT NOT NULL DEFAULT '';
ALTER TABLE products ADD COLUMN description_en TEXT NOT NULL DEFAULT '';
ALTER TABLE products ADD COLUMN category_id TEXT NULL REFERENCES categories (id) ON DELETE SET NULL;
-- Comma-separated, sorted: residential,commercial,architectural,automotive.
ALTER TABLE products ADD COLUMN verticals TEXT NOT NULL DEFAULT 'residential,commercial,architectural';
ALTER TABLE products ADD COLUMN vlt_pct TEXT NULL;
ALTER TABLE products ADD COLUMN uv_rejection_pct TEXT NULL;
ALTER TABLE products ADD COLUMN tser_pct TEXT NULL;
ALTER TABLE products ADD COLUMN thickness_mil TEXT NULL;
ALTER TABLE products ADD COLUMN warranty_years INTEGER NULL;
ALTER TABLE products ADD COLUMN finish TEXT NULL;
ALTER TABLE products ADD COLUMN photo_key TEXT NULL;
ALTER TABLE products ADD COLUMN thumb_key TEXT NULL;
ALTER TABLE products ADD COLUMN version BIGINT NOT NULL DEFAULT 1;

UPDATE products SET category_id = organization_id || '-' || CASE product_type
    WHEN 'security' THEN 'security' WHEN 'laminate' THEN 'security'
    WHEN 'solar_control' THEN 'solar' WHEN 'privacy' THEN 'privacy'
    ELSE 'decorative' END;

-- Days are ISO `YYYY-MM-DD` text (they compare as text); both ends inclusive.
CREATE TABLE product_prices (
    id                 TEXT   NOT NULL PRIMARY KEY,
    organization_id    TEXT   NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    product_id         TEXT   NOT NULL REFERENCES products (id) ON DELETE CASCADE,
    material_price     TEXT   NOT NULL,
    installation_price TEXT   NOT NULL,
    valid_from         TEXT   NOT NULL,
    valid_until        TEXT   NULL,
    created_at         BIGINT NOT NULL,
    created_by         TEXT   NULL,
    CONSTRAINT product_prices_window_check CHECK (valid_until IS NULL OR valid_until >= valid_from)
);
CREATE INDEX product_prices_product_idx ON product_prices (organization_id, product_id, valid_from);

-- The prices products had become the first entry of their history.
INSERT INTO product_prices (id, organization_id, product_id, material_price, installation_price, valid_from, valid_until, created_at, created_by)
SELECT id || '-p1', organization_id, id, material_price, installation_price,
       to_char(to_timestamp(created_at / 1000) AT TIME ZONE 'UTC', 'YYYY-MM-DD'), NULL, created_at, NULL
FROM products;

ALTER TABLE products DROP COLUMN material_price;
ALTER TABLE products DROP COLUMN installation_price;
