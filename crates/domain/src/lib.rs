//! Cotiza's pricing engine and shared models.
//!
//! The one place where a quote is priced, to the cent, following the
//! project's pricing contract (`docs/pricing.md`): waste matrix, installation
//! complexity, volume discount, tax on the discounted subtotal.
//!
//! - account: [`Role`] and the rules of account fields.
//! - money: [`Currency`], its minor unit and [`round_half_away`].
//! - catalog: [`PricedProduct`], [`Unit`], [`WasteClass`], [`ProductType`].
//! - product: catalog products as admins edit them ([`ProductInput`],
//!   [`Vertical`], [`Specs`]) and prices with validity windows ([`price_on`]).
//! - quote: the input, [`QuoteInput`] → [`Room`] → [`Opening`].
//! - validation: [`validate_quote`] and [`FieldErrors`] (path → message).
//! - pricing: [`price_quote`] → [`QuoteBreakdown`].
//! - quotation: quotes as kept — [`QuoteStatus`], [`Contact`], [`QuoteRequest`],
//!   [`QuoteDocument`] (a version with its price snapshot).
//! - display: money, quantities and days as people read them.
//! - local_number: money and decimals as people type them ([`read_money`],
//!   [`read_decimal`]): the page's language, the currency's own way, refused
//!   when two readings differ.
//! - contract: [`Calculation`], the exact JSON of the REST answer.
//! - video: [`QuoteVideoInput`] (a render job's snapshot) and [`VideoJob`].
//! - vin: offline VIN decoding, [`decode_vin`] → [`DecodedVin`] or [`VinError`].
//! - automotive: [`BodyType`], [`GlassPosition`], [`GlassTemplate`], [`Package`];
//!   [`automotive_quote_input`] turns a vehicle's glass into a [`QuoteInput`];
//!   [`tint_warnings`] for front side windows.
//! - automotive_quote: an organisation's [`AutomotiveCatalog`] (defaults and
//!   its own sizes, packages, legal minimum), [`plan_automotive`] and the
//!   [`AutomotiveDetails`] a quote keeps.
//!
//! No IO, no threads, no clock, no floats (`rust_decimal` throughout):
//! compiles natively (server, worker) and to `wasm32-unknown-unknown`
//! (the wizard prices in the browser with the same code).
//!
//! ```
//! use domain::*;
//! use rust_decimal_macros::dec;
//!
//! let catalog = vec![PricedProduct {
//!     sku: "SOL-CERAMIC-70".into(),
//!     unit: Unit::M2,
//!     waste_class: WasteClass::SolarControl,
//!     material_price: dec!(85.00),
//!     installation_price: dec!(20.00),
//!     active: true,
//! }];
//! let input = QuoteInput {
//!     extreme_weather: false,
//!     rooms: vec![Room {
//!         name: "Living".into(),
//!         floor: 4,
//!         openings: vec![Opening {
//!             kind: OpeningKind::Window,
//!             width_m: dec!(1.20),
//!             height_m: dec!(1.50),
//!             quantity: 2,
//!             sku: "SOL-CERAMIC-70".into(),
//!             curved_glass: false,
//!             difficult_access: false,
//!         }],
//!     }],
//!     ..QuoteInput::default()
//! };
//! let ctx = PricingContext { currency: Currency::Usd, tax_rate: dec!(0.19), products: &catalog };
//! let quote = price_quote(&input, &ctx).expect("valid quote");
//! assert_eq!(quote.total, dec!(537.00));
//! let answer = Calculation::from(&quote);
//! assert_eq!((answer.lines[0].qty.as_str(), answer.total.as_str()), ("4.1400", "537.00"));
//! ```
#![forbid(unsafe_code)]

mod account;
mod automotive;
mod automotive_quote;
mod catalog;
mod catalog_import;
mod contract;
mod dashboard;
mod display;
mod labels;
mod local_number;
mod makes;
mod money;
mod names;
mod org_signup;
mod pricing;
mod product;
mod quotation;
mod quote;
mod validation;
mod vehicle;
mod video;
mod video360;
mod vin;

pub use account::*;
pub use automotive::*;
pub use automotive_quote::*;
pub use catalog::*;
pub use catalog_import::*;
pub use contract::*;
pub use dashboard::*;
pub use display::*;
pub use labels::{finish_label, tax_label};
pub use local_number::*;
pub use makes::{vehicle_makes, vehicle_models};
pub use money::*;
pub use names::*;
pub use org_signup::*;
pub use pricing::*;
pub use product::*;
pub use quotation::*;
pub use quote::*;
pub use validation::*;
pub use vehicle::*;
pub use video::*;
pub use video360::*;
pub use vin::*;
