//! Fakes shared by the tests: a scripted provider, requests, local servers.
use std::collections::VecDeque;
use std::net::SocketAddr;
use std::path::Path;
use std::sync::Arc;
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

use providers::{BoxFuture, FrameProvider, ProvidedFrame, ProviderError, ProviderRequest, VideoSource};

pub fn request(source: VideoSource, frame_count: u32) -> ProviderRequest {
    ProviderRequest {
        job_id: "job-1".to_owned(),
        organization_id: "org-1".to_owned(),
        source,
        frame_count,
        format: domain::ImageFormat::Jpeg,
        quality: 85,
    }
}

pub fn local_request(frame_count: u32) -> ProviderRequest {
    request(VideoSource::LocalFile("/videos/car.mp4".into()), frame_count)
}

/// What a scripted call does.
pub enum Step {
    Frames,
    Fail(ProviderError),
    /// Never finishes (until the chain drops it).
    Hang,
}

/// A provider that plays a script, one step per call (the last step
/// repeats), writing real frame files on `Frames`.
pub struct ScriptedProvider {
    name: String,
    script: Mutex<VecDeque<Step>>,
    last: Mutex<Option<Step>>,
    calls: AtomicUsize,
}

impl ScriptedProvider {
    pub fn new(name: &str, steps: Vec<Step>) -> Arc<Self> {
        Arc::new(ScriptedProvider {
            name: name.to_owned(),
            script: Mutex::new(steps.into()),
            last: Mutex::new(None),
            calls: AtomicUsize::new(0),
        })
    }

    pub fn calls(&self) -> usize {
        self.calls.load(Ordering::SeqCst)
    }

    fn next_step(&self) -> Step {
        let mut script = self.script.lock().unwrap();
        let step = script.pop_front();
        let mut last = self.last.lock().unwrap();
        match step {
            Some(step) => {
                *last = Some(copy(&step));
                step
            }
            None => last.as_ref().map(copy).unwrap_or(Step::Frames),
        }
    }
}

fn copy(step: &Step) -> Step {
    match step {
        Step::Frames => Step::Frames,
        Step::Fail(e) => Step::Fail(e.clone()),
        Step::Hang => Step::Hang,
    }
}

impl FrameProvider for ScriptedProvider {
    fn name(&self) -> &str {
        &self.name
    }

    fn extract<'a>(
        &'a self,
        request: &'a ProviderRequest,
        work_dir: &'a Path,
    ) -> BoxFuture<'a, Result<Vec<ProvidedFrame>, ProviderError>> {
        self.calls.fetch_add(1, Ordering::SeqCst);
        let step = self.next_step();
        Box::pin(async move {
            match step {
                Step::Frames => {
                    let mut frames = Vec::new();
                    for index in 0..request.frame_count {
                        let path = work_dir.join(format!("{}-{index}.jpg", self.name));
                        tokio::fs::write(&path, b"\xFF\xD8fake").await.unwrap();
                        frames.push(ProvidedFrame { index, path });
                    }
                    Ok(frames)
                }
                Step::Fail(e) => Err(e),
                Step::Hang => std::future::pending().await,
            }
        })
    }
}

/// Serves `router` on 127.0.0.1 (or another loopback address) and returns its address.
pub async fn serve_on(ip: &str, router: axum::Router) -> SocketAddr {
    let listener = tokio::net::TcpListener::bind((ip, 0)).await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move {
        axum::serve(listener, router).await.unwrap();
    });
    addr
}

pub async fn serve(router: axum::Router) -> SocketAddr {
    serve_on("127.0.0.1", router).await
}
