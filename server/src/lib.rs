//! The Cotiza server: configuration, startup, the axum router (Leptos pages,
//! server functions, REST API, health) and graceful shutdown.
// The Leptos routes are deeply nested types: their layouts need more room.
#![recursion_limit = "512"]
#![forbid(unsafe_code)]

pub mod api;
pub mod brand_css;
pub mod cli;
pub mod config;
pub mod csrf;
pub mod files;
pub mod health;
pub mod logo_upload;
pub mod media;
pub mod metrics;
pub mod nul_guard;
pub mod pdf_brand;
pub mod pricing_cache;
pub mod quote_pages;
pub mod router;
pub mod security_headers;
pub mod serve;
pub mod server_fn_guard;
pub mod startup;
pub mod state;
pub mod visitor;

pub use config::Config;
pub use startup::{Running, StartupError, start};
pub use state::AppState;
