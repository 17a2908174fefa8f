use axum::Json;
use axum::body::{Body, to_bytes};
use axum::extract::State;
use domain::{Calculation, PricingContext, price_quote};

use super::{ApiError, parse_quote_request};
use crate::state::AppState;

/// `POST /api/v1/quotations/calculate`: prices a quote for an organisation's
/// public catalog. No login, no side effects. The contract is ../shared/pricing.md.
pub async fn calculate(State(state): State<AppState>, body: Body) -> Result<Json<Calculation>, ApiError> {
    let limit = state.config.max_json_body_bytes;
    let bytes = to_bytes(body, limit).await.map_err(|_| ApiError::TooLarge { limit })?;
    let parsed = parse_quote_request(&bytes).map_err(ApiError::MalformedJson)?;
    let invalid = |fields| ApiError::Invalid { what: "quote", fields };
    let Some(slug) = parsed.org else {
        return Err(invalid(parsed.errors));
    };
    // Priced today; a product without a price today cannot be quoted (like a retired one).
    let pricing = state.pricing.get(&state.db, &slug).await?.ok_or(ApiError::NotFound)?;
    let ctx = PricingContext { currency: pricing.currency, tax_rate: pricing.tax_rate, products: &pricing.products };
    match price_quote(&parsed.input, &ctx) {
        Ok(breakdown) if parsed.errors.is_empty() => Ok(Json(Calculation::from(&breakdown))),
        Ok(_) => Err(invalid(parsed.errors)),
        Err(mut errors) => {
            // What could not be read wins over what its placeholder may have caused.
            errors.merge(parsed.errors);
            Err(invalid(errors))
        }
    }
}
