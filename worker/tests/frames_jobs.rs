//! 360° jobs through the real runner: an uploaded video becomes six frames
//! at equal angles, stored with thumbnails and recorded with the job; a
//! failing external provider first in the chain falls back to the local
//! extractor with every attempt in the usage log; a video that is not one
//! fails at once without retries. SQLite and PostgreSQL.
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use blob::{BlobKey, Blobs};
use domain::{BodyType, VehicleInput, Video360Job, Video360Status};
use store::{Db, User, test_both_backends};
use vehicles::{SpinPolicy, SpinRequest, Spins, Vehicles};
use worker::frames_job::{FrameWork, Video360Config};
use worker::runner::{QuoteSummary, RunnerConfig};

struct TempDir(PathBuf);

impl TempDir {
    fn new(name: &str) -> TempDir {
        let dir = std::env::temp_dir().join(format!("cotiza-frames-{name}-{}-{}", std::process::id(), store::now_ms()));
        std::fs::create_dir_all(&dir).expect("temp dir");
        TempDir(dir)
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// A 6 s portrait phone-style video (360x640, GOP 1 s).
fn phone_video(dir: &Path) -> PathBuf {
    let path = dir.join("car.mp4");
    let status = Command::new("ffmpeg")
        .args(["-loglevel", "error", "-y", "-f", "lavfi", "-i", "testsrc2=size=360x640:rate=30", "-t", "6"])
        .args(["-c:v", "libx264", "-g", "30", "-pix_fmt", "yuv420p"])
        .arg(&path)
        .status()
        .expect("run ffmpeg");
    assert!(status.success());
    path
}

/// A fake external provider that always answers 503, counting its calls.
async fn failing_provider() -> (String, Arc<AtomicUsize>) {
    use axum::routing::post;
    let calls = Arc::new(AtomicUsize::new(0));
    let counter = calls.clone();
    let app = axum::Router::new().route(
        "/extract",
        post(move || {
            let counter = counter.clone();
            async move {
                counter.fetch_add(1, Ordering::SeqCst);
                (axum::http::StatusCode::SERVICE_UNAVAILABLE, "busy")
            }
        }),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let addr = listener.local_addr().expect("addr");
    tokio::spawn(async move { axum::serve(listener, app).await });
    (format!("http://{addr}/extract"), calls)
}

struct Setup {
    spins: Spins,
    blobs: Blobs,
    admin: User,
    vehicle_id: String,
    stop: tokio::sync::watch::Sender<bool>,
    runner: tokio::task::JoinHandle<()>,
}

async fn start(db: &Db, dir: &Path, env: HashMap<String, String>) -> Setup {
    let blobs = Blobs::local(dir.join("files"));
    let spins = Spins::new(db.clone(), blobs.clone(), SpinPolicy::default());
    let admin = store::testing::org_with_admin(db, &format!("frames-{}", store::now_ms())).await;
    let vehicle = VehicleInput {
        make: "Toyota".into(),
        model: "Hilux".into(),
        year: 2022,
        body_type: Some(BodyType::PickupDoubleCab),
        ..VehicleInput::default()
    };
    let vehicle_id = Vehicles::new(db.clone()).create(&admin, &vehicle).await.expect("vehicle").id;
    let lookup = |name: &str| env.get(name).cloned();
    let mut config = RunnerConfig::from_lookup(lookup, dir).expect("runner config");
    config.poll = Duration::from_millis(100);
    let frames = FrameWork::new(db.clone(), Video360Config::from_lookup(lookup).expect("360 config")).expect("providers");
    let (stop, shutdown) = tokio::sync::watch::channel(false);
    let runner = tokio::spawn(worker::runner::run(db.clone(), blobs.clone(), Arc::new(QuoteSummary), frames, config, shutdown));
    Setup { spins, blobs, admin, vehicle_id, stop, runner }
}

async fn wait_until_done(setup: &Setup, job_id: &str) -> Video360Job {
    for _ in 0..600 {
        let job = setup.spins.job(&setup.admin, job_id).await.expect("job");
        if !matches!(job.status, Video360Status::Pending | Video360Status::Processing) {
            return job;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("the job did not finish in 60 s");
}

async fn stop(setup: Setup) {
    let _ = setup.stop.send(true);
    let _ = setup.runner.await;
}

test_both_backends! {
    async fn an_upload_becomes_six_frames_at_equal_angles(db) {
        let tmp = TempDir::new("six");
        let setup = start(&db, &tmp.0, HashMap::new()).await;
        let video = phone_video(&tmp.0);
        let request = SpinRequest { vehicle_id: setup.vehicle_id.clone(), ..SpinRequest::default() };
        let job = setup.spins.submit_upload(&setup.admin, &request, &video).await.expect("queued");
        let done = wait_until_done(&setup, &job.id).await;
        assert_eq!(done.status, Video360Status::Completed, "{:?}", done.error);
        assert_eq!((done.provider.as_deref(), done.progress, done.cost_usd.as_str()), (Some("local"), 100, "0.00"));
        assert!(done.processing_time_ms.is_some_and(|ms| ms > 0));
        let angles: Vec<f64> = done.frames.iter().map(|f| f.angle_degrees).collect();
        assert_eq!(angles, [0.0, 60.0, 120.0, 180.0, 240.0, 300.0]);
        let labels: Vec<&str> = done.frames.iter().map(|f| f.angle_label.as_str()).collect();
        assert_eq!(labels, ["Front", "Front-Right", "Rear-Right", "Rear", "Rear-Left", "Front-Left"]);
        for frame in &done.frames {
            assert_eq!((frame.width, frame.height), (360, 640), "portrait, full size");
            assert!(frame.image_url.starts_with("/files/orgs/") && frame.thumbnail_url.contains("-thumb.jpg"), "{frame:?}");
            let key = frame.image_url.trim_start_matches("/files/").split('?').next().expect("key");
            let stored = setup.blobs.head(&BlobKey::new(key).expect("key")).await.expect("head").expect("stored");
            assert_eq!((stored.size as i64, stored.content_type.as_str()), (frame.file_size_bytes, "image/jpeg"));
        }
        let view = setup.spins.view(&setup.admin, &setup.vehicle_id).await.expect("view");
        assert!(view.is_ready && view.frames.len() == 6 && view.job_id.as_deref() == Some(job.id.as_str()));
        let usage = db.provider_usage_of_job(&setup.admin.organization_id, &job.id).await.expect("usage");
        assert_eq!(usage.len(), 1);
        assert!(usage[0].success && usage[0].provider == "local");
        stop(setup).await;
    }

    async fn a_failing_external_provider_falls_back_to_the_local_one(db) {
        let tmp = TempDir::new("fallback");
        let (url, calls) = failing_provider().await;
        let env = HashMap::from([
            ("VIDEO360_PROVIDERS".to_owned(), "busy-cloud,local".to_owned()),
            ("VIDEO360_PROVIDER_BUSY_CLOUD_URL".to_owned(), url),
            ("VIDEO360_PROVIDER_BUSY_CLOUD_KEY".to_owned(), "test-key".to_owned()),
            ("VIDEO360_PROVIDER_BUSY_CLOUD_COST_USD".to_owned(), "0.05".to_owned()),
            ("VIDEO360_PROVIDER_RETRY_DELAYS_MS".to_owned(), "10,20".to_owned()),
            // Local storage: external providers fetch from {PUBLIC_URL}/files/….
            ("PUBLIC_URL".to_owned(), "http://127.0.0.1:9".to_owned()),
        ]);
        let setup = start(&db, &tmp.0, env).await;
        let video = phone_video(&tmp.0);
        let request = SpinRequest { vehicle_id: setup.vehicle_id.clone(), frame_count: Some(4), ..SpinRequest::default() };
        let job = setup.spins.submit_upload(&setup.admin, &request, &video).await.expect("queued");
        let done = wait_until_done(&setup, &job.id).await;
        assert_eq!(done.status, Video360Status::Completed, "{:?}", done.error);
        assert_eq!((done.provider.as_deref(), done.cost_usd.as_str(), done.frames.len()), (Some("local"), "0.00", 4));
        assert_eq!(calls.load(Ordering::SeqCst), 3, "the busy provider is tried once and retried twice");
        let usage = db.provider_usage_of_job(&setup.admin.organization_id, &job.id).await.expect("usage");
        let summary: Vec<(&str, bool)> = usage.iter().map(|u| (u.provider.as_str(), u.success)).collect();
        assert_eq!(summary, [("busy-cloud", false), ("busy-cloud", false), ("busy-cloud", false), ("local", true)]);
        assert!(usage.iter().all(|u| u.cost_usd.is_zero()), "failed calls cost nothing; local is free");
        stop(setup).await;
    }

    async fn a_file_that_is_not_a_video_fails_without_retries(db) {
        let tmp = TempDir::new("bad");
        let setup = start(&db, &tmp.0, HashMap::new()).await;
        // Valid when uploaded, then replaced by garbage in storage: the
        // worker's own check refuses it and does not retry.
        let video = phone_video(&tmp.0);
        let request = SpinRequest { vehicle_id: setup.vehicle_id.clone(), ..SpinRequest::default() };
        // No worker while the stored file is swapped.
        let _ = setup.stop.send(true);
        let _ = setup.runner.await;
        let setup = Setup { runner: tokio::spawn(async {}), ..setup };
        let job = setup.spins.submit_upload(&setup.admin, &request, &video).await.expect("queued");
        let key = format!("orgs/{}/video360/{}/source.mp4", setup.admin.organization_id.as_str(), job.id);
        setup.blobs.put(&BlobKey::new(key).expect("key"), b"not a video at all", "video/mp4").await.expect("overwrite");
        let (stop_tx, shutdown) = tokio::sync::watch::channel(false);
        let mut config = RunnerConfig::from_lookup(|_| None, &tmp.0).expect("config");
        config.poll = Duration::from_millis(100);
        let frames = FrameWork::new(db.clone(), Video360Config::default()).expect("providers");
        let runner = tokio::spawn(worker::runner::run(db.clone(), setup.blobs.clone(), Arc::new(QuoteSummary), frames, config, shutdown));
        let setup = Setup { stop: stop_tx, runner, ..setup };
        let done = wait_until_done(&setup, &job.id).await;
        assert_eq!((done.status, done.attempts), (Video360Status::Failed, 1), "{:?}", done.error);
        assert!(done.error.as_deref().is_some_and(|e| !e.is_empty()));
        stop(setup).await;
    }
}
