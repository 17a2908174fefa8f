//! Password hashing with Argon2id (19 MiB, 2 iterations, 1 lane: the OWASP
//! minimum), off the async threads and bounded: [`Hashing`] lets at most a
//! few hashes run at once (one per core by default). Each takes 19 MiB, so
//! an unbounded number of concurrent logins would take the process's memory
//! with it; a caller that finds no free slot within a short wait is told to
//! come back ([`AccountsError::Busy`]) instead of hashing. The hashes run
//! on `capacity` threads of their own (not tokio's growing blocking pool),
//! so the allocator keeps at most that many 19 MiB work areas around.
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::mpsc::{Receiver, Sender, channel};
use std::sync::{Arc, Mutex, OnceLock};
use std::time::Duration;

use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::{Algorithm, Argon2, Params, Version};
use rand_core::OsRng;
use tokio::sync::{OwnedSemaphorePermit, Semaphore, oneshot};

use crate::error::AccountsError;

pub const MEMORY_KIB: u32 = 19 * 1024;
pub const ITERATIONS: u32 = 2;
pub const LANES: u32 = 1;

/// The Argon2 work of the process, bounded: at most `capacity` hashes at
/// once; a caller waits up to `wait` for a slot, then gets `Busy`. Cheap to
/// clone (clones share the slots and the gauges).
#[derive(Clone, Debug)]
pub struct Hashing {
    slots: Arc<Semaphore>,
    capacity: usize,
    wait: Duration,
    gauges: Arc<Gauges>,
    threads: Arc<Mutex<Sender<Job>>>,
}

type Job = Box<dyn FnOnce() + Send>;

/// `count` threads running the jobs sent to the returned channel; they end
/// when the last sender is dropped.
fn spawn_threads(count: usize) -> Sender<Job> {
    let (tx, rx) = channel::<Job>();
    let rx = Arc::new(Mutex::new(rx));
    for i in 0..count {
        let rx: Arc<Mutex<Receiver<Job>>> = rx.clone();
        let spawned = std::thread::Builder::new().name(format!("argon2-{i}")).spawn(move || loop {
            let job = match rx.lock() {
                Ok(rx) => rx.recv(),
                Err(_) => return,
            };
            match job {
                Ok(job) => job(),
                Err(_) => return,
            }
        });
        if let Err(e) = spawned {
            tracing::error!(error = %e, "could not start a password hashing thread");
        }
    }
    tx
}

#[derive(Debug, Default)]
struct Gauges {
    running: AtomicUsize,
    peak: AtomicUsize,
    started: AtomicU64,
}

/// A slot to hash in, held for one hash or verification.
#[derive(Debug)]
pub struct Slot {
    _permit: OwnedSemaphorePermit,
    gauges: Arc<Gauges>,
}

impl Hashing {
    /// `capacity` hashes at once (at least one); callers wait up to `wait` for a slot.
    pub fn new(capacity: usize, wait: Duration) -> Hashing {
        let capacity = capacity.max(1);
        let threads = Arc::new(Mutex::new(spawn_threads(capacity)));
        Hashing { slots: Arc::new(Semaphore::new(capacity)), capacity, wait, gauges: Arc::default(), threads }
    }

    /// One slot per core of the machine.
    pub fn cores() -> usize {
        std::thread::available_parallelism().map(usize::from).unwrap_or(2)
    }

    pub fn capacity(&self) -> usize {
        self.capacity
    }

    /// Hashes running now.
    pub fn running(&self) -> usize {
        self.gauges.running.load(Ordering::SeqCst)
    }

    /// The most hashes that ever ran at once.
    pub fn peak(&self) -> usize {
        self.gauges.peak.load(Ordering::SeqCst)
    }

    /// Hashes and verifications started since the start.
    pub fn started(&self) -> u64 {
        self.gauges.started.load(Ordering::SeqCst)
    }

    /// Waits (at most the configured time) for a slot; `Busy` when none freed up.
    pub async fn slot(&self) -> Result<Slot, AccountsError> {
        let permit = match tokio::time::timeout(self.wait, self.slots.clone().acquire_owned()).await {
            Ok(Ok(permit)) => permit,
            _ => {
                tracing::warn!(capacity = self.capacity, wait_ms = self.wait.as_millis() as u64, "password hashing busy");
                return Err(AccountsError::Busy { retry_after_secs: self.retry_after_secs() });
            }
        };
        Ok(Slot { _permit: permit, gauges: self.gauges.clone() })
    }

    /// How long a refused caller should wait before trying again.
    pub fn retry_after_secs(&self) -> i64 {
        i64::try_from(self.wait.as_secs()).unwrap_or(1).max(1)
    }

    /// The PHC string of `password` with a fresh salt.
    pub async fn hash(&self, password: &str) -> Result<String, AccountsError> {
        let slot = self.slot().await?;
        let password = password.to_owned();
        self.on_thread(move || slot.run(|| hash_blocking(&password))).await?
    }

    /// Runs `work` on one of the hashing threads (the caller holds a slot, so one is free).
    async fn on_thread<T: Send + 'static>(&self, work: impl FnOnce() -> T + Send + 'static) -> Result<T, AccountsError> {
        let (tx, rx) = oneshot::channel();
        let job: Job = Box::new(move || {
            let _ = tx.send(work());
        });
        let sent = self.threads.lock().map_err(|_| AccountsError::Hashing("hashing threads poisoned".into()))?.send(job);
        sent.map_err(|_| AccountsError::Hashing("no hashing thread".into()))?;
        rx.await.map_err(|_| AccountsError::Hashing("the hashing thread stopped".into()))
    }

    /// Whether `password` matches the stored PHC string. With `None` it checks a
    /// throwaway hash instead, so an unknown email costs as long as a known one.
    pub async fn verify(&self, stored: Option<String>, password: &str) -> Result<bool, AccountsError> {
        let slot = self.slot().await?;
        let password = password.to_owned();
        self.on_thread(move || slot.run(|| verify_blocking(stored, &password))).await
    }
}

impl Slot {
    fn run<T>(self, work: impl FnOnce() -> T) -> T {
        let gauges = &self.gauges;
        gauges.started.fetch_add(1, Ordering::SeqCst);
        let now = gauges.running.fetch_add(1, Ordering::SeqCst) + 1;
        gauges.peak.fetch_max(now, Ordering::SeqCst);
        let result = work();
        gauges.running.fetch_sub(1, Ordering::SeqCst);
        result
    }
}

fn argon2() -> Argon2<'static> {
    // The parameters are constants within Argon2's limits.
    let params = Params::new(MEMORY_KIB, ITERATIONS, LANES, None).unwrap_or_default();
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
}

fn hash_blocking(password: &str) -> Result<String, AccountsError> {
    let salt = SaltString::generate(&mut OsRng);
    argon2()
        .hash_password(password.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| AccountsError::Hashing(e.to_string()))
}

fn verify_blocking(stored: Option<String>, password: &str) -> bool {
    let stored = match stored {
        Some(s) => s,
        None => dummy_hash().to_owned(),
    };
    let Ok(parsed) = PasswordHash::new(&stored) else { return false };
    argon2().verify_password(password.as_bytes(), &parsed).is_ok()
}

fn dummy_hash() -> &'static str {
    static DUMMY: OnceLock<String> = OnceLock::new();
    DUMMY.get_or_init(|| hash_blocking(&crate::token::generate()).unwrap_or_default())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hashing() -> Hashing {
        Hashing::new(2, Duration::from_secs(30))
    }

    #[tokio::test]
    async fn hashes_are_argon2id_with_the_owasp_parameters_and_verify() {
        let h = hashing();
        let stored = h.hash("correct horse battery").await.expect("hash");
        assert!(stored.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"), "{stored}");
        assert!(h.verify(Some(stored.clone()), "correct horse battery").await.expect("slot"));
        assert!(!h.verify(Some(stored.clone()), "correct horse batterY").await.expect("slot"));
        assert_ne!(stored, h.hash("correct horse battery").await.expect("hash"), "salted");
        assert!(!h.verify(None, "correct horse battery").await.expect("slot"));
        assert!(!h.verify(Some("not a hash".into()), "x").await.expect("slot"));
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 4)]
    async fn no_more_than_the_capacity_hash_at_once() {
        let h = hashing();
        let stored = h.hash("correct horse battery").await.expect("hash");
        let tasks: Vec<_> = (0..12)
            .map(|i| {
                let (h, stored) = (h.clone(), stored.clone());
                tokio::spawn(async move { h.verify(Some(stored), &format!("guess {i}")).await })
            })
            .collect();
        for task in tasks {
            assert_eq!(task.await.expect("task").expect("a slot within 30 s"), false);
        }
        assert_eq!(h.started(), 13);
        assert_eq!(h.peak(), 2, "12 concurrent verifications ran two at a time");
        assert_eq!(h.running(), 0);
    }

    #[tokio::test]
    async fn without_a_free_slot_in_time_the_caller_is_told_to_come_back_and_nothing_is_hashed() {
        let h = Hashing::new(1, Duration::from_millis(50));
        let held = h.slot().await.expect("the only slot");
        let refused = h.verify(None, "x").await;
        assert!(matches!(refused, Err(AccountsError::Busy { retry_after_secs: 1 })), "{refused:?}");
        assert!(matches!(h.hash("x").await, Err(AccountsError::Busy { .. })));
        assert_eq!(h.started(), 0);
        drop(held);
        assert!(h.hash("long enough password").await.is_ok(), "free again");
    }
}
