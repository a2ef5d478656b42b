//! Request plumbing: CSRF guard (outermost), security headers, client address, session lookup.
use app::{db::sessions, model::viewer::Realm, session::cookie, state::ClientAddr};
use axum::{
    body::Body,
    extract::{ConnectInfo, Request, State},
    middleware::Next,
    response::{IntoResponse, Response},
};
use http::{header, HeaderValue, Method, StatusCode};
use sqlx::PgPool;
use std::net::{IpAddr, SocketAddr};

/// Refuses every state-changing request that a browser says came from another site (spec: CSRF).
/// Server functions are POSTs, reads included, so this covers them all, from Wasm and from plain forms.
pub async fn csrf(req: Request, next: Next) -> Response {
    if is_cross_site(&req) {
        return (StatusCode::FORBIDDEN, "Cross-site request refused.").into_response();
    }
    next.run(req).await
}

fn is_cross_site(req: &Request) -> bool {
    if matches!(*req.method(), Method::GET | Method::HEAD | Method::OPTIONS) {
        return false;
    }
    let h = req.headers();
    if let Some(site) = h.get("sec-fetch-site") {
        return site.as_bytes() != b"same-origin";
    }
    let Some(origin) = h.get(header::ORIGIN).and_then(|v| v.to_str().ok()) else {
        return true;
    };
    let Some(host) = h.get(header::HOST).and_then(|v| v.to_str().ok()) else {
        return true;
    };
    let scheme = req.uri().scheme_str().unwrap_or("http");
    origin != format!("{scheme}://{host}") && origin != format!("https://{host}")
}

/// Security headers as HTTP headers. HTML documents set their own CSP with the render's nonce; every other
/// response gets a strict one that allows nothing to run.
pub async fn security_headers(req: Request, next: Next) -> Response {
    let is_static = req.uri().path().starts_with("/pkg/") || req.uri().path() == "/favicon.svg";
    let mut res = next.run(req).await;
    let h = res.headers_mut();
    h.entry(header::CONTENT_SECURITY_POLICY)
        .or_insert(HeaderValue::from_static(
            "default-src 'none'; frame-ancestors 'none'; base-uri 'none'",
        ));
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    h.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("strict-origin-when-cross-origin"),
    );
    h.insert(
        header::STRICT_TRANSPORT_SECURITY,
        HeaderValue::from_static("max-age=31536000; includeSubDomains"),
    );
    h.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    // A response that chose its caching keeps it (a logo's versioned URL is immutable).
    if !is_static {
        h.entry(header::CACHE_CONTROL)
            .or_insert(HeaderValue::from_static("no-store"));
    }
    res
}

/// The socket's address, or the trusted proxy's forwarded one.
pub async fn client_addr(
    State(trusted): State<Option<IpAddr>>,
    mut req: Request,
    next: Next,
) -> Response {
    let socket = req
        .extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map(|c| c.0.ip());
    let forwarded = req
        .headers()
        .get("x-forwarded-for")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.rsplit(',').next())
        .and_then(|v| v.trim().parse::<IpAddr>().ok());
    let addr = match (socket, trusted, forwarded) {
        (Some(s), Some(t), Some(f)) if s == t => f.to_string(),
        (Some(s), _, _) => s.to_string(),
        _ => "unknown".to_string(),
    };
    req.extensions_mut().insert(ClientAddr(addr));
    next.run(req).await
}

/// Resolves the agent and portal session cookies into a `Viewer` (one SQL statement, only when a cookie is sent).
pub async fn session(State(pool): State<PgPool>, mut req: Request<Body>, next: Next) -> Response {
    if !req.uri().path().starts_with("/pkg/") {
        let agent = cookie(req.headers(), Realm::Agent.cookie_name());
        let contact = cookie(req.headers(), Realm::Contact.cookie_name());
        match sessions::resolve(&pool, agent.as_deref(), contact.as_deref()).await {
            Ok(viewer) => {
                req.extensions_mut().insert(viewer);
            }
            Err(e) => {
                tracing::error!(error = %e, "session lookup failed");
                return (
                    StatusCode::SERVICE_UNAVAILABLE,
                    "Service temporarily unavailable.",
                )
                    .into_response();
            }
        }
    }
    next.run(req).await
}

/// Server-function errors raised before the function body runs (arguments that do not decode) would
/// leave the framework's 500; this gives them the status their typed error names (400), so bad input is
/// never reported as a server fault.
pub async fn server_fn_status(req: Request, next: Next) -> Response {
    let is_api = req.uri().path().starts_with("/api/");
    let res = next.run(req).await;
    if !is_api || res.status() != StatusCode::INTERNAL_SERVER_ERROR {
        return res;
    }
    let (mut parts, body) = res.into_parts();
    let Ok(bytes) = axum::body::to_bytes(body, 64 * 1024).await else {
        return StatusCode::INTERNAL_SERVER_ERROR.into_response();
    };
    if let Ok(e) = serde_json::from_slice::<app::error::AppError>(&bytes) {
        if let Ok(code) = StatusCode::from_u16(e.status()) {
            parts.status = code;
        }
    }
    Response::from_parts(parts, Body::from(bytes))
}
