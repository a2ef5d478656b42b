//! Server state handed to every SSR render and server-function call through context.
use crate::slots::Slots;
use std::sync::{atomic::AtomicU64, Arc};
use tokio::sync::Semaphore;

#[derive(Clone)]
pub struct AppState {
    pub pool: sqlx::PgPool,
    pub leptos_options: leptos::config::LeptosOptions,
    /// Bounds concurrent Argon2 hashes so sign-in floods cannot starve the blocking pool.
    pub hash_permits: Arc<Semaphore>,
    /// The sign-in HMAC key (`crate::secret`), read from the database on first use.
    pub login_key: Arc<tokio::sync::OnceCell<Vec<u8>>>,
    /// The queue of the background view-tracking writer (`crate::views`).
    pub views: crate::views::ViewTracker,
    /// Uploads in flight per user (`crate::upload`).
    pub upload_slots: Arc<Slots>,
    /// Password changes in flight per account (`crate::credentials`): one each.
    pub password_slots: Arc<Slots>,
    /// Argon2 runs since start (sign-ins, password checks and hashes): what throttling bounds.
    pub argon2_runs: Arc<AtomicU64>,
}

impl AppState {
    /// Starts the view-tracking writer: call inside the Tokio runtime.
    pub fn new(pool: sqlx::PgPool, leptos_options: leptos::config::LeptosOptions) -> Self {
        let cores = std::thread::available_parallelism()
            .map(|n| n.get())
            .unwrap_or(2);
        AppState {
            views: crate::views::ViewTracker::start(pool.clone()),
            upload_slots: Slots::new(crate::upload::PER_USER),
            password_slots: Slots::new(1),
            argon2_runs: Arc::default(),
            pool,
            leptos_options,
            hash_permits: Arc::new(Semaphore::new(cores)),
            login_key: Arc::default(),
        }
    }
}

/// The client's address as the socket (or the configured trusted proxy) reports it.
#[derive(Debug, Clone)]
pub struct ClientAddr(pub String);
