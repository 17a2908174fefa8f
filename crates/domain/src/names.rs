//! Text names of the closed vocabularies (units, waste classes, product
//! types, opening kinds): the same snake_case names serde uses.
use thiserror::Error;

/// A name that is not one of a vocabulary's (`"m3".parse::<Unit>()`).
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[error("unknown {what} {value:?}")]
pub struct UnknownValue {
    /// Which vocabulary: "unit", "waste class", "product type", "opening kind".
    pub what: &'static str,
    /// The text that was refused.
    pub value: String,
}

/// Implements `ALL`, `as_str`, `FromStr` and `Display` from one table of
/// variant => serde name, so the four can never disagree.
macro_rules! named_enum {
    ($ty:ident, $what:literal, [$($variant:ident => $name:literal),+ $(,)?]) => {
        impl $ty {
            /// Every variant, in declaration order.
            pub const ALL: [$ty; [$($name),+].len()] = [$($ty::$variant),+];

            /// The serde (JSON) name.
            pub fn as_str(self) -> &'static str {
                match self { $($ty::$variant => $name),+ }
            }
        }

        impl std::str::FromStr for $ty {
            type Err = $crate::names::UnknownValue;

            /// Exactly the serde name (case-sensitive, like the JSON).
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                match s {
                    $($name => Ok($ty::$variant),)+
                    _ => Err($crate::names::UnknownValue { what: $what, value: s.to_owned() }),
                }
            }
        }

        impl std::fmt::Display for $ty {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
}
pub(crate) use named_enum;
