//! A fake external provider speaking the JSON contract, on 127.0.0.1.
use std::net::SocketAddr;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, OnceLock};
use std::time::Duration;

use axum::Json;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use serde_json::{Value, json};

use crate::support::serve;

/// How the fake answers `POST /extract`.
#[derive(Debug, Clone)]
pub enum Mode {
    /// 200 with frames at `/frames/{i}` (small JPEG-typed files).
    Frames,
    /// 200 with frame 0 at `path` on this server, the others normal.
    FirstFrameAt(&'static str),
    /// 200 with frame 0 at this absolute URL.
    FirstFrameUrl(String),
    /// This status and body.
    Status(u16, &'static str),
    /// Answers after this long.
    Slow(Duration),
}

pub struct FakeService {
    pub addr: SocketAddr,
    state: Arc<Shared>,
}

struct Shared {
    calls: AtomicUsize,
    mode: Mutex<Mode>,
    base: OnceLock<String>,
    last_auth: Mutex<Option<String>>,
    last_body: Mutex<Option<Value>>,
}

/// The bytes of frame `i`.
pub fn frame_bytes(i: u32) -> Vec<u8> {
    format!("\u{FF}jpeg frame {i}").into_bytes()
}

impl FakeService {
    pub async fn start(mode: Mode) -> FakeService {
        let state = Arc::new(Shared {
            calls: AtomicUsize::new(0),
            mode: Mutex::new(mode),
            base: OnceLock::new(),
            last_auth: Mutex::new(None),
            last_body: Mutex::new(None),
        });
        let router = axum::Router::new()
            .route("/extract", post(extract))
            .route("/frames/{i}", get(frame))
            .route("/big.jpg", get(big))
            .route("/page.html", get(html))
            .with_state(state.clone());
        let addr = serve(router).await;
        state.base.set(format!("http://{addr}")).unwrap();
        FakeService { addr, state }
    }

    pub fn endpoint(&self) -> String {
        format!("http://{}/extract", self.addr)
    }

    /// `POST /extract` calls so far.
    pub fn calls(&self) -> usize {
        self.state.calls.load(Ordering::SeqCst)
    }

    pub fn set_mode(&self, mode: Mode) {
        *self.state.mode.lock().unwrap() = mode;
    }

    pub fn last_auth(&self) -> Option<String> {
        self.state.last_auth.lock().unwrap().clone()
    }

    pub fn last_body(&self) -> Option<Value> {
        self.state.last_body.lock().unwrap().clone()
    }
}

async fn extract(State(state): State<Arc<Shared>>, headers: HeaderMap, Json(body): Json<Value>) -> Response {
    state.calls.fetch_add(1, Ordering::SeqCst);
    *state.last_auth.lock().unwrap() =
        headers.get(header::AUTHORIZATION).and_then(|v| v.to_str().ok()).map(str::to_owned);
    let count = body["frameCount"].as_u64().unwrap_or(0) as u32;
    *state.last_body.lock().unwrap() = Some(body);
    let mode = state.mode.lock().unwrap().clone();
    let base = state.base.get().unwrap().clone();
    let frames = |first: Option<String>| {
        let list: Vec<Value> = (0..count)
            .map(|i| {
                let url = match (&first, i) {
                    (Some(url), 0) => url.clone(),
                    _ => format!("{base}/frames/{i}"),
                };
                json!({"index": i, "url": url})
            })
            .collect();
        Json(json!({ "frames": list })).into_response()
    };
    match mode {
        Mode::Frames => frames(None),
        Mode::FirstFrameAt(path) => frames(Some(format!("{base}{path}"))),
        Mode::FirstFrameUrl(url) => frames(Some(url)),
        Mode::Status(code, body) => (StatusCode::from_u16(code).unwrap(), body).into_response(),
        Mode::Slow(wait) => {
            tokio::time::sleep(wait).await;
            frames(None)
        }
    }
}

async fn frame(Path(i): Path<u32>) -> Response {
    ([(header::CONTENT_TYPE, "image/jpeg")], frame_bytes(i)).into_response()
}

/// 30 MB "image".
async fn big() -> Response {
    ([(header::CONTENT_TYPE, "image/jpeg")], vec![0u8; 30_000_000]).into_response()
}

async fn html() -> Response {
    ([(header::CONTENT_TYPE, "text/html; charset=utf-8")], "<html>login</html>").into_response()
}
