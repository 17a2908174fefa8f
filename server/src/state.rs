use std::sync::Arc;

use accounts::Accounts;
use catalog::Catalog;
use quotes::Quotes;
use axum::extract::FromRef;
use leptos::config::LeptosOptions;
use store::Db;

use crate::config::Config;
use crate::pricing_cache::PricingCache;

/// What every handler can reach. Cheap to clone.
#[derive(Clone)]
pub struct AppState {
    pub db: Db,
    pub accounts: Accounts,
    pub catalog: Catalog,
    pub quotes: Quotes,
    /// Quote videos: requests, jobs, signed links.
    pub videos: quotes::Videos,
    /// Vehicles (automotive) and their 360° videos.
    pub vehicles: vehicles::Vehicles,
    pub spins: vehicles::Spins,
    /// The 360° frame providers in the order they are tried; the in-process
    /// worker runs this very chain (circuit breakers included).
    pub frame_providers: Arc<providers::ProviderChain>,
    /// The chain with its local extractor, for the in-process worker.
    pub frames: worker::frames_job::FrameWork,
    /// File storage (the same one the catalog uses), with its link signer.
    pub blobs: blob::Blobs,
    pub pricing: Arc<PricingCache>,
    pub leptos_options: LeptosOptions,
    pub config: Arc<Config>,
}

impl FromRef<AppState> for LeptosOptions {
    fn from_ref(state: &AppState) -> Self {
        state.leptos_options.clone()
    }
}
