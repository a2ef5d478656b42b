//! Field errors: the one shape a refused form takes, the rules a field can break, and the one collector
//! every form uses.
use super::AppError;
use serde::{Deserialize, Serialize};

/// One field's problem as it travels: the field, the rule's stable `code` and its `params` (what a second
/// language translates), and `text`, the sentence made from them by [`Rule::english`] on the server. The
/// browser only shows `text`, so the wasm carries no message catalogue.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldError {
    pub field: String,
    // The browser reads `field` and `text` only: it skips the rest instead of carrying code to read it.
    #[cfg_attr(not(feature = "ssr"), serde(skip_deserializing))]
    pub code: String,
    #[cfg_attr(not(feature = "ssr"), serde(skip_deserializing))]
    pub params: Vec<(String, String)>,
    pub text: String,
}

impl FieldError {
    pub fn new(field: &str, rule: Rule) -> Self {
        FieldError {
            field: field.to_string(),
            code: rule.code().to_string(),
            params: rule.params(),
            text: rule.english(),
        }
    }
}

/// A rule a field broke, with the values its sentence needs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Rule {
    /// Empty; the value names what to enter ("a title").
    Required(&'static str),
    TooLong(usize),
    TooShort(usize),
    PageSize {
        min: u8,
        max: u8,
    },
    LoginShape,
    /// A control character (or, in a name, a bidi control) where only printable text belongs.
    ControlCharacter,
    EmailShape,
    UrlShape,
    /// Not one of the offered choices; the value names them ("values", "states").
    NotListed(&'static str),
    /// A query parameter that is not one of its words ("state type").
    Unknown(&'static str),
    /// A list parameter outside its words ("open, closed or all").
    OneOf(&'static str),
    NoneChosen(&'static str),
    TooMany {
        max: usize,
        what: &'static str,
    },
    PendingTime,
    InThePast,
    Date,
    PagePosition,
    LayoutIncomplete,
    SettingsHidden,
    ArticleKind,
    NeedsCustomerUser,
    ExistingCompany,
    NotOfCompany,
    NoSuchCompany(String),
    PasswordsDiffer,
    CurrentPassword,
    SignIn,
    /// A second-factor code that is wrong, used already, or a recovery code where none may be used.
    SecondFactorCode,
    /// Too many failed attempts (a 429): the minutes to wait.
    Throttled(usize),
    LoginTaken,
    /// A customer ID of another company, or `new` (the name of the creation page).
    CustomerIdTaken,
    /// A customer ID with other than letters, digits, `.`, `_` and `-`, or not starting with one of the first two.
    CustomerIdShape,
    EmailTaken,
    /// A link that would make an account its own parent or ancestor.
    LinkCycle,
    /// A contract number with other than letters, digits, `.`, `_` and `-`.
    ContractNumberShape,
    ContractNumberTaken,
    EndsBeforeStart,
    CurrencyShape,
    /// Not an amount of at least 0 with at most this many decimals.
    Amount(usize),
    /// Service on a contract that is not active: its status.
    ContractInactive(String),
    /// A covered item that tickets refer to cannot be removed.
    ItemInUse,
    NoSuchContract,
    ContractNotOfCompany,
    /// When an activity happened: a date and time, not in the future.
    Happened,
    /// A call's length in minutes, 0 to 1440.
    Minutes,
}

impl Rule {
    /// The stable name a translation keys on.
    pub fn code(&self) -> &'static str {
        match self {
            Rule::Required(_) => "required",
            Rule::TooLong(_) => "too_long",
            Rule::TooShort(_) => "too_short",
            Rule::PageSize { .. } => "page_size",
            Rule::LoginShape => "login_shape",
            Rule::ControlCharacter => "control_character",
            Rule::EmailShape => "email_shape",
            Rule::UrlShape => "url_shape",
            Rule::NotListed(_) => "not_listed",
            Rule::Unknown(_) => "unknown",
            Rule::OneOf(_) => "one_of",
            Rule::NoneChosen(_) => "none_chosen",
            Rule::TooMany { .. } => "too_many",
            Rule::PendingTime => "pending_time",
            Rule::InThePast => "in_the_past",
            Rule::Date => "date",
            Rule::PagePosition => "page_position",
            Rule::LayoutIncomplete => "layout_incomplete",
            Rule::SettingsHidden => "settings_hidden",
            Rule::ArticleKind => "article_kind",
            Rule::NeedsCustomerUser => "needs_customer_user",
            Rule::ExistingCompany => "existing_company",
            Rule::NotOfCompany => "not_of_company",
            Rule::NoSuchCompany(_) => "no_such_company",
            Rule::PasswordsDiffer => "passwords_differ",
            Rule::CurrentPassword => "current_password",
            Rule::SignIn => "sign_in",
            Rule::SecondFactorCode => "second_factor_code",
            Rule::Throttled(_) => "throttled",
            Rule::LoginTaken => "login_taken",
            Rule::CustomerIdTaken => "customer_id_taken",
            Rule::CustomerIdShape => "customer_id_shape",
            Rule::EmailTaken => "email_taken",
            Rule::LinkCycle => "link_cycle",
            Rule::ContractNumberShape => "contract_number_shape",
            Rule::ContractNumberTaken => "contract_number_taken",
            Rule::EndsBeforeStart => "ends_before_start",
            Rule::CurrencyShape => "currency_shape",
            Rule::Amount(_) => "amount",
            Rule::ContractInactive(_) => "contract_inactive",
            Rule::ItemInUse => "item_in_use",
            Rule::NoSuchContract => "no_such_contract",
            Rule::ContractNotOfCompany => "contract_not_of_company",
            Rule::Happened => "happened",
            Rule::Minutes => "minutes",
        }
    }

    fn params(&self) -> Vec<(String, String)> {
        let p = |k: &str, v: String| vec![(k.to_string(), v)];
        match self {
            Rule::Required(what)
            | Rule::NotListed(what)
            | Rule::Unknown(what)
            | Rule::NoneChosen(what)
            | Rule::OneOf(what) => p("what", what.to_string()),
            Rule::TooLong(n) => p("max", n.to_string()),
            Rule::TooShort(n) => p("min", n.to_string()),
            Rule::Throttled(n) => p("minutes", n.to_string()),
            Rule::PageSize { min, max } => vec![
                ("min".to_string(), min.to_string()),
                ("max".to_string(), max.to_string()),
            ],
            Rule::TooMany { max, what } => vec![
                ("max".to_string(), max.to_string()),
                ("what".to_string(), what.to_string()),
            ],
            Rule::NoSuchCompany(key) => p("customer_id", key.clone()),
            Rule::Amount(n) => p("decimals", n.to_string()),
            Rule::ContractInactive(status) => p("status", status.clone()),
            _ => Vec::new(),
        }
    }

    /// The English sentence: the one place a field error's text is made.
    pub fn english(&self) -> String {
        match self {
            Rule::Required(what) => format!("Enter {what}."),
            Rule::TooLong(max) => format!("Use at most {max} characters."),
            Rule::TooShort(min) => format!("Use at least {min} characters."),
            Rule::PageSize { min, max } => format!("Choose a page size from {min} to {max}."),
            Rule::LoginShape => "A login has no spaces or slashes.".into(),
            Rule::ControlCharacter => {
                "Remove the invisible control characters from this text.".into()
            }
            Rule::EmailShape => "Enter an email address like name@example.com.".into(),
            Rule::UrlShape => "Enter a web address starting with https:// or http://.".into(),
            Rule::NotListed(what) => format!("Choose one of the listed {what}."),
            Rule::Unknown(what) => format!("Not a {what}."),
            Rule::OneOf(words) => format!("Use {words}."),
            Rule::NoneChosen(what) => format!("Choose at least one {what}."),
            Rule::TooMany { max, what } => format!("Link at most {max} {what}."),
            Rule::PendingTime => "Enter the date and time the ticket should wait until.".into(),
            Rule::InThePast => "Choose a time in the future.".into(),
            Rule::Date => "Enter a date as YYYY-MM-DD.".into(),
            Rule::PagePosition => {
                "That page position is no longer valid. Go back to the first page.".into()
            }
            Rule::LayoutIncomplete => "Every widget must appear exactly once.".into(),
            Rule::SettingsHidden => "Settings cannot be hidden.".into(),
            Rule::ArticleKind => "Choose a kind of article.".into(),
            Rule::NeedsCustomerUser => "An email ticket needs a customer user to write to.".into(),
            Rule::ExistingCompany => "Enter the customer ID of an existing company.".into(),
            Rule::NotOfCompany => {
                "No customer user with this login belongs to that company.".into()
            }
            Rule::NoSuchCompany(key) => format!("There is no company with the customer ID {key}."),
            Rule::PasswordsDiffer => "The two new passwords differ.".into(),
            Rule::CurrentPassword => "That is not your current password.".into(),
            Rule::SignIn => "Wrong login or password.".into(),
            Rule::SecondFactorCode => {
                "Wrong or already used code: type the one your app shows now.".into()
            }
            Rule::Throttled(1) => "Too many failed attempts. Try again in a minute.".into(),
            Rule::Throttled(n) => format!("Too many failed attempts. Try again in {n} minutes."),
            Rule::LoginTaken => "This login is already taken. Choose another.".into(),
            Rule::CustomerIdTaken => "This customer ID is taken.".into(),
            Rule::CustomerIdShape => {
                "Letters, digits, . _ or - (up to 64), not starting with . _ or -.".into()
            }
            Rule::EmailTaken => "Another customer user already has this email address.".into(),
            Rule::LinkCycle => {
                "That is this account or one below it: the link would make a cycle.".into()
            }
            Rule::ContractNumberShape => {
                "Letters, digits, . _ or - (up to 40), starting with a letter or digit.".into()
            }
            Rule::ContractNumberTaken => "Another contract has this number.".into(),
            Rule::EndsBeforeStart => "The end date must be on or after the start date.".into(),
            Rule::CurrencyShape => "Enter a three-letter currency code such as EUR or USD.".into(),
            Rule::Amount(0) => "Enter a whole amount of 0 or more, like 1200.".into(),
            Rule::Amount(n) => format!(
                "Enter an amount of 0 or more with at most {n} decimals, like 1200.{}.",
                "5".repeat(*n)
            ),
            Rule::ContractInactive(status) => format!(
                "This contract is {status}: service can only be initiated on an active contract."
            ),
            Rule::ItemInUse => "Tickets refer to this covered item, so it stays.".into(),
            Rule::NoSuchContract => "There is no contract with this number.".into(),
            Rule::ContractNotOfCompany => "This contract belongs to another company.".into(),
            Rule::Happened => "Enter when it happened, a date and time not in the future.".into(),
            Rule::Minutes => "Enter the minutes, from 0 to 1440.".into(),
        }
    }
}

/// The field errors of one form, collected so that every bad field is reported at once. Only field errors
/// are collected: any other error (the database, a busy pool) is handed back by `check` at once, so it is
/// never lost among a form's checks.
#[derive(Debug, Default)]
pub struct FieldErrors(Vec<FieldError>);

impl FieldErrors {
    /// `Ok(Some(v))` for a value, `Ok(None)` for a field error (kept), `Err` for any other error.
    pub fn check<T>(&mut self, r: Result<T, AppError>) -> Result<Option<T>, AppError> {
        match r {
            Ok(v) => Ok(Some(v)),
            Err(AppError::Invalid(list)) => {
                self.0.extend(list);
                Ok(None)
            }
            Err(e) => Err(e),
        }
    }

    pub fn add(&mut self, field: &str, rule: Rule) {
        self.0.push(FieldError::new(field, rule));
    }

    pub fn has(&self, field: &str) -> bool {
        self.0.iter().any(|e| e.field == field)
    }

    /// `Ok` when no field failed, else every field error as one `AppError::Invalid`.
    pub fn finish(self) -> Result<(), AppError> {
        if self.0.is_empty() {
            Ok(())
        } else {
            Err(AppError::Invalid(self.0))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{AppError, FieldErrors, Rule};

    #[test]
    fn a_form_collects_field_errors_and_hands_back_any_other_error() {
        let mut f = FieldErrors::default();
        assert_eq!(f.check(Ok::<_, AppError>(1)), Ok(Some(1)));
        assert_eq!(
            f.check::<()>(Err(AppError::invalid("title", Rule::Required("a title")))),
            Ok(None)
        );
        f.add("a", Rule::Date);
        // A database fault inside a form's checks is not a field error: it must come back, not vanish.
        assert_eq!(f.check::<()>(Err(AppError::Busy)), Err(AppError::Busy));
        assert_eq!(
            f.check::<()>(Err(AppError::Internal)),
            Err(AppError::Internal)
        );
        assert!(f.has("title") && f.has("a") && !f.has("body"));
        let err = f.finish().expect_err("two fields failed");
        assert_eq!(
            err.field_message("title").as_deref(),
            Some("Enter a title.")
        );
        assert_eq!(err.first_field(), Some("title"));
        assert_eq!(err.to_string(), "Please correct the marked fields.");
        assert_eq!(FieldErrors::default().finish(), Ok(()));
    }

    #[test]
    fn a_field_error_carries_code_and_params_for_translation_and_its_english_text() {
        let AppError::Invalid(list) = AppError::invalid("name", Rule::TooLong(200)) else {
            panic!("not a field error")
        };
        assert_eq!(list[0].code, "too_long");
        assert_eq!(list[0].params, vec![("max".to_string(), "200".to_string())]);
        assert_eq!(list[0].text, "Use at most 200 characters.");
        // One field: the error reads as that field's sentence.
        let one = AppError::invalid("c", Rule::NoSuchCompany("acme".into()));
        assert_eq!(
            one.to_string(),
            "There is no company with the customer ID acme."
        );
    }
}
