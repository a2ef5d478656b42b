//! A company's files over plain HTTP (issue 20, part 5), through the upload module:
//!
//! - `POST /customers/<id>/files` (multipart: one or more `file` parts, `description`, `category`,
//!   `portal`): every file is spooled with the 25 MiB limit enforced while reading; any refusal stores
//!   nothing (a page for a form posted without JavaScript, JSON otherwise). Then one short transaction
//!   writes each file's chunks from its spool file, one chunk at a time.
//! - `GET /customers/<id>/files/<file>` (agents) and `GET /portal/files/<file>` (a customer user who may
//!   view the company's requests, the file marked "Visible in portal"; row-level security again): the
//!   content streamed one chunk per statement, so neither a whole file in memory nor a connection held at
//!   the client's pace. Always an attachment, `nosniff`, sandboxed (`upload::download_headers`).
//!
//! Deleting is a server function (`api::files`), as is the portal's list.
//! Virus scanning is out of scope; the hook point is [`upload_files`] between spooling and storing, where
//! every file sits complete in its spool file and nothing is stored yet.
use crate::{
    db::{self, customer_files::Download},
    logo::{agent_company, client_addr},
    lookup::see_other,
    model::{
        customer_file::{check_fields, NewFile, MAX_FILES, MAX_FILE_BYTES},
        input::url_encode,
        permission::Action,
        viewer::Viewer,
    },
    state::{AppState, ClientAddr},
    upload::{self, refusal, Spooled, UploadError},
};
use axum::{
    body::Body,
    extract::{multipart::Field, Multipart, Path, State},
    http::{HeaderMap, StatusCode},
    response::{IntoResponse, Response},
    Extension,
};
use bytes::Bytes;
use std::future::Future;

/// Multipart framing (boundaries, part headers, the text fields) allowed on top of the files.
const FRAMING: u64 = 64 * 1024;

/// `POST /customers/<id>/files`.
pub async fn upload_files(
    State(state): State<AppState>,
    viewer: Option<Extension<Viewer>>,
    addr: Option<Extension<ClientAddr>>,
    Path(customer_id): Path<String>,
    headers: HeaderMap,
    mut multipart: Multipart,
) -> Response {
    let (agent, company) =
        match agent_company(&state, viewer, &customer_id, Action::ManageFiles).await {
            Ok(found) => found,
            Err(refused) => return refused,
        };
    let refuse =
        |status: StatusCode, title: &str, message: &str| refusal(&headers, status, title, message);
    let too_large = |name: &str| {
        refuse(
            StatusCode::PAYLOAD_TOO_LARGE,
            "File too large",
            &format!(
                "“{name}” is larger than 25 MB: each file may be at most 25 MB (26,214,400 bytes)."
            ),
        )
    };
    let declared = upload::declared_length(&headers);
    if declared.is_some_and(|n| n > MAX_FILES as u64 * MAX_FILE_BYTES + FRAMING) {
        return too_large("The upload");
    }
    let Some(_slot) = state
        .upload_slots
        .try_take(&format!("agent:{}", agent.id.0))
    else {
        return refuse(
            StatusCode::TOO_MANY_REQUESTS,
            "Too many uploads",
            "Too many uploads at once; wait for one to finish.",
        );
    };
    let interrupted = || {
        refuse(
            StatusCode::BAD_REQUEST,
            "Upload interrupted",
            "The upload was interrupted; try again.",
        )
    };
    let (mut description, mut category, mut portal) = (String::new(), String::new(), false);
    let mut files: Vec<(String, Spooled)> = Vec::new();
    loop {
        let field = match multipart.next_field().await {
            Ok(Some(f)) => f,
            Ok(None) => break,
            Err(_) => return interrupted(),
        };
        match field.name().unwrap_or("") {
            "file" => {
                // An empty file input still sends a part, without a name.
                let Some(raw) = field.file_name().filter(|n| !n.is_empty()) else {
                    continue;
                };
                let name = upload::sanitize_filename(raw);
                if files.len() == MAX_FILES {
                    return refuse(
                        StatusCode::BAD_REQUEST,
                        "Too many files",
                        &format!("Upload at most {MAX_FILES} files at once."),
                    );
                }
                match upload::spool(Box::pin(field), MAX_FILE_BYTES).await {
                    Ok(s) if s.size == 0 => {
                        return refuse(
                            StatusCode::BAD_REQUEST,
                            "Empty file",
                            &format!("“{name}” is empty."),
                        )
                    }
                    Ok(s) => files.push((name, s)),
                    Err(UploadError::TooLarge(_)) => return too_large(&name),
                    Err(UploadError::Interrupted) => return interrupted(),
                    Err(UploadError::Spool) => {
                        return StatusCode::INTERNAL_SERVER_ERROR.into_response()
                    }
                }
            }
            "description" => match small_text(field).await {
                Some(t) => description = t,
                None => return interrupted(),
            },
            "category" => match small_text(field).await {
                Some(t) => category = t,
                None => return interrupted(),
            },
            "portal" => portal = true,
            _ => {}
        }
    }
    if files.is_empty() {
        return refuse(
            StatusCode::BAD_REQUEST,
            "No file chosen",
            "Choose one or more files to upload.",
        );
    }
    let (description, category) = match check_fields(&description, &category) {
        Ok(fields) => fields,
        Err(e) => {
            let said = ["description", "category"]
                .iter()
                .filter_map(|f| e.field_message(f))
                .collect::<Vec<_>>()
                .join(" ");
            return refuse(StatusCode::UNPROCESSABLE_ENTITY, "Check the upload", &said);
        }
    };
    // Virus-scanning hook point: every file is complete in its spool file here, nothing is stored yet.
    let saved = async {
        let actor = db::changes::Actor::Agent(agent.id);
        let mut tx = db::changes::begin(&state.pool, actor, &client_addr(addr)).await?;
        for (name, spooled) in &files {
            let new = NewFile {
                name: name.clone(),
                content_type: upload::sniff(&spooled.head, name).into(),
                description: description.clone(),
                category: category.clone(),
                portal_visible: portal,
            };
            db::customer_files::store(&mut tx, company, agent.id, &new, spooled).await?;
        }
        tx.commit().await
    };
    match saved.await {
        Ok(()) => see_other(&format!(
            "/customers/{}#widget-files",
            url_encode(&customer_id)
        )),
        Err(e) => {
            tracing::error!(error = %e, "storing files failed");
            StatusCode::SERVICE_UNAVAILABLE.into_response()
        }
    }
}

/// A text part of the upload form, at most 8 KiB (`None`: longer, or interrupted).
async fn small_text(mut field: Field<'_>) -> Option<String> {
    let mut got = Vec::new();
    while let Some(chunk) = field.chunk().await.ok()? {
        got.extend_from_slice(&chunk);
        if got.len() > 8192 {
            return None;
        }
    }
    String::from_utf8(got).ok()
}

/// `GET /customers/<id>/files/<file>`: a live file of the company, to an agent who may read customers.
pub async fn download_file(
    State(state): State<AppState>,
    viewer: Option<Extension<Viewer>>,
    Path((customer_id, id)): Path<(String, i64)>,
) -> Response {
    let (_, company) = match agent_company(&state, viewer, &customer_id, Action::Read).await {
        Ok(found) => found,
        Err(refused) => return refused,
    };
    match db::customer_files::for_agent(&state.pool, company, id).await {
        Ok(Some(d)) => {
            let pool = state.pool.clone();
            streamed(d, move |file, seq| {
                let pool = pool.clone();
                async move { db::customer_files::chunk(&pool, file, seq).await }
            })
        }
        Ok(None) => StatusCode::NOT_FOUND.into_response(),
        Err(_) => StatusCode::SERVICE_UNAVAILABLE.into_response(),
    }
}

/// `GET /portal/files/<file>`: a file visible in the portal on a company whose requests the customer user
/// may view; every read (the file, each chunk) in the portal's row-level-secured transaction.
pub async fn portal_download(
    State(state): State<AppState>,
    viewer: Option<Extension<Viewer>>,
    addr: Option<Extension<ClientAddr>>,
    Path(id): Path<i64>,
) -> Response {
    let Some(me) = viewer.and_then(|Extension(v)| v.contact) else {
        return StatusCode::UNAUTHORIZED.into_response();
    };
    let addr = client_addr(addr);
    let found = async {
        let mut tx = db::portal::begin(&state.pool, &me, &addr).await?;
        let d = db::customer_files::for_portal(&mut tx, id).await?;
        tx.commit().await?;
        Ok::<_, sqlx::Error>(d)
    };
    match found.await {
        Ok(Some(d)) => {
            let pool = state.pool.clone();
            streamed(d, move |file, seq| {
                let (pool, me, addr) = (pool.clone(), me.clone(), addr.clone());
                async move {
                    let mut tx = db::portal::begin(&pool, &me, &addr).await?;
                    let data = db::customer_files::chunk(&mut *tx, file, seq).await?;
                    tx.commit().await?;
                    Ok(data)
                }
            })
        }
        Ok(None) => StatusCode::NOT_FOUND.into_response(),
        Err(_) => StatusCode::SERVICE_UNAVAILABLE.into_response(),
    }
}

/// The download: its headers, then its chunks in order, each read when the client wants it.
fn streamed<F, Fut>(d: Download, chunk: F) -> Response
where
    F: Fn(i64, i32) -> Fut + Send + 'static,
    Fut: Future<Output = sqlx::Result<Option<Vec<u8>>>> + Send + 'static,
{
    let (file, chunks) = (d.file_id, d.chunks);
    let body = futures::stream::unfold(0, move |seq| {
        let next = (seq < chunks).then(|| chunk(file, seq));
        async move {
            match next?.await {
                Ok(Some(data)) => Some((Ok(Bytes::from(data)), seq + 1)),
                // A chunk gone or unreadable mid-download: the client sees a cut transfer, not a
                // complete-looking file.
                _ => Some((Err(std::io::Error::other("chunk unavailable")), chunks)),
            }
        }
    });
    let mut res = Response::new(Body::from_stream(body));
    for (k, v) in upload::download_headers(&d.name, &d.content_type, d.size as usize) {
        if let Ok(v) = v.parse() {
            res.headers_mut().insert(k, v);
        }
    }
    res
}
