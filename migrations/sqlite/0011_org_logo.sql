-- An organisation's logo on its public pages and quote PDFs (issue 16).
-- `logo_key` is the upload as sent (JPEG, PNG or WebP, served at
-- `/media/{key}`); `logo_jpeg_key` a small JPEG rendition of it (transparency
-- on white) that the PDF embeds. Both NULL: no logo. The brand colour is
-- `brand_color` (0006).
ALTER TABLE organizations ADD COLUMN logo_key TEXT NULL;
ALTER TABLE organizations ADD COLUMN logo_jpeg_key TEXT NULL;
