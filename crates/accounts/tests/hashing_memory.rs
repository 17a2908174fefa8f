//! Memory under a burst of logins: 100 password checks at once must not
//! take 100 × 19 MiB. In its own test binary so the process's peak resident
//! memory is this test's alone.
use std::time::Duration;

use accounts::password::{Hashing, MEMORY_KIB};

/// The peak resident memory of this process so far (KiB), from `/proc/self/status`.
fn peak_rss_kib() -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").expect("/proc/self/status");
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .expect("VmHWM")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_hundred_concurrent_password_checks_stay_within_the_hashing_slots_memory() {
    const CALLERS: u64 = 100;
    let hashing = Hashing::new(2, Duration::from_secs(300));
    let stored = hashing.hash("correct horse battery").await.expect("hash");
    let before = peak_rss_kib();
    let checks: Vec<_> = (0..CALLERS)
        .map(|i| {
            let (hashing, stored) = (hashing.clone(), stored.clone());
            tokio::spawn(async move { hashing.verify(Some(stored), &format!("guess {i}")).await })
        })
        .collect();
    for check in checks {
        assert!(!check.await.expect("task").expect("a slot"));
    }
    let grown_mib = (peak_rss_kib().saturating_sub(before)) / 1024;
    let slots_mib = u64::from(MEMORY_KIB) / 1024 * hashing.capacity() as u64;
    eprintln!("100 concurrent checks: peak RSS +{grown_mib} MiB, at most {} at once ({slots_mib} MiB of slots)", hashing.peak());
    assert!(hashing.peak() <= hashing.capacity());
    // The allocator keeps some work areas per hashing thread (measured: +130
    // to +210 MiB with two threads); what must not happen is memory growing
    // with the callers: one 19 MiB area each would be 1.9 GB.
    let per_caller_mib = CALLERS * u64::from(MEMORY_KIB) / 1024;
    assert!(grown_mib < per_caller_mib / 4, "peak RSS grew by {grown_mib} MiB ({slots_mib} MiB of slots)");
}
