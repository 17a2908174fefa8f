//! HTTP-level tests: the real router on a random port, a fresh database each,
//! every test run against SQLite and PostgreSQL.

mod test_app;

mod account_abuse;
mod api_keys;
mod automotive;
mod automotive_wizard;
mod calculate;
mod catalog;
mod health;
mod media_access;
mod openapi;
mod pages;
mod process;
mod public_origin;
mod quotations;
mod quotes;
mod server_fn_edge;
mod products;
mod accounts;
mod tenant_isolation;
mod titles;
mod video360;
mod video_renders;
mod wizard;
mod wizard_abuse;
