//! Newtypes that parse user input once, at the edge; the rest of the code trusts them.
use crate::error::{AppError, Rule};

/// A company key as typed in a URL: `ACME-01`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CustomerKey(String);

impl CustomerKey {
    /// A malformed key cannot name any company, so it is a 404 like a missing one.
    pub fn parse(s: &str) -> Result<Self, AppError> {
        let ok = (1..=64).contains(&s.len())
            && s.chars().next().is_some_and(|c| c.is_ascii_alphanumeric())
            && s.chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-'));
        if ok {
            Ok(CustomerKey(s.to_string()))
        } else {
            Err(AppError::NotFound)
        }
    }
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A search as typed: at least two characters that are not only wildcards (`**` lists all).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SearchTerm {
    All,
    /// A case-insensitive SQL LIKE pattern, wildcards mapped and LIKE metacharacters escaped.
    Pattern(String),
}

impl SearchTerm {
    /// `Ok(None)` when there is nothing to search for yet; a control character is a field error.
    pub fn parse(s: &str) -> Result<Option<Self>, AppError> {
        let s = s.trim();
        if !s.chars().all(|c| allowed_char(c, TextKind::Line)) {
            return Err(AppError::invalid("q", Rule::ControlCharacter));
        }
        if s == "**" {
            return Ok(Some(SearchTerm::All));
        }
        if s.chars().filter(|c| *c != '*').count() < 2 || s.chars().count() > 100 {
            return Ok(None);
        }
        let mut p = String::from("%");
        for c in s.to_lowercase().chars() {
            match c {
                '*' => p.push('%'),
                '%' | '_' | '\\' => {
                    p.push('\\');
                    p.push(c);
                }
                c => p.push(c),
            }
        }
        p.push('%');
        Ok(Some(SearchTerm::Pattern(p)))
    }
}

/// What a typed text may hold besides printable characters.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TextKind {
    /// One line: no control character at all.
    Line,
    /// A name (of a person, company, login or file): one line and no bidirectional formatting
    /// characters, which can make it read as something else (`exe.txt` shown for `txt.exe`).
    Name,
    /// Several lines: TAB, LF and CR are allowed, other controls are not.
    Lines,
}

/// A bidirectional formatting character (marks, embeddings, overrides, isolates).
pub fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{200E}' | '\u{200F}' | '\u{061C}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// Whether `c` may appear in text of `kind`: never C0, DEL or C1 controls (Postgres refuses NUL outright,
/// the others hide in logs, headers and exports), except TAB/LF/CR in lines; never bidi controls in names.
pub fn allowed_char(c: char, kind: TextKind) -> bool {
    match kind {
        TextKind::Lines => !c.is_control() || matches!(c, '\t' | '\n' | '\r'),
        TextKind::Line => !c.is_control(),
        TextKind::Name => !c.is_control() && !is_bidi_control(c),
    }
}

/// The one rule for a typed text field: trimmed; empty is an error when `required` names what to enter
/// ("a title"); no character `kind` forbids; at most `max` characters.
pub fn clean_text(
    value: &str,
    max: usize,
    required: Option<&'static str>,
    kind: TextKind,
) -> Result<String, Rule> {
    let v = value.trim();
    match required {
        Some(what) if v.is_empty() => Err(Rule::Required(what)),
        _ if !v.chars().all(|c| allowed_char(c, kind)) => Err(Rule::ControlCharacter),
        _ if v.chars().count() > max => Err(Rule::TooLong(max)),
        _ => Ok(v.to_string()),
    }
}

/// Text a person typed into a required field: trimmed, not empty, at most `MAX` characters, no control
/// characters (`parse` one line, `parse_lines` several).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Text<const MAX: usize>(String);

impl<const MAX: usize> Text<MAX> {
    /// `what` completes "Enter …." for an empty field ("a title").
    pub fn parse(field: &str, value: &str, what: &'static str) -> Result<Self, AppError> {
        Self::parse_as(field, value, what, TextKind::Line)
    }
    /// A body of text: line breaks and tabs allowed.
    pub fn parse_lines(field: &str, value: &str, what: &'static str) -> Result<Self, AppError> {
        Self::parse_as(field, value, what, TextKind::Lines)
    }
    pub fn parse_as(
        field: &str,
        value: &str,
        what: &'static str,
        kind: TextKind,
    ) -> Result<Self, AppError> {
        clean_text(value, MAX, Some(what), kind)
            .map(Text)
            .map_err(|rule| AppError::invalid(field, rule))
    }
    pub fn into_inner(self) -> String {
        self.0
    }
}

/// A page size an agent may choose for a list or widget: 5 to 50 rows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PageSize(u8);

impl PageSize {
    pub fn parse(n: u8) -> Result<Self, AppError> {
        if (5..=50).contains(&n) {
            Ok(PageSize(n))
        } else {
            Err(AppError::invalid(
                "page_size",
                Rule::PageSize { min: 5, max: 50 },
            ))
        }
    }
    pub fn get(self) -> u8 {
        self.0
    }
}

/// What a person types to sign in: a login or an email address; trimmed, non-empty, bounded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SignInName(String);

impl SignInName {
    pub fn parse(s: &str) -> Result<Self, AppError> {
        clean_text(s, 200, Some("your login or email"), TextKind::Line)
            .map(SignInName)
            .map_err(|rule| AppError::invalid("login", rule))
    }
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A customer user's login as an agent sets it: 1 to 100 characters, no spaces or slashes (it is a path
/// segment of the CUIC's address).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Login(String);

impl Login {
    pub fn parse(field: &str, s: &str) -> Result<Self, AppError> {
        let s = Text::<100>::parse_as(field, s, "a login", TextKind::Name)?.into_inner();
        if s.chars().any(|c| c.is_whitespace() || c == '/') {
            return Err(AppError::invalid(field, Rule::LoginShape));
        }
        Ok(Login(s))
    }
    pub fn into_inner(self) -> String {
        self.0
    }
}

/// One `@`, something before it, a dotted domain after it, no spaces.
pub fn is_email(s: &str) -> bool {
    match s.split_once('@') {
        Some((user, domain)) => {
            !user.is_empty()
                && domain.contains('.')
                && !domain.starts_with('.')
                && !domain.ends_with('.')
                && !domain.contains('@')
                && !s.contains(char::is_whitespace)
        }
        None => false,
    }
}

/// An email address: one `@` with something before it and a dotted domain after it, no spaces, at most
/// 254 characters. (Whether it receives mail is not known here.)
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EmailAddress(String);

impl EmailAddress {
    pub fn parse(field: &str, s: &str) -> Result<Self, AppError> {
        let s = Text::<254>::parse_as(field, s, "an email address", TextKind::Name)?.into_inner();
        if !is_email(&s) {
            return Err(AppError::invalid(field, Rule::EmailShape));
        }
        Ok(EmailAddress(s))
    }
    pub fn into_inner(self) -> String {
        self.0
    }
}

/// A new password: at least 10 characters, at most 1,000 bytes (Argon2 takes any length; the cap keeps
/// a request from buying seconds of hashing). Taken as typed, spaces included.
#[derive(Clone, PartialEq, Eq)]
pub struct NewPassword(String);

/// The longest password any field takes (bytes): Argon2 takes any length, the cap keeps a request from
/// buying seconds of hashing. A longer typed password is simply wrong at sign-in.
pub const PASSWORD_MAX_BYTES: usize = 1000;

impl NewPassword {
    pub fn parse(field: &str, s: &str) -> Result<Self, AppError> {
        if s.chars().count() < 10 {
            Err(AppError::invalid(field, Rule::TooShort(10)))
        } else if s.len() > PASSWORD_MAX_BYTES {
            Err(AppError::invalid(field, Rule::TooLong(PASSWORD_MAX_BYTES)))
        } else {
            Ok(NewPassword(s.to_string()))
        }
    }
    /// Whether the repeated entry matches.
    pub fn matches(&self, repeated: &str) -> bool {
        self.0 == repeated
    }
    pub fn into_inner(self) -> String {
        self.0
    }
}

/// Never print a password, not even in a debug log.
impl std::fmt::Debug for NewPassword {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("NewPassword(…)")
    }
}

/// A ticket number as it appears in a URL: digits only. Anything else names no ticket (404).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TicketNumber(String);

impl TicketNumber {
    pub fn parse(s: &str) -> Result<Self, AppError> {
        if s.is_empty() || s.len() > 32 || !s.bytes().all(|b| b.is_ascii_digit()) {
            return Err(AppError::NotFound);
        }
        Ok(TicketNumber(s.to_string()))
    }
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// Server only (sign-in), so the table stays out of the wasm.
#[cfg(feature = "ssr")]
/// The app's own pages a sign-in may go back to: `*` is one path segment (a key, login or number).
const NEXT_ROUTES: [&str; 18] = [
    "/",
    "/audit",
    "/lookup",
    "/customers",
    "/organizations/new",
    "/customer-users/*",
    "/customer-users/*/edit",
    "/customers/*",
    "/portal",
    "/portal/account",
    "/portal/colleagues",
    "/portal/requests/*",
    "/preferences",
    "/tickets",
    "/tickets/*",
    "/customer-users/new",
    "/portal/requests/new",
    "/tickets/new",
];

/// Where to go after signing in: `next` only when it is one of the app's own pages (a path from
/// [`NEXT_ROUTES`], each segment of URL-safe characters, a query of printable characters without spaces or
/// backslashes), else `fallback`. So no scheme, host, `//`, tab/CR/LF (which browsers strip, turning
/// `/\t/evil` into `//evil`), NUL or other control character can reach the redirect (and its header value).
#[cfg(feature = "ssr")]
pub fn safe_next(next: Option<&str>, fallback: &str) -> String {
    let ok = |n: &str| {
        let (path, query) = n.split_once('?').unwrap_or((n, ""));
        let segment = |s: &str| {
            !s.is_empty()
                && s != "."
                && s != ".."
                && s.bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b"-._~@%+".contains(&b))
        };
        let query_ok = query.bytes().all(|b| b.is_ascii_graphic() && b != b'\\');
        let route = NEXT_ROUTES.iter().any(|r| {
            let (want, got): (Vec<_>, Vec<_>) = (r.split('/').collect(), path.split('/').collect());
            want.len() == got.len()
                && want
                    .iter()
                    .zip(&got)
                    .all(|(w, g)| if *w == "*" { segment(g) } else { w == g })
        });
        n.len() < 500 && route && query_ok
    };
    match next {
        Some(n) if ok(n) => n.to_string(),
        _ => fallback.to_string(),
    }
}

/// Text for HTML markup built as a string (the alerts banner, the caller-ID chooser): `& < > " '` escaped.
pub fn html_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// Percent-encodes a query value.
pub fn url_encode(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' | b'/' => {
                (b as char).to_string()
            }
            b => format!("%{b:02X}"),
        })
        .collect()
}

/// Control characters the input types must refuse (the tests of every layer send these): NUL, C0 controls
/// including TAB/LF/CR (refused on one line), ESC, DEL and C1 controls.
pub const CONTROL_CORPUS: &[&str] = &[
    "\0", "\u{1}", "\t", "\n", "\r", "\r\n", "\u{1b}", "\u{7f}", "\u{80}", "\u{85}", "\u{9b}",
    "\u{9f}",
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn customer_key_accepts_keys_and_rejects_junk() {
        assert!(CustomerKey::parse("ACME-01").is_ok());
        assert_eq!(CustomerKey::parse(""), Err(AppError::NotFound));
        assert_eq!(CustomerKey::parse("a b"), Err(AppError::NotFound));
        assert_eq!(CustomerKey::parse("-x"), Err(AppError::NotFound));
        assert_eq!(CustomerKey::parse(&"x".repeat(65)), Err(AppError::NotFound));
    }

    #[test]
    fn search_needs_two_characters_and_maps_wildcards() {
        let p = |s: &str| SearchTerm::parse(s).expect("no control characters");
        assert_eq!(p("*"), None);
        assert_eq!(p("a"), None);
        assert_eq!(p("a*"), None);
        assert_eq!(p("**"), Some(SearchTerm::All));
        assert_eq!(p("Ac"), Some(SearchTerm::Pattern("%ac%".into())));
        assert_eq!(p("a*e"), Some(SearchTerm::Pattern("%a%e%".into())));
        assert_eq!(p("5%_"), Some(SearchTerm::Pattern("%5\\%\\_%".into())));
        let bad = SearchTerm::parse("ab\0").expect_err("NUL");
        assert!(bad.field_message("q").is_some());
    }

    /// Every control the single-line types refuse, and the multi-line ones accept only TAB/LF/CR.
    #[test]
    fn control_characters_are_refused_at_the_edge() {
        for bad in CONTROL_CORPUS {
            let typed = format!("ab{bad}cd");
            assert_eq!(
                clean_text(&typed, 100, None, TextKind::Line),
                Err(Rule::ControlCharacter),
                "{bad:?}"
            );
            let e = SignInName::parse(&typed).expect_err("sign-in name");
            assert!(e.field_message("login").is_some(), "{bad:?}");
            assert!(Login::parse("login", &typed).is_err(), "{bad:?}");
            assert!(EmailAddress::parse("email", &format!("a{bad}@b.example")).is_err());
            let lines = Text::<100>::parse_lines("body", &typed, "a text");
            assert_eq!(
                lines.is_ok(),
                matches!(*bad, "\t" | "\n" | "\r" | "\r\n"),
                "{bad:?}"
            );
        }
        for bidi in ["\u{202E}", "\u{2066}", "\u{200F}"] {
            let typed = format!("ab{bidi}cd");
            assert_eq!(
                clean_text(&typed, 100, None, TextKind::Name),
                Err(Rule::ControlCharacter)
            );
            assert!(
                clean_text(&typed, 100, None, TextKind::Line).is_ok(),
                "bidi is text outside names"
            );
        }
        assert_eq!(
            clean_text(" é — 漢字 ", 100, None, TextKind::Name),
            Ok("é — 漢字".into())
        );
    }

    #[cfg(feature = "ssr")]
    #[test]
    fn next_must_be_a_local_path() {
        assert_eq!(safe_next(Some("/customers/X"), "/"), "/customers/X");
        assert_eq!(safe_next(Some("//evil.example"), "/"), "/");
        assert_eq!(safe_next(Some("https://evil.example"), "/"), "/");
        assert_eq!(safe_next(None, "/portal"), "/portal");
        for ok in [
            "/",
            "/tickets?company=ACME-01&class=open",
            "/customer-users/anna%40acme.example/edit",
            "/portal/requests/12",
            "/lookup?phone=040%200000002",
        ] {
            assert_eq!(safe_next(Some(ok), "/x"), ok);
        }
        for bad in [
            "/\t/evil.example",
            "/\u{9}/evil.example",
            "/\n/evil.example",
            "/customers/X\r\nSet-Cookie: a=b",
            "/customers/X\0",
            "/\\evil.example",
            "/customers/../../x",
            "/customers//x",
            "/nowhere",
            "/customers/X?q=a b",
            "",
            "customers/X",
        ] {
            assert_eq!(safe_next(Some(bad), "/"), "/", "{bad:?}");
        }
    }

    #[test]
    fn url_encoding_escapes_reserved_characters() {
        assert_eq!(url_encode("a b&c=/x"), "a%20b%26c%3D/x");
    }

    #[test]
    fn text_is_trimmed_required_and_bounded_in_characters() {
        assert_eq!(
            Text::<5>::parse("t", "  héllo ", "a title").map(Text::into_inner),
            Ok("héllo".to_string())
        );
        let empty = Text::<5>::parse("t", "   ", "a title").expect_err("empty");
        assert_eq!(empty.field_message("t").as_deref(), Some("Enter a title."));
        let long = Text::<5>::parse("t", "abcdef", "a title").expect_err("long");
        assert_eq!(
            long.field_message("t").as_deref(),
            Some("Use at most 5 characters.")
        );
    }

    #[test]
    fn page_sizes_run_from_5_to_50() {
        assert_eq!(PageSize::parse(5).map(PageSize::get), Ok(5));
        assert_eq!(PageSize::parse(50).map(PageSize::get), Ok(50));
        for bad in [0, 4, 51, 255] {
            let e = PageSize::parse(bad).expect_err("out of range");
            assert!(e.field_message("page_size").is_some());
        }
    }

    #[test]
    fn sign_in_names_are_trimmed_and_required() {
        assert_eq!(
            SignInName::parse("  jdoe ").map(|n| n.as_str().to_string()),
            Ok("jdoe".into())
        );
        assert!(SignInName::parse("   ").is_err());
        assert!(SignInName::parse(&"x".repeat(201)).is_err());
    }

    #[test]
    fn logins_have_no_spaces_or_slashes() {
        assert_eq!(
            Login::parse("login", " dana ").map(Login::into_inner),
            Ok("dana".into())
        );
        for bad in ["", "j doe", "a/b", &"x".repeat(101)] {
            let e = Login::parse("login", bad).expect_err(bad);
            assert!(e.field_message("login").is_some(), "{bad}");
        }
    }

    #[test]
    fn email_addresses_need_a_user_and_a_dotted_domain() {
        assert!(EmailAddress::parse("email", "j@doe.example").is_ok());
        for bad in [
            "",
            "j@doe",
            "@doe.example",
            "j@.example",
            "j@doe.",
            "j d@doe.example",
            "j@d@e.x",
        ] {
            let e = EmailAddress::parse("email", bad).expect_err(bad);
            assert!(e.field_message("email").is_some(), "{bad}");
        }
    }

    #[test]
    fn new_passwords_are_long_enough_and_bounded_and_never_printed() {
        assert!(NewPassword::parse("p", "correct horse").is_ok());
        let short = NewPassword::parse("p", "short").expect_err("short");
        assert_eq!(
            short.field_message("p").as_deref(),
            Some("Use at least 10 characters.")
        );
        let long = NewPassword::parse("p", &"x".repeat(1001)).expect_err("long");
        assert_eq!(
            long.field_message("p").as_deref(),
            Some("Use at most 1000 characters.")
        );
        let p = NewPassword::parse("p", "correct horse").expect("ok");
        assert!(!format!("{p:?}").contains("horse"));
    }

    #[test]
    fn ticket_numbers_are_digits() {
        assert!(TicketNumber::parse("2026112400001").is_ok());
        for bad in ["", "12a", "-1", " 1", &"9".repeat(33)] {
            assert_eq!(TicketNumber::parse(bad), Err(AppError::NotFound), "{bad}");
        }
    }
}
