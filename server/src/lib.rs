//! Wiring only: configuration, startup, middleware and the data generator. Business rules live in `app`.
pub mod config;
pub mod explain;
pub mod generator;
pub mod import;
pub mod jobs;
pub mod middleware;
pub mod startup;
pub mod telemetry;
#[cfg(debug_assertions)]
pub mod test_routes;
