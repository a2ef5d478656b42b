//! The billing account (issue 19, part 5), read-only: what the billing system exported, as the Account
//! Summary widget (markup made on the server, [`markup`]) and the Billing page (`/customers/<id>/billing`)
//! show it. Every amount arrives formatted (`contract::money`): no number code in the wasm.
use serde::{Deserialize, Serialize};

/// `/customers/<id>/billing`: the summary lines, then invoices and transactions, each newest first with
/// its own keyset position in the URL.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BillingPage {
    pub customer_id: String,
    pub company: String,
    /// The Account Summary's markup (made on the server, every text escaped).
    pub summary: String,
    pub invoices: Vec<InvoiceLine>,
    /// The `invoices` position of the next (older) page.
    pub invoices_next: Option<String>,
    pub transactions: Vec<TransactionLine>,
    pub transactions_next: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InvoiceLine {
    pub number: String,
    pub date: String,
    pub due: String,
    pub amount: String,
    /// What is still unpaid.
    pub open: String,
    /// `paid`, `open` or `overdue`.
    pub status: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TransactionLine {
    pub date: String,
    /// "Payment" or "Credit note".
    pub kind: String,
    pub number: String,
    pub method: String,
    pub amount: String,
}

/// A status key's label.
pub fn status_label(status: &str) -> &'static str {
    match status {
        "paid" => "Paid",
        "overdue" => "Overdue",
        _ => "Open",
    }
}

/// Rows per page of each list.
pub const PAGE_ROWS: i64 = 25;

#[cfg(feature = "ssr")]
pub use server::*;

#[cfg(feature = "ssr")]
mod server {
    use super::status_label;
    use crate::model::contract::money;
    use crate::model::input::{html_escape as esc, url_encode};
    use chrono::NaiveDate;

    /// An invoice's status on `today` (the company's day): paid when nothing is open, overdue when its due
    /// day has passed, else open. Computed, never imported.
    pub fn invoice_status(open_milli: i64, due_on: NaiveDate, today: NaiveDate) -> &'static str {
        if open_milli == 0 {
            "paid"
        } else if due_on < today {
            "overdue"
        } else {
            "open"
        }
    }

    /// One currency's figures: balance (invoiced − paid − credited; positive = owed) and what is past due
    /// since its earliest open due day.
    #[derive(Debug, Clone, PartialEq, Eq, serde::Deserialize)]
    pub struct Totals {
        pub currency: String,
        pub balance: i64,
        pub past_due: i64,
        pub since: Option<NaiveDate>,
    }

    #[derive(Debug, Clone, PartialEq, Eq)]
    pub struct LastInvoice {
        pub number: String,
        pub date: NaiveDate,
        pub milli: i64,
        pub currency: String,
        pub due_on: NaiveDate,
        pub open_milli: i64,
    }

    #[derive(Debug, Clone, PartialEq, Eq)]
    pub struct LastPayment {
        pub date: NaiveDate,
        pub milli: i64,
        pub currency: String,
        pub method: String,
    }

    /// The Account Summary's figures, as of `today` in the company's zone.
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub struct Summary {
        pub totals: Vec<Totals>,
        pub last_invoice: Option<LastInvoice>,
        pub last_payment: Option<LastPayment>,
        /// When an import last carried the company's data, in the agent's zone ("" = never).
        pub imported: String,
        pub today: NaiveDate,
    }

    /// The widget's body; `link` adds the way to the Billing page (not on the page itself).
    pub fn markup(s: &Summary, customer_id: &str, link: bool) -> String {
        if s.imported.is_empty() {
            return "<p class=\"muted\">No billing data has been imported for this customer.</p>"
                .into();
        }
        let mut html = String::from("<dl class=\"fields\">");
        for t in &s.totals {
            let past_due = match (t.past_due, t.since) {
                (0, _) | (_, None) => "Nothing past due".to_string(),
                (m, Some(since)) => format!("{} since {since}", money(m, &t.currency)),
            };
            html += &format!(
                "<dt>Balance</dt><dd>{}</dd><dt>Past due</dt><dd>{}</dd>",
                esc(&money(t.balance, &t.currency)),
                esc(&past_due)
            );
        }
        html += "<dt>Last invoice</dt><dd>";
        html += &match &s.last_invoice {
            Some(i) => {
                let status = invoice_status(i.open_milli, i.due_on, s.today);
                format!(
                    "{} of {}: {}, due {} <span class=\"badge {status}\">{}</span>",
                    esc(&i.number),
                    i.date,
                    esc(&money(i.milli, &i.currency)),
                    i.due_on,
                    status_label(status)
                )
            }
            None => "None".into(),
        };
        html += "</dd><dt>Last payment</dt><dd>";
        html += &match &s.last_payment {
            Some(p) if p.method.is_empty() => {
                format!("{}: {}", p.date, esc(&money(p.milli, &p.currency)))
            }
            Some(p) => format!(
                "{}: {} by {}",
                p.date,
                esc(&money(p.milli, &p.currency)),
                esc(&p.method)
            ),
            None => "None".into(),
        };
        html += "</dd></dl>";
        if link {
            html += &format!(
                "<p><a href=\"/customers/{}/billing\">Invoices and payments</a></p>",
                url_encode(customer_id)
            );
        }
        html + &format!("<p class=\"muted\">Last imported {}</p>", esc(&s.imported))
    }

    #[cfg(test)]
    mod tests {
        use super::*;

        fn day(s: &str) -> NaiveDate {
            s.parse().expect("a date")
        }

        #[test]
        fn status_is_computed_from_open_amount_and_due_day() {
            let today = day("2026-12-04");
            assert_eq!(invoice_status(0, day("2026-01-01"), today), "paid");
            assert_eq!(
                invoice_status(1, day("2026-12-04"), today),
                "open",
                "due today"
            );
            assert_eq!(invoice_status(1, day("2026-12-03"), today), "overdue");
        }

        #[test]
        fn markup_escapes_and_says_when_nothing_was_imported() {
            let mut s = Summary {
                totals: vec![Totals {
                    currency: "EUR".into(),
                    balance: 1_234_500,
                    past_due: 500_000,
                    since: Some(day("2026-10-31")),
                }],
                last_invoice: Some(LastInvoice {
                    number: "INV<1>".into(),
                    date: day("2026-11-01"),
                    milli: 734_500,
                    currency: "EUR".into(),
                    due_on: day("2026-12-01"),
                    open_milli: 734_500,
                }),
                last_payment: None,
                imported: "2026-12-01 08:00 UTC".into(),
                today: day("2026-12-04"),
            };
            let html = markup(&s, "ACME-01", true);
            assert!(html.contains("1,234.50 EUR"), "{html}");
            assert!(html.contains("500.00 EUR since 2026-10-31"), "{html}");
            assert!(html.contains("INV&lt;1&gt; of 2026-11-01: 734.50 EUR, due 2026-12-01"));
            assert!(html.contains(">Overdue</span>"));
            assert!(html.contains("href=\"/customers/ACME-01/billing\""));
            s.imported.clear();
            assert!(markup(&s, "ACME-01", true).contains("No billing data"));
        }
    }
}
