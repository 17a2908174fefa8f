//! Prices a request against the organisation's catalog of a day and builds
//! the document to keep: the breakdown plus a snapshot of every film used.
use domain::{
    CheckedVehicle, FieldErrors, OrgCard, PricedFilm, PricedProduct, PricingContext, Product, QuoteDocument, QuoteRequest, QuoteStatus,
    add_days, price_quote,
};
use store::{Db, LineSource, NewQuote, Organization, User};

use crate::error::QuotesError;
use crate::{token, year_of};

/// A priced, validated request: the document and where each line's price came from.
pub(crate) struct Priced {
    pub document: QuoteDocument,
    pub sources: Vec<LineSource>,
}

impl Priced {
    /// A quote made by staff (`staff`, or `api` for an API key): a draft,
    /// or sent at once (pending, valid for the organisation's days) when `send`.
    pub(crate) fn staff_quote(self, org: &Organization, actor: &User, today: &str, send: bool, new_vehicle: Option<CheckedVehicle>) -> NewQuote {
        NewQuote {
            status: if send { QuoteStatus::Pending } else { QuoteStatus::Draft },
            valid_until: if send { add_days(today, org.quote_validity_days) } else { None },
            source: if actor.is_api_key() { "api" } else { "staff" },
            ..self.wizard_quote(org, today, new_vehicle)
        }
    }

    /// A customer's quote from the public wizard: pending at once, valid
    /// for the organisation's days.
    pub(crate) fn wizard_quote(self, org: &Organization, today: &str, new_vehicle: Option<CheckedVehicle>) -> NewQuote {
        NewQuote {
            document: self.document,
            sources: self.sources,
            status: QuoteStatus::Pending,
            token: token::generate(),
            valid_until: add_days(today, org.quote_validity_days),
            source: "wizard",
            year: year_of(today),
            new_vehicle,
        }
    }
}

/// Validates `request` whole (contact and every opening, all errors at
/// once) and prices it with the prices in effect on `day`.
pub(crate) async fn price_request(db: &Db, org: &Organization, request: &QuoteRequest, day: &str) -> Result<Priced, QuotesError> {
    let products = db.products(&org.id, day, true).await?;
    price_with(org, &products, request, day)
}

pub(crate) fn price_with(org: &Organization, products: &[Product], request: &QuoteRequest, day: &str) -> Result<Priced, QuotesError> {
    if let Err(errors) = request.validate_contact()
        && errors.get("vertical").is_some()
    {
        return Err(QuotesError::Invalid(errors));
    }
    price_checked(org, products, request, day)
}

/// [`price_with`] for any vertical, automotive included (whose input is
/// planned from its glass, never typed as rooms).
pub(crate) fn price_checked(org: &Organization, products: &[Product], request: &QuoteRequest, day: &str) -> Result<Priced, QuotesError> {
    let mut errors = FieldErrors::new();
    let contact = request.check_contact().map_err(|e| errors.merge(e)).ok();
    // Only films offered for the request's vertical, with a price that day.
    let offered: Vec<&Product> = products.iter().filter(|p| p.verticals.contains(&request.vertical)).collect();
    let priced: Vec<PricedProduct> = offered.iter().filter_map(|p| p.priced()).collect();
    let ctx = PricingContext { currency: org.currency, tax_rate: org.tax_rate, products: &priced };
    let breakdown = price_quote(&request.input, &ctx).map_err(|e| errors.merge(e)).ok();
    let (Some(contact), Some(breakdown)) = (contact, breakdown) else {
        return Err(QuotesError::Invalid(errors));
    };
    if !errors.is_empty() {
        return Err(QuotesError::Invalid(errors));
    }
    let mut films: Vec<PricedFilm> = Vec::new();
    let mut sources = Vec::with_capacity(breakdown.lines.len());
    for line in &breakdown.lines {
        // price_quote only prices skus it found, so the product and its price exist.
        let product = offered.iter().find(|p| p.sku == line.sku).ok_or(QuotesError::NotFound)?;
        let price = product.price.as_ref().ok_or(QuotesError::NotFound)?;
        sources.push(LineSource { product_id: product.id.clone(), price_id: price.id.clone() });
        if !films.iter().any(|f| f.sku == product.sku) {
            films.push(PricedFilm {
                product_id: product.id.clone(),
                sku: product.sku.clone(),
                name_es: product.name_es.clone(),
                name_en: product.name_en.clone(),
                unit: product.unit,
                material_price: price.material_price,
                installation_price: price.installation_price,
                price_id: price.id.clone(),
                specs: product.specs.clone(),
            });
        }
    }
    let document = QuoteDocument {
        number: String::new(),
        version: 1,
        vertical: request.vertical,
        language: request.lang().to_owned(),
        currency: org.currency,
        priced_on: day.to_owned(),
        org: OrgCard {
            slug: org.slug.clone(),
            name: org.name.clone(),
            phone: org.phone.clone(),
            email: org.contact_email.clone(),
            country: org.country.clone(),
        },
        contact,
        input: request.input.clone(),
        breakdown,
        films,
        automotive: None,
    };
    Ok(Priced { document, sources })
}

