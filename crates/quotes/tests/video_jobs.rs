//! The render queue as sales and workers use it: one job per quote
//! version while active, leases that a lost worker cannot write through,
//! rescue with backoff, at most three attempts, retry of a failed job.
//! Every test runs against SQLite and PostgreSQL.

use domain::{JobStatus, QuoteStatus};
use quotes::Quotes;
use store::{AfterFailure, Db, JobOutput, Requested, RetryPolicy, StoreError, VideoOrder, test_both_backends};

#[path = "support/fixtures.rs"]
mod fixtures;
use fixtures::*;

const LEASE_MS: i64 = 30_000;

fn order() -> VideoOrder {
    VideoOrder { quote_url: "https://cotiza.example/p/abc".into(), brand_color: "#0f766e".into(), logo_key: None }
}

fn output(job: &str, attempt: i64) -> JobOutput {
    JobOutput {
        video_key: format!("videos/{job}/{attempt}.mp4"),
        thumbnail_key: format!("videos/{job}/{attempt}.jpg"),
        video_bytes: 1234,
        duration_ms: 24_000,
    }
}

/// Makes the job's lease look expired, as if its worker was killed.
async fn expire_lease(db: &Db, job_id: &str) {
    sqlx::query("UPDATE video_render_jobs SET lease_expires_at = 0 WHERE id = $1")
        .bind(job_id)
        .execute(db.pool())
        .await
        .expect("expire the lease");
}

/// Makes a job queued for later due now.
async fn make_due(db: &Db, job_id: &str) {
    sqlx::query("UPDATE video_render_jobs SET run_at = 0 WHERE id = $1").bind(job_id).execute(db.pool()).await.expect("due");
}

async fn audit_actions(db: &Db, admin: &store::User) -> Vec<String> {
    db.audit_events(&admin.organization_id, 100, None).await.expect("audit").into_iter().map(|e| e.action).collect()
}

test_both_backends! {
    async fn a_quote_version_has_one_active_job_and_drafts_have_none(db) {
        let quotes = Quotes::new(db.clone());
        let admin = admin_of(&db, "video-one").await;
        let quote = quotes.submit("video-one", &three_rooms(), None).await.expect("quote");
        let (first, requested) = db.request_quote_video(&admin.organization_id, &quote.id, &admin, &order()).await.expect("request");
        assert_eq!(requested, Requested::Created);
        assert_eq!((first.job.status, first.job.quote_version, first.job.attempts), (JobStatus::Queued, 1, 0));
        assert_eq!(first.job.quote_number, quote.document.number);
        let (again, requested) = db.request_quote_video(&admin.organization_id, &quote.id, &admin, &order()).await.expect("again");
        assert_eq!((again.job.id.as_str(), requested), (first.job.id.as_str(), Requested::AlreadyActive));
        assert!(audit_actions(&db, &admin).await.iter().filter(|a| *a == "video_render.requested").count() == 1);

        // A draft has no public page for the QR code.
        let draft = quotes.create(&admin, &three_rooms(), false).await.expect("draft");
        assert_eq!(draft.status, QuoteStatus::Draft);
        let refused = db.request_quote_video(&admin.organization_id, &draft.id, &admin, &order()).await;
        assert!(matches!(refused, Err(StoreError::WrongState { status: "draft" })), "{refused:?}");

        // Another organisation sees neither the quote nor the job.
        let other = admin_of(&db, "video-other").await;
        let hidden = db.request_quote_video(&other.organization_id, &quote.id, &other, &order()).await;
        assert!(matches!(hidden, Err(StoreError::NotFound)), "{hidden:?}");
        assert!(matches!(db.video_job(&other.organization_id, &first.job.id).await, Err(StoreError::NotFound)));
        assert!(db.video_jobs(&other.organization_id, None, false, 50).await.expect("list").is_empty());
        assert_eq!(db.video_jobs(&admin.organization_id, Some(&quote.id), false, 50).await.expect("list").len(), 1);
    }

    async fn a_claimed_job_is_leased_heartbeats_and_succeeds_once(db) {
        let quotes = Quotes::new(db.clone());
        let admin = admin_of(&db, "video-claim").await;
        let quote = quotes.submit("video-claim", &three_rooms(), None).await.expect("quote");
        let (job, _) = db.request_quote_video(&admin.organization_id, &quote.id, &admin, &order()).await.expect("request");

        let lease = db.claim_video_job("worker-a", LEASE_MS).await.expect("claim").expect("a job is due");
        assert_eq!((lease.job_id.as_str(), lease.attempt, &lease.org), (job.job.id.as_str(), 1, &admin.organization_id));
        let store::JobInput::QuoteSummary(input) = &lease.input else { panic!("a quote video's input: {:?}", lease.input) };
        assert_eq!(input.document.number, quote.document.number);
        assert_eq!(input.quote_url, order().quote_url);
        assert!(db.claim_video_job("worker-b", LEASE_MS).await.expect("claim").is_none(), "nothing else is due");

        assert!(db.heartbeat_video_job(&lease, 40, LEASE_MS).await.expect("heartbeat"));
        let running = db.video_job(&admin.organization_id, &job.job.id).await.expect("job");
        assert_eq!((running.job.status, running.job.progress), (JobStatus::Running, 40));

        assert!(db.complete_video_job(&lease, &output(&lease.job_id, 1)).await.expect("complete"));
        assert!(!db.complete_video_job(&lease, &output(&lease.job_id, 9)).await.expect("twice"), "a second completion is refused");
        let done = db.video_job(&admin.organization_id, &job.job.id).await.expect("job");
        assert_eq!((done.job.status, done.job.progress, done.job.duration_ms), (JobStatus::Succeeded, 100, Some(24_000)));
        assert_eq!(done.output_key.as_deref(), Some(format!("videos/{}/1.mp4", lease.job_id).as_str()));
        let actions = audit_actions(&db, &admin).await;
        for action in ["video_render.requested", "video_render.started", "video_render.succeeded"] {
            assert!(actions.iter().any(|a| a == action), "{action} in {actions:?}");
        }
        // Once it is made, asking again answers with that video, not a second render.
        let (same, requested) = db.request_quote_video(&admin.organization_id, &quote.id, &admin, &order()).await.expect("again");
        assert_eq!((same.job.id.as_str(), same.job.status, requested), (job.job.id.as_str(), JobStatus::Succeeded, Requested::AlreadyDone));
        assert!(db.claim_video_job("worker-b", LEASE_MS).await.expect("claim").is_none(), "nothing new to render");
        assert_eq!(db.video_jobs(&admin.organization_id, Some(&quote.id), false, 10).await.expect("jobs").len(), 1);
        // After its files are deleted (time to live), asking again renders again.
        db.mark_video_outputs_deleted(&job.job.id).await.expect("mark");
        let (next, requested) = db.request_quote_video(&admin.organization_id, &quote.id, &admin, &order()).await.expect("after ttl");
        assert_eq!(requested, Requested::Created);
        assert_ne!(next.job.id, job.job.id);
    }

    async fn a_worker_that_lost_its_lease_cannot_write_and_the_job_is_rescued(db) {
        let quotes = Quotes::new(db.clone());
        let admin = admin_of(&db, "video-rescue").await;
        let quote = quotes.submit("video-rescue", &three_rooms(), None).await.expect("quote");
        let (job, _) = db.request_quote_video(&admin.organization_id, &quote.id, &admin, &order()).await.expect("request");
        let dead = db.claim_video_job("worker-dead", LEASE_MS).await.expect("claim").expect("due");

        // Nothing to rescue while the lease is alive.
        assert!(db.rescue_expired_video_jobs(RetryPolicy::default()).await.expect("rescue").is_empty());
        expire_lease(&db, &job.job.id).await;
        let rescued = db.rescue_expired_video_jobs(RetryPolicy::default()).await.expect("rescue");
        assert_eq!(rescued.len(), 1);
        let AfterFailure::Retry { run_at } = rescued[0].outcome else { panic!("{rescued:?}") };
        assert!(run_at >= store::now_ms() + 9_000, "backed off by ~10 s");
        let queued = db.video_job(&admin.organization_id, &job.job.id).await.expect("job");
        assert_eq!((queued.job.status, queued.job.attempts), (JobStatus::Queued, 1));
        assert!(queued.job.error.as_deref().unwrap_or_default().contains("lease expired"));
        assert!(db.claim_video_job("worker-b", LEASE_MS).await.expect("claim").is_none(), "not due before its backoff");

        make_due(&db, &job.job.id).await;
        let alive = db.claim_video_job("worker-b", LEASE_MS).await.expect("claim").expect("due again");
        assert_eq!(alive.attempt, 2);
        // The dead worker wakes up: every write it tries is refused.
        assert!(!db.heartbeat_video_job(&dead, 90, LEASE_MS).await.expect("heartbeat"));
        assert!(!db.complete_video_job(&dead, &output(&dead.job_id, 1)).await.expect("complete"));
        assert_eq!(db.fail_video_job(&dead, "render", "boom", RetryPolicy::default()).await.expect("fail"), AfterFailure::LeaseLost);
        assert!(!db.release_video_job(&dead).await.expect("release"));
        assert!(db.complete_video_job(&alive, &output(&alive.job_id, 2)).await.expect("complete"));
        let done = db.video_job(&admin.organization_id, &job.job.id).await.expect("job");
        assert_eq!((done.job.status, done.job.attempts), (JobStatus::Succeeded, 2));
        assert_eq!(db.video_job_keys(&job.job.id).await.expect("keys"), [format!("videos/{}/2.mp4", job.job.id), format!("videos/{}/2.jpg", job.job.id)]);
    }

    async fn three_failed_attempts_fail_the_job_and_retry_makes_a_new_one(db) {
        let quotes = Quotes::new(db.clone());
        let admin = admin_of(&db, "video-fail").await;
        let quote = quotes.submit("video-fail", &three_rooms(), None).await.expect("quote");
        let (job, _) = db.request_quote_video(&admin.organization_id, &quote.id, &admin, &order()).await.expect("request");
        let now = RetryPolicy { backoff_base_ms: 0 };
        for attempt in 1..=3 {
            let lease = db.claim_video_job("worker", LEASE_MS).await.expect("claim").expect("due");
            assert_eq!(lease.attempt, attempt);
            let outcome = db.fail_video_job(&lease, "render", &format!("encoder broke #{attempt}"), now).await.expect("fail");
            assert_eq!(matches!(outcome, AfterFailure::Failed), attempt == 3, "{outcome:?}");
        }
        assert!(db.claim_video_job("worker", LEASE_MS).await.expect("claim").is_none());
        let failed = db.video_job(&admin.organization_id, &job.job.id).await.expect("job");
        assert_eq!((failed.job.status, failed.job.error.as_deref()), (JobStatus::Failed, Some("encoder broke #3")));
        assert!(audit_actions(&db, &admin).await.iter().any(|a| a == "video_render.failed"));

        let (retry, requested) = db.retry_video_job(&admin.organization_id, &job.job.id, &admin).await.expect("retry");
        assert_eq!((requested, retry.job.status, retry.job.attempts), (Requested::Created, JobStatus::Queued, 0));
        assert_ne!(retry.job.id, job.job.id);
        assert_eq!(db.video_job(&admin.organization_id, &job.job.id).await.expect("kept").job.status, JobStatus::Failed);
        let refused = db.retry_video_job(&admin.organization_id, &retry.job.id, &admin).await;
        assert!(matches!(refused, Err(StoreError::WrongState { status: "queued" })), "{refused:?}");
        let other = admin_of(&db, "video-fail-other").await;
        assert!(matches!(db.retry_video_job(&other.organization_id, &job.job.id, &other).await, Err(StoreError::NotFound)));
    }

    async fn concurrent_workers_never_claim_the_same_job(db) {
        let quotes = Quotes::new(db.clone());
        let admin = admin_of(&db, "video-many").await;
        let mut wanted = Vec::new();
        for _ in 0..8 {
            let quote = quotes.submit("video-many", &three_rooms(), None).await.expect("quote");
            let (job, _) = db.request_quote_video(&admin.organization_id, &quote.id, &admin, &order()).await.expect("request");
            wanted.push(job.job.id);
        }
        let workers: Vec<_> = (0..4)
            .map(|w| {
                let db = db.clone();
                tokio::spawn(async move {
                    let mut mine = Vec::new();
                    while let Some(lease) = db.claim_video_job(&format!("worker-{w}"), LEASE_MS).await.expect("claim") {
                        assert!(db.complete_video_job(&lease, &output(&lease.job_id, lease.attempt)).await.expect("complete"));
                        mine.push(lease.job_id);
                    }
                    mine
                })
            })
            .collect();
        let mut claimed = Vec::new();
        for worker in workers {
            claimed.extend(worker.await.expect("worker"));
        }
        claimed.sort();
        wanted.sort();
        assert_eq!(claimed, wanted, "every job claimed exactly once");
    }

    async fn a_worker_shutting_down_gives_its_job_back_without_spending_an_attempt(db) {
        let quotes = Quotes::new(db.clone());
        let admin = admin_of(&db, "video-release").await;
        let quote = quotes.submit("video-release", &three_rooms(), None).await.expect("quote");
        let (job, _) = db.request_quote_video(&admin.organization_id, &quote.id, &admin, &order()).await.expect("request");
        let lease = db.claim_video_job("worker", LEASE_MS).await.expect("claim").expect("due");
        assert!(db.release_video_job(&lease).await.expect("release"));
        let back = db.video_job(&admin.organization_id, &job.job.id).await.expect("job");
        assert_eq!((back.job.status, back.job.attempts), (JobStatus::Queued, 0));
        let again = db.claim_video_job("worker", LEASE_MS).await.expect("claim").expect("due at once");
        assert_eq!(again.attempt, 1);
    }

    async fn sending_a_quote_can_ask_for_its_video_in_the_same_step(db) {
        let quotes = Quotes::new(db.clone());
        let admin = admin_of(&db, "video-send").await;
        let draft = quotes.create(&admin, &three_rooms(), false).await.expect("draft");
        let sent = quotes.send(&admin, &draft.id, Some(&order())).await.expect("send");
        assert_eq!(sent.status, QuoteStatus::Pending);
        let jobs = db.video_jobs(&admin.organization_id, Some(&draft.id), false, 10).await.expect("jobs");
        assert_eq!(jobs.len(), 1);
        assert_eq!(jobs[0].job.status, JobStatus::Queued);
        // Without the setting, sending asks for nothing.
        let other = quotes.create(&admin, &three_rooms(), false).await.expect("draft");
        quotes.send(&admin, &other.id, None).await.expect("send");
        assert!(db.video_jobs(&admin.organization_id, Some(&other.id), false, 10).await.expect("jobs").is_empty());
    }

    async fn finished_videos_past_their_time_to_live_are_listed_for_deletion(db) {
        let quotes = Quotes::new(db.clone());
        let admin = admin_of(&db, "video-ttl").await;
        let quote = quotes.submit("video-ttl", &three_rooms(), None).await.expect("quote");
        let (job, _) = db.request_quote_video(&admin.organization_id, &quote.id, &admin, &order()).await.expect("request");
        let lease = db.claim_video_job("worker", LEASE_MS).await.expect("claim").expect("due");
        assert!(db.complete_video_job(&lease, &output(&lease.job_id, 1)).await.expect("complete"));
        assert!(db.video_outputs_expired(store::now_ms() - 60_000, 10).await.expect("expired").is_empty(), "still fresh");
        let due = db.video_outputs_expired(store::now_ms() + 1, 10).await.expect("expired");
        assert_eq!(due.len(), 1);
        assert_eq!(due[0].keys.len(), 2);
        db.mark_video_outputs_deleted(&job.job.id).await.expect("mark");
        assert!(db.video_outputs_expired(store::now_ms() + 1, 10).await.expect("expired").is_empty());
        assert!(db.video_jobs(&admin.organization_id, None, true, 10).await.expect("videos").is_empty());
        assert!(db.video_job(&admin.organization_id, &job.job.id).await.expect("kept").outputs_deleted);
    }
}
