//! CSV import (preview, then all-or-nothing apply) and export of a catalog.
use std::collections::HashMap;

use domain::{
    Category, ImportAction, ImportPreview, ImportRowPreview, PriceDraft, Product, ProductInput, RowError,
};
use store::{ImportCounts, ImportItem, User, changed_fields};

use crate::csv_format::{ExportRow, present_columns, read_catalog_csv, write_catalog_csv};
use crate::{Catalog, CatalogError, require_admin, today};

/// Message of a row naming a category the organisation does not have.
pub const UNKNOWN_CATEGORY: &str = "is not one of the organisation's category codes";

impl Catalog {
    /// What importing `text` would do, with every row error; writes nothing (admins).
    pub async fn preview_import(&self, actor: &User, text: &str) -> Result<ImportPreview, CatalogError> {
        require_admin(actor)?;
        Ok(self.plan(actor, text).await?.0)
    }

    /// Imports `text` if it has no error at all, in one transaction (admins).
    pub async fn apply_import(&self, actor: &User, text: &str) -> Result<ImportCounts, CatalogError> {
        require_admin(actor)?;
        let (preview, items) = self.plan(actor, text).await?;
        if let Some(first) = preview.errors.first() {
            let message = format!(
                "{} error(s); the first on line {}, {}: {}",
                preview.errors.len(),
                first.line,
                if first.field.is_empty() { "row" } else { first.field.as_str() },
                first.message
            );
            return Err(CatalogError::field("file", message));
        }
        let counts = self.db.apply_import(actor, &items).await?;
        tracing::info!(org = %actor.organization_id, created = counts.created, updated = counts.updated, prices = counts.prices, "catalog imported");
        Ok(counts)
    }

    /// The whole catalog (retired products included) as CSV, priced today.
    pub async fn export_csv(&self, actor: &User) -> Result<String, CatalogError> {
        let org = &actor.organization_id;
        let products = self.db.products(org, &today(), false).await?;
        let categories = self.db.categories(org).await?;
        let drafts: Vec<_> = products.iter().map(Product::draft).collect();
        let rows: Vec<ExportRow<'_>> = products
            .iter()
            .zip(&drafts)
            .map(|(p, draft)| ExportRow {
                category_code: category_code(&categories, p.category_id.as_deref()),
                product: draft,
                price: p.price.as_ref(),
            })
            .collect();
        Ok(write_catalog_csv(&rows))
    }

    async fn plan(&self, actor: &User, text: &str) -> Result<(ImportPreview, Vec<ImportItem>), CatalogError> {
        let org = &actor.organization_id;
        let day = today();
        let present = present_columns(text)?;
        let currency = self.db.org(org).await?.currency;
        let (rows, mut errors) = read_catalog_csv(text, &day, currency)?;
        let categories = self.db.categories(org).await?;
        let existing: HashMap<String, Product> =
            self.db.products(org, &day, false).await?.into_iter().map(|p| (p.sku.clone(), p)).collect();
        let mut preview = ImportPreview::default();
        let mut items = Vec::new();
        for row in rows {
            let sku = row.product.sku.trim().to_uppercase();
            if errors.iter().any(|e| e.line == row.line) {
                continue;
            }
            let row_error = |field: &str, message: String| RowError { line: row.line, sku: sku.clone(), field: field.to_owned(), message };
            let mut input = row.product.clone();
            let current = existing.get(&sku);
            if let Some(current) = current {
                input = merge(current.draft().to_input(), input, &present);
            }
            if present.contains(&"category") {
                input.category_id = match row.category_code.trim() {
                    "" => String::new(),
                    code => match categories.iter().find(|c| c.code.eq_ignore_ascii_case(code)) {
                        Some(c) => c.id.clone(),
                        None => {
                            errors.push(row_error("category", UNKNOWN_CATEGORY.to_owned()));
                            continue;
                        }
                    },
                };
            }
            let draft = match input.validate() {
                Ok(d) => d,
                Err(fields) => {
                    errors.extend(fields.0.into_iter().map(|(f, m)| row_error(&f, m)));
                    continue;
                }
            };
            let price = match &row.price {
                Some(p) => match p.validate(&day, currency) {
                    Ok(p) => new_price(current, p, &day),
                    Err(fields) => {
                        let column = |f: &str| if f.starts_with("valid_") { format!("price_{f}") } else { f.to_owned() };
                        errors.extend(fields.0.into_iter().map(|(f, m)| row_error(&column(&f), m)));
                        continue;
                    }
                },
                None => None,
            };
            let (action, changes, existing_ref) = match current {
                None => (ImportAction::Create, Vec::new(), None),
                Some(c) => {
                    let changes: Vec<String> = changed_fields(&c.draft(), &draft).into_iter().map(str::to_owned).collect();
                    let action = if changes.is_empty() { ImportAction::Unchanged } else { ImportAction::Update };
                    (action, changes, Some((c.id.clone(), c.version)))
                }
            };
            preview.rows.push(ImportRowPreview {
                line: row.line,
                sku: sku.clone(),
                action,
                changes,
                new_price: price.as_ref().map(describe),
            });
            items.push(ImportItem {
                existing: existing_ref,
                draft: (action != ImportAction::Unchanged).then_some(draft),
                price,
            });
        }
        errors.sort_by_key(|e| e.line);
        preview.errors = errors;
        Ok((preview, items))
    }
}

fn category_code<'a>(categories: &'a [Category], id: Option<&str>) -> &'a str {
    id.and_then(|id| categories.iter().find(|c| c.id == id)).map(|c| c.code.as_str()).unwrap_or("")
}

/// The stored fields, with those of the file's columns laid over them.
fn merge(stored: ProductInput, file: ProductInput, present: &[&str]) -> ProductInput {
    let has = |c: &str| present.contains(&c);
    let pick = |c: &str, stored: String, file: String| if has(c) { file } else { stored };
    ProductInput {
        sku: file.sku,
        name_es: pick("name_es", stored.name_es, file.name_es),
        name_en: pick("name_en", stored.name_en, file.name_en),
        description_es: pick("description_es", stored.description_es, file.description_es),
        description_en: pick("description_en", stored.description_en, file.description_en),
        category_id: stored.category_id,
        product_type: pick("type", stored.product_type, file.product_type),
        waste_class: if has("waste_class") { file.waste_class } else { stored.waste_class },
        unit: pick("unit", stored.unit, file.unit),
        verticals: if has("verticals") { file.verticals } else { stored.verticals },
        vlt_pct: pick("vlt_pct", stored.vlt_pct, file.vlt_pct),
        uv_rejection_pct: pick("uv_rejection_pct", stored.uv_rejection_pct, file.uv_rejection_pct),
        tser_pct: pick("tser_pct", stored.tser_pct, file.tser_pct),
        thickness_mil: pick("thickness_mil", stored.thickness_mil, file.thickness_mil),
        warranty_years: pick("warranty_years", stored.warranty_years, file.warranty_years),
        finish: pick("finish", stored.finish, file.finish),
        active: if has("active") { file.active } else { stored.active },
        sort_order: pick("sort_order", stored.sort_order, file.sort_order),
    }
}

/// The price a row adds: none when the product already has exactly this
/// price (an exported file re-imported changes nothing). A changed price
/// dated in the past starts today: the past stays as it was — so a price
/// whose window ended before today adds nothing.
fn new_price(current: Option<&Product>, mut p: PriceDraft, today: &str) -> Option<PriceDraft> {
    if p.valid_until.as_deref().is_some_and(|until| until < today) {
        return None;
    }
    let same = |r: &domain::PriceRecord| {
        r.material_price == p.material_price
            && r.installation_price == p.installation_price
            && (r.valid_from == p.valid_from || (p.valid_from.as_str() <= today && r.applies_on(today)))
            && r.valid_until == p.valid_until
    };
    let known = current.is_some_and(|c| c.price.as_ref().is_some_and(same) || c.next_price.as_ref().and_then(|n| n.price.as_ref()).is_some_and(same));
    if known {
        return None;
    }
    if p.valid_from.as_str() < today {
        p.valid_from = today.to_owned();
    }
    Some(p)
}

fn describe(p: &PriceDraft) -> String {
    let until = p.valid_until.as_deref().map(|u| format!(" – {u}")).unwrap_or_default();
    format!("{} + {} · {}{until}", p.material_price, p.installation_price, p.valid_from)
}
