//! Sign-in, sign-out and the session cookies (server only).
use crate::{
    db,
    error::{AppError, Rule},
    model::{
        ids::{AgentId, CustomerUserId},
        viewer::Realm,
    },
    password,
    state::AppState,
};
use leptos::prelude::use_context;

pub async fn sign_in(
    state: &AppState,
    realm: Realm,
    login: &str,
    password: String,
    addr: &str,
) -> Result<SignedIn, AppError> {
    let login_hmac = crate::secret::login_hmac(state, realm, login).await?;
    let found = db::sessions::credentials(&state.pool, realm, login).await?;
    let (id, hash) = found.map_or((None, None), |(id, hash)| (Some(id), hash));
    let device = cookie_from_request_named(DEVICE_COOKIE).map(|d| db::sessions::token_hash(&d));
    let attempt = db::sign_ins::Attempt {
        realm,
        account: id,
        login_hmac: Some(&login_hmac),
        addr,
        device: device.as_deref(),
        trust_known: true,
    };
    let attempt = db::sign_ins::attempt(&state.pool, &attempt)
        .await?
        .map_err(|wait| too_many("password", wait))?;
    // Unknown logins still run a password check (against no hash), so timing tells nothing.
    if !password::verify(state, password, hash).await? {
        return Err(AppError::invalid("password", Rule::SignIn));
    }
    let account = match (realm, id) {
        (Realm::Agent, Some(id)) => Account::Agent(AgentId(id)),
        (Realm::Contact, Some(id)) => Account::Contact(CustomerUserId(id)),
        (_, None) => return Err(AppError::Internal),
    };
    // An agent with a second factor (admins always) gets a challenge; the password's event stays a
    // failure until the code is right (crate::second_factor).
    if let Account::Agent(agent) = account {
        let (role, on) = db::second_factors::needed(&state.pool, agent).await?;
        if on || role.requires_second_factor() {
            let token = db::sessions::new_token();
            db::second_factors::challenge(&state.pool, agent, attempt, &token).await?;
            return Ok(SignedIn::Challenge(token));
        }
    }
    Ok(SignedIn::Session(
        open_session(state, account, attempt, addr).await?,
    ))
}

pub enum SignedIn {
    /// The session's token (for the realm's cookie).
    Session(String),
    /// A second factor is due: the challenge's token (for `second_factor::CHALLENGE_COOKIE`).
    Challenge(String),
}

#[derive(Clone, Copy)]
pub enum Account {
    Agent(AgentId),
    Contact(CustomerUserId),
}

/// The sign-in succeeded (`attempt` is its event): marks this browser as one that signed in to the account
/// (its device cookie, which throttling spares) and opens the session; returns its token.
pub async fn open_session(
    state: &AppState,
    account: Account,
    attempt: i64,
    addr: &str,
) -> Result<String, AppError> {
    let device = match cookie_from_request_named(DEVICE_COOKIE) {
        Some(d) => db::sessions::token_hash(&d),
        None => {
            let token = db::sessions::new_token();
            append_set_cookie(format!(
                "{DEVICE_COOKIE}={token}; Path=/; Max-Age={}; HttpOnly; Secure; SameSite=Lax",
                400 * 24 * 3600
            ));
            db::sessions::token_hash(&token)
        }
    };
    db::sign_ins::succeeded(&state.pool, attempt, Some(&device)).await?;
    let user_agent = use_context::<http::request::Parts>()
        .and_then(|p| {
            p.headers
                .get(http::header::USER_AGENT)
                .and_then(|v| v.to_str().ok().map(str::to_string))
        })
        .unwrap_or_default();
    let origin = db::sessions::Origin {
        user_agent: &user_agent,
        addr,
    };
    let (realm, agent, contact) = match account {
        Account::Agent(a) => (Realm::Agent, Some(a), None),
        Account::Contact(c) => (Realm::Contact, None, Some(c)),
    };
    Ok(db::sessions::create(&state.pool, realm, agent, contact, &origin).await?)
}

/// A browser that signed in before (a random id; the database keeps its SHA-256 in the sign-in event).
pub const DEVICE_COOKIE: &str = "__Host-panorama-device";

/// A refused attempt: a 429 with `Retry-After` and a message at `field` saying how long, the same for every
/// login (so it never tells whether an account exists).
pub fn too_many(field: &str, wait_s: i64) -> AppError {
    if let (Some(res), Ok(v)) = (
        use_context::<leptos_axum::ResponseOptions>(),
        http::HeaderValue::from_str(&wait_s.to_string()),
    ) {
        res.insert_header(http::header::RETRY_AFTER, v);
    }
    let minutes = (wait_s + 59) / 60;
    AppError::invalid(field, Rule::Throttled(minutes.max(1) as usize))
}

pub async fn sign_out(state: &AppState, realm: Realm) -> Result<(), AppError> {
    if let Some(token) = cookie_from_request(realm) {
        db::sessions::delete(&state.pool, &token).await?;
    }
    clear_cookie(realm);
    Ok(())
}

/// `__Host-` cookies: always Secure (browsers accept that on http://localhost), HttpOnly, SameSite=Lax.
pub fn set_cookie(realm: Realm, token: &str) {
    let max_age = db::sessions::ABSOLUTE_HOURS * 3600;
    append_set_cookie(format!(
        "{}={token}; Path=/; Max-Age={max_age}; HttpOnly; Secure; SameSite=Lax",
        realm.cookie_name()
    ));
}

fn clear_cookie(realm: Realm) {
    append_set_cookie(format!(
        "{}=; Path=/; Max-Age=0; HttpOnly; Secure; SameSite=Lax",
        realm.cookie_name()
    ));
}

/// The challenge between a right password and its second-factor code (`None` clears it): five minutes,
/// like the challenge; `Strict`, as only this site's own code page uses it.
pub fn set_challenge_cookie(token: Option<&str>) {
    let (value, max_age) = token.map_or(("", 0), |t| (t, 300));
    append_set_cookie(format!(
        "{}={value}; Path=/; Max-Age={max_age}; HttpOnly; Secure; SameSite=Strict",
        crate::second_factor::CHALLENGE_COOKIE
    ));
}

fn append_set_cookie(value: String) {
    if let (Some(res), Ok(v)) = (
        use_context::<leptos_axum::ResponseOptions>(),
        http::HeaderValue::from_str(&value),
    ) {
        res.append_header(http::header::SET_COOKIE, v);
    }
}

/// Reads one cookie from a header map; used by the middleware and by sign-out.
pub fn cookie(headers: &http::HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(http::header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|kv| kv.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v.to_string())
        .filter(|v| !v.is_empty())
}

pub fn cookie_from_request(realm: Realm) -> Option<String> {
    cookie_from_request_named(realm.cookie_name())
}

fn cookie_from_request_named(name: &str) -> Option<String> {
    use_context::<http::request::Parts>().and_then(|p| cookie(&p.headers, name))
}

/// A browser form post without JS asks for HTML; the server-function client asks for something else.
pub fn is_plain_form_post() -> bool {
    use_context::<http::request::Parts>()
        .and_then(|p| {
            p.headers
                .get(http::header::ACCEPT)
                .and_then(|v| v.to_str().ok())
                .map(|v| v.contains("text/html"))
        })
        .unwrap_or(false)
}

/// The agent's time zone: their preference, else the zone the browser reported in the `tz` cookie, else UTC.
/// An unknown name falls back too: a zone never fails a page.
pub fn time_zone(agent: &crate::model::viewer::AgentViewer) -> chrono_tz::Tz {
    let from_browser = || {
        let parts = use_context::<http::request::Parts>()?;
        percent_decode(&cookie(&parts.headers, "tz")?)
    };
    agent
        .time_zone
        .clone()
        .or_else(from_browser)
        .and_then(|z| z.parse().ok())
        .unwrap_or(chrono_tz::UTC)
}

/// `%XX` escapes of a cookie value written by encodeURIComponent; anything malformed is no value.
fn percent_decode(v: &str) -> Option<String> {
    let mut out = Vec::with_capacity(v.len());
    let mut bytes = v.bytes();
    while let Some(b) = bytes.next() {
        if b == b'%' {
            let hex = [bytes.next()?, bytes.next()?];
            out.push(u8::from_str_radix(std::str::from_utf8(&hex).ok()?, 16).ok()?);
        } else {
            out.push(b);
        }
    }
    String::from_utf8(out).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cookie_parsing_finds_the_named_cookie() {
        let mut h = http::HeaderMap::new();
        h.insert(
            http::header::COOKIE,
            http::HeaderValue::from_static("a=1; __Host-panorama-agent=abc; b="),
        );
        assert_eq!(cookie(&h, "__Host-panorama-agent").as_deref(), Some("abc"));
        assert_eq!(cookie(&h, "b"), None);
        assert_eq!(cookie(&h, "c"), None);
    }

    #[test]
    fn zone_cookies_decode() {
        assert_eq!(
            percent_decode("Europe%2FBerlin").as_deref(),
            Some("Europe/Berlin")
        );
        assert_eq!(
            percent_decode("Etc%2FGMT%2B1").as_deref(),
            Some("Etc/GMT+1")
        );
        assert_eq!(percent_decode("bad%2"), None);
    }
}
