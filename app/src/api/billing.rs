//! The billing account (issue 19, part 5), read-only: the Billing page's server function and the Account
//! Summary's figures (the widget's markup is made in `company_widgets::markup_of`). Reading takes `Read`.
use crate::{error::AppError, model::billing::BillingPage};
use leptos::prelude::*;

/// The Account Summary of a company on the day `now` is in its zone, "last imported" in the agent's zone.
#[cfg(feature = "ssr")]
pub async fn summary(
    conn: &mut sqlx::PgConnection,
    company: crate::model::ids::CompanyId,
    agent: &crate::model::viewer::AgentViewer,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<crate::model::billing::Summary, AppError> {
    let r = crate::db::billing::summary(&mut *conn, company, now).await?;
    let tz = crate::session::time_zone(agent);
    Ok(crate::model::billing::Summary {
        totals: r.totals,
        last_invoice: r.last_invoice,
        last_payment: r.last_payment,
        imported: r
            .imported
            .map(|t| crate::model::time::local(t, tz))
            .unwrap_or_default(),
        today: r.today,
    })
}

/// A list position from the URL: "<date>.<id>" of the last row shown ("" = the newest page). Anything
/// else is a 404, like a malformed customer ID.
#[cfg(feature = "ssr")]
fn position(s: &str) -> Result<crate::db::billing::After, AppError> {
    if s.is_empty() {
        return Ok(None);
    }
    let (day, id) = s.split_once('.').ok_or(AppError::NotFound)?;
    let day = chrono::NaiveDate::parse_from_str(day, "%Y-%m-%d").map_err(|_| AppError::NotFound)?;
    Ok(Some((day, id.parse().map_err(|_| AppError::NotFound)?)))
}

/// `/customers/<id>/billing`: the summary, then a page of invoices and one of transactions (payments and
/// credit notes), each newest first from its own position.
#[server(endpoint = "billing_page")]
#[cfg_attr(feature = "ssr", tracing::instrument(skip_all, fields(customer_id = %customer_id)))]
pub async fn load_billing(
    customer_id: String,
    #[server(default)] invoices: String,
    #[server(default)] transactions: String,
) -> Result<BillingPage, AppError> {
    use crate::{
        db,
        model::{
            billing::{invoice_status, markup, InvoiceLine, TransactionLine, PAGE_ROWS},
            contract::money,
            permission::Action,
        },
    };
    crate::api::finish(
        async {
            let (invoices_after, transactions_after) =
                (position(&invoices)?, position(&transactions)?);
            let (agent, state, company) =
                crate::api::company_for(Action::Read, &customer_id).await?;
            let now = chrono::Utc::now();
            let mut conn = state.pool.acquire().await?;
            let s = summary(&mut conn, company.id, &agent, now).await?;
            let mut inv =
                db::billing::invoices(&mut *conn, company.id, invoices_after, PAGE_ROWS + 1)
                    .await?;
            let mut tx = db::billing::transactions(
                &mut *conn,
                company.id,
                transactions_after,
                PAGE_ROWS + 1,
            )
            .await?;
            // One row more than a page says whether an older page exists.
            let next = |more: bool, last: Option<(chrono::NaiveDate, i64)>| {
                more.then_some(last)
                    .flatten()
                    .map(|(d, id)| format!("{d}.{id}"))
            };
            let page = PAGE_ROWS as usize;
            let invoices_next = next(
                inv.len() > page,
                inv.get(page - 1).map(|r| (r.booked_on, r.id)),
            );
            let transactions_next = next(
                tx.len() > page,
                tx.get(page - 1).map(|r| (r.booked_on, r.id)),
            );
            inv.truncate(page);
            tx.truncate(page);
            Ok(BillingPage {
                summary: markup(&s, &company.customer_id, false),
                customer_id: company.customer_id,
                company: company.name,
                invoices: inv
                    .into_iter()
                    .map(|r| InvoiceLine {
                        status: invoice_status(r.open_milli, r.due_on, s.today).into(),
                        number: r.number,
                        date: r.booked_on.to_string(),
                        due: r.due_on.to_string(),
                        amount: money(r.milli, &r.currency),
                        open: money(r.open_milli, &r.currency),
                    })
                    .collect(),
                invoices_next,
                transactions: tx
                    .into_iter()
                    .map(|r| TransactionLine {
                        date: r.booked_on.to_string(),
                        kind: if r.kind == "payment" {
                            "Payment"
                        } else {
                            "Credit note"
                        }
                        .into(),
                        number: r.number,
                        method: r.method,
                        amount: money(r.milli, &r.currency),
                    })
                    .collect(),
                transactions_next,
            })
        }
        .await,
    )
}
