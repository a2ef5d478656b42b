//! Configuration, read once at startup from the environment (see .env.example).
use std::net::IpAddr;

#[derive(Clone, Debug)]
pub struct Config {
    pub database_url: String,
    pub max_connections: u32,
    /// When set, requests from this address are trusted to name the client in X-Forwarded-For.
    pub trusted_proxy: Option<IpAddr>,
    /// How long sign-in events (personal data: who, when, from where) are kept.
    pub sign_in_retention_days: i32,
    /// The largest file an upload may carry (`app::upload`).
    pub upload_max_bytes: u64,
}

impl Config {
    pub fn from_env() -> Result<Self, String> {
        let database_url =
            std::env::var("DATABASE_URL").map_err(|_| "DATABASE_URL is not set".to_string())?;
        let max_connections = match std::env::var("DATABASE_MAX_CONNECTIONS") {
            Ok(v) => v
                .parse()
                .map_err(|_| format!("DATABASE_MAX_CONNECTIONS: not a number: {v}"))?,
            Err(_) => 16,
        };
        let trusted_proxy = match std::env::var("TRUSTED_PROXY") {
            Ok(v) if !v.is_empty() => Some(
                v.parse()
                    .map_err(|_| format!("TRUSTED_PROXY: not an IP address: {v}"))?,
            ),
            _ => None,
        };
        let sign_in_retention_days = match std::env::var("SIGN_IN_RETENTION_DAYS") {
            Ok(v) => match v.parse() {
                Ok(days) if (1..=3650).contains(&days) => days,
                _ => {
                    return Err(format!(
                        "SIGN_IN_RETENTION_DAYS: not a number of days from 1 to 3650: {v}"
                    ))
                }
            },
            Err(_) => 90,
        };
        let upload_max_bytes = match std::env::var("UPLOAD_MAX_BYTES") {
            Ok(v) => v
                .parse()
                .map_err(|_| format!("UPLOAD_MAX_BYTES: not a number: {v}"))?,
            Err(_) => 25 << 20,
        };
        Ok(Config {
            upload_max_bytes,
            database_url,
            max_connections,
            trusted_proxy,
            sign_in_retention_days,
        })
    }
}
