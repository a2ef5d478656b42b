//! Customer users: the Customer Users widget (a company's contacts, primary and linked, with their exact
//! ticket counters) and the create/edit form.
use crate::model::{
    customer::{CompanyLink, CustomerUserForm},
    ids::{CompanyId, CustomerUserId},
    ticket_widget::CustomerUserRow,
};
use sqlx::{PgConnection, PgPool};

/// One keyset page ordered by login (unique, case-insensitive); `after` is the last login shown.
pub async fn page(
    db: impl sqlx::PgExecutor<'_>,
    company: CompanyId,
    after: Option<&str>,
    limit: i64,
    deactivated_too: bool,
) -> sqlx::Result<Vec<CustomerUserRow>> {
    let rows = sqlx::query!(
        r#"SELECT cu.login, trim(cu.first_name || ' ' || cu.last_name) AS "name!", cu.email,
                coalesce(sum(c.n) FILTER (WHERE is_open(c.state_type)), 0)::bigint AS "open!",
                coalesce(sum(c.n) FILTER (WHERE c.state_type = 'closed'), 0)::bigint AS "closed!", cu.active
         FROM customer_user_companies l
         JOIN customer_users cu ON cu.id = l.customer_user_id
         LEFT JOIN customer_user_ticket_counts c ON c.customer_user_id = cu.id
         WHERE l.company_id = $1 AND ($2::text IS NULL OR lower(cu.login) > lower($2))
           AND (cu.state = 'active' OR ($4 AND cu.state = 'archived'))
         GROUP BY cu.id
         ORDER BY lower(cu.login)
         LIMIT $3"#,
        company.0,
        after,
        limit,
        deactivated_too,
    )
    .fetch_all(db)
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| CustomerUserRow {
            name: if r.name.is_empty() {
                r.login.clone()
            } else {
                r.name
            },
            login: r.login,
            email: r.email,
            open: r.open,
            closed: r.closed,
            active: r.active,
        })
        .collect())
}

/// An active customer user's id and primary company, by login.
pub async fn id_and_company(pool: &PgPool, login: &str) -> sqlx::Result<Option<(i64, i64)>> {
    Ok(sqlx::query!(
        "SELECT id, company_id FROM customer_users WHERE lower(login) = lower($1) AND active",
        login
    )
    .fetch_optional(pool)
    .await?
    .map(|r| (r.id, r.company_id)))
}

/// A customer user as the edit form shows it (id, primary company id, form), by login.
pub async fn form(
    pool: &PgPool,
    login: &str,
) -> sqlx::Result<Option<(CustomerUserId, CustomerUserForm)>> {
    struct Row {
        id: CustomerUserId,
        login: String,
        email: String,
        first_name: String,
        last_name: String,
        phone: String,
        title: String,
        active: bool,
        version: i32,
        primary: String,
    }
    let Some(r) = sqlx::query_as!(
        Row,
        r#"SELECT cu.id AS "id: _", cu.login, cu.email, cu.first_name, cu.last_name, cu.phone, cu.title,
                  cu.active, cu.version, c.customer_id AS primary
           FROM customer_users cu JOIN companies c ON c.id = cu.company_id
           WHERE lower(cu.login) = lower($1) AND cu.state IN ('active', 'archived')"#,
        login
    )
    .fetch_optional(pool)
    .await?
    else {
        return Ok(None);
    };
    let links = links(pool, r.id).await?;
    Ok(Some((
        r.id,
        CustomerUserForm {
            original_login: r.login.clone(),
            version: r.version,
            login: r.login,
            email: r.email,
            first_name: r.first_name,
            last_name: r.last_name,
            phone: r.phone,
            title: r.title,
            active: r.active,
            primary: r.primary,
            links,
        },
    )))
}

/// A customer user's companies with their portal permissions, primary first.
pub async fn links(
    db: impl sqlx::PgExecutor<'_>,
    id: CustomerUserId,
) -> sqlx::Result<Vec<CompanyLink>> {
    sqlx::query_as!(
        CompanyLink,
        "SELECT c.customer_id, c.name AS company, l.may_view_org, l.may_cancel_org, l.org_admin
         FROM customer_user_companies l JOIN companies c ON c.id = l.company_id
         JOIN customer_users cu ON cu.id = l.customer_user_id
         WHERE l.customer_user_id = $1 ORDER BY c.id <> cu.company_id, c.customer_id",
        id.0
    )
    .fetch_all(db)
    .await
}

/// The fields a save writes, validated. Never the password: customer users set it (`crate::credentials`).
#[derive(Debug, Clone)]
pub struct Fields {
    pub login: String,
    pub email: String,
    pub first_name: String,
    pub last_name: String,
    pub phone: String,
    pub title: String,
    pub active: bool,
    pub primary: CompanyId,
}

pub async fn insert(conn: &mut PgConnection, f: &Fields) -> sqlx::Result<CustomerUserId> {
    sqlx::query_scalar!(
        r#"INSERT INTO customer_users (login, email, first_name, last_name, phone, title, state, company_id)
         VALUES ($1, $2, $3, $4, $5, $6, CASE WHEN $7 THEN 'active' ELSE 'archived' END::object_state, $8) RETURNING id AS "id: CustomerUserId""#,
        f.login,
        f.email,
        f.first_name,
        f.last_name,
        f.phone,
        f.title,
        f.active,
        f.primary.0,
    )
    .fetch_one(conn)
    .await
}

/// Updates a customer user if it still has `version` (and is active or archived: the form's "Active" moves
/// between the two); returns whether it was active before, or None for a stale version.
pub async fn update(
    conn: &mut PgConnection,
    id: CustomerUserId,
    version: i32,
    f: &Fields,
) -> sqlx::Result<Option<bool>> {
    sqlx::query_scalar!(
        r#"UPDATE customer_users cu SET login = $3, email = $4, first_name = $5, last_name = $6, phone = $7, title = $8,
                state = CASE WHEN $9 THEN 'active' ELSE 'archived' END::object_state, company_id = $10,
                version = cu.version + 1, changed_at = now()
         FROM customer_users old WHERE old.id = cu.id AND cu.id = $1 AND cu.version = $2
           AND old.state IN ('active', 'archived')
         RETURNING old.active AS "was_active!""#,
        id.0,
        version,
        f.login,
        f.email,
        f.first_name,
        f.last_name,
        f.phone,
        f.title,
        f.active,
        f.primary.0,
    )
    .fetch_optional(conn)
    .await
}

/// Makes the user's company links exactly `links` ((company, view, cancel, admin)).
pub async fn set_links(
    conn: &mut PgConnection,
    id: CustomerUserId,
    links: &[(CompanyId, bool, bool, bool)],
) -> sqlx::Result<()> {
    let companies: Vec<i64> = links.iter().map(|l| l.0 .0).collect();
    let view: Vec<bool> = links.iter().map(|l| l.1).collect();
    let cancel: Vec<bool> = links.iter().map(|l| l.2).collect();
    let admin: Vec<bool> = links.iter().map(|l| l.3).collect();
    sqlx::query!(
        "DELETE FROM customer_user_companies WHERE customer_user_id = $1 AND company_id <> ALL($2)",
        id.0,
        &companies,
    )
    .execute(&mut *conn)
    .await?;
    sqlx::query!(
        "INSERT INTO customer_user_companies (customer_user_id, company_id, may_view_org, may_cancel_org, org_admin)
         SELECT $1, * FROM unnest($2::bigint[], $3::boolean[], $4::boolean[], $5::boolean[])
         ON CONFLICT (customer_user_id, company_id) DO UPDATE
         SET may_view_org = EXCLUDED.may_view_org, may_cancel_org = EXCLUDED.may_cancel_org,
             org_admin = EXCLUDED.org_admin",
        id.0,
        &companies,
        &view,
        &cancel,
        &admin,
    )
    .execute(conn)
    .await?;
    Ok(())
}

/// Ends every portal session of a customer user (on deactivation).
pub async fn end_sessions(conn: &mut PgConnection, id: CustomerUserId) -> sqlx::Result<u64> {
    Ok(
        sqlx::query!("DELETE FROM sessions WHERE customer_user_id = $1", id.0)
            .execute(conn)
            .await?
            .rows_affected(),
    )
}

/// Company ids for customer_ids; unknown ones are missing from the result.
pub async fn company_ids(
    conn: &mut PgConnection,
    keys: &[String],
) -> sqlx::Result<Vec<(String, CompanyId)>> {
    Ok(sqlx::query!(
        "SELECT customer_id, id FROM companies WHERE customer_id = ANY($1)",
        keys
    )
    .fetch_all(conn)
    .await?
    .into_iter()
    .map(|r| (r.customer_id, CompanyId(r.id)))
    .collect())
}

/// A customer user's id by login (active or not).
pub async fn id_by_login(
    db: impl sqlx::PgExecutor<'_>,
    login: &str,
) -> sqlx::Result<CustomerUserId> {
    sqlx::query_scalar!(
        r#"SELECT id AS "id: CustomerUserId" FROM customer_users WHERE lower(login) = lower($1)"#,
        login
    )
    .fetch_one(db)
    .await
}
