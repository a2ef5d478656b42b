//! The Organizations list (issue 18): one statement per page, its order chosen from four fixed ones (so
//! assembled at run time), filtered by state and the customer search's pattern, keyset paged.
use crate::model::{
    input::SearchTerm,
    object_state::ObjectState,
    organization::{OrgFilter, OrgSort},
};
use chrono::{DateTime, Utc};
use sqlx::{PgConnection, PgPool, Postgres, QueryBuilder};

/// Where a page starts: the previous page's last row, by the sort's value and the company id.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum After {
    Text(String, i64),
    Number(i64, i64),
}

/// The sort's expression, its direction, and whether its cursor value is a number (open tickets, or the
/// last change in microseconds since the epoch: exact, unlike a text rendering of a time).
fn order(sort: OrgSort) -> (&'static str, &'static str, bool) {
    match sort {
        OrgSort::Name => ("lower(c.name)", "ASC", false),
        OrgSort::CustomerId => ("c.customer_id", "ASC", false),
        OrgSort::Open => ("t.open", "DESC", true),
        OrgSort::Changed => ("c.changed_at", "DESC", true),
    }
}

pub struct Row {
    pub customer_id: String,
    pub name: String,
    pub open: i64,
    pub changed_at: DateTime<Utc>,
    pub archived: bool,
    pub logo: Option<i64>,
    /// This row as a cursor (`After`), for the page after it.
    pub after: After,
}

#[derive(sqlx::FromRow)]
struct Raw {
    id: i64,
    customer_id: String,
    name: String,
    open: i64,
    changed_at: DateTime<Utc>,
    archived: bool,
    logo: Option<i64>,
    cursor_text: Option<String>,
    cursor_number: Option<i64>,
}

pub async fn page(
    pool: &PgPool,
    term: Option<&SearchTerm>,
    filter: OrgFilter,
    sort: OrgSort,
    after: Option<&After>,
    limit: i64,
) -> sqlx::Result<Vec<Row>> {
    let (expr, dir, numeric) = order(sort);
    let cursor = if sort == OrgSort::Changed {
        "(extract(epoch FROM c.changed_at) * 1000000)::bigint"
    } else {
        expr
    };
    let mut b: QueryBuilder<Postgres> = QueryBuilder::new(format!(
        "SELECT c.id, c.customer_id, c.name, t.open, c.changed_at, c.state = 'archived' AS archived, c.logo_file_id AS logo, \
         {} AS cursor_text, {} AS cursor_number \
         FROM companies c JOIN company_open_totals t ON t.company_id = c.id WHERE c.state = ANY(",
        if numeric { "NULL::text" } else { cursor },
        if numeric { cursor } else { "NULL::bigint" },
    ));
    let states: Vec<ObjectState> = match filter {
        OrgFilter::Active => vec![ObjectState::Active],
        OrgFilter::Archived => vec![ObjectState::Archived],
        OrgFilter::All => vec![ObjectState::Active, ObjectState::Archived],
    };
    b.push_bind(states).push(")");
    if let Some(SearchTerm::Pattern(p)) = term {
        b.push(" AND lower(c.customer_id || ' ' || c.name) LIKE ")
            .push_bind(p.clone());
    }
    let cmp = if dir == "ASC" { ">" } else { "<" };
    match after {
        Some(After::Text(v, id)) if !numeric => {
            b.push(format!(" AND ({expr}, c.id) {cmp} ("))
                .push_bind(v.clone())
                .push(", ")
                .push_bind(*id)
                .push(")");
        }
        Some(After::Number(v, id)) if numeric => {
            // The last change travels as whole microseconds since the epoch: back to a time exactly.
            let value = if sort == OrgSort::Changed {
                "timestamptz 'epoch' + interval '1 microsecond' * "
            } else {
                ""
            };
            b.push(format!(" AND ({expr}, c.id) {cmp} ({value}"))
                .push_bind(*v)
                .push(", ")
                .push_bind(*id)
                .push(")");
        }
        _ => {}
    }
    b.push(format!(" ORDER BY {expr} {dir}, c.id {dir} LIMIT "))
        .push_bind(limit);
    let rows: Vec<Raw> = b.build_query_as().fetch_all(pool).await?;
    Ok(rows
        .into_iter()
        .map(|r| Row {
            after: match r.cursor_text {
                Some(t) => After::Text(t, r.id),
                None => After::Number(r.cursor_number.unwrap_or(0), r.id),
            },
            customer_id: r.customer_id,
            name: r.name,
            open: r.open,
            changed_at: r.changed_at,
            archived: r.archived,
            logo: r.logo,
        })
        .collect())
}

/// A new company (its open total starts at 0 by trigger); the change record notes its creation.
pub async fn create(
    conn: &mut PgConnection,
    customer_id: &str,
    f: &crate::model::customer::CompanyFields,
) -> sqlx::Result<()> {
    sqlx::query!(
        "WITH c AS (INSERT INTO companies (customer_id, name, phone, email, url, comment)
                    VALUES ($1, $2, $3, $4, $9, $10) RETURNING id)
         INSERT INTO company_locations (company_id, kind, street, zip, city, country, is_primary)
         SELECT id, 'headquarters', $5, $6, $7, $8, true FROM c",
        customer_id,
        f.name,
        f.phone,
        f.email,
        f.street,
        f.zip,
        f.city,
        f.country,
        f.url,
        f.comment,
    )
    .execute(conn)
    .await?;
    Ok(())
}

/// Archives (`archived`) or unarchives an active or archived company; its version moves like an edit's.
/// False when the version is stale or the company is neither.
pub async fn set_archived(
    conn: &mut PgConnection,
    customer_id: &str,
    version: i32,
    archived: bool,
) -> sqlx::Result<bool> {
    let done = sqlx::query!(
        "UPDATE companies SET state = CASE WHEN $3 THEN 'archived' ELSE 'active' END::object_state,
                version = version + 1, changed_at = now()
         WHERE customer_id = $1 AND version = $2 AND state IN ('active', 'archived')",
        customer_id,
        version,
        archived
    )
    .execute(conn)
    .await?;
    Ok(done.rows_affected() == 1)
}
