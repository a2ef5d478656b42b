//! Service contracts (issue 19, part 1): what a company is entitled to. The Contracts widget's body is
//! markup made on the server ([`markup`]): active and upcoming contracts (all with "Display inactive
//! contracts"), what each covers, and the internal block — customer since, liability per currency — that no
//! portal payload carries. Money is exact: thousandths of the currency's unit as an integer, formatted here.

/// A contract's amount in thousandths of its currency's unit, as words and digits: "12,000.00 EUR".
/// The currency's own number of decimals (ISO 4217: 0 for JPY, 3 for BHD, 2 for most).
pub fn money(milli: i64, currency: &str) -> String {
    let decimals = super::contract_form::decimals(currency);
    let sign = if milli < 0 { "-" } else { "" };
    let milli = milli.unsigned_abs();
    let whole = (milli / 1000).to_string();
    let mut grouped = String::new();
    for (i, d) in whole.chars().enumerate() {
        if i > 0 && (whole.len() - i).is_multiple_of(3) {
            grouped.push(',');
        }
        grouped.push(d);
    }
    // Amounts are stored with at most three decimals; fewer are shown by cutting digits that are zero for
    // amounts entered in the currency's own precision.
    let fraction = format!("{:03}", milli % 1000);
    match decimals {
        0 => format!("{sign}{grouped} {currency}"),
        d => format!("{sign}{grouped}.{} {currency}", &fraction[..d]),
    }
}

use serde::{Deserialize, Serialize};

/// A status key's label.
pub fn status_label(status: &str) -> &'static str {
    match status {
        "active" => "Active",
        "upcoming" => "Upcoming",
        "expired" => "Expired",
        _ => "Cancelled",
    }
}

/// The contract page (`/contracts/<number>`), every value formatted on the server.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ContractPage {
    pub number: String,
    pub name: String,
    pub kind: String,
    pub customer_id: String,
    pub company: String,
    pub starts_on: String,
    pub ends_on: String,
    pub time_zone: String,
    pub value: String,
    pub sla: String,
    /// The status key: upcoming, active, expired or cancelled.
    pub status: String,
    pub items: Vec<CoveredItem>,
    /// Tickets raised under the contract (the ticket list's total for `?contract=`).
    pub tickets: i64,
    pub history: Vec<HistoryEntry>,
    pub may_edit: bool,
    pub version: i32,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CoveredItem {
    pub id: i64,
    pub kind: String,
    pub name: String,
    pub identifier: String,
}

/// One line of a contract's history.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HistoryEntry {
    pub at: String,
    pub by: String,
    pub what: String,
    pub detail: String,
}

/// `/contracts`: the filters, order and page position as they appear in the URL ("" = any).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ContractListQuery {
    pub status: String,
    pub kind: String,
    pub company: String,
    /// Ends within this many days from today (active and upcoming contracts).
    pub ends_within: String,
    /// `ends` (the default, soonest first), `number` or `company`.
    pub sort: String,
    /// The last row's sort key and number, from the previous page.
    pub after: String,
}

/// One row of `/contracts`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ContractListRow {
    pub number: String,
    pub name: String,
    pub kind: String,
    pub customer_id: String,
    pub company: String,
    pub starts_on: String,
    pub ends_on: String,
    pub value: String,
    pub status: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ContractListPage {
    pub rows: Vec<ContractListRow>,
    /// The `after` of the next page.
    pub next: Option<String>,
    pub may_edit: bool,
}

#[cfg(feature = "ssr")]
pub use server::*;

#[cfg(feature = "ssr")]
mod server {
    use super::money;
    use crate::model::contract_form::kind_label;
    use crate::model::input::{html_escape as esc, url_encode};
    use chrono::NaiveDate;

    /// A contract as the widget shows it; `status` is computed in SQL (`contract_status`).
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub struct ContractRow {
        pub number: String,
        pub name: String,
        pub kind: String,
        pub starts_on: NaiveDate,
        pub ends_on: NaiveDate,
        pub milli: i64,
        pub currency: String,
        pub sla: Option<String>,
        pub status: String,
        /// What it covers: (kind, name, identifier).
        pub items: Vec<(String, String, String)>,
    }

    fn rank(status: &str) -> u8 {
        match status {
            "active" => 0,
            "upcoming" => 1,
            "expired" => 2,
            _ => 3,
        }
    }

    /// Sum of the active and upcoming contracts' values, per currency (alphabetical).
    pub fn liability(contracts: &[ContractRow]) -> Vec<(String, i64)> {
        let mut sums: std::collections::BTreeMap<&str, i64> = Default::default();
        for c in contracts.iter().filter(|c| rank(&c.status) <= 1) {
            *sums.entry(c.currency.as_str()).or_default() += c.milli;
        }
        sums.into_iter().map(|(c, v)| (c.to_string(), v)).collect()
    }

    /// Whole years (or months, under a year) from `since` to `today`.
    fn age(since: NaiveDate, today: NaiveDate) -> String {
        use chrono::Datelike;
        let months = (today.year() - since.year()) * 12 + today.month() as i32
            - since.month() as i32
            - i32::from(today.day() < since.day());
        match months.max(0) {
            m if m >= 24 => format!("{} years", m / 12),
            m if m >= 12 => "1 year".into(),
            1 => "1 month".into(),
            m => format!("{m} months"),
        }
    }

    /// How the widget is shown: for which company, "customer since" (the earliest contract's start, else
    /// the company's creation day), today in the company's zone, the agent's switch and rights.
    pub struct Shown<'a> {
        pub customer_id: &'a str,
        pub since: NaiveDate,
        pub today: NaiveDate,
        pub show_inactive: bool,
        pub may_edit: bool,
    }

    /// The widget's body on the CIC: the switch, then the company's part.
    pub fn markup(contracts: &[ContractRow], v: &Shown<'_>) -> String {
        switch(v.show_inactive) + &company_part(contracts, v)
    }

    /// "Display inactive contracts" (once per widget, also on the CUIC with several companies).
    pub fn switch(show_inactive: bool) -> String {
        format!(
            "<label class=\"check\"><input type=\"checkbox\" data-act=\"inactive\" data-arg=\"{}\"{}> \
             Display inactive contracts</label>",
            if show_inactive { "0" } else { "1" },
            if show_inactive { " checked" } else { "" }
        )
    }

    /// One company's internal block, links and contracts.
    pub fn company_part(contracts: &[ContractRow], v: &Shown<'_>) -> String {
        let Shown {
            since,
            today,
            show_inactive,
            ..
        } = *v;
        let liability = liability(contracts);
        let owed = if liability.is_empty() {
            "none".to_string()
        } else {
            liability
                .iter()
                .map(|(c, v)| money(*v, c))
                .collect::<Vec<_>>()
                .join(" · ")
        };
        let mut html = format!(
            "<div class=\"internal\" role=\"group\" aria-label=\"Internal only — do not share with the customer\">\
             <p><strong>Internal only — do not share with the customer</strong></p>\
             <p>Customer since {since} ({})</p><p>Liability (active and upcoming): {}</p></div>",
            age(since, today),
            esc(&owed)
        );
        let mut shown: Vec<&ContractRow> = contracts
            .iter()
            .filter(|c| show_inactive || rank(&c.status) <= 1)
            .collect();
        shown.sort_by(|a, b| {
            (rank(&a.status), b.ends_on, &a.number).cmp(&(rank(&b.status), a.ends_on, &b.number))
        });
        let company = url_encode(v.customer_id);
        html += "<p class=\"links\">";
        if v.may_edit {
            html += &format!("<a href=\"/contracts/new?company={company}\">New contract</a> · ");
        }
        html += &format!(
            "<a href=\"/contracts?company={company}\">All contracts of this customer</a></p>"
        );
        if shown.is_empty() {
            html += "<p class=\"muted\">No active contracts.</p>";
            return html;
        }
        html += "<ul class=\"contracts\">";
        for c in shown {
            let status = super::status_label(&c.status);
            let inactive = rank(&c.status) > 1;
            let number = url_encode(&c.number);
            html += &format!(
                "<li aria-label=\"{}\"{}><a href=\"/contracts/{number}\"><strong>{}</strong></a> — {} <span class=\"badge {}\">{status}</span><br>{} · {} to {} · {}",
                esc(&c.number),
                if inactive { " class=\"inactive\"" } else { "" },
                esc(&c.number),
                esc(&c.name),
                c.status,
                kind_label(&c.kind),
                c.starts_on,
                c.ends_on,
                esc(&money(c.milli, &c.currency)),
            );
            if let Some(sla) = &c.sla {
                html += &format!(" · SLA {}", esc(sla));
            }
            if c.status == "active" {
                html += &format!(
                    " · <a href=\"/tickets/new?contract={number}\" aria-label=\"Initiate service on {}\">Initiate service</a>",
                    esc(&c.number)
                );
            }
            if !c.items.is_empty() {
                html += "<ul class=\"covered\">";
                for (kind, name, id) in &c.items {
                    html += &format!("<li>{}: {}", kind_label(kind), esc(name));
                    if !id.is_empty() {
                        html += &format!(" ({})", esc(id));
                    }
                    html += "</li>";
                }
                html += "</ul>";
            }
            html += "</li>";
        }
        html + "</ul>"
    }

    #[cfg(test)]
    mod tests {
        use super::*;

        fn row(status: &str, milli: i64, currency: &str) -> ContractRow {
            ContractRow {
                number: format!("C-{status}"),
                name: "Plan".into(),
                kind: "support_plan".into(),
                starts_on: NaiveDate::from_ymd_opt(2025, 1, 1).expect("date"),
                ends_on: NaiveDate::from_ymd_opt(2026, 12, 31).expect("date"),
                milli,
                currency: currency.into(),
                sla: None,
                status: status.into(),
                items: vec![],
            }
        }

        #[test]
        fn liability_sums_active_and_upcoming_per_currency_exactly() {
            let rows = [
                row("active", 1_000_100, "EUR"),
                row("upcoming", 2_000_010, "EUR"),
                row("expired", 5_000_000, "EUR"),
                row("cancelled", 7_000_000, "USD"),
                row("active", 1_000, "USD"),
            ];
            assert_eq!(
                liability(&rows),
                [("EUR".to_string(), 3_000_110), ("USD".to_string(), 1_000)]
            );
            let today = NaiveDate::from_ymd_opt(2026, 12, 4).expect("date");
            let since = NaiveDate::from_ymd_opt(2019, 3, 1).expect("date");
            let view = |show_inactive| Shown {
                customer_id: "ACME-01",
                since,
                today,
                show_inactive,
                may_edit: true,
            };
            let shown = markup(&rows, &view(false));
            assert!(
                shown.contains("Customer since 2019-03-01 (7 years)"),
                "{shown}"
            );
            assert!(shown.contains("3,000.11 EUR · 1.00 USD"), "{shown}");
            assert!(!shown.contains("C-expired") && !shown.contains("C-cancelled"));
            let all = markup(&rows, &view(true));
            assert!(
                all.contains("C-expired") && all.contains(">Cancelled<"),
                "{all}"
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::money;

    #[test]
    fn money_is_formatted_in_the_currency_s_own_decimals() {
        assert_eq!(money(12_000_000_000, "EUR"), "12,000,000.00 EUR");
        assert_eq!(money(1_500, "USD"), "1.50 USD");
        assert_eq!(money(1_234_000, "JPY"), "1,234 JPY");
        assert_eq!(money(1_234, "BHD"), "1.234 BHD");
        assert_eq!(money(0, "CHF"), "0.00 CHF");
        assert_eq!(money(999_999, "GBP"), "999.99 GBP");
    }
}
