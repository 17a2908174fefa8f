//! Quotes as a business keeps them: who asked, for which property, in which
//! state of their lifecycle, and the document a customer sees (the priced
//! rooms with a snapshot of the prices used).
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::account::{MAX_NAME_CHARS, messages, normalize_email};
use crate::catalog::Unit;
use crate::money::Currency;
use crate::names::named_enum;
use crate::pricing::QuoteBreakdown;
use crate::product::{Specs, Vertical};
use crate::quote::QuoteInput;
use crate::validation::FieldErrors;

/// Where a quote is in its life.
///
/// `draft` (sales is preparing it) → `pending` (sent: the customer can see,
/// confirm or reject it until its validity ends) → `confirmed` | `rejected` |
/// `expired`. A quote made by a customer in the public wizard starts pending.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum QuoteStatus {
    Draft,
    Pending,
    Confirmed,
    Rejected,
    Expired,
}
named_enum!(QuoteStatus, "quote status", [
    Draft => "draft", Pending => "pending", Confirmed => "confirmed",
    Rejected => "rejected", Expired => "expired",
]);

impl QuoteStatus {
    /// The customer (or sales on their behalf) may confirm or reject it.
    pub fn awaits_customer(self) -> bool {
        self == QuoteStatus::Pending
    }

    /// Its content may still change (a confirmed quote is a deal: duplicate it instead).
    pub fn is_editable(self) -> bool {
        self != QuoteStatus::Confirmed
    }

    /// Changing it makes a new version the customer sees (it was sent).
    pub fn was_sent(self) -> bool {
        self != QuoteStatus::Draft
    }
}

/// When the customer prefers to be called.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ContactTime {
    #[default]
    Any,
    Morning,
    Afternoon,
    Evening,
}
named_enum!(ContactTime, "contact time", [
    Any => "any", Morning => "morning", Afternoon => "afternoon", Evening => "evening",
]);

/// Who the quote is for and where the film goes.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Contact {
    pub name: String,
    /// International format, `+` and the country code first (`+56 9 1234 5678`).
    pub phone: String,
    #[serde(default)]
    pub email: String,
    /// The property's street address (optional for a car: it comes to the shop).
    #[serde(default)]
    pub address: String,
    /// Commune, district or city.
    #[serde(default)]
    pub commune: String,
    #[serde(default)]
    pub contact_time: ContactTime,
}

/// Field messages of the quote forms; the UI translates these exact texts.
pub mod quote_messages {
    pub const PHONE: &str = "use the international format with the country code, e.g. +56 9 1234 5678";
    pub const NO_OPENINGS: &str = "add at least one opening";
    pub const VERTICAL: &str = "choose residential, commercial or architectural";
    pub const NOT_EDITABLE: &str = "a confirmed quote cannot change; duplicate it instead";
    pub const NOT_PENDING: &str = "this quote no longer waits for an answer";
    pub const REASON_TOO_LONG: &str = "is too long (at most 500 characters)";
}

/// Longest address or commune, in characters.
pub const MAX_ADDRESS_CHARS: usize = 200;
/// Longest rejection reason or note, in characters.
pub const MAX_REASON_CHARS: usize = 500;
/// Days a quote stays valid when the organisation has not said otherwise.
pub const DEFAULT_VALIDITY_DAYS: i64 = 15;

impl Contact {
    /// Trims and checks every field; errors at `contact.<field>`. The phone
    /// comes back as `+` and digits only (what WhatsApp links need).
    pub fn validate(&self) -> Result<Contact, FieldErrors> {
        self.validate_for(Vertical::Residential)
    }

    /// [`Contact::validate`] for a quote of `vertical`: the street address
    /// is required except for automotive (the car comes to the shop).
    pub fn validate_for(&self, vertical: Vertical) -> Result<Contact, FieldErrors> {
        let address_required = vertical != Vertical::Automotive;
        let mut errors = FieldErrors::new();
        let name = self.name.trim();
        if name.is_empty() {
            errors.add("contact.name", messages::REQUIRED);
        } else if name.chars().count() > MAX_NAME_CHARS {
            errors.add("contact.name", messages::TOO_LONG);
        }
        let phone = normalize_phone(&self.phone);
        match &phone {
            None if self.phone.trim().is_empty() => errors.add("contact.phone", messages::REQUIRED),
            None => errors.add("contact.phone", quote_messages::PHONE),
            Some(_) => {}
        }
        let email = if self.email.trim().is_empty() {
            String::new()
        } else {
            normalize_email(&self.email).unwrap_or_else(|message| {
                errors.add("contact.email", message);
                String::new()
            })
        };
        let address = self.address.trim();
        if address.is_empty() {
            if address_required {
                errors.add("contact.address", messages::REQUIRED);
            }
        } else if address.chars().count() > MAX_ADDRESS_CHARS {
            errors.add("contact.address", messages::TOO_LONG);
        }
        let commune = self.commune.trim();
        if commune.chars().count() > MAX_ADDRESS_CHARS {
            errors.add("contact.commune", messages::TOO_LONG);
        }
        errors.into_result(Contact {
            name: name.to_owned(),
            phone: phone.unwrap_or_default(),
            email,
            address: address.to_owned(),
            commune: commune.to_owned(),
            contact_time: self.contact_time,
        })
    }

    /// The phone's digits for `https://wa.me/<digits>`.
    pub fn whatsapp_digits(&self) -> String {
        whatsapp_digits(&self.phone)
    }
}

/// `+56 9 1234-5678` → `+56912345678`: a `+`, then 8 to 15 digits (E.164);
/// spaces, dashes, dots and brackets are dropped. `00` works as `+`.
pub fn normalize_phone(input: &str) -> Option<String> {
    let text = input.trim();
    let rest = text.strip_prefix('+').or_else(|| text.strip_prefix("00"))?;
    let mut digits = String::new();
    for c in rest.chars() {
        match c {
            '0'..='9' => digits.push(c),
            ' ' | '-' | '.' | '(' | ')' => {}
            _ => return None,
        }
    }
    ((8..=15).contains(&digits.len()) && !digits.starts_with('0')).then(|| format!("+{digits}"))
}

/// A phone's digits, as `https://wa.me/<digits>` wants them.
pub fn whatsapp_digits(phone: &str) -> String {
    phone.chars().filter(char::is_ascii_digit).collect()
}

/// What the wizard (or a sales person's editor, or the REST API) submits.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct QuoteRequest {
    pub vertical: Vertical,
    /// `es` or `en`: the language the customer reads the quote in.
    pub language: String,
    pub contact: Contact,
    #[serde(flatten)]
    pub input: QuoteInput,
}

impl QuoteRequest {
    /// The structural checks the catalog is not needed for: contact fields,
    /// the vertical, at least one opening. (Sizes and films are checked by
    /// pricing, against the catalog of the day.) Automotive is refused:
    /// a car's quote is made from its glass ([`crate::plan_automotive`]),
    /// never from rooms typed by hand.
    pub fn validate_contact(&self) -> Result<Contact, FieldErrors> {
        if self.vertical == Vertical::Automotive {
            let mut errors = self.check_contact().err().unwrap_or_default();
            errors.add("vertical", quote_messages::VERTICAL);
            return Err(errors);
        }
        self.check_contact()
    }

    /// [`QuoteRequest::validate_contact`] for any vertical: contact fields
    /// and at least one opening.
    pub fn check_contact(&self) -> Result<Contact, FieldErrors> {
        let mut errors = FieldErrors::new();
        if self.input.rooms.iter().all(|r| r.openings.is_empty()) {
            errors.add("rooms", quote_messages::NO_OPENINGS);
        }
        let contact = match self.contact.validate_for(self.vertical) {
            Ok(c) => Some(c),
            Err(e) => {
                errors.merge(e);
                None
            }
        };
        match contact {
            Some(c) if errors.is_empty() => Ok(c),
            _ => Err(errors),
        }
    }

    /// `es` unless it is `en`.
    pub fn lang(&self) -> &'static str {
        if self.language == "en" { "en" } else { "es" }
    }
}

/// A film as it was priced into a quote version: the snapshot that keeps an
/// issued quote unchanged when the catalog changes later.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PricedFilm {
    pub product_id: String,
    pub sku: String,
    pub name_es: String,
    pub name_en: String,
    pub unit: Unit,
    pub material_price: Decimal,
    pub installation_price: Decimal,
    /// The price-history row the prices came from.
    pub price_id: String,
    #[serde(default)]
    pub specs: Specs,
}

impl PricedFilm {
    pub fn name(&self, lang: &str) -> &str {
        crate::localized(&self.name_es, &self.name_en, lang)
    }
}

/// How the customer can reach the business.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct OrgCard {
    pub slug: String,
    pub name: String,
    #[serde(default)]
    pub phone: String,
    #[serde(default)]
    pub email: String,
    /// The organisation's country (ISO code) when the quote was made: it
    /// names the tax ([`crate::tax_label`]). Empty in older quotes.
    #[serde(default)]
    pub country: String,
}

/// One version of a quote, whole: what the public page, the PDF and the
/// video show. Immutable once written.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct QuoteDocument {
    pub number: String,
    pub version: i64,
    pub vertical: Vertical,
    pub language: String,
    pub currency: Currency,
    /// The day the prices were taken from (`YYYY-MM-DD`).
    pub priced_on: String,
    pub org: OrgCard,
    pub contact: Contact,
    pub input: QuoteInput,
    pub breakdown: QuoteBreakdown,
    /// The films of the lines, by sku, as they were priced.
    pub films: Vec<PricedFilm>,
    /// An automotive quote's vehicle and the glass of each line.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub automotive: Option<crate::AutomotiveDetails>,
}

impl QuoteDocument {
    pub fn film(&self, sku: &str) -> Option<&PricedFilm> {
        self.films.iter().find(|f| f.sku == sku)
    }
}

/// A quote as its viewers see it now: its state and its latest version.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct QuoteView {
    pub id: String,
    pub status: QuoteStatus,
    /// The public page's token (`/p/{token}`).
    pub token: String,
    /// Last day the customer can confirm (inclusive), once sent.
    pub valid_until: Option<String>,
    pub created_at: i64,
    pub updated_at: i64,
    /// When the customer (or sales for them) confirmed or rejected.
    pub decided_at: Option<i64>,
    pub rejection_reason: Option<String>,
    pub customer_id: String,
    pub document: QuoteDocument,
    /// Every version, oldest first (number, when, total).
    pub versions: Vec<VersionSummary>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct VersionSummary {
    pub version: i64,
    pub created_at: i64,
    pub total: Decimal,
}

/// A row of the quotes list.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct QuoteSummary {
    pub id: String,
    pub number: String,
    pub status: QuoteStatus,
    pub vertical: Vertical,
    pub customer_id: String,
    pub customer_name: String,
    pub version: i64,
    pub total: Decimal,
    pub currency: Currency,
    pub valid_until: Option<String>,
    pub created_at: i64,
    pub updated_at: i64,
}

/// A row of the customers list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CustomerSummary {
    pub id: String,
    pub name: String,
    /// E.164 (`+56912345678`).
    pub phone: String,
    pub email: String,
    pub quotes: i64,
    /// When their latest quote was made (unix ms).
    pub last_quote_at: Option<i64>,
}

/// `COT-2026-000123`: the organisation's running number within the year.
pub fn quote_number(year: i32, n: i64) -> String {
    format!("COT-{year}-{n:06}")
}

/// The WhatsApp share link of a public quote page, in the customer's language.
pub fn whatsapp_link(phone_digits: &str, org_name: &str, number: &str, url: &str, lang: &str) -> String {
    let text = if lang == "en" {
        format!("Hello! Here is your quote {number} from {org_name}: {url}")
    } else {
        format!("¡Hola! Aquí está tu cotización {number} de {org_name}: {url}")
    };
    format!("https://wa.me/{phone_digits}?text={}", percent_encode(&text))
}

/// Percent-encodes everything but the URL-safe unreserved characters.
fn percent_encode(text: &str) -> String {
    let mut out = String::with_capacity(text.len() * 3);
    for b in text.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => out.push(b as char),
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::quote::{Opening, OpeningKind, Room};

    fn contact() -> Contact {
        Contact {
            name: " Ana Pérez ".into(),
            phone: "+56 9 1234-5678".into(),
            email: "Ana@Example.com".into(),
            address: "Av. Siempre Viva 742".into(),
            commune: "Ñuñoa".into(),
            contact_time: ContactTime::Morning,
        }
    }

    #[test]
    fn phones_need_the_country_code() {
        assert_eq!(normalize_phone("+56 9 1234-5678").as_deref(), Some("+56912345678"));
        assert_eq!(normalize_phone("0056 (9) 1234.5678").as_deref(), Some("+56912345678"));
        assert_eq!(normalize_phone("9 1234 5678"), None, "no country code");
        assert_eq!(normalize_phone("+56 9 1234 567x"), None);
        assert_eq!(normalize_phone("+123"), None, "too short");
        assert_eq!(normalize_phone("+0123456789"), None, "country codes never start with 0");
    }

    #[test]
    fn a_contact_is_trimmed_and_normalized() {
        let c = contact().validate().expect("valid");
        assert_eq!((c.name.as_str(), c.phone.as_str(), c.email.as_str()), ("Ana Pérez", "+56912345678", "ana@example.com"));
        assert_eq!(c.whatsapp_digits(), "56912345678");
    }

    #[test]
    fn every_bad_contact_field_is_named() {
        let bad = Contact { name: " ".into(), phone: "912345678".into(), email: "nope".into(), address: "".into(), ..contact() };
        let e = bad.validate().expect_err("invalid");
        assert_eq!(e.get("contact.name"), Some(messages::REQUIRED));
        assert_eq!(e.get("contact.phone"), Some(quote_messages::PHONE));
        assert!(e.get("contact.email").is_some());
        assert_eq!(e.get("contact.address"), Some(messages::REQUIRED));
        let car = Contact { address: " ".into(), ..contact() }.validate_for(Vertical::Automotive).expect("a car needs no street address");
        assert_eq!(car.address, "");
        assert!(Contact { address: "x".repeat(MAX_ADDRESS_CHARS + 1), ..contact() }.validate_for(Vertical::Automotive).is_err(), "still not too long");
        let empty_phone = Contact { phone: "".into(), ..contact() }.validate().expect_err("no phone");
        assert_eq!(empty_phone.get("contact.phone"), Some(messages::REQUIRED));
    }

    #[test]
    fn a_request_needs_an_opening_and_a_non_automotive_vertical() {
        let mut request = QuoteRequest {
            vertical: Vertical::Residential,
            language: "es".into(),
            contact: contact(),
            input: QuoteInput { extreme_weather: false, rooms: vec![Room { name: "Living".into(), floor: 1, openings: vec![] }], ..Default::default() },
        };
        assert_eq!(request.validate_contact().expect_err("empty").get("rooms"), Some(quote_messages::NO_OPENINGS));
        request.input.rooms[0].openings.push(Opening {
            kind: OpeningKind::Window,
            width_m: Decimal::ONE,
            height_m: Decimal::ONE,
            quantity: 1,
            sku: "X".into(),
            curved_glass: false,
            difficult_access: false,
        });
        assert!(request.validate_contact().is_ok());
        request.vertical = Vertical::Automotive;
        assert_eq!(request.validate_contact().expect_err("automotive").get("vertical"), Some(quote_messages::VERTICAL));
    }

    #[test]
    fn lifecycle_rules() {
        assert!(QuoteStatus::Pending.awaits_customer());
        assert!(!QuoteStatus::Expired.awaits_customer());
        assert!(!QuoteStatus::Confirmed.is_editable());
        assert!(QuoteStatus::Rejected.is_editable());
        assert!(!QuoteStatus::Draft.was_sent());
        assert_eq!("expired".parse::<QuoteStatus>(), Ok(QuoteStatus::Expired));
    }

    #[test]
    fn numbers_and_whatsapp_links() {
        assert_eq!(quote_number(2026, 123), "COT-2026-000123");
        assert_eq!(
            whatsapp_link("56912345678", "Láminas Sur", "COT-2026-000001", "https://x.cl/p/abc", "es"),
            "https://wa.me/56912345678?text=%C2%A1Hola%21%20Aqu%C3%AD%20est%C3%A1%20tu%20cotizaci%C3%B3n%20COT-2026-000001%20de%20L%C3%A1minas%20Sur%3A%20https%3A%2F%2Fx.cl%2Fp%2Fabc"
        );
        assert!(whatsapp_link("1", "Acme", "N", "u", "en").contains("text=Hello%21%20Here%20is%20your%20quote"));
    }
}
