//! The organisation's rules for staff quotes: how far a sales user may
//! discount by hand (admins: any amount) and the default terms.
use domain::{FieldErrors, QuoteBreakdown, read_decimal};
use rust_decimal::Decimal;
use store::{QuotePolicy, User};

use crate::{Quotes, QuotesError};

/// Longest default terms, in characters (as a quote's own terms).
pub const MAX_TERMS_CHARS: usize = domain::MAX_QUOTE_TEXT_CHARS;

impl Quotes {
    /// The policy of the actor's organisation (any staff role: the editor prefills the terms).
    pub async fn quote_policy(&self, actor: &User) -> Result<QuotePolicy, QuotesError> {
        Ok(self.db.quote_policy(&actor.organization_id).await?)
    }

    /// Admins only: the sales limit as typed (`10`, `12,5`; 0 to 100) and
    /// the default terms (at most [`MAX_TERMS_CHARS`]). Errors at
    /// `max_sales_discount_pct` and `default_terms`.
    pub async fn set_quote_policy(&self, actor: &User, max_pct: &str, terms: &str) -> Result<QuotePolicy, QuotesError> {
        if !actor.role.is_admin() {
            return Err(QuotesError::Forbidden);
        }
        let mut errors = FieldErrors::new();
        let pct = match read_decimal(max_pct.trim(), Decimal::ONE_HUNDRED) {
            Ok(p) if p >= Decimal::ZERO && p <= Decimal::ONE_HUNDRED => p,
            _ => {
                errors.add("max_sales_discount_pct", "must be a number from 0 to 100");
                Decimal::ZERO
            }
        };
        let terms = terms.trim().replace("\r\n", "\n");
        if terms.chars().count() > MAX_TERMS_CHARS {
            errors.add("default_terms", format!("must be at most {MAX_TERMS_CHARS} characters"));
        }
        errors.into_result(()).map_err(QuotesError::Invalid)?;
        let policy = QuotePolicy { max_sales_discount_pct: pct, default_terms: terms };
        Ok(self.db.set_quote_policy(actor, &policy).await?)
    }
}

/// The most a sales user may discount by hand on `breakdown`: the policy's
/// percent of subtotal − volume discount, rounded to the currency.
pub fn sales_discount_limit(policy: &QuotePolicy, breakdown: &QuoteBreakdown) -> Decimal {
    let base = breakdown.subtotal - breakdown.discount;
    breakdown.currency.round(base * policy.max_sales_discount_pct / Decimal::ONE_HUNDRED)
}

/// Admins may discount any amount; a sales user up to
/// [`sales_discount_limit`], or what the quote already had (`kept`: a
/// discount an admin gave stays when sales edits something else). An error
/// at `manual_discount` naming the limit.
pub(crate) fn check_manual_discount(actor: &User, policy: &QuotePolicy, breakdown: &QuoteBreakdown, kept: Decimal) -> Result<(), QuotesError> {
    let asked = breakdown.manual_discount;
    if actor.role.is_admin() || asked <= kept {
        return Ok(());
    }
    let limit = sales_discount_limit(policy, breakdown);
    if asked <= limit {
        return Ok(());
    }
    Err(QuotesError::field(
        "manual_discount",
        format!(
            "sales may discount at most {} % ({}); ask an admin",
            policy.max_sales_discount_pct.normalize(),
            breakdown.currency.format_plain(limit)
        ),
    ))
}
