//! Automotive quotes: a vehicle and its glass, planned by
//! [`domain::plan_automotive`] with the organisation's automotive catalog
//! and priced by the same engine and catalog of the day as every quote.
use domain::{
    AutomotiveCatalog, AutomotiveQuoteRequest, CheckedVehicle, FieldErrors, QuoteInput, QuoteRequest, QuoteView,
    QuotedVehicle, Vertical, film_vlt, plan_automotive,
};
use store::{OrgId, Organization, User};

use crate::policy::check_manual_discount;
use crate::pricing::{Priced, price_checked};
use crate::{Quotes, QuotesError, year_of};

/// What only staff add to a car quote, as to any quote: extra lines with
/// their own price (removing old film, travel), a manual discount, terms and
/// internal notes. Checked and priced with the glass by the one engine.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct StaffAdditions {
    pub extras: Vec<domain::ExtraLine>,
    pub manual_discount: rust_decimal::Decimal,
    pub terms: String,
    pub internal_notes: String,
}

impl StaffAdditions {
    /// The staff fields of `input` (the rest is ignored).
    pub fn of(input: &QuoteInput) -> StaffAdditions {
        StaffAdditions {
            extras: input.extras.clone(),
            manual_discount: input.manual_discount,
            terms: input.terms.clone(),
            internal_notes: input.internal_notes.clone(),
        }
    }

    fn apply(&self, input: &mut QuoteInput) {
        input.extras = self.extras.clone();
        input.manual_discount = self.manual_discount;
        input.terms = self.terms.clone();
        input.internal_notes = self.internal_notes.clone();
    }
}

/// Who asks: a customer on the public wizard may only describe a vehicle;
/// staff may also name a saved one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Asker {
    Customer,
    Staff,
}

impl Quotes {
    /// The organisation's automotive catalog: default glass sizes and
    /// packages with its own changes, and its legal minimum VLT.
    pub async fn automotive_catalog(&self, org: &OrgId) -> Result<AutomotiveCatalog, QuotesError> {
        let overrides = self.db.automotive_overrides(org).await?;
        Ok(AutomotiveCatalog::with_overrides(&overrides))
    }

    /// An automotive quote made by staff (session or API key): a draft, or
    /// sent at once when `send`. A new vehicle is saved for the quote's customer.
    pub async fn create_automotive(&self, actor: &User, request: &AutomotiveQuoteRequest, send: bool) -> Result<QuoteView, QuotesError> {
        let org = self.db.org(&actor.organization_id).await?;
        let today = store::today();
        let (priced, new_vehicle) = self.price_automotive(&org, request, None, &today, Asker::Staff).await?;
        let new = priced.staff_quote(&org, actor, &today, send, new_vehicle);
        let view = self.db.create_quote(&org.id, Some(actor), new).await?;
        tracing::info!(org = %org.slug, number = %view.document.number, send, "automotive quote created");
        Ok(view)
    }

    /// The staff editor's save of a car quote with the staff's additions:
    /// a new draft when `id` is empty, else a revision of that automotive
    /// quote (a new version once sent; `expected_version` is the one the
    /// editor opened). A sales user's manual discount is held to the
    /// organisation's limit, beyond what the quote already had.
    pub async fn save_automotive(
        &self,
        actor: &User,
        id: &str,
        expected_version: i64,
        request: &AutomotiveQuoteRequest,
        additions: &StaffAdditions,
    ) -> Result<QuoteView, QuotesError> {
        let org = self.db.org(&actor.organization_id).await?;
        let kept = if id.is_empty() {
            rust_decimal::Decimal::ZERO
        } else {
            let existing = self.db.quote(&org.id, id).await?;
            if existing.document.automotive.is_none() {
                let mut errors = FieldErrors::new();
                errors.add("vertical", "a quote of rooms is edited with rooms, not as a vehicle");
                return Err(QuotesError::Invalid(errors));
            }
            existing.document.breakdown.manual_discount
        };
        let today = store::today();
        let (priced, new_vehicle) = self.price_automotive(&org, request, Some(additions), &today, Asker::Staff).await?;
        let policy = self.db.quote_policy(&org.id).await?;
        check_manual_discount(actor, &policy, &priced.document.breakdown, kept)?;
        if id.is_empty() {
            let new = priced.staff_quote(&org, actor, &today, false, new_vehicle);
            let view = self.db.create_quote(&org.id, Some(actor), new).await?;
            tracing::info!(org = %org.slug, number = %view.document.number, "automotive quote created by staff");
            return Ok(view);
        }
        let revision = store::Revision {
            document: priced.document,
            sources: priced.sources,
            expected_version,
            valid_until: domain::add_days(&today, org.quote_validity_days).unwrap_or(today),
            new_vehicle,
        };
        let view = self.db.revise_quote(&org.id, id, actor, revision).await?;
        tracing::info!(org = %org.slug, number = %view.document.number, version = view.document.version, "automotive quote revised");
        Ok(view)
    }

    /// The wizard's automotive submit: a pending quote for the customer,
    /// with their vehicle saved to the organisation.
    /// Counted against the same hourly limits as [`Quotes::submit`].
    pub async fn submit_automotive(&self, slug: &str, request: &AutomotiveQuoteRequest, ip: Option<&str>) -> Result<QuoteView, QuotesError> {
        let org = self.db.org_by_slug(slug).await?.ok_or(QuotesError::NotFound)?;
        let today = store::today();
        let (priced, new_vehicle) = self.price_automotive(&org, request, None, &today, Asker::Customer).await?;
        self.count_wizard_submit(&org, ip).await?;
        let new = priced.wizard_quote(&org, &today, new_vehicle);
        let view = self.db.create_quote(&org.id, None, new).await?;
        tracing::info!(org = %org.slug, number = %view.document.number, "automotive quote submitted from the wizard");
        Ok(view)
    }

    /// Checks the whole request (every error at once, by field path:
    /// `vehicle.year`, `vehicle_id`, `items[0].sku`, `contact.phone`) and
    /// prices it with the films offered for automotive on `day`.
    async fn price_automotive(
        &self,
        org: &Organization,
        request: &AutomotiveQuoteRequest,
        additions: Option<&StaffAdditions>,
        day: &str,
        asker: Asker,
    ) -> Result<(Priced, Option<CheckedVehicle>), QuotesError> {
        let mut errors = FieldErrors::new();
        let (vehicle, new_vehicle) = match (&request.vehicle_id, &request.vehicle, asker) {
            (Some(_), Some(_), _) => {
                errors.add("vehicle", "give vehicle_id or vehicle, not both");
                (None, None)
            }
            (Some(_), None, Asker::Customer) => {
                errors.add("vehicle_id", "is not accepted here: describe the vehicle");
                (None, None)
            }
            (Some(id), None, Asker::Staff) => match self.db.vehicle(&org.id, id.trim()).await {
                Ok(v) => (Some(QuotedVehicle::from(&v)), None),
                Err(store::StoreError::NotFound) => {
                    errors.add("vehicle_id", "is not a vehicle of this organisation");
                    (None, None)
                }
                Err(e) => return Err(e.into()),
            },
            (None, Some(input), _) => {
                // Its customer is the quote's, set when it is saved.
                let input = domain::VehicleInput { customer_id: None, ..input.clone() };
                match input.check(current_year(day)) {
                    Ok(checked) => (Some(QuotedVehicle::from(&checked)), Some(checked)),
                    Err(e) => {
                        for (path, message) in e.0 {
                            errors.add(format!("vehicle.{path}"), message);
                        }
                        (None, None)
                    }
                }
            }
            (None, None, _) => {
                errors.add("vehicle", domain::messages::REQUIRED);
                (None, None)
            }
        };
        let catalog = self.automotive_catalog(&org.id).await?;
        let products = self.db.products(&org.id, day, true).await?;
        let vlt = |sku: &str| {
            products
                .iter()
                .find(|p| p.sku == sku && p.verticals.contains(&Vertical::Automotive))
                .and_then(|p| film_vlt(&p.specs))
        };
        // Without a valid vehicle the glass is still checked, for a sedan.
        let body_probe = vehicle.clone().unwrap_or_else(|| QuotedVehicle {
            id: None,
            vin: None,
            make: "-".into(),
            model: "-".into(),
            year: current_year(day),
            body_type: domain::BodyType::Sedan,
            plate: String::new(),
            colour: String::new(),
        });
        let plan = match plan_automotive(&body_probe, &request.choice, &catalog, vlt) {
            Ok(plan) => Some(plan),
            Err(e) => {
                if vehicle.is_some() {
                    errors.merge(e);
                }
                None
            }
        };
        let quote_request = QuoteRequest {
            vertical: Vertical::Automotive,
            language: request.language.clone(),
            contact: request.contact.clone(),
            input: plan
                .as_ref()
                .map(|p| {
                    let mut input = p.input.clone();
                    if let Some(additions) = additions {
                        additions.apply(&mut input);
                    }
                    input
                })
                .unwrap_or_default(),
        };
        let priced = match &plan {
            Some(plan) => match price_checked(org, &products, &quote_request, day) {
                Ok(priced) => Some(priced),
                Err(QuotesError::Invalid(e)) => {
                    errors.merge(plan.price_errors(e));
                    None
                }
                Err(other) => return Err(other),
            },
            None => {
                if let Err(e) = quote_request.contact.validate_for(Vertical::Automotive) {
                    errors.merge(e);
                }
                None
            }
        };
        match (priced, plan, vehicle) {
            (Some(mut priced), Some(plan), Some(_)) if errors.is_empty() => {
                priced.document.automotive = Some(plan.details);
                Ok((priced, new_vehicle))
            }
            _ => Err(QuotesError::Invalid(errors)),
        }
    }
}

/// The year of a `YYYY-MM-DD` day, for the model-year check.
fn current_year(day: &str) -> i32 {
    year_of(day)
}
