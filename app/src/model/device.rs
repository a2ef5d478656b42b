//! "Signed-in devices": a user's own live sessions, as the portal's My account and the agent's
//! Preferences list them, so a user can recognise a session that is not theirs and end it.
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Device {
    /// The session's public id, what "Sign out" names (never its token or the token's hash).
    pub id: i64,
    /// "Chrome on Linux", from the User-Agent it signed in with.
    pub browser: String,
    /// The address it signed in from.
    pub addr: String,
    /// When it signed in and when it was last active, made on the server (agents: their zone; portal: UTC).
    pub signed_in: String,
    pub last_active: String,
    /// The session of the page asking: it ends with Sign out, not from this list.
    pub current: bool,
}

/// A User-Agent as its owner would name the browser: "Firefox on Windows". Order matters: Edge and Opera
/// also say Chrome, Chrome also says Safari, Android also says Linux.
#[cfg(feature = "ssr")]
pub fn describe(user_agent: &str) -> String {
    let has = |s: &str| user_agent.contains(s);
    let browser = [
        ("Edg/", "Edge"),
        ("OPR/", "Opera"),
        ("Firefox/", "Firefox"),
        ("Chrome/", "Chrome"),
        ("Safari/", "Safari"),
    ]
    .into_iter()
    .find(|(k, _)| has(k))
    .map(|(_, name)| name);
    let system = [
        ("Windows", "Windows"),
        ("Android", "Android"),
        ("iPhone", "iOS"),
        ("iPad", "iPadOS"),
        ("Mac OS X", "macOS"),
        ("CrOS", "ChromeOS"),
        ("Linux", "Linux"),
    ]
    .into_iter()
    .find(|(k, _)| has(k))
    .map(|(_, name)| name);
    match (browser, system) {
        (Some(b), Some(s)) => format!("{b} on {s}"),
        (Some(b), None) => b.to_string(),
        (None, Some(s)) => format!("A browser on {s}"),
        (None, None) => "Unknown browser".to_string(),
    }
}

#[cfg(all(test, feature = "ssr"))]
mod tests {
    use super::describe;

    #[test]
    fn a_user_agent_reads_as_browser_on_system() {
        let cases = [
            ("Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/131.0.0.0 Safari/537.36", "Chrome on Linux"),
            ("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 Edg/131.0.0.0", "Edge on Windows"),
            ("Mozilla/5.0 (Macintosh; Intel Mac OS X 14.5; rv:133.0) Gecko/20100101 Firefox/133.0", "Firefox on macOS"),
            ("Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1", "Safari on iOS"),
            ("Mozilla/5.0 (Linux; Android 14) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Mobile Safari/537.36", "Chrome on Android"),
            ("curl/8.5.0", "Unknown browser"),
            ("", "Unknown browser"),
        ];
        for (ua, want) in cases {
            assert_eq!(describe(ua), want, "{ua}");
        }
    }
}
