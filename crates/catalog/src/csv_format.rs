//! The catalog as a CSV file: how admins bulk-edit their products (export,
//! edit in a spreadsheet, import).
//!
//! # Columns
//!
//! A header row is required. Its names are exactly those of [`COLUMNS`]
//! (surrounding spaces are ignored), in any order:
//!
//! `sku,name_es,name_en,description_es,description_en,category,type,waste_class,unit,verticals,vlt_pct,uv_rejection_pct,tser_pct,thickness_mil,warranty_years,finish,active,sort_order,material_price,installation_price,price_valid_from,price_valid_until`
//!
//! - The [`REQUIRED_COLUMNS`] (`sku`, `name_es`, `type`, `unit`,
//!   `verticals`) must be present; any other column may be left out and its
//!   fields then read as empty. An unknown name is an error, and so is a
//!   name given twice. A column without a name (a trailing `;` that a
//!   spreadsheet added) is ignored, as long as its fields are empty.
//! - `category` is a category *code* (`security`, `solar`…), or empty.
//! - `type`, `waste_class`, `unit` and the verticals use the names of the
//!   JSON (`solar_control`, `m2`, `residential`…); an empty `waste_class`
//!   takes the default of the type.
//! - `verticals` is a list separated by `|`, `;`, `,` or spaces
//!   (`residential|commercial`).
//! - `active` is `true`/`false`, `1`/`0`, `yes`/`no` or `sí`/`si`/`no`, in
//!   any case; empty means `true`.
//! - Decimals other than prices (`vlt_pct`, `thickness_mil`…) may use `,` or
//!   `.` as the decimal separator (`45,50`), with no thousands separator.
//! - Prices are amounts of the organisation's currency, read by
//!   [`domain::read_money`] as a file's ([`NumberSource::File`]): either
//!   convention may be used (`45,50`, `45.50`, `1.234,50`, `1,234.50`,
//!   `$ 18.000`), and a price the two conventions read differently is an
//!   error that names both (`18.000` in USD: 18000 or 18? write `18000` or
//!   `18.00`). In a currency typed without decimals (CLP, COP) `18.000` and
//!   `18,000` are 18000, and exactly three decimals are an error; other
//!   decimals stay (`45,50` pesos per m²), as exports write them.
//! - Prices: when `material_price` and `installation_price` are both empty
//!   the row changes no price (and the two date columns must be empty too);
//!   otherwise both are required, and the price applies from
//!   `price_valid_from` (`YYYY-MM-DD`, empty = today) until
//!   `price_valid_until` (the last day, inclusive; empty = open-ended).
//!
//! # File
//!
//! UTF-8, with or without a byte order mark. The delimiter is `,`, or `;`
//! when the header line has a `;` and no `,` (Spanish spreadsheets). Lines
//! may end in `\n` or `\r\n`; fields with a delimiter, a quote or a line
//! break are quoted with `"` (quotes inside doubled). Lines with nothing but
//! delimiters and spaces are skipped. At most [`MAX_ROWS`] products.
//!
//! [`read_catalog_csv`] reports problems of the header as a [`CsvError`]
//! (nothing can be read), and problems of rows as [`RowError`]s, by line
//! and column, all at once. [`write_catalog_csv`] writes `,`, `\n`, `.`
//! decimals (a price never with exactly three: `12.3450`, so that it cannot
//! read as thousands), verticals joined by `|`, `true`/`false`, no byte
//! order mark; what it writes reads back as the same products.
use std::collections::HashMap;

use domain::{Currency, FieldErrors, NumberSource, PriceInput, PriceRecord, ProductDraft, ProductInput};
use thiserror::Error;

/// The columns, in the order of an export.
pub const COLUMNS: &[&str] = &[
    "sku",
    "name_es",
    "name_en",
    "description_es",
    "description_en",
    "category",
    "type",
    "waste_class",
    "unit",
    "verticals",
    "vlt_pct",
    "uv_rejection_pct",
    "tser_pct",
    "thickness_mil",
    "warranty_years",
    "finish",
    "active",
    "sort_order",
    "material_price",
    "installation_price",
    "price_valid_from",
    "price_valid_until",
];

/// The columns an import must have (the fields every product needs).
pub const REQUIRED_COLUMNS: &[&str] = &["sku", "name_es", "type", "unit", "verticals"];

/// Most data rows a file may have.
pub const MAX_ROWS: usize = 5000;

/// Row messages of the CSV import (besides those of the product and price
/// rules); the UI translates these exact texts.
pub mod csv_messages {
    pub const ACTIVE: &str = "must be true or false";
    pub const DUPLICATE_SKU: &str = "appears more than once in the file";
    pub const PRICE_PAIR: &str = "is required when the other price is given";
    pub const DATE_WITHOUT_PRICE: &str = "needs material_price and installation_price";
    pub const COLUMN_COUNT: &str = "does not have as many fields as the header";
    pub const UNNAMED_COLUMN: &str = "has a value in a column without a name";
}
use csv_messages as cm;

/// One data row of an import, as read (not yet checked against the catalog).
#[derive(Debug, Clone, PartialEq)]
pub struct CsvRow {
    /// 1-based line number in the file where the row starts; the header is line 1.
    pub line: usize,
    /// The `category` column, trimmed; empty for none.
    pub category_code: String,
    /// The product's fields as typed; `category_id` is left empty (the
    /// caller resolves `category_code`).
    pub product: ProductInput,
    /// `None` when both price columns are empty (the row changes no price).
    pub price: Option<PriceInput>,
}

/// A problem with one row: `field` is the column name, or empty when the
/// problem is the row as a whole (its number of fields). Shared with the UI.
pub use domain::RowError;

/// A file that cannot be read at all.
#[derive(Debug, Error, PartialEq)]
pub enum CsvError {
    #[error("the header has no column \"{0}\"")]
    MissingColumn(String),
    #[error("unknown column \"{0}\"")]
    UnknownColumn(String),
    #[error("the file has no products")]
    Empty,
    #[error("the file has more than {max} products")]
    TooManyRows { max: usize },
    #[error("the file is not valid CSV: {0}")]
    Malformed(String),
}

/// Reads a catalog file. Header problems (and a file with no data rows, or
/// too many) are a [`CsvError`]. Every data row is returned, with every
/// problem found in it as a [`RowError`]: a wrong number of fields, an
/// unreadable `active`, a sku already used on an earlier line (compared
/// trimmed and uppercase), one price without the other, dates without a
/// price, and the errors of [`ProductInput::validate`] and
/// [`PriceInput::validate`] (with `today` and the organisation's
/// `currency`), named by their CSV column.
/// Errors are in line order, and in column order within a line.
pub fn read_catalog_csv(text: &str, today: &str, currency: Currency) -> Result<(Vec<CsvRow>, Vec<RowError>), CsvError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(sniff_delimiter(text))
        .from_reader(text.as_bytes());
    let mut lines = LineCounter::new(text);
    let mut record = csv::StringRecord::new();

    let malformed = |e: csv::Error| CsvError::Malformed(e.to_string());
    // The header: the first line that is not blank.
    let header = loop {
        if !reader.read_record(&mut record).map_err(malformed)? {
            return Err(CsvError::Empty);
        }
        if !is_blank(&record) {
            break record.clone();
        }
    };
    let layout = Layout::of(&header)?;

    let mut rows = Vec::new();
    let mut errors = Vec::new();
    let mut first_line_of_sku: HashMap<String, usize> = HashMap::new();
    loop {
        if !reader.read_record(&mut record).map_err(malformed)? {
            break;
        }
        if is_blank(&record) {
            continue;
        }
        if rows.len() == MAX_ROWS {
            return Err(CsvError::TooManyRows { max: MAX_ROWS });
        }
        let line = lines.line_at(record_start(&record));
        let (row, row_errors) = read_row(&layout, &record, line, (today, currency), &mut first_line_of_sku);
        errors.extend(row_errors);
        rows.push(row);
    }
    if rows.is_empty() {
        return Err(CsvError::Empty);
    }
    tracing::debug!(rows = rows.len(), errors = errors.len(), "read catalog CSV");
    Ok((rows, errors))
}

/// The known columns the file's header names (an import leaves the fields
/// of missing columns as they are on existing products).
pub fn present_columns(text: &str) -> Result<Vec<&'static str>, CsvError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(sniff_delimiter(text))
        .from_reader(text.as_bytes());
    let mut record = csv::StringRecord::new();
    loop {
        if !reader.read_record(&mut record).map_err(|e| CsvError::Malformed(e.to_string()))? {
            return Err(CsvError::Empty);
        }
        if !is_blank(&record) {
            let layout = Layout::of(&record)?;
            return Ok(COLUMNS.iter().zip(layout.position).filter(|(_, p)| p.is_some()).map(|(c, _)| *c).collect());
        }
    }
}

/// One product to export.
#[derive(Debug, Clone, Copy)]
pub struct ExportRow<'a> {
    pub category_code: &'a str,
    pub product: &'a ProductDraft,
    /// The price in effect today, exported with its window.
    pub price: Option<&'a PriceRecord>,
}

/// Writes the catalog: the header row of [`COLUMNS`], then one line per
/// product; `,` delimiter, `\n` line ends, `.` decimals, verticals joined
/// by `|`, `active` as `true`/`false`, no byte order mark. Read back by
/// [`read_catalog_csv`], it gives the same products and prices.
pub fn write_catalog_csv(rows: &[ExportRow<'_>]) -> String {
    let mut out = String::new();
    write_line(&mut out, COLUMNS.iter().copied());
    for row in rows {
        let p = row.product.to_input();
        let decimal = |d: rust_decimal::Decimal| {
            let mut d = d.normalize();
            if d.scale() == 3 {
                d.rescale(4);
            }
            d.to_string()
        };
        let (material, installation, from, until) = match row.price {
            Some(price) => (
                decimal(price.material_price),
                decimal(price.installation_price),
                price.valid_from.clone(),
                price.valid_until.clone().unwrap_or_default(),
            ),
            None => Default::default(),
        };
        let verticals = p.verticals.join("|");
        let active = if p.active { "true" } else { "false" };
        // In the order of COLUMNS.
        let fields: [&str; 22] = [
            &p.sku,
            &p.name_es,
            &p.name_en,
            &p.description_es,
            &p.description_en,
            row.category_code,
            &p.product_type,
            &p.waste_class,
            &p.unit,
            &verticals,
            &p.vlt_pct,
            &p.uv_rejection_pct,
            &p.tser_pct,
            &p.thickness_mil,
            &p.warranty_years,
            &p.finish,
            active,
            &p.sort_order,
            &material,
            &installation,
            &from,
            &until,
        ];
        write_line(&mut out, fields.into_iter());
    }
    out
}

/// A cell a spreadsheet would run as a formula (`=`, `+`, `-`, `@`, tab or
/// CR first, and not a plain number) is written with a leading `'`, which
/// spreadsheets show as text; reading strips it again.
fn formula_safe(field: &str) -> std::borrow::Cow<'_, str> {
    let risky = field.starts_with(['=', '+', '-', '@', '\t', '\r'])
        && rust_decimal::Decimal::from_str_exact(field).is_err();
    if risky { format!("'{field}").into() } else { field.into() }
}

fn unguard(field: &str) -> &str {
    match field.strip_prefix('\'') {
        Some(rest) if rest.starts_with(['=', '+', '-', '@', '\t', '\r']) => rest,
        _ => field,
    }
}

fn write_line<'s>(out: &mut String, fields: impl Iterator<Item = &'s str>) {
    for (i, field) in fields.enumerate() {
        if i > 0 {
            out.push(',');
        }
        let field = &*formula_safe(field);
        if field.contains([',', ';', '"', '\n', '\r']) {
            out.push('"');
            out.push_str(&field.replace('"', "\"\""));
            out.push('"');
        } else {
            out.push_str(field);
        }
    }
    out.push('\n');
}

/// `;` when the header line has a `;` and no `,`; otherwise `,`.
fn sniff_delimiter(text: &str) -> u8 {
    let header = text.lines().find(|l| !l.trim().is_empty()).unwrap_or("");
    if header.contains(';') && !header.contains(',') {
        b';'
    } else {
        b','
    }
}

fn is_blank(record: &csv::StringRecord) -> bool {
    record.iter().all(|f| f.trim().is_empty())
}

/// Byte offset where the reader was before the record (the end of the
/// previous one: line breaks and blank lines may follow).
fn record_start(record: &csv::StringRecord) -> usize {
    record.position().map_or(0, |p| p.byte() as usize)
}

/// Line numbers of byte offsets, for offsets met in increasing order.
struct LineCounter<'t> {
    text: &'t str,
    offset: usize,
    line: usize,
}

impl<'t> LineCounter<'t> {
    fn new(text: &'t str) -> Self {
        Self {
            text,
            offset: 0,
            line: 1,
        }
    }

    /// The line of the first character at or after `offset` that is not a
    /// line break (where a record starts).
    fn line_at(&mut self, offset: usize) -> usize {
        let bytes = self.text.as_bytes();
        let mut start = offset.min(bytes.len());
        while start < bytes.len() && matches!(bytes[start], b'\r' | b'\n') {
            start += 1;
        }
        if start > self.offset {
            self.line += bytes[self.offset..start]
                .iter()
                .filter(|&&b| b == b'\n')
                .count();
            self.offset = start;
        }
        self.line
    }
}

/// Which column each field of the header is (`None`: a column without a
/// name), and where each known column is.
struct Layout {
    fields: Vec<Option<usize>>,
    position: [Option<usize>; COLUMNS.len()],
}

impl Layout {
    fn of(header: &csv::StringRecord) -> Result<Self, CsvError> {
        let mut fields = Vec::with_capacity(header.len());
        let mut position = [None; COLUMNS.len()];
        for (i, name) in header.iter().enumerate() {
            let name = name.trim();
            if name.is_empty() {
                fields.push(None);
                continue;
            }
            let Some(column) = COLUMNS.iter().position(|c| *c == name) else {
                return Err(CsvError::UnknownColumn(name.to_owned()));
            };
            if position[column].replace(i).is_some() {
                return Err(CsvError::Malformed(format!(
                    "line 1: column \"{name}\" appears twice"
                )));
            }
            fields.push(Some(column));
        }
        if let Some(missing) = REQUIRED_COLUMNS
            .iter()
            .find(|c| position[column_index(c)].is_none())
        {
            return Err(CsvError::MissingColumn((*missing).to_owned()));
        }
        Ok(Self { fields, position })
    }

    /// The field of `column` in `record`, or empty if the file has no such column.
    fn get<'r>(&self, record: &'r csv::StringRecord, column: &str) -> &'r str {
        unguard(self.position[column_index(column)].and_then(|i| record.get(i)).unwrap_or(""))
    }
}

fn column_index(column: &str) -> usize {
    COLUMNS
        .iter()
        .position(|c| *c == column)
        .unwrap_or(COLUMNS.len())
}

/// `true`/`false`, `1`/`0`, `yes`/`no`, `sí`/`si`/`no`, any case; empty is `true`.
fn parse_active(value: &str) -> Option<bool> {
    match value.trim().to_lowercase().as_str() {
        "" | "true" | "1" | "yes" | "sí" | "si" => Some(true),
        "false" | "0" | "no" => Some(false),
        _ => None,
    }
}

fn split_verticals(value: &str) -> Vec<String> {
    value
        .split(|c: char| matches!(c, '|' | ';' | ',') || c.is_whitespace())
        .filter(|v| !v.is_empty())
        .map(str::to_owned)
        .collect()
}

fn read_row(
    layout: &Layout,
    record: &csv::StringRecord,
    line: usize,
    (today, currency): (&str, Currency),
    first_line_of_sku: &mut HashMap<String, usize>,
) -> (CsvRow, Vec<RowError>) {
    let get = |column: &str| layout.get(record, column);
    let mut e = FieldErrors::new();
    let active = parse_active(get("active"));
    let product = ProductInput {
        sku: get("sku").to_owned(),
        name_es: get("name_es").to_owned(),
        name_en: get("name_en").to_owned(),
        description_es: get("description_es").to_owned(),
        description_en: get("description_en").to_owned(),
        category_id: String::new(),
        product_type: get("type").to_owned(),
        waste_class: get("waste_class").to_owned(),
        unit: get("unit").to_owned(),
        verticals: split_verticals(get("verticals")),
        vlt_pct: get("vlt_pct").to_owned(),
        uv_rejection_pct: get("uv_rejection_pct").to_owned(),
        tser_pct: get("tser_pct").to_owned(),
        thickness_mil: get("thickness_mil").to_owned(),
        warranty_years: get("warranty_years").to_owned(),
        finish: get("finish").to_owned(),
        active: active.unwrap_or(true),
        sort_order: get("sort_order").to_owned(),
    };
    let (material, installation) = (get("material_price"), get("installation_price"));
    let (from, until) = (get("price_valid_from"), get("price_valid_until"));
    let price =
        (!material.trim().is_empty() || !installation.trim().is_empty()).then(|| PriceInput {
            material_price: material.to_owned(),
            installation_price: installation.to_owned(),
            valid_from: from.to_owned(),
            valid_until: until.to_owned(),
            typed: NumberSource::File,
        });

    if record.len() != layout.fields.len() {
        // The fields are out of place: their own rules would only mislead.
        e.add("", cm::COLUMN_COUNT);
    } else {
        let unnamed = layout
            .fields
            .iter()
            .zip(record.iter())
            .any(|(c, v)| c.is_none() && !v.trim().is_empty());
        if unnamed {
            e.add("", cm::UNNAMED_COLUMN);
        }
        if active.is_none() {
            e.add("active", cm::ACTIVE);
        }
        match &price {
            Some(price) => {
                for (column, value) in [
                    ("material_price", material),
                    ("installation_price", installation),
                ] {
                    if value.trim().is_empty() {
                        e.add(column, cm::PRICE_PAIR);
                    }
                }
                if let Err(price_errors) = price.validate(today, currency) {
                    for (path, message) in price_errors.0 {
                        let column = match path.as_str() {
                            "valid_from" => "price_valid_from".to_owned(),
                            "valid_until" => "price_valid_until".to_owned(),
                            _ => path,
                        };
                        e.add(column, message);
                    }
                }
            }
            None => {
                for (column, value) in [("price_valid_from", from), ("price_valid_until", until)] {
                    if !value.trim().is_empty() {
                        e.add(column, cm::DATE_WITHOUT_PRICE);
                    }
                }
            }
        }
        if let Err(product_errors) = product.validate() {
            // ProductInput names its fields like the columns ("type" included).
            for (path, message) in product_errors.0 {
                e.add(path, message);
            }
        }
    }
    let sku = product.sku.trim().to_uppercase();
    if !sku.is_empty() {
        if first_line_of_sku.contains_key(&sku) {
            e.add("sku", cm::DUPLICATE_SKU);
        } else {
            first_line_of_sku.insert(sku.clone(), line);
        }
    }

    let mut errors: Vec<RowError> =
        e.0.into_iter()
            .map(|(field, message)| RowError {
                line,
                sku: sku.clone(),
                field,
                message,
            })
            .collect();
    // The whole row first, then by column.
    errors.sort_by_key(|r| {
        if r.field.is_empty() {
            0
        } else {
            column_index(&r.field) + 1
        }
    });
    let row = CsvRow {
        line,
        category_code: get("category").trim().to_owned(),
        product,
        price,
    };
    (row, errors)
}

#[cfg(test)]
mod formula_tests {
    use super::*;

    #[test]
    fn cells_a_spreadsheet_would_run_are_written_as_text_and_read_back() {
        assert_eq!(formula_safe("=HYPERLINK(\"http://x\")"), "'=HYPERLINK(\"http://x\")");
        assert_eq!(formula_safe("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(formula_safe("+56 9 1234"), "'+56 9 1234");
        assert_eq!(formula_safe("-3"), "-3", "numbers stay numbers");
        assert_eq!(formula_safe("Lámina"), "Lámina");
        assert_eq!(unguard("'=1+1"), "=1+1");
        assert_eq!(unguard("'quoted"), "'quoted", "only a guard is stripped");
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use domain::product_messages as pm;
    use domain::{PriceDraft, ProductType, Specs, Unit, Vertical, WasteClass, messages};
    use rust_decimal::Decimal;

    const TODAY: &str = "2026-11-23";

    fn security_film() -> ProductDraft {
        ProductDraft {
            sku: "SEC-8MIL".into(),
            name_es: "Seguridad 8 mil, transparente".into(),
            name_en: "Security 8 mil".into(),
            description_es: "Retiene los vidrios rotos.\nCertificada \"EN 12600\".".into(),
            description_en: "Holds broken glass; tested".into(),
            category_id: Some("cat-1".into()),
            product_type: ProductType::Security,
            waste_class: WasteClass::Laminate,
            unit: Unit::M2,
            verticals: vec![Vertical::Residential, Vertical::Commercial],
            specs: Specs {
                vlt_pct: Some(Decimal::new(88, 0)),
                uv_rejection_pct: Some(Decimal::new(995, 1)),
                tser_pct: Some(Decimal::new(175, 1)),
                thickness_mil: Some(Decimal::new(8, 0)),
                warranty_years: Some(10),
                finish: Some("clear".into()),
            },
            active: true,
            sort_order: -3,
        }
    }

    fn border() -> ProductDraft {
        ProductDraft {
            sku: "DEC-BORDER".into(),
            name_es: "Cenefa".into(),
            name_en: String::new(),
            description_es: String::new(),
            description_en: String::new(),
            category_id: None,
            product_type: ProductType::Decorative,
            waste_class: WasteClass::Vinyl,
            unit: Unit::M,
            verticals: vec![Vertical::Architectural],
            specs: Specs::default(),
            active: false,
            sort_order: 0,
        }
    }

    fn price_record() -> PriceRecord {
        PriceRecord {
            id: "p1".into(),
            material_price: Decimal::new(45500, 3),
            installation_price: Decimal::new(15, 0),
            valid_from: "2026-11-01".into(),
            valid_until: Some("2026-12-31".into()),
            created_at: 1,
            created_by: None,
        }
    }

    fn error(line: usize, sku: &str, field: &str, message: &str) -> RowError {
        RowError {
            line,
            sku: sku.into(),
            field: field.into(),
            message: message.into(),
        }
    }

    #[test]
    fn export_then_import_gives_the_same_products() {
        let (sec, dec, price) = (security_film(), border(), price_record());
        let text = write_catalog_csv(&[
            ExportRow {
                category_code: "security",
                product: &sec,
                price: Some(&price),
            },
            ExportRow {
                category_code: "",
                product: &dec,
                price: None,
            },
        ]);
        let expected = format!(
            "{}\n{}\n{}\n",
            COLUMNS.join(","),
            "SEC-8MIL,\"Seguridad 8 mil, transparente\",Security 8 mil,\"Retiene los vidrios rotos.\nCertificada \"\"EN 12600\"\".\",\
             \"Holds broken glass; tested\",security,security,laminate,m2,residential|commercial,88,99.5,17.5,8,10,clear,true,-3,\
             45.5,15,2026-11-01,2026-12-31",
            "DEC-BORDER,Cenefa,,,,,decorative,vinyl,m,architectural,,,,,,,false,0,,,,",
        );
        assert_eq!(text, expected);

        let (rows, errors) = read_catalog_csv(&text, TODAY, Currency::Usd).expect("readable");
        assert_eq!(errors, vec![]);
        assert_eq!(rows.len(), 2);
        assert_eq!(
            (rows[0].line, rows[1].line),
            (2, 4),
            "the quoted line break counts"
        );
        assert_eq!(
            (
                rows[0].category_code.as_str(),
                rows[1].category_code.as_str()
            ),
            ("security", "")
        );
        assert_eq!(rows[0].product.category_id, "");
        assert_eq!(
            rows[0].product.validate(),
            Ok(ProductDraft {
                category_id: None,
                ..sec
            })
        );
        assert_eq!(rows[1].product.validate(), Ok(dec));
        let read_price = rows[0].price.as_ref().expect("a price").validate(TODAY, Currency::Usd);
        assert_eq!(
            read_price,
            Ok(PriceDraft {
                material_price: Decimal::new(455, 1),
                installation_price: Decimal::from(15),
                valid_from: "2026-11-01".into(),
                valid_until: Some("2026-12-31".into()),
            })
        );
        assert_eq!(rows[1].price, None);
        assert_eq!(write_catalog_csv(&[]), format!("{}\n", COLUMNS.join(",")));
    }

    #[test]
    fn spanish_spreadsheets_are_read() {
        let text = "\u{feff}sku;name_es;type;unit;verticals;active;category;material_price;installation_price;price_valid_from\r\n\
                    sol-70;\"Control solar\r\n70; neutro\";solar_control;m2;residential|commercial;Sí;solar;45,50;12,5;2026-12-01\r\n\
                    \r\n\
                    ;;;;;;;;;\r\n\
                    PRIV-1;Privacidad;privacy;m;commercial residential;NO;;;;\r\n";
        let (rows, errors) = read_catalog_csv(text, TODAY, Currency::Usd).expect("readable");
        assert_eq!(errors, vec![]);
        assert_eq!(
            rows,
            vec![
                CsvRow {
                    line: 2,
                    category_code: "solar".into(),
                    product: ProductInput {
                        sku: "sol-70".into(),
                        name_es: "Control solar\r\n70; neutro".into(),
                        product_type: "solar_control".into(),
                        unit: "m2".into(),
                        verticals: vec!["residential".into(), "commercial".into()],
                        active: true,
                        ..ProductInput::default()
                    },
                    price: Some(PriceInput {
                        material_price: "45,50".into(),
                        installation_price: "12,5".into(),
                        valid_from: "2026-12-01".into(),
                        valid_until: String::new(),
                        typed: NumberSource::File,
                    }),
                },
                CsvRow {
                    line: 6,
                    category_code: String::new(),
                    product: ProductInput {
                        sku: "PRIV-1".into(),
                        name_es: "Privacidad".into(),
                        product_type: "privacy".into(),
                        unit: "m".into(),
                        verticals: vec!["commercial".into(), "residential".into()],
                        active: false,
                        ..ProductInput::default()
                    },
                    price: None,
                },
            ]
        );
        let price = rows[0]
            .price
            .as_ref()
            .expect("a price")
            .validate(TODAY, Currency::Usd)
            .expect("valid");
        assert_eq!(
            (price.material_price, price.installation_price),
            (Decimal::new(4550, 2), Decimal::new(125, 1))
        );
        let product = rows[0].product.validate().expect("valid");
        assert_eq!(
            (product.sku.as_str(), product.waste_class),
            ("SOL-70", WasteClass::SolarControl)
        );
    }

    #[test]
    fn active_and_verticals_spellings() {
        for (value, expected) in [
            ("", Some(true)),
            (" TRUE ", Some(true)),
            ("1", Some(true)),
            ("Yes", Some(true)),
            ("SÍ", Some(true)),
            ("si", Some(true)),
            ("false", Some(false)),
            ("0", Some(false)),
            ("No", Some(false)),
            ("maybe", None),
            ("2", None),
        ] {
            assert_eq!(parse_active(value), expected, "{value:?}");
        }
        assert_eq!(
            split_verticals(" residential| commercial;automotive, architectural  x "),
            [
                "residential",
                "commercial",
                "automotive",
                "architectural",
                "x"
            ]
        );
        assert_eq!(split_verticals("  "), Vec::<String>::new());
    }

    #[test]
    fn header_problems_stop_the_import() {
        let read = |text: &str| read_catalog_csv(text, TODAY, Currency::Usd).map(|_| ());
        assert_eq!(
            read("name_es,type,unit,verticals\nFilm,vinyl,m2,residential\n"),
            Err(CsvError::MissingColumn("sku".into()))
        );
        assert_eq!(
            read("sku,name_es,type,unit,verticals,colour\nA,Film,vinyl,m2,residential,red\n"),
            Err(CsvError::UnknownColumn("colour".into()))
        );
        assert_eq!(
            read("sku,name_es,type,unit,verticals\nA,Film,vinyl,m2,residential\n")
                .map_err(|e| e.to_string()),
            Ok(()),
            "the optional columns may be left out"
        );
        assert_eq!(
            read(" sku , name_es,type,unit,verticals,,\nA,Film,vinyl,m2,residential,,\n"),
            Ok(()),
            "names are trimmed; columns without a name are ignored"
        );
        assert_eq!(
            read("sku,name_es,type,unit,verticals,sku\nA,Film,vinyl,m2,residential,B\n"),
            Err(CsvError::Malformed(
                "line 1: column \"sku\" appears twice".into()
            ))
        );
        assert_eq!(
            CsvError::MissingColumn("sku".into()).to_string(),
            "the header has no column \"sku\""
        );
        assert_eq!(
            CsvError::UnknownColumn("colour".into()).to_string(),
            "unknown column \"colour\""
        );
        assert_eq!(
            CsvError::TooManyRows { max: MAX_ROWS }.to_string(),
            "the file has more than 5000 products"
        );
    }

    #[test]
    fn row_problems_are_reported_by_line_and_column() {
        let text = "sku,name_es,type,unit,verticals,active,,material_price,installation_price,price_valid_from,price_valid_until\n\
                    SOL-1,Solar 1,solar_control,m2,residential,,,-5,10,,\n\
                    sol-2,Solar 2,solar_control,m2,residential,,,10,10,2026-12-10,2026-12-01\n\
                    \" sol-1 \",Solar 1 again,solar_control,m2,residential,,,,,,\n\
                    SOL-3,Solar 3,tint,m2,residential,,,,,,\n\
                    SOL-4,Solar 4,solar_control,m2,residential,,,10,,,\n\
                    SOL-5,Solar 5,solar_control,m2,residential,maybe,x,,,2026-12-01,\n\
                    SOL-6,Solar 6,solar_control\n\
                    ,,solar_control,m3,,,,,,,\n";
        let (rows, errors) = read_catalog_csv(text, TODAY, Currency::Usd).expect("readable");
        assert_eq!(rows.len(), 8, "rows come back even with errors");
        assert_eq!(
            rows.iter().map(|r| r.line).collect::<Vec<_>>(),
            [2, 3, 4, 5, 6, 7, 8, 9]
        );
        assert_eq!(
            rows[4].price,
            Some(PriceInput {
                material_price: "10".into(),
                typed: NumberSource::File,
                ..PriceInput::default()
            }),
            "half a price is kept as read"
        );
        assert!(
            rows[5].product.active,
            "an unreadable active reads as the default"
        );
        assert_eq!(
            errors,
            vec![
                error(2, "SOL-1", "material_price", pm::NEGATIVE),
                error(3, "SOL-2", "price_valid_until", pm::UNTIL_BEFORE_FROM),
                error(4, "SOL-1", "sku", cm::DUPLICATE_SKU),
                error(5, "SOL-3", "type", messages::CHOICE),
                error(6, "SOL-4", "installation_price", cm::PRICE_PAIR),
                error(7, "SOL-5", "", cm::UNNAMED_COLUMN),
                error(7, "SOL-5", "active", cm::ACTIVE),
                error(7, "SOL-5", "price_valid_from", cm::DATE_WITHOUT_PRICE),
                error(8, "SOL-6", "", cm::COLUMN_COUNT),
                error(9, "", "sku", messages::REQUIRED),
                error(9, "", "name_es", messages::REQUIRED),
                error(9, "", "unit", messages::CHOICE),
                error(9, "", "verticals", pm::VERTICALS),
            ]
        );
    }

    #[test]
    fn at_most_5000_rows() {
        let file = |n: usize| {
            let mut text = String::from("sku,name_es,type,unit,verticals\n");
            for i in 0..n {
                text.push_str(&format!("F-{i},Film {i},vinyl,m2,residential\n"));
            }
            text
        };
        let (rows, errors) = read_catalog_csv(&file(MAX_ROWS), TODAY, Currency::Usd).expect("5000 rows are fine");
        assert_eq!(
            (rows.len(), errors.len(), rows[MAX_ROWS - 1].line),
            (5000, 0, 5001)
        );
        assert_eq!(
            read_catalog_csv(&file(MAX_ROWS + 1), TODAY, Currency::Usd),
            Err(CsvError::TooManyRows { max: 5000 })
        );
    }

    #[test]
    fn a_file_without_products_is_empty() {
        for text in [
            "",
            "\u{feff}",
            "\r\n\r\n",
            " \n",
            "sku,name_es,type,unit,verticals\n",
            "sku;name_es;type;unit;verticals\r\n;;;;\r\n",
        ] {
            assert_eq!(
                read_catalog_csv(text, TODAY, Currency::Usd),
                Err(CsvError::Empty),
                "{text:?}"
            );
        }
        assert_eq!(CsvError::Empty.to_string(), "the file has no products");
    }

    #[test]
    fn prices_read_by_the_currency_and_refused_when_two_readings_differ() {
        let text = "sku,name_es,type,unit,verticals,material_price,installation_price\n\
                    A,Film,solar_control,m2,residential,18.000,\"$ 7,000\"\n\
                    B,Film,solar_control,m2,residential,1.234.567,\"45,50\"\n\
                    C,Film,solar_control,m2,residential,\"1,234.567\",0\n";
        let (rows, errors) = read_catalog_csv(text, TODAY, Currency::Clp).expect("readable");
        let a = rows[0].price.as_ref().expect("a price").validate(TODAY, Currency::Clp).expect("pesos");
        assert_eq!((a.material_price, a.installation_price), (Decimal::from(18000), Decimal::from(7000)));
        let b = rows[1].price.as_ref().expect("a price").validate(TODAY, Currency::Clp).expect("pesos per m²");
        assert_eq!((b.material_price, b.installation_price), (Decimal::from(1234567), Decimal::new(455, 1)));
        assert_eq!(errors.len(), 1, "{errors:?}");
        assert_eq!((errors[0].line, errors[0].field.as_str()), (4, "material_price"));
        assert_eq!(errors[0].message, "CLP has no decimals: “1,234.567” was read as 1234.567");

        let (_, errors) = read_catalog_csv(text, TODAY, Currency::Usd).expect("readable");
        assert_eq!(errors.len(), 2, "only the first line reads two ways in dollars: {errors:?}");
        assert_eq!((errors[0].line, errors[0].field.as_str()), (2, "material_price"));
        assert_eq!(errors[0].message, "“18.000” could be US$18.00 or US$18,000.00: type 18.00 or 18000");
        assert_eq!((errors[1].line, errors[1].field.as_str()), (2, "installation_price"));
        assert_eq!(errors[1].message, "“$ 7,000” could be US$7,000.00 or US$7.00: type 7000 or 7.00");
    }

    #[test]
    fn a_price_with_three_decimals_is_exported_so_that_it_reads_back() {
        let draft = ProductInput {
            sku: "P-1".into(),
            name_es: "Film".into(),
            product_type: "solar_control".into(),
            unit: "m2".into(),
            verticals: vec!["residential".into()],
            active: true,
            ..ProductInput::default()
        }
        .validate()
        .expect("valid");
        let price = PriceRecord {
            id: "p".into(),
            material_price: Decimal::new(12345, 3),
            installation_price: Decimal::from(1000),
            valid_from: TODAY.into(),
            valid_until: None,
            created_at: 0,
            created_by: None,
        };
        let text = write_catalog_csv(&[ExportRow { category_code: "", product: &draft, price: Some(&price) }]);
        assert!(text.contains(",12.3450,1000,"), "{text}");
        let (rows, errors) = read_catalog_csv(&text, TODAY, Currency::Usd).expect("readable");
        assert_eq!(errors, vec![]);
        let read = rows[0].price.as_ref().expect("a price").validate(TODAY, Currency::Usd).expect("valid");
        assert_eq!((read.material_price, read.installation_price), (Decimal::new(12345, 3), Decimal::from(1000)));
    }
}
