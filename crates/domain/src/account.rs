//! Accounts: the roles of an organisation's users and the rules of their
//! sign-up fields, shared by the server and the browser.
use serde::{Deserialize, Serialize};

use crate::names::named_enum;
use crate::validation::FieldErrors;

/// What a user of an organisation may do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// Users, catalog, prices and settings, and everything `sales` does.
    Admin,
    /// Customers and quotes.
    Sales,
}

named_enum!(Role, "role", [Admin => "admin", Sales => "sales"]);

impl Role {
    pub fn is_admin(self) -> bool {
        self == Role::Admin
    }
}

/// What the acceptance page shows of an open invitation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct InvitationView {
    pub email: String,
    pub role: Role,
    pub org_name: String,
    pub org_language: String,
}

pub const MIN_PASSWORD_CHARS: usize = 10;
pub const MAX_PASSWORD_BYTES: usize = 256;
pub const MAX_EMAIL_CHARS: usize = 254;
pub const MAX_NAME_CHARS: usize = 120;
pub const MIN_SLUG_CHARS: usize = 3;
pub const MAX_SLUG_CHARS: usize = 40;

/// Messages the forms show; the UI translates these exact texts.
pub mod messages {
    pub const REQUIRED: &str = "is required";
    pub const EMAIL: &str = "must be an email address";
    pub const PASSWORD_SHORT: &str = "must have at least 10 characters";
    pub const PASSWORD_LONG: &str = "is too long";
    pub const PASSWORDS_DIFFER: &str = "does not match the password";
    pub const TOO_LONG: &str = "is too long";
    pub const SLUG: &str = "must be 3 to 40 lowercase letters, digits or dashes";
    pub const SLUG_RESERVED: &str = "is reserved";
    pub const TAKEN: &str = "is already taken";
    pub const COUNTRY: &str = "must be a two-letter country code";
    pub const TAX_RATE: &str = "must be a rate between 0 and 1, e.g. 0.19";
    pub const CHOICE: &str = "is not one of the choices";
}

/// Trims and lowercases an email address, or says why it is not one.
pub fn normalize_email(input: &str) -> Result<String, &'static str> {
    let email = input.trim().to_lowercase();
    if email.is_empty() {
        return Err(messages::REQUIRED);
    }
    if email.chars().count() > MAX_EMAIL_CHARS {
        return Err(messages::TOO_LONG);
    }
    let Some((local, domain)) = email.split_once('@') else { return Err(messages::EMAIL) };
    let valid = !local.is_empty()
        && !domain.contains('@')
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && !email.chars().any(|c| c.is_whitespace() || c.is_control() || c == '<' || c == '>' || c == '"');
    if valid { Ok(email) } else { Err(messages::EMAIL) }
}

/// Checks a new password (and its confirmation) into `errors`.
pub fn check_new_password(password: &str, confirmation: &str, errors: &mut FieldErrors) {
    if password.chars().count() < MIN_PASSWORD_CHARS {
        errors.add("password", messages::PASSWORD_SHORT);
    } else if password.len() > MAX_PASSWORD_BYTES {
        errors.add("password", messages::PASSWORD_LONG);
    } else if password != confirmation {
        errors.add("password_confirmation", messages::PASSWORDS_DIFFER);
    }
}

/// A required, trimmed display name of at most [`MAX_NAME_CHARS`].
pub fn check_name(field: &str, value: &str, errors: &mut FieldErrors) -> String {
    let value = value.trim();
    if value.is_empty() {
        errors.add(field, messages::REQUIRED);
    } else if value.chars().count() > MAX_NAME_CHARS {
        errors.add(field, messages::TOO_LONG);
    }
    value.to_owned()
}

/// Slugs that would shadow a route of the product.
const RESERVED_SLUGS: &[&str] = &["api", "app", "admin", "login", "logout", "signup", "pkg", "health", "static", "www"];

/// An organisation's public slug: `[a-z0-9-]{3,40}`, not starting or ending with a dash.
pub fn check_slug(value: &str, errors: &mut FieldErrors) -> String {
    let slug = value.trim().to_lowercase();
    let valid = (MIN_SLUG_CHARS..=MAX_SLUG_CHARS).contains(&slug.len())
        && slug.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
        && !slug.starts_with('-')
        && !slug.ends_with('-');
    if slug.is_empty() {
        errors.add("slug", messages::REQUIRED);
    } else if !valid {
        errors.add("slug", messages::SLUG);
    } else if RESERVED_SLUGS.contains(&slug.as_str()) {
        errors.add("slug", messages::SLUG_RESERVED);
    }
    slug
}

/// An ISO 3166-1 alpha-2 code, uppercased.
pub fn check_country(value: &str, errors: &mut FieldErrors) -> String {
    let country = value.trim().to_uppercase();
    if country.len() != 2 || !country.chars().all(|c| c.is_ascii_uppercase()) {
        errors.add("country", messages::COUNTRY);
    }
    country
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn emails_are_trimmed_and_lowercased() {
        assert_eq!(normalize_email("  Ana@Example.COM "), Ok("ana@example.com".to_owned()));
    }

    #[test]
    fn bad_emails_say_why() {
        assert_eq!(normalize_email(""), Err(messages::REQUIRED));
        for bad in ["ana", "ana@", "@x.com", "ana@x", "ana@@x.com", "a na@x.com", "ana@x.com.", "<a@x.com>"] {
            assert_eq!(normalize_email(bad), Err(messages::EMAIL), "{bad}");
        }
        assert_eq!(normalize_email(&format!("{}@x.com", "a".repeat(260))), Err(messages::TOO_LONG));
    }

    #[test]
    fn passwords_need_ten_characters_and_a_matching_confirmation() {
        let mut e = FieldErrors::new();
        check_new_password("short", "short", &mut e);
        assert_eq!(e.get("password"), Some(messages::PASSWORD_SHORT));
        let mut e = FieldErrors::new();
        check_new_password("long enough pw", "long enough pX", &mut e);
        assert_eq!(e.get("password_confirmation"), Some(messages::PASSWORDS_DIFFER));
        let mut e = FieldErrors::new();
        check_new_password("ñandú-ñandú", "ñandú-ñandú", &mut e);
        assert!(e.is_empty());
    }

    #[test]
    fn slugs() {
        let mut e = FieldErrors::new();
        assert_eq!(check_slug(" Vidrios-Sur ", &mut e), "vidrios-sur");
        assert!(e.is_empty());
        for (bad, msg) in [("ab", messages::SLUG), ("-abc", messages::SLUG), ("a_b_c", messages::SLUG), ("app", messages::SLUG_RESERVED), ("", messages::REQUIRED)] {
            let mut e = FieldErrors::new();
            check_slug(bad, &mut e);
            assert_eq!(e.get("slug"), Some(msg), "{bad}");
        }
    }

    #[test]
    fn roles_round_trip_their_names() {
        for role in Role::ALL {
            assert_eq!(role.as_str().parse::<Role>(), Ok(role));
        }
        assert!("owner".parse::<Role>().is_err());
    }
}
