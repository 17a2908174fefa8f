//! `kill -9` loses nothing: real `worker run` processes render real quote
//! videos and are killed with SIGKILL mid-render again and again, a new
//! one started each time. In the end every job succeeded exactly once, its
//! folder in storage holds exactly the one MP4 and JPEG the job records,
//! and no temporary folder is left behind. Then SIGTERM: the last worker
//! gives back the job it holds and exits cleanly.
//! Runs against SQLite and PostgreSQL.

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use domain::JobStatus;
use store::testing::TestDb;
use store::{Backend, Db, User, VideoOrder};

mod support;
use support::{org_admin, request};

const JOBS: usize = 3;
const KILLS: usize = 4;

/// A worker process, killed if the test ends early (a failed assertion).
struct Worker(Child);

impl Drop for Worker {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn spawn_worker(url: &str, data_dir: &Path) -> Worker {
    Worker(Command::new(env!("CARGO_BIN_EXE_worker"))
        .arg("run")
        .env("DATABASE_URL", url)
        .env("DATA_DIR", data_dir)
        .env("STORAGE_URL", "")
        .env("WORKER_LEASE_SECONDS", "2")
        .env("WORKER_HEARTBEAT_SECONDS", "0.5")
        .env("WORKER_RECONCILE_SECONDS", "0.5")
        .env("WORKER_BACKOFF_SECONDS", "0.2")
        .env("WORKER_POLL_SECONDS", "0.2")
        .env("RUST_LOG", "warn")
        .stdout(Stdio::null())
        .stderr(Stdio::inherit())
        .spawn()
        .expect("start `worker run`"))
}

async fn jobs(db: &Db, admin: &User) -> Vec<store::VideoJobRecord> {
    db.video_jobs(&admin.organization_id, None, false, 100).await.expect("jobs")
}

async fn any_running(db: &Db, admin: &User) -> bool {
    jobs(db, admin).await.iter().any(|j| j.job.status == JobStatus::Running)
}

/// Every file under `dir`, recursively, as paths relative to it.
fn files_under(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&d) else { continue };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
            } else if let Ok(rel) = path.strip_prefix(dir) {
                out.push(rel.to_path_buf());
            }
        }
    }
    out.sort();
    out
}

async fn killed_mid_render_loses_nothing(backend: Backend) {
    let test_db = TestDb::new(backend).await;
    let db = test_db.db.clone();
    let data_dir = std::env::temp_dir().join(format!("cotiza-kill-nine-{}", uuid::Uuid::new_v4().simple()));
    let admin = org_admin(&db).await;
    let quotes = quotes::Quotes::new(db.clone());
    let order = VideoOrder { quote_url: "https://cotiza.example/p/kill".into(), brand_color: "#7c3aed".into(), logo_key: None };
    for i in 0..JOBS {
        let quote = quotes.submit("kill-nine", &request(i), None).await.expect("quote");
        db.request_quote_video(&admin.organization_id, &quote.id, &admin, &order).await.expect("video");
    }
    // Many kills: give every job room for them (the default is 3 attempts).
    sqlx::query("UPDATE video_render_jobs SET max_attempts = 20").execute(db.pool()).await.expect("attempts");

    let started = Instant::now();
    let mut kills = 0;
    let mut worker = spawn_worker(&test_db.url, &data_dir);
    while kills < KILLS {
        assert!(started.elapsed() < Duration::from_secs(300), "took too long");
        // Wait for a render to be under way, let it get some frames in, kill.
        while !any_running(&db, &admin).await {
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        tokio::time::sleep(Duration::from_millis(300 + 700 * (kills as u64 % 3))).await;
        worker.0.kill().expect("SIGKILL");
        worker.0.wait().expect("reaped");
        kills += 1;
        worker = spawn_worker(&test_db.url, &data_dir);
    }
    loop {
        let all = jobs(&db, &admin).await;
        if all.iter().all(|j| j.job.status == JobStatus::Succeeded) {
            break;
        }
        assert!(all.iter().all(|j| j.job.status.is_active() || j.job.status == JobStatus::Succeeded), "a job ended otherwise: {all:#?}");
        assert!(started.elapsed() < Duration::from_secs(400), "not all jobs finished: {all:#?}");
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    // SIGTERM: a clean exit.
    let status = Command::new("kill").args(["-TERM", &worker.0.id().to_string()]).status().expect("kill -TERM");
    assert!(status.success());
    let exit = worker.0.wait().expect("exit");
    assert!(exit.success(), "SIGTERM ends the worker cleanly: {exit:?}");

    let all = jobs(&db, &admin).await;
    assert_eq!(all.len(), JOBS);
    let attempts: i64 = all.iter().map(|j| j.job.attempts).sum();
    assert!(attempts > JOBS as i64, "the kills interrupted renders ({attempts} attempts for {JOBS} jobs)");
    let audit = db.audit_events(&admin.organization_id, 500, None).await.expect("audit");
    for job in &all {
        let succeeded = audit.iter().filter(|e| e.action == "video_render.succeeded" && e.detail.contains(&job.job.id)).count();
        assert_eq!(succeeded, 1, "job {} succeeded exactly once", job.job.id);
        // Exactly the recorded MP4 and JPEG (with their content-type sidecars) are in the job's folder.
        let folder = data_dir.join("files").join(format!("orgs/{}/videos/{}", admin.organization_id.as_str(), job.job.id));
        let mut stored: Vec<String> = files_under(&folder)
            .iter()
            .map(|p| p.to_string_lossy().into_owned())
            .filter(|name| !name.ends_with("@type"))
            .collect();
        stored.sort();
        let mut recorded: Vec<String> = [job.output_key.clone(), job.thumbnail_key.clone()]
            .into_iter()
            .flatten()
            .map(|k| k.rsplit('/').next().unwrap_or_default().to_owned())
            .collect();
        recorded.sort();
        assert_eq!(stored, recorded, "job {}: one output, no orphan of a killed attempt", job.job.id);
        let video = std::fs::read(folder.join(&recorded[1])).expect("video");
        assert_eq!(&video[4..8], b"ftyp");
    }
    let leftovers = files_under(&data_dir.join("tmp").join("video-jobs"));
    assert!(leftovers.is_empty(), "no temp files left: {leftovers:?}");
    let _ = std::fs::remove_dir_all(&data_dir);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_worker_killed_mid_render_loses_nothing_sqlite() {
    killed_mid_render_loses_nothing(Backend::Sqlite).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_worker_killed_mid_render_loses_nothing_postgres() {
    killed_mid_render_loses_nothing(Backend::Postgres).await;
}
