//! `server`: the Cotiza web server. All logic lives in the library.
#[tokio::main]
async fn main() -> std::process::ExitCode {
    server::cli::main(std::env::args().skip(1).collect()).await
}
