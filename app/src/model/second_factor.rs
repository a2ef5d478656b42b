//! What the second-factor pages show (issue 17): a key being set up, and an agent's own status.
use serde::{Deserialize, Serialize};

/// A key being set up: typed by hand (base32, in groups of four) or opened as an `otpauth://` link, and
/// the recovery codes, shown only until the key is on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Setup {
    pub key: String,
    pub uri: String,
    pub recovery_codes: Vec<String>,
}

/// The code page between a right password and the session.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Challenge {
    /// `Some` when the agent's role requires a key they have not set up yet.
    pub setup: Option<Setup>,
}

/// The "Two-factor authentication" section of `/preferences`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Status {
    pub on: bool,
    pub required: bool,
    pub recovery_codes_left: i64,
    /// A key being set up (after "Set up", until its first code).
    pub setup: Option<Setup>,
}
