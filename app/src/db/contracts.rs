//! A company's contracts with what they cover and their status at a moment, in one statement.
use crate::model::{contract::ContractRow, contract_form::ContractFields, ids::CompanyId};
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

/// One contract as its page and the forms read it.
#[derive(Debug, Clone)]
pub struct Contract {
    pub id: i64,
    pub company_id: i64,
    pub customer_id: String,
    pub company: String,
    pub time_zone: String,
    pub number: String,
    pub name: String,
    pub kind: String,
    pub starts_on: NaiveDate,
    pub ends_on: NaiveDate,
    pub milli: i64,
    pub currency: String,
    pub sla_id: Option<i32>,
    pub sla: Option<String>,
    pub status: String,
    pub version: i32,
    /// (id, kind, name, identifier), in the order they were added.
    pub items: Vec<(i64, String, String, String)>,
}

/// The contract with this number (any company: the caller authorizes), its status at `at`.
pub async fn by_number(
    db: impl sqlx::PgExecutor<'_>,
    number: &str,
    at: DateTime<Utc>,
) -> sqlx::Result<Option<Contract>> {
    let row = sqlx::query!(
        r#"SELECT c.id, c.company_id, co.customer_id, co.name AS company, co.time_zone, c.number, c.name,
                  c.kind::text AS "kind!", c.starts_on, c.ends_on, (c.value * 1000)::bigint AS "milli!",
                  c.currency, c.sla_id, s.name AS "sla?", c.version,
                  contract_status(c.starts_on, c.ends_on, c.cancelled_at, co.time_zone, $2) AS "status!",
                  (SELECT coalesce(json_agg(json_build_array(i.id, i.kind, i.name, i.identifier) ORDER BY i.id), '[]')
                   FROM contract_items i WHERE i.contract_id = c.id)::text AS "items!"
           FROM contracts c
           JOIN companies co ON co.id = c.company_id
           LEFT JOIN slas s ON s.id = c.sla_id
           WHERE c.number = $1"#,
        number,
        at,
    )
    .fetch_optional(db)
    .await?;
    Ok(row.map(|r| Contract {
        id: r.id,
        company_id: r.company_id,
        customer_id: r.customer_id,
        company: r.company,
        time_zone: r.time_zone,
        number: r.number,
        name: r.name,
        kind: r.kind,
        starts_on: r.starts_on,
        ends_on: r.ends_on,
        milli: r.milli,
        currency: r.currency,
        sla_id: r.sla_id,
        sla: r.sla,
        status: r.status,
        version: r.version,
        items: serde_json::from_str(&r.items).unwrap_or_default(),
    }))
}

/// The contract's and its items' changes, newest first (at most 100), times in the agent's zone `tz`.
pub async fn history(
    db: impl sqlx::PgExecutor<'_>,
    contract: &Contract,
    tz: &str,
) -> sqlx::Result<Vec<crate::model::contract::HistoryEntry>> {
    // An item's change names its contract as a label (`contract`, with `*_id`) or, recorded before
    // labels existed, as `contract_id`.
    sqlx::query_as!(
        crate::model::contract::HistoryEntry,
        r#"SELECT to_char(l.at AT TIME ZONE $3, 'YYYY-MM-DD HH24:MI') AS "at!", l.actor_label AS by,
                  l.action AS what,
                  coalesce((SELECT string_agg((e ->> 'field') || ': ' || coalesce(e ->> 'old', '—') || ' → '
                                              || coalesce(e ->> 'new', '—'), '; ')
                            FROM jsonb_array_elements(l.changes) e), '') AS "detail!"
           FROM changes l
           WHERE l.company_id = $2
             AND ((l.object_kind = 'contract' AND l.object_id = $1)
                  OR (l.object_kind = 'contract_item' AND EXISTS (
                        SELECT 1 FROM jsonb_array_elements(l.changes) e
                        WHERE e ->> 'field' IN ('contract', 'contract_id')
                          AND $1::text IN (e ->> 'old_id', e ->> 'new_id', e ->> 'old', e ->> 'new'))))
           ORDER BY l.id DESC LIMIT 100"#,
        contract.id,
        contract.company_id,
        tz,
    )
    .fetch_all(db)
    .await
}

/// Writes a new contract of the company; its id.
pub async fn insert(
    conn: &mut sqlx::PgConnection,
    company: CompanyId,
    f: &ContractFields,
) -> sqlx::Result<i64> {
    let id = sqlx::query_scalar!(
        "INSERT INTO contracts (company_id, number, name, kind, starts_on, ends_on, value, currency, sla_id)
         VALUES ($1, $2, $3, $4::text::contract_kind, $5, $6, $7::bigint / 1000.0, $8, $9) RETURNING id",
        company.0,
        f.number,
        f.name,
        f.kind,
        f.starts_on,
        f.ends_on,
        f.milli,
        f.currency,
        f.sla_id,
    )
    .fetch_one(&mut *conn)
    .await?;
    sync_items(conn, id, company, &f.items).await?;
    Ok(id)
}

/// Saves the contract's fields if it is still at `version`; false when it changed meanwhile.
pub async fn update(
    conn: &mut sqlx::PgConnection,
    c: &Contract,
    version: i32,
    f: &ContractFields,
) -> sqlx::Result<bool> {
    let done = sqlx::query!(
        "UPDATE contracts SET number = $3, name = $4, kind = $5::text::contract_kind, starts_on = $6,
                ends_on = $7, value = $8::bigint / 1000.0, currency = $9, sla_id = $10,
                version = version + 1, changed_at = now()
         WHERE id = $1 AND version = $2",
        c.id,
        version,
        f.number,
        f.name,
        f.kind,
        f.starts_on,
        f.ends_on,
        f.milli,
        f.currency,
        f.sla_id,
    )
    .execute(&mut *conn)
    .await?;
    if done.rows_affected() == 0 {
        return Ok(false);
    }
    sync_items(conn, c.id, CompanyId(c.company_id), &f.items).await?;
    Ok(true)
}

/// Makes the contract's items the form's: rows not listed go (unless tickets refer to them: the
/// foreign key refuses), listed ones are updated, new ones added.
async fn sync_items(
    conn: &mut sqlx::PgConnection,
    contract: i64,
    company: CompanyId,
    items: &[(Option<i64>, String, String, String)],
) -> sqlx::Result<()> {
    let kept: Vec<i64> = items.iter().filter_map(|i| i.0).collect();
    sqlx::query!(
        "DELETE FROM contract_items WHERE contract_id = $1 AND id <> ALL ($2)",
        contract,
        &kept
    )
    .execute(&mut *conn)
    .await?;
    for (id, kind, name, identifier) in items {
        match id {
            Some(id) => {
                sqlx::query!(
                "UPDATE contract_items SET kind = $3::text::covered_kind, name = $4, identifier = $5
                 WHERE id = $1 AND contract_id = $2
                   AND (kind::text, name, identifier) IS DISTINCT FROM ($3, $4, $5)",
                id,
                contract,
                kind,
                name,
                identifier
            )
                .execute(&mut *conn)
                .await?
            }
            None => {
                sqlx::query!(
                    "INSERT INTO contract_items (contract_id, company_id, kind, name, identifier)
                 VALUES ($1, $2, $3::text::covered_kind, $4, $5)",
                    contract,
                    company.0,
                    kind,
                    name,
                    identifier
                )
                .execute(&mut *conn)
                .await?
            }
        };
    }
    Ok(())
}

/// Marks the contract cancelled now if it is still at `version` and not cancelled; false otherwise.
pub async fn cancel(conn: &mut sqlx::PgConnection, id: i64, version: i32) -> sqlx::Result<bool> {
    let done = sqlx::query!(
        "UPDATE contracts SET cancelled_at = now(), version = version + 1, changed_at = now()
         WHERE id = $1 AND version = $2 AND cancelled_at IS NULL",
        id,
        version
    )
    .execute(conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Already validated list filters ("" = any).
pub struct ListFilter<'a> {
    pub status: &'a str,
    pub kind: &'a str,
    pub customer_id: &'a str,
    pub ends_within: Option<i32>,
    /// `ends`, `number` or `company`.
    pub sort: &'a str,
    /// The previous page's last (sort key, number).
    pub after: Option<(&'a str, &'a str)>,
    pub limit: i64,
}

/// One list row: the fields, the status at `at`, and the row's sort key (for the next page's `after`).
pub struct ListRow {
    pub number: String,
    pub name: String,
    pub kind: String,
    pub customer_id: String,
    pub company: String,
    pub starts_on: NaiveDate,
    pub ends_on: NaiveDate,
    pub milli: i64,
    pub currency: String,
    pub status: String,
    pub sort_key: String,
}

/// Every contract matching the filter, in the chosen order, keyset paged on (sort key, number). A
/// contract's end day counts in its company's time zone, like its status.
pub async fn list(
    db: impl sqlx::PgExecutor<'_>,
    f: &ListFilter<'_>,
    at: DateTime<Utc>,
) -> sqlx::Result<Vec<ListRow>> {
    let (after_key, after_number) = f.after.unwrap_or(("", ""));
    sqlx::query_as!(
        ListRow,
        r#"SELECT number AS "number!", name AS "name!", kind AS "kind!", customer_id AS "customer_id!",
                  company AS "company!", starts_on AS "starts_on!", ends_on AS "ends_on!", milli AS "milli!",
                  currency AS "currency!", status AS "status!", sort_key AS "sort_key!"
           FROM (SELECT c.number, c.name, c.kind::text AS kind, co.customer_id, co.name AS company, c.starts_on,
                        c.ends_on, (c.value * 1000)::bigint AS milli, c.currency,
                        contract_status(c.starts_on, c.ends_on, c.cancelled_at, co.time_zone, $1) AS status,
                        CASE $5 WHEN 'number' THEN c.number WHEN 'company' THEN co.customer_id
                                ELSE c.ends_on::text END AS sort_key,
                        ($1 AT TIME ZONE co.time_zone)::date AS today
                 FROM contracts c JOIN companies co ON co.id = c.company_id
                 WHERE ($4 = '' OR co.customer_id = $4)
                   AND ($3 = '' OR c.kind::text = $3)) x
           WHERE ($2 = '' OR status = $2)
             AND ($6::int IS NULL OR (status IN ('active', 'upcoming') AND ends_on <= today + $6::int))
             AND ($7 = '' OR (sort_key, number) > ($7, $8))
           ORDER BY sort_key, number
           LIMIT $9"#,
        at,
        f.status,
        f.kind,
        f.customer_id,
        f.sort,
        f.ends_within,
        after_key,
        after_number,
        f.limit,
    )
    .fetch_all(db)
    .await
}
