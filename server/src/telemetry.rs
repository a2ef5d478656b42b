//! Logs and request tracing: one subscriber for the server (and, on demand, the tests), and a span per
//! request carrying a request id. The id goes back in the `x-request-id` response header, so a user's
//! report ("it failed at 14:02, request 5f3a…-1c") finds its log lines.
use axum::{extract::Request, middleware::Next, response::Response};
use http::HeaderValue;
use std::sync::{
    atomic::{AtomicU64, Ordering},
    LazyLock,
};
use tracing::Span;

/// Installs the log subscriber: `RUST_LOG` wins, else `default_filter`. Safe to call more than once (the
/// tests call it per test; only the first call installs).
pub fn init(default_filter: &str) {
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| default_filter.into());
    let _ = tracing_subscriber::fmt().with_env_filter(filter).try_init();
}

/// The id of one request: a per-process prefix (so ids from several nodes do not collide) and a counter.
#[derive(Debug, Clone)]
pub struct RequestId(pub String);

static PREFIX: LazyLock<u32> = LazyLock::new(|| {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.subsec_nanos());
    nanos ^ std::process::id().rotate_left(16)
});
static NEXT: AtomicU64 = AtomicU64::new(1);

/// Gives the request its id (a client's own `x-request-id` is not trusted: it could forge log lines) and
/// returns it in the response.
pub async fn request_id(mut req: Request, next: Next) -> Response {
    let id = format!("{:08x}-{:x}", *PREFIX, NEXT.fetch_add(1, Ordering::Relaxed));
    req.extensions_mut().insert(RequestId(id.clone()));
    let mut res = next.run(req).await;
    if let Ok(v) = HeaderValue::from_str(&id) {
        res.headers_mut().insert("x-request-id", v);
    }
    res
}

/// The span every log line of a request is recorded in (tower-http's `TraceLayer` enters it). At error
/// level so that it exists whenever an error is logged, whatever `RUST_LOG` says; its fields cost nothing
/// until a line is written.
pub fn request_span(req: &Request) -> Span {
    let id = req
        .extensions()
        .get::<RequestId>()
        .map_or("-", |r| r.0.as_str());
    tracing::error_span!("request", id = %id, method = %req.method(), path = %req.uri().path())
}
