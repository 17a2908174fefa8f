//! The providers crate's tests: one binary; every server is started here on
//! loopback (127.0.0.1, 127.0.0.2), nothing leaves the machine.

mod fake_service;
mod support;

mod breaker;
mod chain;
mod config;
mod fetch;
mod http_provider;
