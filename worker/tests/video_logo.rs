//! The quote video shows the organisation's logo: the runner reads the file
//! named by the job (the logo the organisation had when the video was asked
//! for) from storage and hands it to the renderer; a logo gone since is no
//! failure — the video is made with the organisation's name alone.
//! SQLite and PostgreSQL.
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use blob::{BlobKey, Blobs};
use domain::JobStatus;
use store::{Db, User, VideoOrder, test_both_backends};
use worker::frames_job::{FrameWork, Video360Config};
use worker::render::{RenderError, RenderTarget, RenderedVideo};
use worker::runner::{Renderer, RunnerConfig};

mod support;

/// Writes two tiny files and keeps the logo each render was given.
#[derive(Default)]
struct Recording(Mutex<Vec<Option<Vec<u8>>>>);

impl Renderer for Recording {
    fn render(&self, _: &domain::QuoteVideoInput, logo: Option<&[u8]>, target: RenderTarget<'_>, progress: &mut dyn FnMut(u8) -> bool) -> Result<RenderedVideo, RenderError> {
        self.0.lock().expect("lock").push(logo.map(<[u8]>::to_vec));
        std::fs::write(target.video, b"\0\0\0\x18ftypisom").map_err(RenderError::Io)?;
        std::fs::write(target.thumbnail, [0xFF, 0xD8, 0xFF, 0xD9]).map_err(RenderError::Io)?;
        progress(100);
        Ok(RenderedVideo { duration_ms: 0, frames: 0, width: 0, height: 0 })
    }
}

fn temp_dir() -> PathBuf {
    let dir = std::env::temp_dir().join(format!("cotiza-video-logo-{}", uuid::Uuid::new_v4().simple()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    dir
}

async fn render_one(db: &Db, blobs: &Blobs, dir: &Path, admin: &User, i: usize, logo_key: Option<&str>) -> Option<Vec<u8>> {
    let quote = quotes::Quotes::new(db.clone()).submit("kill-nine", &support::request(i), None).await.expect("quote");
    let order = VideoOrder { quote_url: "https://cotiza.example/p/x".into(), brand_color: "#7c3aed".into(), logo_key: logo_key.map(str::to_owned) };
    let (job, _) = db.request_quote_video(&admin.organization_id, &quote.id, admin, &order).await.expect("video");
    let renderer = Arc::new(Recording::default());
    let mut config = RunnerConfig::from_lookup(|_| None, dir).expect("runner config");
    config.poll = Duration::from_millis(50);
    let frames = FrameWork::new(db.clone(), Video360Config::from_lookup(|_| None).expect("360 config")).expect("providers");
    let (stop, shutdown) = tokio::sync::watch::channel(false);
    let runner = tokio::spawn(worker::runner::run(db.clone(), blobs.clone(), renderer.clone(), frames, config, shutdown));
    for _ in 0..300 {
        if db.video_job(&admin.organization_id, &job.job.id).await.expect("job").job.status == JobStatus::Succeeded {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let _ = stop.send(true);
    let _ = runner.await;
    assert_eq!(db.video_job(&admin.organization_id, &job.job.id).await.expect("job").job.status, JobStatus::Succeeded);
    let seen = renderer.0.lock().expect("lock").clone();
    assert_eq!(seen.len(), 1, "one render");
    seen.into_iter().next().flatten()
}

test_both_backends! {
    async fn the_video_is_given_the_organisations_logo_and_made_without_one_gone_since(db) {
        let dir = temp_dir();
        let blobs = Blobs::local(dir.join("files"));
        let admin = support::org_admin(&db).await;
        let key = format!("orgs/{}/logo/1-small.jpg", admin.organization_id);
        let logo = vec![0xFF, 0xD8, 0xFF, 0xE0, 1, 2, 3, 0xFF, 0xD9];
        blobs.put(&BlobKey::new(key.clone()).expect("key"), &logo, "image/jpeg").await.expect("logo stored");

        assert_eq!(render_one(&db, &blobs, &dir, &admin, 0, Some(&key)).await, Some(logo), "the stored logo reaches the renderer");
        let gone = format!("orgs/{}/logo/0-small.jpg", admin.organization_id);
        assert_eq!(render_one(&db, &blobs, &dir, &admin, 1, Some(&gone)).await, None, "a logo gone since: no logo, still a video");
        assert_eq!(render_one(&db, &blobs, &dir, &admin, 2, None).await, None, "no logo");
        let _ = std::fs::remove_dir_all(&dir);
    }
}
