-- The staff editor (issue 16): how far a sales user may discount a quote by
-- hand, in percent of its subtotal after the volume discount (admins: any
-- amount), and the terms prefilled into every new staff quote (each quote
-- keeps its own copy in its versions' documents).
ALTER TABLE organizations ADD COLUMN max_sales_discount_pct TEXT NOT NULL DEFAULT '10';
ALTER TABLE organizations ADD COLUMN default_terms TEXT NOT NULL DEFAULT '';
