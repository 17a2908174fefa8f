//! `worker`: runs Cotiza's media jobs. Thin: everything is in the library.
use std::process::ExitCode;

const USAGE: &str = "\
cotiza worker — media jobs for Cotiza

Usage:
  worker selftest [--out FILE]   encode a short H.264 clip with the linked FFmpeg and read it back
  worker --help | --version

The job runner (`worker run`), quote videos (`worker render-demo`) and 360°
frame extraction (`worker frames`) arrive with their issues; the server
runs the same library in-process on the embedded default.
";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.first().map(String::as_str) {
        None | Some("-h" | "--help") => {
            println!("{USAGE}");
            ExitCode::SUCCESS
        }
        Some("-V" | "--version") => {
            println!("worker {}", env!("CARGO_PKG_VERSION"));
            ExitCode::SUCCESS
        }
        Some("selftest") => selftest(args.get(1).filter(|a| *a == "--out").and(args.get(2))),
        Some(other) => {
            eprintln!("error: unknown command {other:?}\n\n{USAGE}");
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
