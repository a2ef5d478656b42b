//! Server state handed to every SSR render and server-function call through context.
use std::sync::Arc;
use tokio::sync::Semaphore;

#[derive(Clone)]
pub struct AppState {
    pub pool: sqlx::PgPool,
    pub leptos_options: leptos::config::LeptosOptions,
    /// Bounds concurrent Argon2 hashes so sign-in floods cannot starve the blocking pool.
    pub hash_permits: Arc<Semaphore>,
}

impl AppState {
    pub fn new(pool: sqlx::PgPool, leptos_options: leptos::config::LeptosOptions) -> Self {
        let cores = std::thread::available_parallelism()
            .map(|n| n.get())
            .unwrap_or(2);
        AppState {
            pool,
            leptos_options,
            hash_permits: Arc::new(Semaphore::new(cores)),
        }
    }
}

/// The client's address as the socket (or the configured trusted proxy) reports it.
#[derive(Debug, Clone)]
pub struct ClientAddr(pub String);
