//! `cargo bench -p media --bench frames` (or `scripts/bench-frames.sh`):
//! wall time and peak RSS of `extract_frames` (6 JPEG frames + thumbnails)
//! on two 30 s 1080×1920 H.264 videos, GOP 1.5 s and 8 s, made once with
//! the `ffmpeg` command line into `CARGO_TARGET_TMPDIR`. Targets on 2 cores:
//! ≤ 0.8 s and ≤ 2 s (median): a FAIL line and exit status 1 otherwise.
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use domain::ImageFormat;
use media::{FrameRequest, InputLimits, extract_frames, probe_video};

const RUNS: usize = 5;

struct Fixture {
    name: &'static str,
    gop: u32,
    target: Duration,
}

fn main() {
    // `cargo bench` passes `--bench`; a filter word picks fixtures by name.
    let filter: Vec<String> = std::env::args().skip(1).filter(|a| !a.starts_with('-')).collect();
    let fixtures = [
        Fixture { name: "h264-1080x1920-30s-gop45.mp4", gop: 45, target: Duration::from_millis(800) },
        Fixture { name: "h264-1080x1920-30s-gop240.mp4", gop: 240, target: Duration::from_millis(2000) },
    ];
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("media-bench");
    std::fs::create_dir_all(&dir).expect("bench dir");
    media::init_ffmpeg();
    let mut failed = false;
    println!("extract_frames: 6 frames, JPEG q{} + {} px thumbnails; {RUNS} runs each", domain::DEFAULT_FRAME_QUALITY, domain::FRAME_THUMBNAIL_WIDTH);
    for fixture in fixtures.iter().filter(|f| filter.is_empty() || filter.iter().any(|w| f.name.contains(w.as_str()))) {
        let path = dir.join(fixture.name);
        if !path.exists() {
            make(&path, fixture.gop);
        }
        let probe = probe_video(&path, &InputLimits::default()).expect("probe");
        let out = dir.join("out");
        reset_peak_rss();
        let mut times = Vec::with_capacity(RUNS);
        let mut cpu = Vec::with_capacity(RUNS);
        let load = std::fs::read_to_string("/proc/loadavg").unwrap_or_default();
        for _ in 0..RUNS {
            let _ = std::fs::remove_dir_all(&out);
            let cpu_before = cpu_time();
            let started = Instant::now();
            let frames = extract_frames(&path, &out, &FrameRequest::new(6, ImageFormat::Jpeg), &InputLimits::default(), &mut |_| true)
                .expect("extract");
            times.push(started.elapsed());
            cpu.push(cpu_time().saturating_sub(cpu_before));
            assert_eq!(frames.len(), 6);
        }
        cpu.sort();
        let peak = peak_rss_kb();
        times.sort();
        let (best, median) = (times[0], times[RUNS / 2]);
        let verdict = if median <= fixture.target { "PASS" } else { "FAIL" };
        failed |= median > fixture.target;
        println!(
            "{verdict} {:<30} {}x{} {} {:.0} s, GOP {} ({:.1} s): best {} ms, median {} ms (target {} ms); CPU (user+sys, all threads) median {} ms; peak RSS {} MB; load average {}",
            fixture.name,
            probe.width,
            probe.height,
            probe.codec,
            probe.duration_us as f64 / 1e6,
            fixture.gop,
            f64::from(fixture.gop) / 30.0,
            best.as_millis(),
            median.as_millis(),
            fixture.target.as_millis(),
            cpu[RUNS / 2].as_millis(),
            peak / 1024,
            load.split_whitespace().take(3).collect::<Vec<_>>().join(" "),
        );
        for format in [ImageFormat::Png, ImageFormat::Webp] {
            let _ = std::fs::remove_dir_all(&out);
            let started = Instant::now();
            let frames = extract_frames(&path, &out, &FrameRequest::new(6, format), &InputLimits::default(), &mut |_| true).expect("extract");
            let bytes: u64 = frames.iter().map(|f| f.bytes).sum();
            println!("    (same, {}: {} ms, {} KB a frame)", format.extension(), started.elapsed().as_millis(), bytes / 6 / 1000);
        }
        let _ = std::fs::remove_dir_all(&out);
    }
    if failed {
        std::process::exit(1);
    }
}

/// The fixture: `testsrc2` (moving, detailed) at phone portrait size.
fn make(path: &PathBuf, gop: u32) {
    println!("making {} (once)…", path.display());
    let partial = path.with_extension("part.mp4");
    let gop = gop.to_string();
    let status = Command::new("ffmpeg")
        .args(["-hide_banner", "-loglevel", "error", "-y", "-f", "lavfi", "-i", "testsrc2=size=1080x1920:rate=30", "-t", "30"])
        .args(["-c:v", "libx264", "-preset", "veryfast", "-g", &gop, "-keyint_min", &gop, "-sc_threshold", "0", "-pix_fmt", "yuv420p"])
        .args(["-f", "mp4"])
        .arg(&partial)
        .status()
        .expect("the ffmpeg command line (Debian package `ffmpeg`)");
    assert!(status.success(), "ffmpeg failed");
    std::fs::rename(&partial, path).expect("fixture in place");
}

/// User + system CPU time of the whole process (all threads) so far, from
/// `/proc/self/stat` (clock ticks, 100 a second on Linux).
fn cpu_time() -> Duration {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    // Fields after the command name (which is in parentheses): utime is the 14th field, stime the 15th.
    let after = stat.rsplit_once(')').map_or("", |(_, rest)| rest);
    let fields: Vec<u64> = after.split_whitespace().map(|f| f.parse().unwrap_or(0)).collect();
    let ticks = fields.get(11).copied().unwrap_or(0) + fields.get(12).copied().unwrap_or(0);
    Duration::from_millis(ticks * 10)
}

/// Resets the kernel's peak-RSS mark of this process (Linux ≥ 4.0).
fn reset_peak_rss() {
    let _ = std::fs::write("/proc/self/clear_refs", "5");
}

/// VmHWM: the peak resident set size since the last reset, in KB.
fn peak_rss_kb() -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find_map(|line| line.strip_prefix("VmHWM:"))
        .and_then(|rest| rest.split_whitespace().next())
        .and_then(|kb| kb.parse().ok())
        .unwrap_or(0)
}
