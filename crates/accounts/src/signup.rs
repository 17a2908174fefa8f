use std::str::FromStr;

use domain::{
    Currency, FieldErrors, Role, check_business_phone, check_country, check_name, check_new_password, check_slug, messages, normalize_email,
    slug_from_name, slug_taken_try, slug_variant,
};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use store::{Client, NewOrganization, NewUser, Organization, SignUpExtras, StoreError, User};

use crate::error::AccountsError;
use crate::session::NewSession;
use crate::Accounts;
use crate::throttle::Limit;

/// The sign-up form, as typed.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct SignUpForm {
    pub org_name: String,
    /// Empty: made from `org_name` ([`domain::slug_from_name`]).
    pub slug: String,
    pub country: String,
    pub currency: String,
    pub tax_rate: String,
    pub language: String,
    pub name: String,
    pub email: String,
    pub password: String,
    pub password_confirmation: String,
    /// The business phone customers reach on WhatsApp (required).
    pub phone: String,
    /// Where customers write; empty means the admin's email.
    pub contact_email: String,
    /// Load the example films of every category, priced in the currency.
    pub starter_catalog: bool,
}

/// Variants of a taken slug tried before suggesting one (`-2` … `-20`).
const SLUG_VARIANTS: u32 = 20;

/// A tax rate as people type it: `0.19`, `0,19`, `19` or `19 %` all mean 19 %.
pub fn parse_tax_rate(text: &str) -> Result<Decimal, &'static str> {
    let cleaned = text.trim().trim_end_matches('%').trim().replace(',', ".");
    if cleaned.is_empty() {
        return Err(messages::REQUIRED);
    }
    let value = Decimal::from_str(&cleaned).map_err(|_| messages::TAX_RATE)?;
    let rate = if value > Decimal::ONE || text.contains('%') { value / Decimal::ONE_HUNDRED } else { value };
    if rate < Decimal::ZERO || rate > Decimal::ONE {
        return Err(messages::TAX_RATE);
    }
    Ok(rate.normalize())
}

pub(crate) fn check_language(field: &str, value: &str, errors: &mut FieldErrors) -> String {
    let language = value.trim().to_lowercase();
    if !matches!(language.as_str(), "es" | "en") {
        errors.add(field, messages::CHOICE);
    }
    language
}

pub(crate) fn check_currency(value: &str, errors: &mut FieldErrors) -> Currency {
    Currency::from_str(value.trim()).unwrap_or_else(|_| {
        errors.add("currency", messages::CHOICE);
        Currency::Usd
    })
}

pub(crate) fn check_tax_rate(value: &str, errors: &mut FieldErrors) -> Decimal {
    parse_tax_rate(value).unwrap_or_else(|message| {
        errors.add("tax_rate", message);
        Decimal::ZERO
    })
}

impl SignUpForm {
    /// The public address asked for: as typed, or made from the company
    /// name when left empty (a browser without JavaScript).
    pub fn wanted_slug(&self) -> String {
        if self.slug.trim().is_empty() { slug_from_name(&self.org_name) } else { self.slug.clone() }
    }

    fn validate(&self) -> Result<(NewOrganization, String, String, SignUpExtras), FieldErrors> {
        let mut errors = FieldErrors::new();
        let org_name = check_name("org_name", &self.org_name, &mut errors);
        let slug = check_slug(&self.wanted_slug(), &mut errors);
        let country = check_country(&self.country, &mut errors);
        let currency = check_currency(&self.currency, &mut errors);
        let tax_rate = check_tax_rate(&self.tax_rate, &mut errors);
        let language = check_language("language", &self.language, &mut errors);
        let name = check_name("name", &self.name, &mut errors);
        let email = normalize_email(&self.email).unwrap_or_else(|message| {
            errors.add("email", message);
            String::new()
        });
        check_new_password(&self.password, &self.password_confirmation, &mut errors);
        let phone = check_business_phone(&self.phone, &country, &mut errors);
        let contact_email = if self.contact_email.trim().is_empty() {
            email.clone()
        } else {
            normalize_email(&self.contact_email).unwrap_or_else(|message| {
                errors.add("contact_email", message);
                String::new()
            })
        };
        let org = NewOrganization { slug, name: org_name, country, currency, tax_rate, default_language: language };
        let extras = SignUpExtras { phone, contact_email, starter_catalog: self.starter_catalog };
        errors.into_result((org, name, email, extras))
    }
}

impl Accounts {
    /// Creates the organisation and its first user, an admin, and logs them in.
    ///
    /// A valid form counts against the email (every attempt) and the IP
    /// address (attempts that did not create an organisation: a success
    /// gives its count back) before the password is hashed; past either
    /// limit the answer is `Throttled` with the time left, so an address
    /// cannot test which emails are registered more than a few times an hour.
    pub async fn sign_up(
        &self,
        form: &SignUpForm,
        client: &Client<'_>,
        replaces: Option<&str>,
    ) -> Result<(Organization, User, NewSession), AccountsError> {
        let (org, name, email, extras) = form.validate().map_err(AccountsError::Invalid)?;
        let mut limits = vec![Limit { key: format!("signup-email:{email}"), max: self.policy.max_signups_per_email }];
        let ip_key = client.ip.map(|ip| format!("signup-ip:{ip}"));
        if let Some(key) = &ip_key {
            limits.push(Limit { key: key.clone(), max: self.policy.max_signups_per_ip });
        }
        self.reserve_attempt(&limits, self.policy.signup_window_ms).await?;
        let password_hash = match self.hashing.hash(&form.password).await {
            Ok(hash) => hash,
            Err(e) => {
                let keys: Vec<&str> = limits.iter().map(|l| l.key.as_str()).collect();
                self.release_attempt(&keys).await;
                return Err(e);
            }
        };
        let admin = NewUser { email, name, password_hash, role: Role::Admin, language: Some(org.default_language.clone()) };
        let (org, user) = match self.db.sign_up_org(&org, &admin, &extras, client.ip).await {
            Ok(created) => created,
            Err(StoreError::Conflict { field: "slug", .. }) => return Err(self.slug_taken(&org.slug).await),
            Err(e) => return Err(e.into()),
        };
        if let Some(key) = &ip_key {
            self.release_attempt(&[key.as_str()]).await;
        }
        tracing::info!(org = %org.slug, user = %user.id, "organisation signed up");
        let session = self.open_session(&user, client, replaces).await?;
        Ok((org, user, session))
    }
}

impl Accounts {
    /// A taken slug's field error, naming the first free `-n` variant
    /// (or only saying it is taken when none of them is free).
    async fn slug_taken(&self, slug: &str) -> AccountsError {
        for n in 2..=SLUG_VARIANTS {
            let candidate = slug_variant(slug, n);
            match self.db.org_by_slug(&candidate).await {
                Ok(None) => return AccountsError::field("slug", &slug_taken_try(&candidate)),
                Ok(Some(_)) => {}
                Err(e) => return AccountsError::Store(e),
            }
        }
        AccountsError::field("slug", messages::TAKEN)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal::Decimal;

    #[test]
    fn tax_rates_as_people_type_them() {
        let r = |s: &str| parse_tax_rate(s).map(|d| d.to_string());
        assert_eq!(r("0.19"), Ok("0.19".into()));
        assert_eq!(r("0,19"), Ok("0.19".into()));
        assert_eq!(r("19"), Ok("0.19".into()));
        assert_eq!(r("19 %"), Ok("0.19".into()));
        assert_eq!(r("1%"), Ok("0.01".into()));
        assert_eq!(r("0"), Ok("0".into()));
        assert_eq!(r("16.5"), Ok("0.165".into()));
        assert_eq!(parse_tax_rate("-1"), Err(messages::TAX_RATE));
        assert_eq!(parse_tax_rate("120"), Err(messages::TAX_RATE));
        assert_eq!(parse_tax_rate("abc"), Err(messages::TAX_RATE));
        assert_eq!(parse_tax_rate(" "), Err(messages::REQUIRED));
        assert_eq!(parse_tax_rate("1"), Ok(Decimal::ONE));
    }
}
