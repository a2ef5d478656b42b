//! The contract form (issue 19, part 2): create and edit a contract with its covered items. Fields travel
//! as typed and are parsed on the server, every bad one reported at its field; money is parsed into
//! thousandths of the currency's unit (an integer), so no float or decimal type is involved.
use crate::error::Rule;
use serde::{Deserialize, Serialize};

/// The kinds of contract, as (key, label); the keys are the `contract_kind` enum's.
pub const KINDS: [(&str, &str); 4] = [
    ("support_plan", "Support plan"),
    ("warranty", "Warranty"),
    ("managed_service", "Managed service"),
    ("other", "Other"),
];

/// The kinds of covered item, as (key, label); the keys are the `covered_kind` enum's.
pub const ITEM_KINDS: [(&str, &str); 3] = [
    ("product", "Product"),
    ("asset", "Asset"),
    ("service", "Service"),
];

/// The label of a contract's or covered item's kind key.
pub fn kind_label(key: &str) -> &'static str {
    KINDS
        .iter()
        .chain(ITEM_KINDS.iter())
        .find(|(k, _)| *k == key)
        .map_or("Other", |(_, l)| l)
}

/// The form as typed. `original` is the number of the contract being edited ("" for a new one) and
/// `version` the version the form was loaded from: an edit of a changed contract is refused.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ContractForm {
    pub original: String,
    pub version: i32,
    /// The company's customer ID (a new contract only; a contract never changes company).
    pub customer_id: String,
    pub number: String,
    pub name: String,
    pub kind: String,
    pub starts_on: String,
    pub ends_on: String,
    pub value: String,
    pub currency: String,
    /// An SLA id, or "" for none.
    pub sla_id: String,
    pub items: Vec<ItemForm>,
}

/// A covered item's row; `id` is `None` for a new one.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ItemForm {
    pub id: Option<i64>,
    pub kind: String,
    pub name: String,
    pub identifier: String,
}

/// What the form page needs: the form (blank or the contract's fields), the company it is for and the SLAs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ContractFormData {
    pub form: ContractForm,
    pub company: String,
    pub slas: Vec<(String, String)>,
}

/// Decimals of a currency's minor unit (ISO 4217): 0 for JPY and the like, 3 for BHD and the like, else 2.
pub fn decimals(currency: &str) -> usize {
    match currency {
        "BIF" | "CLP" | "DJF" | "GNF" | "ISK" | "JPY" | "KMF" | "KRW" | "PYG" | "RWF" | "UGX"
        | "UYI" | "VND" | "VUV" | "XAF" | "XOF" | "XPF" => 0,
        "BHD" | "IQD" | "JOD" | "KWD" | "LYD" | "OMR" | "TND" => 3,
        _ => 2,
    }
}

/// An amount as typed ("12,000.50", "12000.5", "0") in thousandths of the unit: at least 0, at most the
/// currency's decimals, below 10^15 (the column's `numeric(18, 3)`). Thousands separators are commas.
pub fn parse_money(typed: &str, currency: &str) -> Result<i64, Rule> {
    let places = decimals(currency);
    let bad = Rule::Amount(places);
    let s: String = typed.trim().chars().filter(|c| *c != ',').collect();
    let (whole, fraction) = s.split_once('.').unwrap_or((&s, ""));
    if whole.is_empty()
        || whole.len() > 15
        || fraction.len() > places
        || !whole
            .bytes()
            .chain(fraction.bytes())
            .all(|b| b.is_ascii_digit())
    {
        return Err(bad);
    }
    let whole: i64 = whole.parse().map_err(|_| bad.clone())?;
    let fraction: i64 = format!("{fraction:0<3}").parse().map_err(|_| bad)?;
    Ok(whole * 1000 + fraction)
}

/// The amount as the form shows it: digits and the currency's decimals, no separators ("12000.50").
pub fn typed_money(milli: i64, currency: &str) -> String {
    let places = decimals(currency);
    let fraction = format!("{:03}", milli % 1000);
    match places {
        0 => (milli / 1000).to_string(),
        p => format!("{}.{}", milli / 1000, &fraction[..p]),
    }
}

#[cfg(feature = "ssr")]
pub use server::ContractFields;

#[cfg(feature = "ssr")]
mod server {
    use super::{parse_money, ContractForm, ITEM_KINDS, KINDS};
    use crate::error::{AppError, FieldErrors, Rule};
    use crate::model::input::{clean_text, TextKind};
    use chrono::NaiveDate;

    /// The parsed fields (items: id, kind, name, identifier).
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub struct ContractFields {
        pub number: String,
        pub name: String,
        pub kind: String,
        pub starts_on: NaiveDate,
        pub ends_on: NaiveDate,
        pub milli: i64,
        pub currency: String,
        pub sla_id: Option<i32>,
        pub items: Vec<(Option<i64>, String, String, String)>,
    }

    impl ContractForm {
        /// Every failing field at once. Whether the number is taken and the SLA exists is the database's to say.
        pub fn parse(&self) -> Result<ContractFields, AppError> {
            let mut errors = FieldErrors::default();
            let number = self.number.trim();
            let number_ok = !number.is_empty()
                && number.len() <= 40
                && number.starts_with(|c: char| c.is_ascii_alphanumeric())
                && number
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-'));
            if !number_ok {
                errors.add("number", Rule::ContractNumberShape);
            }
            let name =
                clean_text(&self.name, 200, Some("a name"), TextKind::Line).unwrap_or_else(|r| {
                    errors.add("name", r);
                    String::new()
                });
            if !KINDS.iter().any(|(k, _)| *k == self.kind) {
                errors.add("kind", Rule::NotListed("kinds of contract"));
            }
            let mut date =
                |field: &str, s: &str| match NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d") {
                    Ok(d) => Some(d),
                    Err(_) => {
                        errors.add(field, Rule::Date);
                        None
                    }
                };
            let starts_on = date("starts_on", &self.starts_on);
            let ends_on = date("ends_on", &self.ends_on);
            if let (Some(s), Some(e)) = (starts_on, ends_on) {
                if e < s {
                    errors.add("ends_on", Rule::EndsBeforeStart);
                }
            }
            let currency = self.currency.trim().to_ascii_uppercase();
            if currency.len() != 3 || !currency.bytes().all(|b| b.is_ascii_uppercase()) {
                errors.add("currency", Rule::CurrencyShape);
            }
            let milli = parse_money(&self.value, &currency).unwrap_or_else(|r| {
                errors.add("value", r);
                0
            });
            let sla_id = match self.sla_id.trim() {
                "" => None,
                s => match s.parse::<i32>() {
                    Ok(id) if id > 0 => Some(id),
                    _ => {
                        errors.add("sla_id", Rule::NotListed("SLAs"));
                        None
                    }
                },
            };
            if self.items.len() > 100 {
                errors.add(
                    "items",
                    Rule::TooMany {
                        max: 100,
                        what: "covered items",
                    },
                );
            }
            let mut items = Vec::new();
            for (i, item) in self.items.iter().enumerate() {
                if !ITEM_KINDS.iter().any(|(k, _)| *k == item.kind) {
                    errors.add(&format!("item-{i}-kind"), Rule::NotListed("kinds of item"));
                }
                let name = clean_text(&item.name, 200, Some("what is covered"), TextKind::Line)
                    .unwrap_or_else(|r| {
                        errors.add(&format!("item-{i}-name"), r);
                        String::new()
                    });
                let identifier = clean_text(&item.identifier, 100, None, TextKind::Line)
                    .unwrap_or_else(|r| {
                        errors.add(&format!("item-{i}-identifier"), r);
                        String::new()
                    });
                items.push((item.id, item.kind.clone(), name, identifier));
            }
            errors.finish()?;
            match (starts_on, ends_on) {
                (Some(starts_on), Some(ends_on)) => Ok(ContractFields {
                    number: number.to_string(),
                    name,
                    kind: self.kind.clone(),
                    starts_on,
                    ends_on,
                    milli,
                    currency,
                    sla_id,
                    items,
                }),
                _ => Err(AppError::Internal),
            }
        }
    }

    #[cfg(test)]
    mod tests {
        use super::*;
        use crate::model::contract_form::ItemForm;

        fn form() -> ContractForm {
            ContractForm {
                number: "C-1".into(),
                name: "Support".into(),
                kind: "support_plan".into(),
                starts_on: "2026-01-01".into(),
                ends_on: "2026-12-31".into(),
                value: "12,000.50".into(),
                currency: "eur".into(),
                ..Default::default()
            }
        }

        #[test]
        fn the_form_reports_every_bad_field() {
            let ok = form().parse().expect("valid");
            assert_eq!((ok.milli, ok.currency.as_str()), (12_000_500, "EUR"));
            let bad = ContractForm {
                number: "-x y".into(),
                name: String::new(),
                kind: "loan".into(),
                ends_on: "2025-12-31".into(),
                currency: "EURO".into(),
                value: "-5".into(),
                items: vec![ItemForm::default()],
                ..form()
            };
            let Err(AppError::Invalid(list)) = bad.parse() else {
                panic!("expected field errors")
            };
            let fields: Vec<&str> = list.iter().map(|e| e.field.as_str()).collect();
            assert_eq!(
                fields,
                [
                    "number",
                    "name",
                    "kind",
                    "ends_on",
                    "currency",
                    "value",
                    "item-0-kind",
                    "item-0-name"
                ]
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn money_round_trips_exactly_in_the_currency_s_decimals() {
        for (typed, currency, milli) in [
            ("12,000.50", "EUR", 12_000_500),
            ("0", "USD", 0),
            ("1234", "JPY", 1_234_000),
            ("1.234", "BHD", 1_234),
            ("999999999999999.99", "EUR", 999_999_999_999_999_990),
            ("0.1", "CHF", 100),
        ] {
            let parsed = parse_money(typed, currency).expect(typed);
            assert_eq!(parsed, milli, "{typed}");
            assert_eq!(
                parse_money(&typed_money(parsed, currency), currency),
                Ok(milli)
            );
        }
        for (typed, currency) in [
            ("-1", "EUR"),
            ("1.001", "EUR"),
            ("1.5", "JPY"),
            ("", "EUR"),
            ("1e3", "EUR"),
            ("1000000000000000", "EUR"),
            (".5", "EUR"),
        ] {
            assert!(parse_money(typed, currency).is_err(), "{typed} {currency}");
        }
    }
}
