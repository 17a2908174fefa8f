//! A sandbox that proves a file was refused without touching anything else:
//! the corpus of `tests/hostile/` copied into a temporary folder with its
//! `{{PORT}}` and `{{DIR}}` placeholders filled in, a TCP listener on
//! 127.0.0.1 that nobody may connect to, and FIFO canaries that nobody may
//! open: `canary.ts`, `canary.mp4` and `canary.fifo` (the extensions matter:
//! FFmpeg's HLS demuxer only follows segment names with media extensions).
//!
//! Why FIFOs: opening one for reading blocks until a writer comes, so a
//! demuxer that follows a reference to it gets stuck there, where it can be
//! seen — a non-blocking `O_WRONLY` open of the FIFO succeeds only while a
//! reader has it open. The sandbox then opens and closes the writing end,
//! which ends the reader's wait, so no test hangs. (Also used by the crate's
//! unit tests, through `#[path]`: no unsafe code, no `media` paths here.)
#![allow(dead_code)]

use std::io::ErrorKind;
use std::net::TcpListener;
use std::os::unix::fs::OpenOptionsExt;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::mpsc;
use std::time::{Duration, Instant};

/// How long a refusal may take before it counts as a hang.
const HANG: Duration = Duration::from_secs(20);

pub fn corpus_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/hostile")
}

pub struct Sandbox {
    pub dir: PathBuf,
    pub port: u16,
    listener: TcpListener,
    fifos: Vec<PathBuf>,
}

impl Sandbox {
    /// A fresh folder with the canary FIFOs and a listening port.
    pub fn new(name: &str) -> Sandbox {
        let dir = std::env::temp_dir().join(format!("media-hostile-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).expect("sandbox dir");
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
        listener.set_nonblocking(true).expect("non-blocking listener");
        let port = listener.local_addr().expect("addr").port();
        let mut sandbox = Sandbox { dir, port, listener, fifos: Vec::new() };
        for name in ["canary.ts", "canary.mp4", "canary.fifo"] {
            sandbox.fifo(name);
        }
        sandbox
    }

    /// Makes a FIFO canary named `name` in the sandbox.
    pub fn fifo(&mut self, name: &str) -> PathBuf {
        let path = self.dir.join(name);
        let status = Command::new("mkfifo").arg(&path).status().expect("mkfifo runs");
        assert!(status.success(), "mkfifo {}", path.display());
        self.fifos.push(path.clone());
        path
    }

    /// Copies every corpus file into the sandbox, placeholders filled in.
    /// Returns (name, path) pairs, sorted by name.
    pub fn corpus(&self) -> Vec<(String, PathBuf)> {
        let mut files: Vec<(String, PathBuf)> = std::fs::read_dir(corpus_dir())
            .expect("corpus dir")
            .map(|entry| {
                let entry = entry.expect("corpus entry");
                let name = entry.file_name().to_string_lossy().into_owned();
                let bytes = std::fs::read(entry.path()).expect("corpus file");
                let to = self.dir.join(&name);
                std::fs::write(&to, self.fill(&bytes)).expect("sandbox copy");
                (name, to)
            })
            .collect();
        files.sort();
        files
    }

    fn fill(&self, bytes: &[u8]) -> Vec<u8> {
        let pairs: [(&[u8], Vec<u8>); 2] = [
            (b"{{PORT}}", self.port.to_string().into_bytes()),
            (b"{{DIR}}", self.dir.to_string_lossy().into_owned().into_bytes()),
        ];
        let mut out = bytes.to_vec();
        for (from, to) in pairs {
            out = replace(&out, from, &to);
        }
        out
    }

    /// Runs `attempt` on its own thread and watches: no canary opened, no
    /// connection made, done within [`HANG`]. Err lists what went wrong.
    pub fn guard<T: Send + 'static>(&self, attempt: impl FnOnce() -> T + Send + 'static) -> Result<T, Vec<String>> {
        let (tx, rx) = mpsc::channel();
        std::thread::spawn(move || {
            let _ = tx.send(attempt());
        });
        let started = Instant::now();
        let mut violations = Vec::new();
        loop {
            match rx.recv_timeout(Duration::from_millis(10)) {
                Ok(result) => {
                    self.check(&mut violations);
                    return if violations.is_empty() { Ok(result) } else { Err(violations) };
                }
                Err(mpsc::RecvTimeoutError::Timeout) => {
                    self.check(&mut violations);
                    if started.elapsed() > HANG {
                        violations.push(format!("no answer within {HANG:?}"));
                        return Err(violations);
                    }
                }
                Err(mpsc::RecvTimeoutError::Disconnected) => {
                    violations.push("the attempt panicked".into());
                    return Err(violations);
                }
            }
        }
    }

    /// Records (and releases) any reader stuck on a canary and any connection.
    fn check(&self, violations: &mut Vec<String>) {
        for fifo in &self.fifos {
            match std::fs::OpenOptions::new().write(true).custom_flags(libc::O_NONBLOCK).open(fifo) {
                // A reader has it open; closing our end at once ends its wait.
                Ok(_writer) => violations.push(format!("{} was opened", fifo.display())),
                Err(e) if e.raw_os_error() == Some(libc::ENXIO) => {}
                Err(e) => violations.push(format!("{}: {e}", fifo.display())),
            }
        }
        match self.listener.accept() {
            Ok((_stream, from)) => violations.push(format!("a connection to port {} from {from}", self.port)),
            Err(e) if e.kind() == ErrorKind::WouldBlock => {}
            Err(e) => violations.push(format!("accept: {e}")),
        }
    }
}

impl Drop for Sandbox {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

fn replace(haystack: &[u8], from: &[u8], to: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(haystack.len());
    let mut rest = haystack;
    while let Some(at) = rest.windows(from.len()).position(|w| w == from) {
        out.extend_from_slice(&rest[..at]);
        out.extend_from_slice(to);
        rest = &rest[at + from.len()..];
    }
    out.extend_from_slice(rest);
    out
}

/// A tiny valid H.264 MP4 (64×64, 1 s), made with the `ffmpeg` command line;
/// None when it is missing.
pub fn tiny_video(dir: &Path, name: &str, format: &str) -> Option<PathBuf> {
    let path = dir.join(name);
    let status = Command::new("ffmpeg")
        .args(["-hide_banner", "-loglevel", "error", "-y", "-f", "lavfi", "-i", "testsrc2=size=64x64:rate=10", "-t", "1"])
        .args(["-c:v", "libx264", "-preset", "veryfast", "-pix_fmt", "yuv420p", "-f", format])
        .arg(&path)
        .status()
        .ok()?;
    status.success().then_some(path)
}

/// A MOV whose only track's data is "in another file": its `dref` holds a
/// QuickTime alias (not self-contained) to `target_name`, one folder level
/// like the MOV — what FFmpeg's MOV demuxer would open with `enable_drefs=1`.
pub fn mov_with_external_dref(dir: &Path, target_name: &str) -> Option<PathBuf> {
    let base = tiny_video(dir, "dref-base.mov", "mov")?;
    let bytes = std::fs::read(&base).ok()?;
    let _ = std::fs::remove_file(&base);
    let patched = rewrite(&bytes, &|kind, _body| (kind == *b"dref").then(|| alias_dref(target_name)));
    let path = dir.join("external-dref.mov");
    std::fs::write(&path, patched).ok()?;
    Some(path)
}

/// A new body for a box (type, body), or None to keep it.
type Replace<'a> = &'a dyn Fn([u8; 4], &[u8]) -> Option<Vec<u8>>;

/// Rebuilds a box list, descending into containers and replacing the boxes
/// `replace` returns a new body for; sizes are recomputed. (The media data
/// comes before the index in the MOVs made here, so no offset moves.)
fn rewrite(data: &[u8], replace: Replace<'_>) -> Vec<u8> {
    let mut out = Vec::new();
    let mut rest = data;
    while rest.len() >= 8 {
        let size = u32::from_be_bytes([rest[0], rest[1], rest[2], rest[3]]) as usize;
        let size = if size == 0 { rest.len() } else { size };
        let kind = [rest[4], rest[5], rest[6], rest[7]];
        let body = &rest[8..size];
        let body = match &kind {
            b"moov" | b"trak" | b"mdia" | b"minf" | b"dinf" => rewrite(body, replace),
            _ => replace(kind, body).unwrap_or_else(|| body.to_vec()),
        };
        out.extend_from_slice(&(body.len() as u32 + 8).to_be_bytes());
        out.extend_from_slice(&kind);
        out.extend_from_slice(&body);
        rest = &rest[size..];
    }
    out
}

/// A `dref` body with one alias entry (flags 0: not in this file).
fn alias_dref(target_name: &str) -> Vec<u8> {
    let path = format!("/elsewhere/{target_name}");
    let mut record = Vec::new();
    record.extend_from_slice(&[0; 10]);
    record.push(0); // volume name length
    record.extend_from_slice(&[0; 27]);
    record.extend_from_slice(&[0; 12]);
    let name = target_name.as_bytes();
    record.push(name.len() as u8);
    let mut filename = [0u8; 63];
    filename[..name.len()].copy_from_slice(name);
    record.extend_from_slice(&filename);
    record.extend_from_slice(&[0; 16]);
    record.extend_from_slice(&1u16.to_be_bytes()); // levels up from the alias
    record.extend_from_slice(&1u16.to_be_bytes()); // levels down to the target
    record.extend_from_slice(&[0; 16]);
    record.extend_from_slice(&2i16.to_be_bytes()); // an absolute path follows
    record.extend_from_slice(&(path.len() as u16).to_be_bytes());
    record.extend_from_slice(path.as_bytes());
    if path.len() % 2 == 1 {
        record.push(0);
    }
    record.extend_from_slice(&(-1i16).to_be_bytes());
    record.extend_from_slice(&0u16.to_be_bytes());

    let mut dref = vec![0, 0, 0, 0, 0, 0, 0, 1]; // version/flags, one entry
    dref.extend_from_slice(&(record.len() as u32 + 12).to_be_bytes());
    dref.extend_from_slice(b"alis");
    dref.extend_from_slice(&[0, 0, 0, 0]); // flags: not self-contained
    dref.extend_from_slice(&record);
    dref
}
