//! The HTTP listener: hyper's HTTP/1 server around the axum router, with the
//! limits `axum::serve` lacks (see [`HttpLimits`]):
//!
//! - a header-read timeout: a connection that does not finish a request's
//!   headers in time (a slow-header client, or an idle keep-alive
//!   connection) is closed;
//! - a connection cap: past `max_connections` the listener stops accepting
//!   (new clients wait in the kernel's queue) until one closes;
//! - a graceful shutdown with a deadline: on the signal the listener closes,
//!   idle connections close, requests in flight get `shutdown_grace` to
//!   finish, then whatever is left is dropped so the process can exit.
use std::convert::Infallible;
use std::future::Future;
use std::sync::Arc;

use axum::Router;
use axum::extract::ConnectInfo;
use hyper::body::Incoming;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::server::graceful::GracefulShutdown;
use tokio::net::TcpListener;
use tokio::sync::Semaphore;
use tokio::task::JoinSet;
use tower::ServiceExt as _;

use crate::config::HttpLimits;

/// Serves `router` on `listener` until `shutdown` completes, then drains
/// within `limits.shutdown_grace`. Each request carries
/// `ConnectInfo<SocketAddr>` of its peer.
pub async fn serve(listener: TcpListener, router: Router, limits: HttpLimits, shutdown: impl Future<Output = ()> + Send + 'static) {
    let permits = Arc::new(Semaphore::new(limits.max_connections.max(1)));
    let graceful = GracefulShutdown::new();
    let mut connections = JoinSet::new();
    let mut http = hyper::server::conn::http1::Builder::new();
    http.timer(TokioTimer::new()).header_read_timeout(limits.header_read_timeout);
    tokio::pin!(shutdown);
    loop {
        // Reap finished connections so the set does not grow.
        while connections.try_join_next().is_some() {}
        let permit = tokio::select! {
            biased;
            () = &mut shutdown => break,
            permit = permits.clone().acquire_owned() => match permit {
                Ok(permit) => permit,
                Err(_) => break,
            },
        };
        let (stream, peer) = tokio::select! {
            biased;
            () = &mut shutdown => break,
            accepted = listener.accept() => match accepted {
                Ok(accepted) => accepted,
                Err(e) => {
                    // Out of file descriptors and the like: wait, do not spin.
                    tracing::warn!(error = %e, "accepting a connection failed");
                    tokio::time::sleep(std::time::Duration::from_millis(100)).await;
                    continue;
                }
            },
        };
        let _ = stream.set_nodelay(true);
        let router = router.clone();
        let service = hyper::service::service_fn(move |mut request: hyper::Request<Incoming>| {
            request.extensions_mut().insert(ConnectInfo(peer));
            let router = router.clone();
            async move { Ok::<_, Infallible>(router.oneshot(request).await.unwrap_or_else(|never| match never {})) }
        });
        let connection = graceful.watch(http.serve_connection(TokioIo::new(stream), service));
        connections.spawn(async move {
            if let Err(e) = connection.await {
                // Timeouts and clients that went away: not the server's fault.
                tracing::debug!(%peer, error = %e, "connection closed with an error");
            }
            drop(permit);
        });
    }
    drop(listener);
    let open = connections.len();
    tracing::info!(connections = open, grace_s = limits.shutdown_grace.as_secs(), "listener closed: finishing requests in flight");
    if tokio::time::timeout(limits.shutdown_grace, graceful.shutdown()).await.is_err() {
        tracing::warn!(
            connections = connections.len(),
            grace_s = limits.shutdown_grace.as_secs(),
            "connections still open after the shutdown grace period: closing them"
        );
    }
    connections.shutdown().await;
}
