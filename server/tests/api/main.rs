//! HTTP-level tests: the real router on a random port, a fresh database each,
//! every test run against SQLite and PostgreSQL.

mod test_app;

mod account_abuse;
mod api_keys;
mod automotive;
mod automotive_wizard;
mod calculate;
mod error_summary;
mod catalog;
mod health;
mod media_access;
mod nul_text;
mod new_installer;
mod openapi;
mod org_logo;
mod pages;
mod process;
mod public_brand;
mod public_origin;
mod quotations;
mod quotes;
mod server_fn_edge;
mod staff_car_quotes;
mod staff_editor;
mod products;
mod accounts;
mod tenant_isolation;
mod titles;
mod video360;
mod video_renders;
mod wizard;
mod wizard_abuse;
