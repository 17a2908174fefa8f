//! At most a few expensive reads (a property's rooms and openings) of one
//! organisation at a time in this process, so one organisation's burst
//! cannot hold every database connection while other organisations wait:
//! the reads over the cap are refused at once (`RateLimited`, retry in a
//! second) instead of queueing for the pool.
use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use crate::QuotesError;

/// Expensive reads one organisation may run at once (the pool has 8
/// connections by default).
pub const MAX_CONCURRENT_READS_PER_ORG: usize = 4;

/// Reads in flight per organisation.
#[derive(Debug, Default)]
pub(crate) struct ReadGate {
    max: usize,
    busy: Mutex<HashMap<String, usize>>,
}

/// One read in flight; leaving it (drop) lets another in.
pub(crate) struct ReadPermit {
    gate: Arc<ReadGate>,
    org: String,
}

impl ReadGate {
    pub(crate) fn new(max: usize) -> Arc<ReadGate> {
        Arc::new(ReadGate { max: max.max(1), busy: Mutex::new(HashMap::new()) })
    }

    /// A permit for a read of organisation `org` (its id), or `RateLimited` when it already runs `max`.
    pub(crate) fn enter(self: &Arc<Self>, org: &str) -> Result<ReadPermit, QuotesError> {
        let mut busy = self.busy.lock().unwrap_or_else(|e| e.into_inner());
        let running = busy.entry(org.to_owned()).or_insert(0);
        if *running >= self.max {
            tracing::warn!(org, running = *running, "expensive reads of one organisation over the cap");
            return Err(QuotesError::RateLimited { limit: i64::try_from(self.max).unwrap_or(i64::MAX), retry_after_s: 1 });
        }
        *running += 1;
        Ok(ReadPermit { gate: Arc::clone(self), org: org.to_owned() })
    }

    #[cfg(test)]
    fn running(&self, org: &str) -> usize {
        self.busy.lock().map(|b| b.get(org).copied().unwrap_or(0)).unwrap_or(0)
    }
}

impl Drop for ReadPermit {
    fn drop(&mut self) {
        let mut busy = self.gate.busy.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(running) = busy.get_mut(&self.org) {
            *running = running.saturating_sub(1);
            if *running == 0 {
                busy.remove(&self.org);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_organisation_holds_at_most_max_reads_and_others_are_not_affected() {
        let gate = ReadGate::new(2);
        let (big, small) = ("big", "small");
        let first = gate.enter(big).expect("first");
        let _second = gate.enter(big).expect("second");
        match gate.enter(big) {
            Err(QuotesError::RateLimited { limit: 2, retry_after_s: 1 }) => {}
            other => panic!("a third read ran: {:?}", other.map(|_| ())),
        }
        let _other = gate.enter(small).expect("another organisation reads");
        drop(first);
        let _third = gate.enter(big).expect("a slot freed");
        assert_eq!(gate.running("big"), 2);
    }

    #[test]
    fn finished_reads_leave_nothing_behind() {
        let gate = ReadGate::new(1);
        let org = "o";
        for _ in 0..3 {
            let permit = gate.enter(org).expect("free");
            drop(permit);
        }
        assert_eq!(gate.running("o"), 0);
        assert!(gate.busy.lock().expect("lock").is_empty());
    }
}
