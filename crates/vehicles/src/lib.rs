//! Vehicles (automotive vertical) and their 360° videos.
//!
//! [`Vehicles`] keeps an organisation's vehicles and decodes VINs offline
//! (`domain::decode_vin`). [`Spins`] takes a customer's 360° video — an
//! upload already streamed to a temporary file by the HTTP layer, or an
//! `http(s)` link the worker fetches — checks it, stores it and queues the
//! frame extraction in the render queue; it then shows the job and the
//! vehicle's spin with signed links.
#![forbid(unsafe_code)]

mod error;
mod registry;
mod spins;

pub use error::VehiclesError;
pub use registry::Vehicles;
pub use spins::{SpinPolicy, SpinRequest, Spins};
