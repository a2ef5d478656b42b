//! The billing account (`billing_entries`): the Account Summary in one statement, the Billing page's two
//! keyset-paged lists, and the import's upsert. Money crosses as integer thousandths, like contracts.
use crate::model::{
    billing::{LastInvoice, LastPayment, Totals},
    ids::CompanyId,
};
use chrono::{DateTime, NaiveDate, Utc};
use sqlx::PgExecutor;

/// The summary's figures on the day `at` is in the company's zone: per currency the balance, what is past
/// due and since when; the last invoice and payment; when an import last carried the company's rows.
pub struct SummaryRow {
    pub totals: Vec<Totals>,
    pub last_invoice: Option<LastInvoice>,
    pub last_payment: Option<LastPayment>,
    pub imported: Option<DateTime<Utc>>,
    pub today: NaiveDate,
}

pub async fn summary(
    db: impl PgExecutor<'_>,
    company: CompanyId,
    at: DateTime<Utc>,
) -> sqlx::Result<SummaryRow> {
    let r = sqlx::query!(
        r#"WITH co AS (SELECT ($2 AT TIME ZONE time_zone)::date AS today FROM companies WHERE id = $1)
           SELECT co.today AS "today!",
                  (SELECT coalesce(json_agg(t ORDER BY t.currency), '[]') FROM (
                     SELECT b.currency,
                            (sum(CASE b.kind WHEN 'invoice' THEN b.amount ELSE -b.amount END) * 1000)::bigint AS balance,
                            (coalesce(sum(b.open_amount) FILTER (WHERE b.due_on < co.today), 0) * 1000)::bigint AS past_due,
                            min(b.due_on) FILTER (WHERE b.open_amount > 0 AND b.due_on < co.today) AS since
                     FROM billing_entries b WHERE b.company_id = $1 GROUP BY b.currency) t)::text AS "totals!",
                  i.number AS "invoice?", i.booked_on AS "invoice_on?", (i.amount * 1000)::bigint AS "invoice_milli?",
                  i.currency AS "invoice_currency?", i.due_on AS "invoice_due?",
                  (i.open_amount * 1000)::bigint AS "invoice_open?",
                  p.booked_on AS "paid_on?", (p.amount * 1000)::bigint AS "paid_milli?",
                  p.currency AS "paid_currency?", p.method AS "paid_method?",
                  (SELECT max(imported_at) FROM billing_entries WHERE company_id = $1) AS "imported?"
           FROM co
           LEFT JOIN LATERAL (SELECT * FROM billing_entries WHERE company_id = $1 AND kind = 'invoice'
                              ORDER BY booked_on DESC, id DESC LIMIT 1) i ON true
           LEFT JOIN LATERAL (SELECT * FROM billing_entries WHERE company_id = $1 AND kind = 'payment'
                              ORDER BY booked_on DESC, id DESC LIMIT 1) p ON true"#,
        company.0,
        at,
    )
    .fetch_one(db)
    .await?;
    let last_invoice = (|| {
        Some(LastInvoice {
            number: r.invoice?,
            date: r.invoice_on?,
            milli: r.invoice_milli?,
            currency: r.invoice_currency?,
            due_on: r.invoice_due?,
            open_milli: r.invoice_open?,
        })
    })();
    let last_payment = (|| {
        Some(LastPayment {
            date: r.paid_on?,
            milli: r.paid_milli?,
            currency: r.paid_currency?,
            method: r.paid_method?,
        })
    })();
    Ok(SummaryRow {
        totals: serde_json::from_str(&r.totals).map_err(|e| sqlx::Error::Decode(e.into()))?,
        last_invoice,
        last_payment,
        imported: r.imported,
        today: r.today,
    })
}

/// A page position: the last row's date and id.
pub type After = Option<(NaiveDate, i64)>;

pub struct InvoiceRow {
    pub id: i64,
    pub number: String,
    pub booked_on: NaiveDate,
    pub milli: i64,
    pub currency: String,
    pub due_on: NaiveDate,
    pub open_milli: i64,
}

/// The company's invoices older than `after`, newest first (`billing_invoices_idx`).
pub async fn invoices(
    db: impl PgExecutor<'_>,
    company: CompanyId,
    after: After,
    limit: i64,
) -> sqlx::Result<Vec<InvoiceRow>> {
    let (day, id) = after.unzip();
    sqlx::query_as!(
        InvoiceRow,
        r#"SELECT id, number, booked_on, (amount * 1000)::bigint AS "milli!", currency, due_on AS "due_on!",
                  (open_amount * 1000)::bigint AS "open_milli!"
           FROM billing_entries
           WHERE company_id = $1 AND kind = 'invoice'
             AND ($2::date IS NULL OR (booked_on, id) < ($2, $3::bigint))
           ORDER BY booked_on DESC, id DESC LIMIT $4"#,
        company.0,
        day,
        id,
        limit,
    )
    .fetch_all(db)
    .await
}

pub struct TransactionRow {
    pub id: i64,
    pub kind: String,
    pub number: String,
    pub booked_on: NaiveDate,
    pub milli: i64,
    pub currency: String,
    pub method: String,
}

/// The company's payments and credit notes older than `after`, newest first (`billing_transactions_idx`).
pub async fn transactions(
    db: impl PgExecutor<'_>,
    company: CompanyId,
    after: After,
    limit: i64,
) -> sqlx::Result<Vec<TransactionRow>> {
    let (day, id) = after.unzip();
    sqlx::query_as!(
        TransactionRow,
        r#"SELECT id, kind::text AS "kind!", number, booked_on, (amount * 1000)::bigint AS "milli!", currency, method
           FROM billing_entries
           WHERE company_id = $1 AND kind <> 'invoice'
             AND ($2::date IS NULL OR (booked_on, id) < ($2, $3::bigint))
           ORDER BY booked_on DESC, id DESC LIMIT $4"#,
        company.0,
        day,
        id,
        limit,
    )
    .fetch_all(db)
    .await
}

/// Rows of an import, column by column (one element per row), already checked.
#[derive(Debug, Default)]
pub struct Batch {
    pub company: Vec<i64>,
    pub kind: Vec<String>,
    pub number: Vec<String>,
    pub booked_on: Vec<NaiveDate>,
    pub milli: Vec<i64>,
    pub currency: Vec<String>,
    pub due_on: Vec<Option<NaiveDate>>,
    pub open_milli: Vec<Option<i64>>,
    pub method: Vec<String>,
}

/// What an upsert did: rows created, updated (some value differed) and carried unchanged.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Counts {
    pub created: i64,
    pub updated: i64,
    pub unchanged: i64,
}

/// Inserts or updates the batch on (company, kind, number), stamping every row with `at`. The comparison
/// reads the rows as they were before the statement (one snapshot), so the counts are exact. The batch has
/// no key twice (the import checks it: Postgres refuses to update one row twice in a statement).
pub async fn upsert(db: impl PgExecutor<'_>, b: &Batch, at: DateTime<Utc>) -> sqlx::Result<Counts> {
    let r = sqlx::query!(
        r#"WITH input AS (
             SELECT i.company_id, i.kind::billing_kind AS kind, i.number, i.booked_on, i.milli::numeric / 1000 AS amount,
                    i.currency, i.due_on, i.open_milli::numeric / 1000 AS open_amount, i.method
             FROM unnest($1::bigint[], $2::text[], $3::text[], $4::date[], $5::bigint[], $6::text[], $7::date[],
                         $8::bigint[], $9::text[])
                  AS i (company_id, kind, number, booked_on, milli, currency, due_on, open_milli, method)),
           compared AS (
             SELECT b.id IS NULL AS created,
                    b.id IS NOT NULL AND (b.booked_on, b.amount, b.currency, b.due_on, b.open_amount, b.method)
                      IS DISTINCT FROM (i.booked_on, i.amount, i.currency, i.due_on, i.open_amount, i.method) AS updated
             FROM input i
             LEFT JOIN billing_entries b ON b.company_id = i.company_id AND b.kind = i.kind AND b.number = i.number),
           written AS (
             INSERT INTO billing_entries (company_id, kind, number, booked_on, amount, currency, due_on, open_amount,
                                          method, imported_at)
             SELECT company_id, kind, number, booked_on, amount, currency, due_on, open_amount, method, $10 FROM input
             ON CONFLICT (company_id, kind, number) DO UPDATE
               SET booked_on = excluded.booked_on, amount = excluded.amount, currency = excluded.currency,
                   due_on = excluded.due_on, open_amount = excluded.open_amount, method = excluded.method,
                   imported_at = excluded.imported_at
             RETURNING 1)
           SELECT count(*) FILTER (WHERE created) AS "created!", count(*) FILTER (WHERE updated) AS "updated!",
                  count(*) FILTER (WHERE NOT created AND NOT updated) AS "unchanged!",
                  (SELECT count(*) FROM written) AS "written!"
           FROM compared"#,
        &b.company,
        &b.kind,
        &b.number,
        &b.booked_on,
        &b.milli,
        &b.currency,
        &b.due_on as &[Option<NaiveDate>],
        &b.open_milli as &[Option<i64>],
        &b.method,
        at,
    )
    .fetch_one(db)
    .await?;
    debug_assert_eq!(r.written, r.created + r.updated + r.unchanged);
    Ok(Counts {
        created: r.created,
        updated: r.updated,
        unchanged: r.unchanged,
    })
}

/// The import log's row for an import that wrote.
pub async fn log_import(
    db: impl PgExecutor<'_>,
    file_name: &str,
    run_by: &str,
    c: Counts,
) -> sqlx::Result<()> {
    sqlx::query!(
        "INSERT INTO billing_imports (file_name, run_by, created, updated, unchanged) VALUES ($1, $2, $3, $4, $5)",
        file_name,
        run_by,
        c.created,
        c.updated,
        c.unchanged,
    )
    .execute(db)
    .await?;
    Ok(())
}

/// The ids of the companies with these customer IDs that may take billing data (active or archived).
pub async fn companies(
    db: impl PgExecutor<'_>,
    customer_ids: &[String],
) -> sqlx::Result<Vec<(String, i64)>> {
    Ok(sqlx::query!(
        "SELECT customer_id, id FROM companies
         WHERE customer_id = ANY ($1) AND state IN ('active', 'archived')",
        customer_ids,
    )
    .fetch_all(db)
    .await?
    .into_iter()
    .map(|r| (r.customer_id, r.id))
    .collect())
}
