//! Files that are not a single self-contained video — playlists, manifests,
//! file lists, references to other files or to the network, pipes,
//! truncated or plainly wrong files — are refused with a clear reason, fast,
//! without opening any other file and without connecting anywhere.
//!
//! The corpus is `tests/hostile/` (templates: `{{PORT}}` and `{{DIR}}` are
//! filled in at test time, see `support/hostile.rs` for the canaries):
//! - HLS: `hls-local.m3u8` (segments `canary.ts` and `file://…/canary.mp4`),
//!   `hls-http.m3u8` (segments on `http://127.0.0.1:PORT`), `hls-master.m3u8`
//!   (variants), `hls-key.m3u8` (an AES key URL), `hls-renamed.mp4` (a
//!   playlist named like a video);
//! - concat: `concat.ffconcat`, `concat-http.avi` (named like a video),
//!   `concat-list.txt` (no header); `playlist.m3u` (a bare list of paths);
//! - DASH: `dash.mpd` (HTTP base URL), `dash-local.mp4` (a `file://` base
//!   URL, named like a video); `stream.sdp` (RTP); `imf-cpl.xml` (IMF);
//! - not videos: `text.txt`, `notes.mov`, `empty.mp4`, `img%03d.jpg` (an
//!   image2 pattern name; `img000.jpg`… are canaries), `clip.ts` (MPEG-TS);
//! - damaged MP4s: `truncated-no-index.mp4` (cut before its `moov`),
//!   `truncated-mid-data.mp4` (index first, media data cut: FFmpeg itself
//!   opens this one);
//! - a size change: `size-change.mp4`, two H.264 streams joined (0.5 s of
//!   320×240, then two frames of 8192×8192; 20 KB): it opens as 320×240, within the limits, and
//!   the extraction refuses the first big picture without allocating it;
//! - made at test time: a MOV whose `dref` is a QuickTime alias to a canary.
use std::path::{Path, PathBuf};

use domain::ImageFormat;
use media::{FrameRequest, FramesError, InputLimits, extract_frames, probe_video};

#[path = "support/hostile.rs"]
mod hostile;

use hostile::Sandbox;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Expect {
    Hostile,
    NotAllowed,
    /// Opens (its header is within the limits); its frames are refused.
    SizeChanged,
}

/// The refusal each corpus file must get, and a word its message must hold.
fn expectation(name: &str) -> (Expect, &'static str) {
    match name {
        "hls-local.m3u8" | "hls-http.m3u8" | "hls-master.m3u8" | "hls-key.m3u8" | "hls-renamed.mp4" => (Expect::Hostile, "HLS playlist"),
        "concat.ffconcat" | "concat-http.avi" => (Expect::Hostile, "concat list"),
        "concat-list.txt" | "playlist.m3u" => (Expect::Hostile, "points at other files"),
        "dash.mpd" | "dash-local.mp4" => (Expect::Hostile, "DASH manifest"),
        "stream.sdp" => (Expect::Hostile, "SDP"),
        "imf-cpl.xml" => (Expect::Hostile, "IMF"),
        "text.txt" | "notes.mov" => (Expect::NotAllowed, "a text file"),
        "empty.mp4" => (Expect::NotAllowed, "an empty file"),
        "img%03d.jpg" => (Expect::NotAllowed, "a JPEG image"),
        "clip.ts" => (Expect::NotAllowed, "MPEG-TS"),
        "truncated-no-index.mp4" | "truncated-mid-data.mp4" => (Expect::NotAllowed, "damaged or incomplete MP4"),
        "size-change.mp4" => (Expect::SizeChanged, "changes its picture size mid-stream, from 320×240"),
        other => panic!("{other}: a corpus file without an expectation"),
    }
}

fn check_refusal(name: &str, result: Result<(), FramesError>, expect: Expect, word: &str) {
    let error = match result {
        Ok(()) => panic!("{name}: accepted"),
        Err(error) => error,
    };
    let kind = match &error {
        FramesError::Hostile { .. } => Expect::Hostile,
        FramesError::NotAllowed { .. } => Expect::NotAllowed,
        other => panic!("{name}: refused as {other:?}, not as hostile or not allowed"),
    };
    assert_eq!(kind, expect, "{name}: {error}");
    let message = error.to_string();
    assert!(message.contains(word), "{name}: {message:?} should say {word:?}");
    assert!(message.contains("MP4, MOV, AVI, WebM"), "{name}: {message:?} should list what is accepted");
    assert!(error.is_input_problem(), "{name}");
}

/// Probes, then extracts, each under the sandbox's watch.
fn attempt(sandbox: &Sandbox, path: &Path) -> (Result<(), FramesError>, Result<(), FramesError>) {
    let (p, out) = (path.to_path_buf(), sandbox.dir.join("out"));
    let probe = sandbox.guard(move || probe_video(&p, &InputLimits::default()).map(|_| ()));
    let p = path.to_path_buf();
    let extract = sandbox.guard(move || {
        extract_frames(&p, &out, &FrameRequest::new(6, ImageFormat::Jpeg), &InputLimits::default(), &mut |_| true).map(|_| ())
    });
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    match (probe, extract) {
        (Ok(probe), Ok(extract)) => (probe, extract),
        (probe, extract) => panic!("{name}: the sandbox saw {:?} {:?}", probe.err(), extract.err()),
    }
}

#[test]
fn every_corpus_file_is_refused_without_reading_elsewhere_or_connecting() {
    let mut sandbox = Sandbox::new("corpus");
    for canary in ["img000.jpg", "img001.jpg", "img002.jpg"] {
        sandbox.fifo(canary);
    }
    let corpus = sandbox.corpus();
    assert!(corpus.len() >= 20, "the corpus is in tests/hostile: {corpus:?}");
    for (name, path) in &corpus {
        let (expect, word) = expectation(name);
        let (probe, extract) = attempt(&sandbox, path);
        if expect == Expect::SizeChanged {
            assert!(probe.is_ok(), "{name}: {probe:?}");
            let error = extract.expect_err(name);
            assert!(matches!(error, FramesError::SizeChanged { width: 320, height: 240, .. }), "{name}: {error:?}");
            assert!(error.to_string().contains(word) && error.is_input_problem(), "{name}: {error}");
            continue;
        }
        check_refusal(name, probe, expect, word);
        check_refusal(name, extract, expect, word);
    }
    assert!(!sandbox.dir.join("out").exists() || std::fs::read_dir(sandbox.dir.join("out")).expect("out").count() == 0);
}

#[test]
fn a_mov_whose_data_is_in_another_file_is_refused() {
    let sandbox = Sandbox::new("dref");
    let Some(path) = hostile::mov_with_external_dref(&sandbox.dir, "canary.mp4") else {
        println!("note: skipped: the ffmpeg command line is missing");
        return;
    };
    let (probe, extract) = attempt(&sandbox, &path);
    check_refusal("external-dref.mov", probe, Expect::Hostile, "external data reference 'alis'");
    check_refusal("external-dref.mov", extract, Expect::Hostile, "in other files");
}

#[test]
fn pipes_devices_folders_and_links_to_them_are_refused_without_blocking() {
    let sandbox = Sandbox::new("paths");
    let link = sandbox.dir.join("link-to-fifo.mp4");
    std::os::unix::fs::symlink(sandbox.dir.join("canary.fifo"), &link).expect("symlink");
    let targets: Vec<PathBuf> = vec![sandbox.dir.join("canary.fifo"), link, PathBuf::from("/dev/zero"), sandbox.dir.clone()];
    for path in targets {
        let p = path.clone();
        let result = sandbox.guard(move || probe_video(&p, &InputLimits::default()).map(|_| ()));
        // Refused from its metadata: opening the FIFO would block, and the
        // sandbox would see it.
        let error = match result {
            Ok(Err(error)) => error,
            Ok(Ok(())) => panic!("{}: accepted", path.display()),
            Err(seen) => panic!("{}: {seen:?}", path.display()),
        };
        assert!(matches!(error, FramesError::Hostile { .. }), "{}: {error:?}", path.display());
        assert!(error.to_string().contains("not a regular file"), "{error}");
    }
    let missing = probe_video(&sandbox.dir.join("missing.mp4"), &InputLimits::default()).expect_err("missing");
    assert!(matches!(missing, FramesError::Io(ref e) if e.kind() == std::io::ErrorKind::NotFound), "{missing:?}");
}

#[test]
fn names_that_look_like_protocols_or_patterns_are_plain_file_names() {
    let mut sandbox = Sandbox::new("names");
    for canary in ["clip000.mp4", "clip001.mp4"] {
        sandbox.fifo(canary);
    }
    let Some(video) = hostile::tiny_video(&sandbox.dir, "tiny.mp4", "mp4") else {
        println!("note: skipped: the ffmpeg command line is missing");
        return;
    };
    for name in ["concat:canary.mp4|canary.ts", "subfile,,start,0,end,100,,:canary.mp4", "pipe:0", "clip%03d.mp4", "file:canary.ts", "http:x.mp4"] {
        let path = sandbox.dir.join(name);
        std::fs::copy(&video, &path).expect("copy");
        let (p, out) = (path.clone(), sandbox.dir.join(format!("out-{}", name.len())));
        let result = sandbox.guard(move || {
            let probe = probe_video(&p, &InputLimits::default())?;
            let frames = extract_frames(&p, &out, &FrameRequest::new(2, ImageFormat::Png), &InputLimits::default(), &mut |_| true)?;
            Ok::<_, FramesError>((probe, frames.len()))
        });
        let (probe, frames) = match result {
            Ok(Ok(found)) => found,
            Ok(Err(error)) => panic!("{name}: {error}"),
            Err(seen) => panic!("{name}: {seen:?}"),
        };
        assert_eq!((probe.container.as_str(), probe.width, probe.height, frames), ("mp4", 64, 64, 2), "{name}");
    }
}

#[test]
fn garbage_inside_a_valid_container_fails_cleanly_or_decodes() {
    let sandbox = Sandbox::new("garbage");
    let Some(video) = hostile::tiny_video(&sandbox.dir, "tiny.mp4", "mp4") else {
        println!("note: skipped: the ffmpeg command line is missing");
        return;
    };
    let bytes = std::fs::read(&video).expect("video");
    let mdat = bytes.windows(4).position(|w| w == b"mdat").expect("an mdat box") + 4;
    for (n, seed) in [0x00u8, 0xff, 0x5a].into_iter().enumerate() {
        let mut damaged = bytes.clone();
        // Scribble over most of the media data (the index stays valid).
        let end = (mdat + 4000).min(damaged.len() - 1);
        for (i, b) in damaged[mdat + 64..end].iter_mut().enumerate() {
            *b = seed ^ (i as u8).wrapping_mul(31);
        }
        let path = sandbox.dir.join(format!("damaged-{n}.mp4"));
        std::fs::write(&path, damaged).expect("write");
        let (p, out) = (path.clone(), sandbox.dir.join(format!("out-{n}")));
        let result = sandbox.guard(move || {
            extract_frames(&p, &out, &FrameRequest::new(4, ImageFormat::Jpeg), &InputLimits::default(), &mut |_| true).map(|f| f.len())
        });
        match result {
            Ok(Ok(frames)) => assert_eq!(frames, 4),
            Ok(Err(error)) => assert!(matches!(error, FramesError::Decode(_) | FramesError::NotAllowed { .. }), "{error:?}"),
            Err(seen) => panic!("damaged-{n}: {seen:?}"),
        }
    }
}

/// Peak resident memory of this process so far, in MB (Linux).
fn peak_rss_mb() -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").expect("/proc/self/status");
    let line = status.lines().find(|l| l.starts_with("VmHWM:")).expect("VmHWM");
    line.split_whitespace().nth(1).and_then(|kb| kb.parse::<u64>().ok()).expect("kB") / 1024
}

#[test]
fn a_video_that_grows_mid_stream_is_refused_before_its_big_frames_are_allocated() {
    let sandbox = Sandbox::new("size-change");
    let path = sandbox.corpus().into_iter().find(|(name, _)| name == "size-change.mp4").expect("in the corpus").1;
    let probe = probe_video(&path, &InputLimits::default()).expect("the header is 320×240");
    assert_eq!((probe.width, probe.height, probe.codec.as_str()), (320, 240, "h264"));
    let out = sandbox.dir.join("out");
    let mut last = 0;
    // 6 frames of a 0.5 s video: from the fourth on, in the 8192×8192 part.
    let error = extract_frames(&path, &out, &FrameRequest::new(6, ImageFormat::Jpeg), &InputLimits::default(), &mut |p| {
        last = p;
        true
    })
    .expect_err("a size change is refused");
    let FramesError::SizeChanged { width, height, new_width, new_height } = error else { panic!("{error:?}") };
    assert_eq!((width, height), (320, 240));
    // The decoder refused the picture before allocating it; the size it read is told when it says.
    assert!((new_width, new_height) == (8192, 8192) || (new_width, new_height) == (0, 0), "{new_width}×{new_height}");
    assert!(last < 100, "not finished: {last}%");
    assert!(!out.exists() || std::fs::read_dir(&out).expect("out").count() == 0, "the frames written before are deleted");
    // One 8192×8192 picture is 100 MB (4:2:0), a decoder keeps several: none was allocated.
    let peak = peak_rss_mb();
    println!("refused at {new_width}×{new_height} after {last}%; peak memory {peak} MB");
    assert!(peak < 250, "peak memory {peak} MB");
}
