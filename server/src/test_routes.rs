//! Routes of debug builds only (what the Rust tests drive): the upload module's test route, until the
//! logo, files and CSV import use `app::upload` for real. Release builds (`scripts/run`, the end-to-end
//! tests, production) have no such route.
use app::{
    db::files::{self, Uploader},
    model::viewer::Viewer,
    state::AppState,
    upload::{self, UploadError},
};
use axum::{
    body::Body,
    extract::{DefaultBodyLimit, Multipart, Path, State},
    http::{HeaderMap, StatusCode},
    response::{IntoResponse, Response},
    routing::{get, post},
    Extension, Router,
};

/// Multipart framing (boundaries, part headers) allowed on top of the file's own limit when a declared
/// `Content-Length` is checked before reading.
const FRAMING: u64 = 16 * 1024;

#[derive(Clone)]
struct Upload {
    state: AppState,
    max_bytes: u64,
}

pub fn routes(state: AppState, max_bytes: u64) -> Router {
    Router::new()
        .route("/test/upload", post(receive))
        .route("/test/files/{id}", get(send))
        // The module enforces its own limit while reading; axum's default 2 MB cap would cut in first.
        .layer(DefaultBodyLimit::disable())
        .with_state(Upload { state, max_bytes })
}

fn too_large(headers: &HeaderMap, limit: u64) -> Response {
    let kib = limit.div_ceil(1024);
    upload::refusal(
        headers,
        StatusCode::PAYLOAD_TOO_LARGE,
        "File too large",
        &format!("Files may be at most {kib} KiB."),
    )
}

async fn receive(
    State(u): State<Upload>,
    viewer: Option<Extension<Viewer>>,
    headers: HeaderMap,
    mut multipart: Multipart,
) -> Response {
    let Some(agent) = viewer.and_then(|Extension(v)| v.agent) else {
        return StatusCode::UNAUTHORIZED.into_response();
    };
    let declared = upload::declared_length(&headers);
    if declared.is_some_and(|n| n > u.max_bytes + FRAMING) {
        return too_large(&headers, u.max_bytes);
    }
    let Some(_slot) = u
        .state
        .upload_slots
        .try_take(&format!("agent:{}", agent.id.0))
    else {
        return (
            StatusCode::TOO_MANY_REQUESTS,
            "Too many uploads at once; wait for one to finish.",
        )
            .into_response();
    };
    let field = match multipart.next_field().await {
        Ok(Some(f)) if f.name() == Some("file") => f,
        _ => {
            return (
                StatusCode::BAD_REQUEST,
                "Send one multipart field named file.",
            )
                .into_response()
        }
    };
    let name = upload::sanitize_filename(field.file_name().unwrap_or(""));
    let spooled = match upload::spool(Box::pin(field), u.max_bytes).await {
        Ok(s) => s,
        Err(UploadError::TooLarge(limit)) => return too_large(&headers, limit),
        Err(UploadError::Interrupted) => {
            return (StatusCode::BAD_REQUEST, "The upload was interrupted.").into_response()
        }
        Err(UploadError::Spool) => return StatusCode::INTERNAL_SERVER_ERROR.into_response(),
    };
    let content_type = upload::sniff(&spooled.head, &name);
    let stored = match spooled.read().await {
        Ok(data) => {
            files::insert(
                &u.state.pool,
                Uploader::Agent(agent.id),
                &name,
                content_type,
                &data,
            )
            .await
        }
        Err(_) => return StatusCode::INTERNAL_SERVER_ERROR.into_response(),
    };
    match stored {
        Ok(id) => axum::Json(serde_json::json!({
            "id": id, "name": name, "content_type": content_type, "size": spooled.size
        }))
        .into_response(),
        Err(e) => {
            tracing::warn!("storing an upload failed: {e}");
            StatusCode::INTERNAL_SERVER_ERROR.into_response()
        }
    }
}

async fn send(
    State(u): State<Upload>,
    viewer: Option<Extension<Viewer>>,
    Path(id): Path<i64>,
) -> Response {
    if viewer.and_then(|Extension(v)| v.agent).is_none() {
        return StatusCode::UNAUTHORIZED.into_response();
    }
    match files::get(&u.state.pool, id).await {
        Ok(Some(f)) => {
            let mut res = Response::new(Body::from(f.data.clone()));
            for (k, v) in upload::download_headers(&f.name, &f.content_type, f.data.len()) {
                if let Ok(v) = v.parse() {
                    res.headers_mut().insert(k, v);
                }
            }
            res
        }
        Ok(None) => StatusCode::NOT_FOUND.into_response(),
        Err(_) => StatusCode::INTERNAL_SERVER_ERROR.into_response(),
    }
}
