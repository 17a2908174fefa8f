//! Queue benchmarks (a bench binary printing figures):
//! `cargo bench -p worker --bench queue` (both backends; PostgreSQL at
//! `TEST_POSTGRES_URL`, default postgres://postgres@127.0.0.1:5432/test).
//!
//! 1. enqueue → start latency: the real path — sales asks for a video
//!    (`request_quote_video`), an idle in-process runner (with a renderer
//!    that writes two tiny files) is woken and claims it; measured from the
//!    job's `created_at` to its `started_at`, 200 times one after another.
//!    Targets: p95 ≤ 20 ms on PostgreSQL, ≤ 150 ms on SQLite.
//! 2. no-op job throughput: 4,000 queued jobs drained by 8 concurrent
//!    claim → complete loops, one connection each (the queue's own cost:
//!    lease, audit, result).
//!    Target: ≥ 1,000 jobs/s on PostgreSQL.
use std::path::Path;
use std::sync::Arc;
use std::time::{Duration, Instant};

use domain::{Contact, ContactTime, Currency, JobStatus, Opening, OpeningKind, QuoteInput, QuoteRequest, Role, Room, Vertical};
use rust_decimal_macros::dec;
use store::testing::TestDb;
use store::{Backend, Db, JobOutput, NewOrganization, NewUser, User, VideoOrder};
use worker::render::{RenderError, RenderTarget, RenderedVideo};
use worker::runner::{Renderer, RunnerConfig};

const LATENCY_SAMPLES: usize = 200;
const THROUGHPUT_JOBS: usize = 4_000;
const CLAIMERS: usize = 8;

/// Writes two tiny files: the queue's cost without the render's.
struct NoOp;

impl Renderer for NoOp {
    fn render(&self, _: &domain::QuoteVideoInput, _: Option<&[u8]>, target: RenderTarget<'_>, progress: &mut dyn FnMut(u8) -> bool) -> Result<RenderedVideo, RenderError> {
        std::fs::write(target.video, b"\0\0\0\x18ftypisom").map_err(RenderError::Io)?;
        std::fs::write(target.thumbnail, [0xFF, 0xD8, 0xFF, 0xD9]).map_err(RenderError::Io)?;
        progress(100);
        Ok(RenderedVideo { duration_ms: 0, frames: 0, width: 0, height: 0 })
    }
}

async fn admin(db: &Db) -> User {
    let org = NewOrganization {
        slug: "bench".into(),
        name: "Bench".into(),
        country: "CL".into(),
        currency: Currency::Usd,
        tax_rate: dec!(0.19),
        default_language: "es".into(),
    };
    let user = NewUser { email: "bench@example.com".into(), name: "Bench".into(), password_hash: "x".into(), role: Role::Admin, language: None };
    let (org, user) = db.create_org_with_admin(&org, &user, None).await.expect("org");
    store::seed_demo_catalog(db, &org.id, &store::today()).await.expect("catalog");
    user
}

fn request() -> QuoteRequest {
    QuoteRequest {
        vertical: Vertical::Residential,
        language: "es".into(),
        contact: Contact {
            name: "Bench".into(),
            phone: "+56 9 1111 2222".into(),
            email: String::new(),
            address: "Av. Bench 1".into(),
            commune: String::new(),
            contact_time: ContactTime::Morning,
        },
        input: QuoteInput {
            extreme_weather: false,
            rooms: vec![Room {
                name: "Living".into(),
                floor: 1,
                openings: vec![Opening {
                    kind: OpeningKind::Window,
                    width_m: dec!(1.2),
                    height_m: dec!(1.5),
                    quantity: 1,
                    sku: "SOL-CERAMIC-70".into(),
                    curved_glass: false,
                    difficult_access: false,
                }],
            }],
            ..Default::default()
        },
    }
}

fn percentile(sorted: &[i64], p: f64) -> i64 {
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i.min(sorted.len() - 1)]
}

async fn latency(db: &Db, admin: &User, data_dir: &Path) -> (i64, i64, i64) {
    let quote = quotes::Quotes::new(db.clone()).submit("bench", &request(), None).await.expect("quote");
    let order = VideoOrder { quote_url: "https://bench.example/p/x".into(), brand_color: "#000000".into(), logo_key: None };
    let blobs = blob::Blobs::local(data_dir.join("files"));
    let mut config = RunnerConfig::from_lookup(|_| None, data_dir).expect("config");
    config.poll = Duration::from_secs(5); // woken, not polling
    let (stop, shutdown) = tokio::sync::watch::channel(false);
    let frames = worker::frames_job::FrameWork::new(db.clone(), Default::default()).expect("providers");
    let runner = tokio::spawn(worker::runner::run(db.clone(), blobs, Arc::new(NoOp), frames, config, shutdown));
    tokio::time::sleep(Duration::from_millis(300)).await;
    let mut waits = Vec::with_capacity(LATENCY_SAMPLES);
    for _ in 0..LATENCY_SAMPLES {
        let (job, _) = db.request_quote_video(&admin.organization_id, &quote.id, admin, &order).await.expect("request");
        let done = loop {
            let j = db.video_job(&admin.organization_id, &job.job.id).await.expect("job");
            if j.job.status == JobStatus::Succeeded {
                break j;
            }
            tokio::time::sleep(Duration::from_millis(2)).await;
        };
        waits.push(done.job.started_at.unwrap_or_default() - done.job.created_at);
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    let _ = stop.send(true);
    let _ = runner.await;
    waits.sort_unstable();
    (percentile(&waits, 0.5), percentile(&waits, 0.95), *waits.last().unwrap_or(&0))
}

async fn throughput(db: &Db) -> f64 {
    // Copies of one real job row, queued (distinct unique keys).
    let template: (String, String) = sqlx::query_as("SELECT organization_id, input_snapshot FROM video_render_jobs LIMIT 1")
        .fetch_one(db.pool())
        .await
        .expect("a job to copy");
    let mut tx = db.begin_write().await.expect("tx");
    for i in 0..THROUGHPUT_JOBS {
        sqlx::query(
            "INSERT INTO video_render_jobs (id, organization_id, entity_type, entity_id, entity_version, entity_label, template,
                 status, input_snapshot, run_at, unique_key, created_by, created_at, updated_at)
             VALUES ($1, $2, 'QUOTE', $3, 1, 'BENCH', 'quote-summary', 'queued', $4, 0, $5, 'bench', $6, $6)",
        )
        .bind(uuid::Uuid::new_v4().to_string())
        .bind(&template.0)
        .bind(format!("bench-{i}"))
        .bind(&template.1)
        .bind(format!("bench-{i}"))
        .bind(store::now_ms())
        .execute(&mut *tx)
        .await
        .expect("insert");
    }
    tx.commit().await.expect("commit");
    // One connection per claimer, as that many worker processes would have.
    let db = Db::connect(db.url(), CLAIMERS as u32).await.expect("a pool for the claimers");
    let started = Instant::now();
    let claimers: Vec<_> = (0..CLAIMERS)
        .map(|w| {
            let db = db.clone();
            tokio::spawn(async move {
                let mut n = 0usize;
                while let Some(lease) = db.claim_video_job(&format!("bench-{w}"), 30_000).await.expect("claim") {
                    let output = JobOutput { video_key: "v.mp4".into(), thumbnail_key: "t.jpg".into(), video_bytes: 1, duration_ms: 0 };
                    assert!(db.complete_video_job(&lease, &output).await.expect("complete"));
                    n += 1;
                }
                n
            })
        })
        .collect();
    let mut done = 0;
    for c in claimers {
        done += c.await.expect("claimer");
    }
    assert_eq!(done, THROUGHPUT_JOBS);
    done as f64 / started.elapsed().as_secs_f64()
}

#[tokio::main(flavor = "multi_thread")]
async fn main() {
    for (backend, latency_target, throughput_target) in [(Backend::Postgres, 20, Some(1000.0)), (Backend::Sqlite, 150, None)] {
        let test_db = TestDb::new(backend).await;
        let db = test_db.db.clone();
        let data_dir = std::env::temp_dir().join(format!("cotiza-queue-bench-{}", uuid::Uuid::new_v4().simple()));
        let admin = admin(&db).await;
        let (p50, p95, max) = latency(&db, &admin, &data_dir).await;
        let verdict = if p95 <= latency_target { "PASS" } else { "FAIL" };
        println!(
            "{:<8} enqueue→start latency over {LATENCY_SAMPLES} jobs: p50 {p50} ms, p95 {p95} ms, max {max} ms (target p95 ≤ {latency_target} ms: {verdict})",
            backend.name()
        );
        let rate = throughput(&db).await;
        let verdict = match throughput_target {
            Some(t) if rate >= t => format!("target ≥ {t} jobs/s: PASS"),
            Some(t) => format!("target ≥ {t} jobs/s: FAIL"),
            None => "no target".to_owned(),
        };
        println!("{:<8} no-op job throughput, {THROUGHPUT_JOBS} jobs, {CLAIMERS} claimers: {rate:.0} jobs/s ({verdict})", backend.name());
        let _ = std::fs::remove_dir_all(&data_dir);
    }
}
