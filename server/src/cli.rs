use std::process::ExitCode;

use crate::config::{Config, ENV_HELP};

const USAGE: &str = "\
cotiza server — quotes for window-film installers

Usage: server [--help] [--version]

Starts the web server on the embedded default (SQLite file, local storage,
in-process worker) unless the environment says otherwise. Migrations run at
start; the demo organisation is seeded on the first start.
";

/// Entry point of the `server` binary. Exit codes: 0 clean shutdown,
/// 2 bad arguments or configuration, 1 startup failure (database, port).
pub async fn main(args: Vec<String>) -> ExitCode {
    match args.first().map(String::as_str) {
        Some("-h" | "--help") => {
            println!("{USAGE}\n{ENV_HELP}");
            return ExitCode::SUCCESS;
        }
        Some("-V" | "--version") => {
            println!("server {}", env!("CARGO_PKG_VERSION"));
            return ExitCode::SUCCESS;
        }
        Some(other) => {
            eprintln!("error: unknown argument {other:?}\n\n{USAGE}");
            return ExitCode::from(2);
        }
        None => {}
    }
    telemetry::init_logs(telemetry::SERVER_DEFAULT_FILTER);
    let config = match Config::from_env() {
        Ok(c) => c,
        Err(e) => {
            tracing::error!("{e}");
            eprintln!("error: {e}");
            return ExitCode::from(2);
        }
    };
    match crate::startup::start(config).await {
        Ok(running) => match running.serve_until_signal().await {
            Ok(()) => ExitCode::SUCCESS,
            Err(e) => {
                eprintln!("error: {e}");
                ExitCode::FAILURE
            }
        },
        Err(e) => {
            tracing::error!("{e}");
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}
