//! Building the router and serving it. Tests build the same router and drive it without a socket.
use crate::{config::Config, middleware};
use app::{shell, state::AppState, App};
use axum::Router;
use leptos::prelude::*;
use leptos_axum::{generate_route_list, LeptosRoutes};
use sqlx::{postgres::PgPoolOptions, PgPool};
use std::net::SocketAddr;
use tower_http::compression::CompressionLayer;

pub async fn connect(config: &Config) -> Result<PgPool, sqlx::Error> {
    let pool = PgPoolOptions::new()
        .max_connections(config.max_connections)
        .connect(&config.database_url)
        .await?;
    sqlx::migrate!("../migrations").run(&pool).await?;
    Ok(pool)
}

pub fn leptos_options() -> Result<LeptosOptions, Box<dyn std::error::Error>> {
    // cargo-leptos passes the options as environment variables; without it, read the workspace metadata.
    let file = std::env::var("LEPTOS_OUTPUT_NAME")
        .is_err()
        .then_some(concat!(env!("CARGO_MANIFEST_DIR"), "/../Cargo.toml"));
    Ok(get_configuration(file)?.leptos_options)
}

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
    Router::new()
        .leptos_routes_with_context(&options, routes, context.clone(), render_shell)
        .fallback(leptos_axum::file_and_error_handler_with_context(
            context, shell,
        ))
        .with_state(options)
        .layer(axum::middleware::from_fn(middleware::server_fn_status))
        .layer(axum::middleware::from_fn_with_state(
            state.pool.clone(),
            middleware::session,
        ))
        .layer(axum::middleware::from_fn_with_state(
            config.trusted_proxy,
            middleware::client_addr,
        ))
        .layer(CompressionLayer::new())
        .layer(axum::middleware::from_fn(middleware::security_headers))
        .layer(axum::middleware::from_fn(middleware::csrf))
}

pub async fn serve(config: Config, pool: PgPool) -> Result<(), Box<dyn std::error::Error>> {
    let options = leptos_options()?;
    let addr = options.site_addr;
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
