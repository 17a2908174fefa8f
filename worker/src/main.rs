//! `worker`: runs Cotiza's media jobs. Thin: everything is in the library.
use std::process::ExitCode;

const USAGE: &str = "\
cotiza worker — media jobs for Cotiza

Usage:
  worker selftest [--out FILE]   encode a short H.264 clip with the linked FFmpeg and read it back
  worker render-demo --out FILE [--thumbnail FILE] [--lang es|en] [--lines N]
                                 render the demo quote's summary video (1080x1920 H.264 MP4)
                                 and its JPEG thumbnail (default: FILE with .jpg); prints
                                 frames, duration, wall time and peak RSS on one line
  worker frames --input FILE --out DIR [--count N] [--format jpeg|png|webp] [--quality Q]
                                 extract N frames (default 6) at equal angles of a 360° video,
                                 full size and 320 px thumbnails; prints them and the wall time
  worker run                     run render and 360° jobs from the database queue until SIGTERM
                                 (the server runs the same loop in-process by default)
  worker --help | --version

`worker run` reads:
{RUN_ENV}
{WORKER_ENV}
{VIDEO360_ENV}

{PROVIDERS_ENV}";

fn usage() -> String {
    USAGE
        .replace("{RUN_ENV}", worker::command::RUN_ENV_HELP)
        .replace("{WORKER_ENV}", worker::runner::WORKER_ENV_HELP)
        .replace("{VIDEO360_ENV}", worker::frames_job::VIDEO360_ENV_HELP)
        .replace("{PROVIDERS_ENV}", providers::PROVIDERS_ENV_HELP)
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.first().map(String::as_str) {
        None | Some("-h" | "--help") => {
            println!("{}", usage());
            ExitCode::SUCCESS
        }
        Some("-V" | "--version") => {
            println!("worker {}", env!("CARGO_PKG_VERSION"));
            ExitCode::SUCCESS
        }
        Some("run") => worker::command::run_from_env(),
        Some("frames") => match Frames::parse(&args[1..]) {
            Ok(options) => frames(&options),
            Err(message) => {
                eprintln!("error: {message}\n\n{}", usage());
                ExitCode::from(2)
            }
        },
        Some("selftest") => selftest(args.get(1).filter(|a| *a == "--out").and(args.get(2))),
        Some("render-demo") => match RenderDemo::parse(&args[1..]) {
            Ok(options) => render_demo(&options),
            Err(message) => {
                eprintln!("error: {message}\n\n{}", usage());
                ExitCode::from(2)
            }
        },
        Some(other) => {
            eprintln!("error: unknown command {other:?}\n\n{}", usage());
            ExitCode::from(2)
        }
    }
}

fn selftest(out: Option<&String>) -> ExitCode {
    let path = out.map(std::path::PathBuf::from).unwrap_or_else(|| std::env::temp_dir().join("cotiza-selftest.mp4"));
    let result = worker::media_check::encode_test_clip(&path, 320, 240, 50)
        .and_then(|()| worker::media_check::probe(&path));
    match result {
        Ok(info) => {
            println!(
                "libavcodec {}: encoded and read back {} ({}x{}, {} frames)",
                worker::media_check::libavcodec_version(),
                path.display(),
                info.width,
                info.height,
                info.frames
            );
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}

/// The options of `worker frames`.
struct Frames {
    input: std::path::PathBuf,
    out: std::path::PathBuf,
    count: u32,
    format: domain::ImageFormat,
    quality: u8,
}

impl Frames {
    fn parse(args: &[String]) -> Result<Frames, String> {
        let (mut input, mut out) = (None, None);
        let (mut count, mut format, mut quality) = (domain::DEFAULT_FRAME_COUNT, domain::ImageFormat::Jpeg, domain::DEFAULT_FRAME_QUALITY);
        let mut rest = args.iter();
        while let Some(flag) = rest.next() {
            let mut value = || rest.next().ok_or_else(|| format!("{flag} needs a value"));
            match flag.as_str() {
                "--input" => input = Some(std::path::PathBuf::from(value()?)),
                "--out" => out = Some(std::path::PathBuf::from(value()?)),
                "--count" => {
                    let v = value()?;
                    count = v.parse().ok().filter(|n| (domain::MIN_FRAME_COUNT..=domain::MAX_FRAME_COUNT).contains(n)).ok_or_else(|| {
                        format!("--count is a number from {} to {}, not {v:?}", domain::MIN_FRAME_COUNT, domain::MAX_FRAME_COUNT)
                    })?;
                }
                "--format" => {
                    let v = value()?;
                    format = v.parse().map_err(|_| format!("--format is jpeg, png or webp, not {v:?}"))?;
                }
                "--quality" => {
                    let v = value()?;
                    quality = v.parse().ok().filter(|q| (1..=100).contains(q)).ok_or_else(|| format!("--quality is 1 to 100, not {v:?}"))?;
                }
                other => return Err(format!("unknown option {other:?}")),
            }
        }
        Ok(Frames { input: input.ok_or("--input FILE is required")?, out: out.ok_or("--out DIR is required")?, count, format, quality })
    }
}

fn frames(options: &Frames) -> ExitCode {
    match media::run_frames_cli(&options.input, &options.out, options.count, options.format, options.quality) {
        Ok(summary) => {
            println!("{summary}");
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}

/// The options of `worker render-demo`.
struct RenderDemo {
    out: std::path::PathBuf,
    thumbnail: std::path::PathBuf,
    lang: String,
    lines: usize,
}

impl RenderDemo {
    fn parse(args: &[String]) -> Result<RenderDemo, String> {
        let (mut out, mut thumbnail, mut lang, mut lines) = (None, None, "es".to_owned(), worker::demo::DEFAULT_DEMO_LINES);
        let mut rest = args.iter();
        while let Some(flag) = rest.next() {
            let mut value = || rest.next().ok_or_else(|| format!("{flag} needs a value"));
            match flag.as_str() {
                "--out" => out = Some(std::path::PathBuf::from(value()?)),
                "--thumbnail" => thumbnail = Some(std::path::PathBuf::from(value()?)),
                "--lang" => match value()?.as_str() {
                    l @ ("es" | "en") => lang = l.to_owned(),
                    other => return Err(format!("--lang is es or en, not {other:?}")),
                },
                "--lines" => {
                    let v = value()?;
                    lines = v.parse().ok().filter(|n| (1..=worker::demo::MAX_DEMO_LINES).contains(n)).ok_or_else(|| {
                        format!("--lines is a number from 1 to {}, not {v:?}", worker::demo::MAX_DEMO_LINES)
                    })?;
                }
                other => return Err(format!("unknown option {other:?}")),
            }
        }
        let out = out.ok_or("--out FILE is required")?;
        let thumbnail = thumbnail.unwrap_or_else(|| out.with_extension("jpg"));
        Ok(RenderDemo { out, thumbnail, lang, lines })
    }
}

fn render_demo(options: &RenderDemo) -> ExitCode {
    let input = worker::demo::demo_quote_video_input(&options.lang, options.lines);
    let started = std::time::Instant::now();
    let target = worker::render::RenderTarget { video: &options.out, thumbnail: &options.thumbnail };
    match worker::render::render_quote_video(&input, target, &mut |_| true) {
        Ok(video) => {
            let wall = started.elapsed().as_secs_f64();
            let rss = peak_rss_mb().map_or_else(|| "unknown".to_owned(), |mb| format!("{mb:.1}"));
            println!(
                "render-demo lang={} lines={} frames={} duration_s={:.2} size={}x{} wall_s={wall:.2} peak_rss_mb={rss} video={} thumbnail={}",
                options.lang,
                options.lines,
                video.frames,
                video.duration_ms as f64 / 1000.0,
                video.width,
                video.height,
                options.out.display(),
                options.thumbnail.display()
            );
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}

/// The process's peak resident set size (`VmHWM` in /proc/self/status), in MB.
fn peak_rss_mb() -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb / 1024.0)
}
