//! HTTP-level tests: the real router on a random port, a fresh database each,
//! every test run against SQLite and PostgreSQL.

mod test_app;

mod api_keys;
mod automotive;
mod automotive_wizard;
mod calculate;
mod catalog;
mod health;
mod openapi;
mod pages;
mod process;
mod quotations;
mod quotes;
mod products;
mod accounts;
mod tenant_isolation;
mod video360;
mod video_renders;
mod wizard;
