//! View tracking: pages report "agent saw object" to an in-process queue and return at once; one background
//! task folds the reports into a batch (one entry per agent and object) and writes it with one statement
//! (`db::agent_views::write`) every second, or at once when the batch is large. So a page view costs no
//! round trip on the page's own connection, and a burst of views costs one statement. A full queue drops
//! reports (counted in `Stats::dropped`): the trail is best effort, pages never wait for it.
use crate::model::ids::AgentId;
use chrono::{DateTime, Utc};
use sqlx::PgPool;
use std::{
    collections::HashMap,
    sync::{
        atomic::{AtomicU64, Ordering},
        Arc,
    },
    time::Duration,
};
use tokio::sync::{mpsc, oneshot};

/// How long views wait to be written, at most (plus the time of the write).
const EVERY: Duration = Duration::from_secs(1);
/// A batch this large is written at once.
const BATCH: usize = 1000;
/// Reports waiting in the queue, at most.
const QUEUE: usize = 10_000;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ViewedKind {
    Company,
    CustomerUser,
}

impl ViewedKind {
    pub fn key(self) -> &'static str {
        match self {
            ViewedKind::Company => "company",
            ViewedKind::CustomerUser => "customer_user",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct ViewKey {
    pub agent: AgentId,
    pub kind: ViewedKind,
    pub id: i64,
}

/// The views of one key within a batch.
#[derive(Debug, Clone, Copy)]
pub struct Seen {
    pub first: DateTime<Utc>,
    pub last: DateTime<Utc>,
    pub count: i64,
}

enum Message {
    Seen(ViewKey, DateTime<Utc>),
    /// Write what is queued now and answer (tests, shutdown).
    Flush(oneshot::Sender<()>),
}

#[derive(Debug, Default)]
pub struct Stats {
    /// Statements written (one per batch).
    pub batches: AtomicU64,
    /// Views written (before folding duplicates).
    pub views: AtomicU64,
    /// Reports dropped because the queue was full.
    pub dropped: AtomicU64,
    /// Batches that failed to write (logged; their views are lost).
    pub failed: AtomicU64,
}

/// The handle pages use; cheap to clone.
#[derive(Clone)]
pub struct ViewTracker {
    tx: mpsc::Sender<Message>,
    pub stats: Arc<Stats>,
}

impl ViewTracker {
    /// Starts the writer task on the current Tokio runtime.
    pub fn start(pool: PgPool) -> Self {
        let (tx, rx) = mpsc::channel(QUEUE);
        let stats = Arc::new(Stats::default());
        tokio::spawn(run(pool, rx, stats.clone()));
        ViewTracker { tx, stats }
    }

    /// Records that `agent` saw the object now. Never waits.
    pub fn seen(&self, agent: AgentId, kind: ViewedKind, id: i64) {
        let key = ViewKey { agent, kind, id };
        if self.tx.try_send(Message::Seen(key, Utc::now())).is_err() {
            self.stats.dropped.fetch_add(1, Ordering::Relaxed);
        }
    }

    /// Waits until every view reported before this call is written.
    pub async fn flush(&self) {
        let (done, wait) = oneshot::channel();
        if self.tx.send(Message::Flush(done)).await.is_ok() {
            let _ = wait.await;
        }
    }
}

async fn run(pool: PgPool, mut rx: mpsc::Receiver<Message>, stats: Arc<Stats>) {
    let mut batch: HashMap<ViewKey, Seen> = HashMap::new();
    let mut reported = 0u64;
    let mut tick = tokio::time::interval(EVERY);
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        let (flushed, closed) = tokio::select! {
            message = rx.recv() => match message {
                Some(Message::Seen(key, at)) => {
                    reported += 1;
                    batch
                        .entry(key)
                        .and_modify(|s| {
                            s.first = s.first.min(at);
                            s.last = s.last.max(at);
                            s.count += 1;
                        })
                        .or_insert(Seen { first: at, last: at, count: 1 });
                    if batch.len() < BATCH {
                        continue;
                    }
                    (None, false)
                }
                Some(Message::Flush(done)) => (Some(done), false),
                // Every handle is gone (the server stops): write what is left, then end.
                None => (None, true),
            },
            _ = tick.tick() => (None, false),
        };
        if !batch.is_empty() {
            match crate::db::agent_views::write(&pool, &batch).await {
                Ok(()) => {
                    stats.batches.fetch_add(1, Ordering::Relaxed);
                    stats.views.fetch_add(reported, Ordering::Relaxed);
                }
                Err(e) => {
                    stats.failed.fetch_add(1, Ordering::Relaxed);
                    tracing::warn!(
                        "writing {} agent views failed (they are lost): {e}",
                        batch.len()
                    );
                }
            }
            batch.clear();
            reported = 0;
        }
        if let Some(done) = flushed {
            let _ = done.send(());
        }
        if closed {
            break;
        }
    }
}
