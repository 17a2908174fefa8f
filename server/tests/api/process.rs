//! The `server` binary as an operator runs it: exit codes, messages, signals.
use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

fn server() -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_server"));
    cmd.env_remove("DATABASE_URL").env("RUST_LOG", "info").stdout(Stdio::piped()).stderr(Stdio::piped());
    cmd
}

fn temp_dir(name: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("cotiza-proc-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    dir
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0").and_then(|l| l.local_addr()).map(|a| a.port()).expect("a free port")
}

fn wait_output(child: Child) -> Output {
    child.wait_with_output().expect("server exits")
}

#[test]
fn help_lists_the_configuration() {
    let out = server().arg("--help").output().expect("run");
    assert!(out.status.success());
    let text = String::from_utf8_lossy(&out.stdout);
    for var in ["DATABASE_URL", "DATA_DIR", "LEPTOS_SITE_ADDR", "LEPTOS_SITE_ROOT", "RUST_LOG"] {
        assert!(text.contains(var), "--help documents {var}");
    }
    let out = server().arg("--frobnicate").output().expect("run");
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn a_wrong_database_url_is_a_clear_error() {
    let out = server().env("DATABASE_URL", "mysql://localhost/cotiza").env("LEPTOS_SITE_ADDR", "127.0.0.1:0").output().expect("run");
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("cannot open the database") && err.contains("expected sqlite://"), "{err}");

    let out = server().env("DATABASE_URL", "sqlite:///proc/cotiza/forbidden.db").output().expect("run");
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("cannot open the database"));
}

#[test]
fn a_bad_setting_names_the_variable() {
    let out = server().env("LEPTOS_SITE_ADDR", "not-an-address").output().expect("run");
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("LEPTOS_SITE_ADDR"));
}

#[test]
fn a_taken_port_is_a_clear_error() {
    let taken = TcpListener::bind("127.0.0.1:0").expect("bind");
    let addr = taken.local_addr().expect("addr");
    let dir = temp_dir("port");
    let out = server().env("DATA_DIR", &dir).env("LEPTOS_SITE_ADDR", addr.to_string()).output().expect("run");
    let _ = std::fs::remove_dir_all(&dir);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains(&format!("cannot listen on {addr}")), "{err}");
}

/// Waits until the server answers `/health/live`: the port is bound before
/// the server serves, and a connection still in the kernel's backlog is not
/// a request in flight.
fn wait_until_serving(port: u16) {
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        let answer = TcpStream::connect(("127.0.0.1", port)).and_then(|mut s| {
            s.set_read_timeout(Some(Duration::from_secs(5)))?;
            s.write_all(b"GET /health/live HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")?;
            let mut answer = String::new();
            s.read_to_string(&mut answer)?;
            Ok(answer)
        });
        match answer {
            Ok(a) if a.starts_with("HTTP/1.1 200") => return,
            _ if Instant::now() < deadline => std::thread::sleep(Duration::from_millis(100)),
            other => panic!("server did not start serving: {other:?}"),
        }
    }
}

#[test]
fn sigterm_lets_the_request_in_flight_finish() {
    let dir = temp_dir("sigterm");
    let port = free_port();
    let child = server().env("DATA_DIR", &dir).env("LEPTOS_SITE_ADDR", format!("127.0.0.1:{port}")).spawn().expect("spawn");
    wait_until_serving(port);
    let mut stream = TcpStream::connect(("127.0.0.1", port)).expect("connect");
    let body = r#"{"org":"demo","rooms":[{"name":"A","openings":[{"kind":"window","width_m":"1.20","height_m":"1.50","quantity":2,"sku":"SEC-CLEAR-4MIL"}]}]}"#;
    let (first, rest) = body.split_at(body.len() / 2);
    write!(
        stream,
        "POST /api/v1/quotations/calculate HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{first}",
        body.len()
    )
    .expect("send the first half");
    stream.flush().expect("flush");
    std::thread::sleep(Duration::from_millis(300));
    let killed = Command::new("kill").args(["-TERM", &child.id().to_string()]).status().expect("kill");
    assert!(killed.success());
    std::thread::sleep(Duration::from_millis(300));
    stream.write_all(rest.as_bytes()).expect("send the rest after SIGTERM");
    let mut answer = String::new();
    stream.read_to_string(&mut answer).expect("read the answer");
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
    assert!(answer.contains(r#""total":"295.60""#), "{answer}");
    let out = wait_output(child);
    let _ = std::fs::remove_dir_all(&dir);
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(String::from_utf8_lossy(&out.stderr).contains("shut down cleanly"));
}

/// Starts the server with `vars` on a free loopback port and waits until it serves.
fn started(name: &str, vars: &[(&str, &str)]) -> (Child, u16, std::path::PathBuf) {
    let dir = temp_dir(name);
    let port = free_port();
    let mut cmd = server();
    cmd.env("DATA_DIR", &dir).env("LEPTOS_SITE_ADDR", format!("127.0.0.1:{port}")).env("WORKER_IN_PROCESS", "false");
    for (k, v) in vars {
        cmd.env(k, v);
    }
    let child = cmd.spawn().expect("spawn");
    wait_until_serving(port);
    (child, port, dir)
}

/// Waits for the process to exit, at most `limit`; kills it and fails past that.
fn exits_within(mut child: Child, limit: Duration) -> (Output, Duration) {
    let started = Instant::now();
    while child.try_wait().expect("wait").is_none() {
        if started.elapsed() > limit {
            let _ = child.kill();
            let out = wait_output(child);
            panic!("the server was still running {limit:?} after SIGTERM: {}", String::from_utf8_lossy(&out.stderr));
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    (wait_output(child), started.elapsed())
}

#[test]
fn a_client_that_never_finishes_its_headers_is_cut_off() {
    let (mut child, port, dir) = started("slow-header", &[("HTTP_HEADER_TIMEOUT_SECONDS", "2")]);
    let mut stream = TcpStream::connect(("127.0.0.1", port)).expect("connect");
    stream.write_all(b"GET /health/li").expect("half a request line");
    stream.set_read_timeout(Some(Duration::from_secs(15))).expect("timeout");
    let begun = Instant::now();
    let mut answer = Vec::new();
    let read = stream.read_to_end(&mut answer);
    let waited = begun.elapsed();
    let _ = child.kill();
    let _ = wait_output(child);
    let _ = std::fs::remove_dir_all(&dir);
    // Closed by the server (EOF or reset), not by our 15 s read timeout.
    match read {
        Ok(_) => {}
        Err(e) => assert_eq!(e.kind(), std::io::ErrorKind::ConnectionReset, "{e}"),
    }
    assert!(waited >= Duration::from_millis(1500) && waited < Duration::from_secs(10), "closed after {waited:?}");
    assert!(answer.is_empty() || answer.starts_with(b"HTTP/1.1 408"), "{}", String::from_utf8_lossy(&answer));
}

#[test]
fn sigterm_exits_within_the_grace_period_whatever_the_clients_do() {
    let (child, port, dir) = started("slow-sigterm", &[("HTTP_HEADER_TIMEOUT_SECONDS", "300"), ("SHUTDOWN_GRACE_SECONDS", "2")]);
    let mut slow = TcpStream::connect(("127.0.0.1", port)).expect("connect");
    slow.write_all(b"GET /health/li").expect("half a request line");
    let mut idle = TcpStream::connect(("127.0.0.1", port)).expect("connect");
    idle.write_all(b"GET /health/live HTTP/1.1\r\nHost: localhost\r\n\r\n").expect("a keep-alive request");
    let mut first = [0u8; 12];
    idle.read_exact(&mut first).expect("answered");
    std::thread::sleep(Duration::from_millis(200));
    let killed = Command::new("kill").args(["-TERM", &child.id().to_string()]).status().expect("kill");
    assert!(killed.success());
    let (out, took) = exits_within(child, Duration::from_secs(20));
    let _ = std::fs::remove_dir_all(&dir);
    drop((slow, idle));
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(took < Duration::from_secs(8), "took {took:?} with a 2 s grace period");
    assert!(String::from_utf8_lossy(&out.stderr).contains("shut down cleanly"));
}

#[test]
fn a_public_address_needs_public_url() {
    let dir = temp_dir("public-addr");
    let out = server().env("DATA_DIR", &dir).env("LEPTOS_SITE_ADDR", format!("0.0.0.0:{}", free_port())).env_remove("PUBLIC_URL").output().expect("run");
    let _ = std::fs::remove_dir_all(&dir);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("PUBLIC_URL is required when listening on 0.0.0.0:"), "{err}");
}
