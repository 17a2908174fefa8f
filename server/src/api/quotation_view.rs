//! The JSON shapes of `/api/v1/quotations`: every money figure a decimal
//! string with the currency's minor digits, the lines and totals exactly as
//! `POST /quotations/calculate` gives them (the same `domain::Calculation`).
use domain::{Calculation, Contact, Currency, QuoteStatus, QuoteSummary, QuoteView, Room, Unit, Vertical};
use quotes::QuoteList;
use serde::Serialize;

/// One quote: its state, its public link and its current version.
#[derive(Debug, Serialize)]
pub struct QuotationView {
    pub id: String,
    pub number: String,
    pub status: QuoteStatus,
    /// The current version (a sent quote's every change makes a new one).
    pub version: i64,
    pub vertical: Vertical,
    pub language: String,
    pub currency: Currency,
    pub customer_id: String,
    /// The property whose rooms (`/properties/{id}/rooms`) are this quote's.
    pub property_id: String,
    /// The customer's page is `/p/{token}`.
    pub token: String,
    pub public_url: String,
    pub valid_until: Option<String>,
    pub created_at: i64,
    pub updated_at: i64,
    pub decided_at: Option<i64>,
    pub rejection_reason: Option<String>,
    pub document: DocumentView,
    pub versions: Vec<VersionView>,
}

/// The current version's content and its price.
#[derive(Debug, Serialize)]
pub struct DocumentView {
    pub version: i64,
    /// The day the prices were taken from.
    pub priced_on: String,
    pub contact: Contact,
    pub extreme_weather: bool,
    pub rooms: Vec<Room>,
    /// The films of the lines as they were priced.
    pub films: Vec<FilmView>,
    #[serde(flatten)]
    pub price: Calculation,
    /// An automotive quote's vehicle, the glass of each line (`positions[j]`
    /// is line `j`), the packages chosen and the legal-tint warnings.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub automotive: Option<domain::AutomotiveDetails>,
}

#[derive(Debug, Serialize)]
pub struct FilmView {
    pub sku: String,
    pub name_es: String,
    pub name_en: String,
    pub unit: Unit,
    pub material_price: String,
    pub installation_price: String,
}

#[derive(Debug, Serialize)]
pub struct VersionView {
    pub version: i64,
    pub created_at: i64,
    pub total: String,
}

impl QuotationView {
    pub fn of(view: QuoteView, property_id: String, origin: &str) -> QuotationView {
        let d = view.document;
        let money = |amount| d.currency.format_plain(amount);
        let public_url = format!("{}/p/{}", origin.trim_end_matches('/'), view.token);
        QuotationView {
            id: view.id,
            number: d.number.clone(),
            status: view.status,
            version: d.version,
            vertical: d.vertical,
            language: d.language.clone(),
            currency: d.currency,
            customer_id: view.customer_id,
            property_id,
            token: view.token,
            public_url,
            valid_until: view.valid_until,
            created_at: view.created_at,
            updated_at: view.updated_at,
            decided_at: view.decided_at,
            rejection_reason: view.rejection_reason,
            versions: view
                .versions
                .iter()
                .map(|v| VersionView { version: v.version, created_at: v.created_at, total: money(v.total) })
                .collect(),
            document: DocumentView {
                version: d.version,
                priced_on: d.priced_on.clone(),
                contact: d.contact.clone(),
                extreme_weather: d.input.extreme_weather,
                rooms: d.input.rooms.clone(),
                films: d
                    .films
                    .iter()
                    .map(|f| FilmView {
                        sku: f.sku.clone(),
                        name_es: f.name_es.clone(),
                        name_en: f.name_en.clone(),
                        unit: f.unit,
                        material_price: money(f.material_price),
                        installation_price: money(f.installation_price),
                    })
                    .collect(),
                price: Calculation::from(&d.breakdown),
                automotive: d.automotive.clone(),
            },
        }
    }
}

/// `GET /quotations`: the rows and, for the same filters but any status,
/// the count and total of each status.
#[derive(Debug, Serialize)]
pub struct QuotationList {
    pub quotations: Vec<QuotationSummary>,
    pub by_status: Vec<StatusTotalView>,
}

#[derive(Debug, Serialize)]
pub struct QuotationSummary {
    pub id: String,
    pub number: String,
    pub status: QuoteStatus,
    pub vertical: Vertical,
    pub customer_id: String,
    pub customer_name: String,
    pub version: i64,
    pub total: String,
    pub currency: Currency,
    pub valid_until: Option<String>,
    pub created_at: i64,
    pub updated_at: i64,
}

#[derive(Debug, Serialize)]
pub struct StatusTotalView {
    pub status: QuoteStatus,
    pub count: usize,
    pub total: String,
}

impl QuotationList {
    pub fn of(list: QuoteList, currency: Currency) -> QuotationList {
        QuotationList {
            quotations: list.quotes.into_iter().map(QuotationSummary::from).collect(),
            by_status: list
                .by_status
                .into_iter()
                .map(|s| StatusTotalView { status: s.status, count: s.count, total: currency.format_plain(s.total) })
                .collect(),
        }
    }
}

impl From<QuoteSummary> for QuotationSummary {
    fn from(q: QuoteSummary) -> Self {
        QuotationSummary {
            total: q.currency.format_plain(q.total),
            id: q.id,
            number: q.number,
            status: q.status,
            vertical: q.vertical,
            customer_id: q.customer_id,
            customer_name: q.customer_name,
            version: q.version,
            currency: q.currency,
            valid_until: q.valid_until,
            created_at: q.created_at,
            updated_at: q.updated_at,
        }
    }
}
