//! A company's contracts with what they cover and their status at a moment, in one statement.
use crate::model::{contract::ContractRow, ids::CompanyId};
use chrono::{DateTime, NaiveDate, Utc};

/// Every contract of the company (all statuses: the internal block needs them), and "customer since": the
/// earliest contract's start, else the day the company was created (in its time zone), and that today.
pub async fn of_company(
    db: impl sqlx::PgExecutor<'_>,
    company: CompanyId,
    at: DateTime<Utc>,
) -> sqlx::Result<(Vec<ContractRow>, NaiveDate, NaiveDate)> {
    let rows = sqlx::query!(
        r#"SELECT c.number AS "number?", c.name AS "name?", c.kind::text AS "kind?", c.starts_on AS "starts_on?",
                  c.ends_on AS "ends_on?", (c.value * 1000)::bigint AS "milli?", c.currency AS "currency?",
                  s.name AS "sla?",
                  contract_status(c.starts_on, c.ends_on, c.cancelled_at, co.time_zone, $2) AS "status?",
                  (SELECT coalesce(json_agg(json_build_array(i.kind, i.name, i.identifier) ORDER BY i.id), '[]')
                   FROM contract_items i WHERE i.contract_id = c.id)::text AS "items?",
                  coalesce(min(c.starts_on) OVER (), (co.created_at AT TIME ZONE co.time_zone)::date) AS "since!",
                  ($2 AT TIME ZONE co.time_zone)::date AS "today!"
           FROM companies co
           LEFT JOIN contracts c ON c.company_id = co.id
           LEFT JOIN slas s ON s.id = c.sla_id
           WHERE co.id = $1
           ORDER BY c.ends_on DESC, c.number"#,
        company.0,
        at,
    )
    .fetch_all(db)
    .await?;
    let (since, today) = rows
        .first()
        .map(|r| (r.since, r.today))
        .unwrap_or((at.date_naive(), at.date_naive()));
    let contracts = rows
        .into_iter()
        .filter_map(|r| {
            Some(ContractRow {
                number: r.number?,
                name: r.name?,
                kind: r.kind?,
                starts_on: r.starts_on?,
                ends_on: r.ends_on?,
                milli: r.milli?,
                currency: r.currency?,
                sla: r.sla,
                status: r.status?,
                items: serde_json::from_str(&r.items?).unwrap_or_default(),
            })
        })
        .collect();
    Ok((contracts, since, today))
}
