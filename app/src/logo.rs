//! A company's logo (issue 18, part 3): uploaded with a plain form (it works without JavaScript), through the
//! upload module (streamed with a hard limit, spooled, one short transaction), checked from the bytes —
//! PNG, JPEG or WebP whose header states at most 2048×2048 pixels, whatever the file is called — and served
//! at a versioned URL (`/logos/<file id>`: a new upload is a new id) with immutable caching.
//!
//! Refusals go back to the CIC with `?logo_error=<code>`, which Customer Information shows at the field.
use crate::{
    db::{self, files::Uploader},
    lookup::see_other,
    model::{
        input::{url_encode, CustomerKey},
        object_state::ObjectState,
        permission::Action,
        viewer::{AgentViewer, Viewer},
    },
    state::{AppState, ClientAddr},
    upload::{self, image_size, UploadError},
};
use axum::{
    body::Body,
    extract::{Multipart, Path, State},
    http::{header, HeaderMap, StatusCode},
    response::{IntoResponse, Response},
    Extension,
};

/// At most 1 MiB.
pub const LOGO_MAX_BYTES: u64 = 1_048_576;
/// At most this many pixels each way.
pub const LOGO_MAX_PIXELS: u32 = 2048;
/// Multipart framing allowed on top of the file when the declared length is checked before reading.
const FRAMING: u64 = 16 * 1024;

/// `POST /customers/<id>/logo` (multipart, one field `logo`).
pub async fn upload_logo(
    State(state): State<AppState>,
    viewer: Option<Extension<Viewer>>,
    addr: Option<Extension<ClientAddr>>,
    Path(customer_id): Path<String>,
    headers: HeaderMap,
    mut multipart: Multipart,
) -> Response {
    let (agent, company) =
        match agent_company(&state, viewer, &customer_id, Action::EditCompanies).await {
            Ok(found) => found,
            Err(refused) => return refused,
        };
    let back = |error: Option<&str>| {
        let query = error.map_or(String::new(), |e| format!("?logo_error={e}"));
        see_other(&format!("/customers/{}{query}", url_encode(&customer_id)))
    };
    let declared = upload::declared_length(&headers);
    if declared.is_some_and(|n| n > LOGO_MAX_BYTES + FRAMING) {
        return back(Some("size"));
    }
    let Some(_slot) = state
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
        Ok(Some(f)) if f.name() == Some("logo") => f,
        _ => return back(Some("missing")),
    };
    let name = upload::sanitize_filename(field.file_name().unwrap_or("logo"));
    let spooled = match upload::spool(Box::pin(field), LOGO_MAX_BYTES).await {
        Ok(s) if s.size == 0 => return back(Some("missing")),
        Ok(s) => s,
        Err(UploadError::TooLarge(_)) => return back(Some("size")),
        Err(UploadError::Interrupted) => return back(Some("missing")),
        Err(UploadError::Spool) => return StatusCode::INTERNAL_SERVER_ERROR.into_response(),
    };
    let Ok(data) = spooled.read().await else {
        return StatusCode::INTERNAL_SERVER_ERROR.into_response();
    };
    let kind = match image_size(&data) {
        Some((kind, w, h))
            if (1..=LOGO_MAX_PIXELS).contains(&w) && (1..=LOGO_MAX_PIXELS).contains(&h) =>
        {
            kind
        }
        Some(_) => return back(Some("dimensions")),
        None => return back(Some("type")),
    };
    let saved = async {
        let actor = db::changes::Actor::Agent(agent.id);
        let mut tx = db::changes::begin(&state.pool, actor, &client_addr(addr)).await?;
        let file = db::files::insert(
            &mut *tx,
            Uploader::Agent(agent.id),
            &name,
            kind.content_type(),
            &data,
        )
        .await?;
        db::companies::set_logo(&mut tx, company, Some(file)).await?;
        tx.commit().await
    };
    match saved.await {
        Ok(()) => back(None),
        Err(e) => {
            tracing::error!(error = %e, "storing a logo failed");
            StatusCode::SERVICE_UNAVAILABLE.into_response()
        }
    }
}

/// `POST /customers/<id>/logo/remove`.
pub async fn remove_logo(
    State(state): State<AppState>,
    viewer: Option<Extension<Viewer>>,
    addr: Option<Extension<ClientAddr>>,
    Path(customer_id): Path<String>,
) -> Response {
    let (agent, company) =
        match agent_company(&state, viewer, &customer_id, Action::EditCompanies).await {
            Ok(found) => found,
            Err(refused) => return refused,
        };
    let removed = async {
        let actor = db::changes::Actor::Agent(agent.id);
        let mut tx = db::changes::begin(&state.pool, actor, &client_addr(addr)).await?;
        db::companies::set_logo(&mut tx, company, None).await?;
        tx.commit().await
    };
    match removed.await {
        Ok(()) => see_other(&format!("/customers/{}", url_encode(&customer_id))),
        Err(e) => {
            tracing::error!(error = %e, "removing a logo failed");
            StatusCode::SERVICE_UNAVAILABLE.into_response()
        }
    }
}

/// `GET /logos/<file id>`: a company's current logo, to agents. Any other stored file is not a logo here.
pub async fn serve_logo(
    State(state): State<AppState>,
    viewer: Option<Extension<Viewer>>,
    Path(id): Path<i64>,
) -> Response {
    if viewer.and_then(|Extension(v)| v.agent).is_none() {
        return StatusCode::UNAUTHORIZED.into_response();
    }
    match db::companies::logo(&state.pool, id).await {
        Ok(Some((content_type, data))) => {
            let mut res = Response::new(Body::from(data));
            let h = res.headers_mut();
            // Stored by this module only as one of the three image types.
            if let Ok(v) = header::HeaderValue::from_str(&content_type) {
                h.insert(header::CONTENT_TYPE, v);
            }
            h.insert(
                header::X_CONTENT_TYPE_OPTIONS,
                header::HeaderValue::from_static("nosniff"),
            );
            h.insert(
                header::CACHE_CONTROL,
                header::HeaderValue::from_static("private, max-age=31536000, immutable"),
            );
            h.insert(
                header::CONTENT_SECURITY_POLICY,
                header::HeaderValue::from_static("sandbox; default-src 'none'"),
            );
            res
        }
        Ok(None) => StatusCode::NOT_FOUND.into_response(),
        Err(_) => StatusCode::SERVICE_UNAVAILABLE.into_response(),
    }
}

/// For the plain HTTP routes of a company (logo, files): the signed-in agent whose role allows `action`,
/// and the company (active or archived) by its customer ID; a missing or deleted one is a 404.
pub(crate) async fn agent_company(
    state: &AppState,
    viewer: Option<Extension<Viewer>>,
    customer_id: &str,
    action: Action,
) -> Result<(AgentViewer, crate::model::ids::CompanyId), Response> {
    let Some(agent) = viewer.and_then(|Extension(v)| v.agent) else {
        return Err((StatusCode::UNAUTHORIZED, "Sign in as an agent first.").into_response());
    };
    if !action.allows(agent.role) {
        let said = format!("Your role may not {}.", action.describe());
        return Err((StatusCode::FORBIDDEN, said).into_response());
    }
    let key = CustomerKey::parse(customer_id).map_err(|_| StatusCode::NOT_FOUND.into_response())?;
    match db::companies::by_key(&state.pool, &key).await {
        Ok(c)
            if matches!(
                c.lifecycle.state,
                ObjectState::Active | ObjectState::Archived
            ) =>
        {
            Ok((agent, c.id))
        }
        Ok(_) | Err(sqlx::Error::RowNotFound) => Err(StatusCode::NOT_FOUND.into_response()),
        Err(_) => Err(StatusCode::SERVICE_UNAVAILABLE.into_response()),
    }
}

pub(crate) fn client_addr(addr: Option<Extension<ClientAddr>>) -> String {
    addr.map_or_else(|| "unknown".into(), |Extension(a)| a.0)
}

/// The message of a refused upload for the CIC being rendered: the refusal redirected back with its code in
/// the page's URL (`?logo_error=…`), which only a document load (the server's render) carries.
pub fn refusal_on_page() -> Option<String> {
    let parts = leptos::prelude::use_context::<http::request::Parts>()?;
    let code = parts
        .uri
        .query()?
        .split('&')
        .find_map(|kv| kv.strip_prefix("logo_error="))?;
    Some(
        match code {
            "size" => "The logo may be at most 1 MiB (1,048,576 bytes).",
            "dimensions" => "The logo may be at most 2048 × 2048 pixels.",
            "missing" => "Choose an image file.",
            _ => "Choose a PNG, JPEG or WebP image.",
        }
        .to_string(),
    )
}
