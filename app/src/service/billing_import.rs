//! `server import billing <file.csv>` (issue 19, part 5): the billing system's export, checked whole before
//! anything is written. Every row is read and every error reported with its line number; only a file
//! without errors is upserted, in one transaction through the change record (actor `import`), and logged in
//! `billing_imports`. A dry run does the same work and rolls it back, so its counts are the real ones.
//! The columns are documented in the README ("Billing import").
use crate::{
    db::{self, billing::Batch, billing::Counts},
    error::Rule,
    model::contract_form::parse_money,
};
use chrono::{DateTime, NaiveDate, Utc};
use std::collections::HashMap;

/// The columns, in any order: the first six are required in every file.
pub const COLUMNS: [&str; 9] = [
    "customer_id",
    "kind",
    "number",
    "date",
    "amount",
    "currency",
    "due_date",
    "open_amount",
    "method",
];
const REQUIRED: usize = 6;
/// Rows per statement (one transaction for the whole file).
const CHUNK: usize = 5_000;

/// One problem, at a line of the file (1 = the header).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RowError {
    pub line: u64,
    pub column: &'static str,
    pub message: String,
}

impl std::fmt::Display for RowError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.column {
            "" => write!(f, "line {}: {}", self.line, self.message),
            c => write!(f, "line {}, {c}: {}", self.line, self.message),
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    #[error("{} row error(s); nothing was imported", .0.len())]
    Invalid(Vec<RowError>),
    #[error("database: {0}")]
    Db(#[from] sqlx::Error),
}

/// A row as read and checked, before its company is looked up.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Row {
    line: u64,
    customer_id: String,
    kind: &'static str,
    number: String,
    booked_on: NaiveDate,
    milli: i64,
    currency: String,
    due_on: Option<NaiveDate>,
    open_milli: Option<i64>,
    method: String,
}

/// Reads and checks every row; any error anywhere gives all of them.
fn parse(bytes: &[u8]) -> Result<Vec<Row>, Vec<RowError>> {
    let mut reader = csv::ReaderBuilder::new()
        .trim(csv::Trim::All)
        .from_reader(bytes);
    let at_header = |message: String| {
        vec![RowError {
            line: 1,
            column: "",
            message,
        }]
    };
    let header = reader
        .headers()
        .map_err(|e| at_header(format!("not a CSV file: {e}")))?
        .clone();
    let mut position = [None; COLUMNS.len()];
    for (i, name) in header.iter().enumerate() {
        match COLUMNS.iter().position(|c| c.eq_ignore_ascii_case(name)) {
            Some(c) if position[c].is_none() => position[c] = Some(i),
            Some(_) => return Err(at_header(format!("the column \"{name}\" appears twice"))),
            None => {
                return Err(at_header(format!(
                    "unknown column \"{name}\"; the columns are {}",
                    COLUMNS.join(", ")
                )))
            }
        }
    }
    if let Some(c) = (0..REQUIRED).find(|&c| position[c].is_none()) {
        return Err(at_header(format!(
            "the column \"{}\" is missing",
            COLUMNS[c]
        )));
    }
    let mut rows = Vec::new();
    let mut errors = Vec::new();
    let mut seen: HashMap<(String, &'static str, String), u64> = HashMap::new();
    for record in reader.records() {
        let record = match record {
            Ok(r) => r,
            Err(e) => {
                let line = e.position().map_or(0, |p| p.line());
                errors.push(RowError {
                    line,
                    column: "",
                    message: format!("unreadable row: {e}"),
                });
                continue;
            }
        };
        let line = record.position().map_or(0, |p| p.line());
        let get = |c: usize| position[c].and_then(|i| record.get(i)).unwrap_or("");
        let before = errors.len();
        let mut fail = |column: &'static str, message: String| {
            errors.push(RowError {
                line,
                column,
                message,
            })
        };
        let customer_id = get(0).to_string();
        if customer_id.is_empty() {
            fail("customer_id", "Enter the customer ID.".into());
        }
        let kind = match get(1).to_ascii_lowercase().as_str() {
            "invoice" => "invoice",
            "payment" => "payment",
            "credit" => "credit",
            other => {
                fail(
                    "kind",
                    format!("\"{other}\" is not a kind: use invoice, payment or credit."),
                );
                ""
            }
        };
        let number = get(2).to_string();
        let number_ok = number.len() <= 40
            && number.bytes().enumerate().all(|(i, b)| {
                b.is_ascii_alphanumeric() || (i > 0 && matches!(b, b'.' | b'_' | b'/' | b'-'))
            });
        if number.is_empty() || !number_ok {
            fail(
                "number",
                "Enter a number of 1 to 40 letters, digits, '.', '_', '/' or '-', starting with a letter or digit."
                    .into(),
            );
        }
        let date =
            |column: &'static str, value: &str, fail: &mut dyn FnMut(&'static str, String)| {
                NaiveDate::parse_from_str(value, "%Y-%m-%d")
                    .map_err(|_| fail(column, Rule::Date.english()))
                    .ok()
            };
        let booked_on = date("date", get(3), &mut fail);
        let currency = get(5).to_string();
        let currency_ok = currency.len() == 3 && currency.bytes().all(|b| b.is_ascii_uppercase());
        if !currency_ok {
            fail("currency", Rule::CurrencyShape.english());
        }
        let mut money = |column: &'static str, value: &str| {
            parse_money(value, &currency)
                .map_err(|rule| fail(column, rule.english()))
                .ok()
        };
        let milli = money("amount", get(4));
        let (due_on, open_milli) = if kind == "invoice" {
            let open = match get(7) {
                "" => milli,
                v => money("open_amount", v),
            };
            let due = date("due_date", get(6), &mut fail);
            if let (Some(due), Some(day)) = (due, booked_on) {
                if due < day {
                    fail(
                        "due_date",
                        "The due date must be on or after the invoice's date.".into(),
                    );
                }
            }
            if let (Some(o), Some(m)) = (open, milli) {
                if o > m {
                    fail(
                        "open_amount",
                        "The open amount cannot exceed the invoice's amount.".into(),
                    );
                }
            }
            (due, open)
        } else {
            for (c, what) in [(6, "due_date"), (7, "open_amount")] {
                if !get(c).is_empty() && !kind.is_empty() {
                    fail(
                        what,
                        format!("Only invoices have a {what}: leave it empty."),
                    );
                }
            }
            (None, None)
        };
        let method = get(8).to_string();
        if method.chars().count() > 40 || method.chars().any(char::is_control) {
            fail("method", "Enter a method of at most 40 characters.".into());
        }
        if errors.len() > before {
            continue;
        }
        if let Some(first) = seen.insert((customer_id.clone(), kind, number.clone()), line) {
            errors.push(RowError {
                line,
                column: "number",
                message: format!("{customer_id} has this {kind} number already on line {first}."),
            });
            continue;
        }
        let (Some(booked_on), Some(milli)) = (booked_on, milli) else {
            continue;
        };
        rows.push(Row {
            line,
            customer_id,
            kind,
            number,
            booked_on,
            milli,
            currency,
            due_on,
            open_milli,
            method,
        });
    }
    if errors.is_empty() {
        Ok(rows)
    } else {
        Err(errors)
    }
}

/// What an import did (or, dry, would do).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Report {
    pub rows: usize,
    pub counts: Counts,
    pub dry_run: bool,
}

impl std::fmt::Display for Report {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let c = self.counts;
        write!(
            f,
            "{} row{}: {} created, {} updated, {} unchanged",
            self.rows,
            if self.rows == 1 { "" } else { "s" },
            c.created,
            c.updated,
            c.unchanged
        )?;
        if self.dry_run {
            write!(f, " (dry run: nothing was written)")?;
        }
        Ok(())
    }
}

/// Checks the file, finds its companies, and upserts it in one transaction (rolled back when `dry_run`).
pub async fn import(
    pool: &sqlx::PgPool,
    bytes: &[u8],
    file_name: &str,
    run_by: &str,
    dry_run: bool,
    at: DateTime<Utc>,
) -> Result<Report, ImportError> {
    let rows = parse(bytes).map_err(ImportError::Invalid)?;
    let mut keys: Vec<String> = rows.iter().map(|r| r.customer_id.clone()).collect();
    keys.sort_unstable();
    keys.dedup();
    let companies: HashMap<String, i64> = db::billing::companies(pool, &keys)
        .await?
        .into_iter()
        .collect();
    let unknown: Vec<RowError> = rows
        .iter()
        .filter(|r| !companies.contains_key(&r.customer_id))
        .map(|r| RowError {
            line: r.line,
            column: "customer_id",
            message: format!(
                "There is no company with the customer ID \"{}\".",
                r.customer_id
            ),
        })
        .collect();
    if !unknown.is_empty() {
        return Err(ImportError::Invalid(unknown));
    }
    let mut tx = db::changes::begin(pool, db::changes::Actor::Import, "").await?;
    let mut counts = Counts::default();
    for chunk in rows.chunks(CHUNK) {
        let mut b = Batch::default();
        for r in chunk {
            b.company.push(companies[&r.customer_id]);
            b.kind.push(r.kind.to_string());
            b.number.push(r.number.clone());
            b.booked_on.push(r.booked_on);
            b.milli.push(r.milli);
            b.currency.push(r.currency.clone());
            b.due_on.push(r.due_on);
            b.open_milli.push(r.open_milli);
            b.method.push(r.method.clone());
        }
        let c = db::billing::upsert(&mut *tx, &b, at).await?;
        counts.created += c.created;
        counts.updated += c.updated;
        counts.unchanged += c.unchanged;
    }
    if dry_run {
        tx.rollback().await?;
    } else {
        db::billing::log_import(&mut *tx, file_name, run_by, counts).await?;
        tx.commit().await?;
    }
    Ok(Report {
        rows: rows.len(),
        counts,
        dry_run,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const HEADER: &str =
        "customer_id,kind,number,date,amount,currency,due_date,open_amount,method\n";

    #[test]
    fn reads_every_kind_with_exact_money() {
        let file = format!(
            "{HEADER}ACME-01,invoice,INV-1,2026-11-01,\"1,234.56\",EUR,2026-12-01,,\n\
             ACME-01,payment,PAY-1,2026-11-20,1234.56,EUR,,,transfer\n\
             ACME-01 , Credit ,CR-1,2026-11-21,5,JPY,,,\n"
        );
        let rows = parse(file.as_bytes()).expect("valid");
        assert_eq!(rows.len(), 3);
        assert_eq!(rows[0].milli, 1_234_560);
        assert_eq!(
            rows[0].open_milli,
            Some(1_234_560),
            "empty open amount: all open"
        );
        assert_eq!(
            (rows[1].kind, rows[1].method.as_str(), rows[1].line),
            ("payment", "transfer", 3)
        );
        assert_eq!((rows[2].kind, rows[2].milli), ("credit", 5_000));
    }

    #[test]
    fn reports_every_bad_row_with_its_line() {
        let file = format!(
            "{HEADER}ACME-01,invoice,INV-1,2026-11-01,12.345,EUR,2026-10-01,13,\n\
             ACME-01,refund,R-1,2026-13-01,1,EUR,,,\n\
             ACME-01,payment,PAY-1,2026-11-20,1,EUR,,,\n\
             ACME-01,payment,PAY-1,2026-11-20,1,EUR,,,\n\
             ACME-01,payment,PAY-2,2026-11-20,1,EUR,2026-12-01,,\n"
        );
        let errors = parse(file.as_bytes()).expect_err("invalid");
        let at: Vec<(u64, &str)> = errors.iter().map(|e| (e.line, e.column)).collect();
        assert_eq!(
            at,
            [
                (2, "amount"),
                (2, "due_date"),
                (3, "kind"),
                (3, "date"),
                (5, "number"),
                (6, "due_date")
            ],
            "{errors:?}"
        );
        assert!(errors[0].to_string().starts_with("line 2, amount: "));
    }

    #[test]
    fn the_header_must_name_known_columns() {
        let missing = parse(b"customer_id,kind,number,date,amount\n").expect_err("missing");
        assert_eq!(
            missing[0].to_string(),
            "line 1: the column \"currency\" is missing"
        );
        let unknown =
            parse(b"customer_id,kind,number,date,amount,currency,vat\n").expect_err("unknown");
        assert!(unknown[0].message.starts_with("unknown column \"vat\""));
    }
}
