//! Scheduled work of the quotes lifecycle.
use crate::{Quotes, QuotesError};

impl Quotes {
    /// Marks pending quotes past their last valid day as expired, in every
    /// organisation; returns how many. Run by the server's scheduler.
    pub async fn expire_due(&self) -> Result<u64, QuotesError> {
        let n = self.db.expire_quotes(&store::today()).await?;
        if n > 0 {
            tracing::info!(expired = n, "quotes past their validity expired");
        }
        Ok(n)
    }
}
