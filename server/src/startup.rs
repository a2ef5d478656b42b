//! Building the router and serving it. Tests build the same router and drive it without a socket.
use crate::{config::Config, middleware};
use app::{shell, state::AppState, App};
use axum::Router;
use leptos::prelude::*;
use leptos_axum::{generate_route_list, LeptosRoutes};
use sqlx::{postgres::PgPoolOptions, PgPool};
use std::net::SocketAddr;
use tower_http::{
    compression::CompressionLayer, limit::RequestBodyLimitLayer, services::ServeDir,
    set_header::SetResponseHeaderLayer, trace::TraceLayer, CompressionLevel,
};

pub async fn connect(config: &Config) -> Result<PgPool, sqlx::Error> {
    // No ping before each checkout: it is a round trip per query (5 per CIC page) and a dead connection
    // fails the query anyway. A short acquire timeout turns overload into a quick 503-style error
    // instead of an ever-growing queue.
    PgPoolOptions::new()
        .max_connections(config.max_connections)
        .test_before_acquire(false)
        .acquire_timeout(std::time::Duration::from_secs(3))
        .connect(&config.database_url)
        .await
}

/// `server migrate` (and `generate`), as the database owner: the schema of this build.
pub async fn migrate(pool: &PgPool) -> Result<(), sqlx::migrate::MigrateError> {
    sqlx::migrate!("../migrations").run(pool).await
}

/// The server runs as the app role, which may not change the schema (issue 17, finding 6): instead of
/// migrating it checks that the owner did, and names the first migration missing.
pub async fn check_migrated(pool: &PgPool) -> Result<(), String> {
    const HINT: &str = "run `server migrate` as the database owner first";
    let applied: Vec<(i64, Vec<u8>)> =
        sqlx::query_as("SELECT version, checksum FROM _sqlx_migrations WHERE success")
            .fetch_all(pool)
            .await
            .map_err(|e| format!("the database has no migrations ({e}): {HINT}"))?;
    let migrator = sqlx::migrate!("../migrations");
    match migrator.iter().find(|m| {
        !m.migration_type.is_down_migration()
            && !applied
                .iter()
                .any(|(v, sum)| *v == m.version && **sum == *m.checksum)
    }) {
        Some(m) => Err(format!(
            "the database lacks migration {} ({}) or has another version of it: {HINT}",
            m.version, m.description
        )),
        None => Ok(()),
    }
}

pub fn leptos_options() -> Result<LeptosOptions, Box<dyn std::error::Error>> {
    // cargo-leptos passes the options as environment variables; without it, read the workspace metadata.
    let file = std::env::var("LEPTOS_OUTPUT_NAME")
        .is_err()
        .then_some(concat!(env!("CARGO_MANIFEST_DIR"), "/../Cargo.toml"));
    Ok(get_configuration(file)?.leptos_options)
}

/// The largest request body a page or server function accepts (bytes).
pub const SERVER_FN_BODY_LIMIT: usize = 1 << 20;

pub fn build_router(state: AppState, config: &Config) -> Router {
    let options = state.leptos_options.clone();
    let routes = generate_route_list(App);
    let context = {
        let state = state.clone();
        move || {
            provide_context(state.clone());
            leptos::nonce::provide_nonce();
        }
    };
    let render_shell = {
        let options = options.clone();
        move || shell(options.clone())
    };
    // The wasm, JS and CSS as the build precompressed them (brotli -q 11, scripts/lib/app.sh): no per-request
    // compression of 2 MB. File names carry no hash, so browsers revalidate (304 via Last-Modified) rather
    // than cache blindly: a deploy never pairs new HTML with an old wasm.
    let pkg_dir = std::path::Path::new(&*options.site_root).join(&*options.site_pkg_dir);
    let pkg = tower::ServiceBuilder::new()
        .layer(SetResponseHeaderLayer::overriding(
            http::header::CACHE_CONTROL,
            http::HeaderValue::from_static("no-cache"),
        ))
        .service(ServeDir::new(pkg_dir).precompressed_br());
    let router = Router::new()
        .nest_service(&format!("/{}", options.site_pkg_dir), pkg)
        .leptos_routes_with_context(&options, routes, context.clone(), render_shell)
        .fallback(leptos_axum::file_and_error_handler_with_context(
            context, shell,
        ))
        .with_state(options)
        // Server functions and form posts: 1 MiB, stated rather than left to a library default (a
        // 100,000-character article, form-encoded, fits; uploads have their own streaming limit).
        .layer(RequestBodyLimitLayer::new(SERVER_FN_BODY_LIMIT));
    // The caller-ID lookup: a redirect decided before any HTML (app::lookup).
    let router = router.merge(
        Router::new()
            .route("/lookup", axum::routing::get(app::lookup::lookup))
            .route("/logos/{id}", axum::routing::get(app::logo::serve_logo))
            .route(
                "/customers/{customer_id}/logo",
                axum::routing::post(app::logo::upload_logo),
            )
            .route(
                "/customers/{customer_id}/logo/remove",
                axum::routing::post(app::logo::remove_logo),
            )
            .route(
                "/customers/{customer_id}/files",
                axum::routing::post(app::files::upload_files),
            )
            .route(
                "/customers/{customer_id}/files/{id}",
                axum::routing::get(app::files::download_file),
            )
            .route(
                "/portal/files/{id}",
                axum::routing::get(app::files::portal_download),
            )
            // Uploads enforce their limits while reading (app::logo, app::files), not by axum's default cap.
            .layer(axum::extract::DefaultBodyLimit::disable())
            .with_state(state.clone()),
    );
    // The upload module's test route, in debug builds only (see test_routes.rs).
    #[cfg(debug_assertions)]
    let router = router.merge(crate::test_routes::routes(
        state.clone(),
        config.upload_max_bytes,
    ));
    router
        .layer(axum::middleware::from_fn(middleware::server_fn_status))
        .layer(axum::middleware::from_fn_with_state(
            state.pool.clone(),
            middleware::session,
        ))
        .layer(axum::middleware::from_fn_with_state(
            config.trusted_proxy,
            middleware::client_addr,
        ))
        // Brotli's default level (11) is for static files: on a 60 KB page it costs more CPU than rendering it.
        .layer(CompressionLayer::new().quality(CompressionLevel::Precise(4)))
        .layer(axum::middleware::from_fn(middleware::security_headers))
        .layer(axum::middleware::from_fn(middleware::csrf))
        // Outermost: every response, refusals included, is traced under its request id.
        .layer(TraceLayer::new_for_http().make_span_with(crate::telemetry::request_span))
        .layer(axum::middleware::from_fn(crate::telemetry::request_id))
}

pub async fn serve(config: Config, pool: PgPool) -> Result<(), Box<dyn std::error::Error>> {
    check_migrated(&pool).await?;
    let options = leptos_options()?;
    let addr = options.site_addr;
    crate::jobs::spawn_due_watermark(pool.clone());
    crate::jobs::spawn_sign_in_expiry(pool.clone(), config.sign_in_retention_days);
    let state = AppState::new(pool, options);
    let app = build_router(state, &config);
    let listener = tokio::net::TcpListener::bind(addr).await?;
    tracing::info!("listening on http://{addr}");
    axum::serve(
        listener,
        app.into_make_service_with_connect_info::<SocketAddr>(),
    )
    .with_graceful_shutdown(async {
        let _ = tokio::signal::ctrl_c().await;
    })
    .await?;
    Ok(())
}
