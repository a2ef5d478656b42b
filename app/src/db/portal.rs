//! The portal's data, always read and written as the `panorama_portal` role with the contact's identity set
//! for the transaction: row-level security in Postgres enforces the same rule as the authorization layer,
//! so a forgotten check in Rust still cannot show another organization's rows.
use crate::model::{
    ids::{CustomerUserId, PriorityId, QueueId, TicketId},
    portal::{Choice, RequestClass, RequestCounts},
    ticket::{PublicArticle, RequestRow},
};
use chrono::{DateTime, Utc};
use sqlx::{PgPool, Postgres, Transaction};

pub type PortalTx = Transaction<'static, Postgres>;

/// A transaction as the portal role, for this contact only. Dropping it rolls back.
pub async fn begin(pool: &PgPool, me: CustomerUserId) -> sqlx::Result<PortalTx> {
    let mut tx = pool.begin().await?;
    sqlx::query("SELECT set_config('role', 'panorama_portal', true), set_config('panorama.contact_id', $1, true)")
        .bind(me.0.to_string())
        .execute(&mut *tx)
        .await?;
    Ok(tx)
}

/// The columns of a `RequestRow`, from `tickets t`.
const REQUEST_COLUMNS: &str = "t.id, t.number, t.title, (SELECT name FROM states WHERE id = t.state_id) AS state,
    t.changed_at,
    coalesce((SELECT trim(first_name || ' ' || last_name) FROM customer_users WHERE id = t.customer_user_id), '')
      AS requester";

fn class_filter(c: RequestClass) -> &'static str {
    match c {
        RequestClass::Open => concat!("t.state_type IN ", open_states!()),
        RequestClass::Closed => "t.state_type = 'closed'",
        RequestClass::All => {
            "t.state_type IN ('new', 'open', 'pending_reminder', 'pending_auto', 'closed')"
        }
    }
}

/// Whose requests: the contact's own, or one company's (RLS lets only permitted companies through).
#[derive(Debug, Clone, Copy)]
pub enum Scope {
    Mine(CustomerUserId),
    Company(i64),
}

/// One keyset page by last change (newest first unless `oldest_first`); `after` is the last row's
/// (changed_at, id).
pub async fn requests(
    tx: &mut PortalTx,
    scope: Scope,
    class: RequestClass,
    oldest_first: bool,
    after: Option<(DateTime<Utc>, i64)>,
    limit: i64,
) -> sqlx::Result<Vec<RequestRow>> {
    let (cmp, dir) = if oldest_first {
        (">", "ASC")
    } else {
        ("<", "DESC")
    };
    let (col, key) = match scope {
        Scope::Mine(me) => ("t.customer_user_id", me.0),
        Scope::Company(c) => ("t.company_id", c),
    };
    let sql = format!(
        "SELECT {REQUEST_COLUMNS}
         FROM tickets t
         WHERE {col} = $1 AND {class} AND ($2::timestamptz IS NULL OR (t.changed_at, t.id) {cmp} ($2, $3))
         ORDER BY t.changed_at {dir}, t.id {dir} LIMIT $4",
        class = class_filter(class)
    );
    sqlx::query_as(&sql)
        .bind(key)
        .bind(after.map(|a| a.0))
        .bind(after.map_or(0, |a| a.1))
        .bind(limit)
        .fetch_all(&mut **tx)
        .await
}

/// Open / closed / all from the exact counters (own: per contact; company: per company).
pub async fn counts(tx: &mut PortalTx, scope: Scope) -> sqlx::Result<RequestCounts> {
    let sql = match scope {
        Scope::Mine(_) => {
            concat!(
                "SELECT coalesce(sum(n) FILTER (WHERE state_type IN ",
                open_states!(),
                "), 0)::bigint, coalesce(sum(n) FILTER (WHERE state_type = 'closed'), 0)::bigint
                 FROM customer_user_ticket_counts WHERE customer_user_id = $1"
            )
        }
        Scope::Company(_) => {
            concat!(
                "SELECT coalesce(sum(n) FILTER (WHERE state_type IN ",
                open_states!(),
                "), 0)::bigint, coalesce(sum(n) FILTER (WHERE state_type = 'closed'), 0)::bigint
                 FROM ticket_counts WHERE company_id = $1"
            )
        }
    };
    let key = match scope {
        Scope::Mine(me) => me.0,
        Scope::Company(c) => c,
    };
    let (open, closed): (i64, i64) = sqlx::query_as(sql).bind(key).fetch_one(&mut **tx).await?;
    Ok(RequestCounts {
        open,
        closed,
        all: open + closed,
    })
}

/// The companies whose requests the contact may view: (id, customer_id, name).
pub async fn view_companies(tx: &mut PortalTx) -> sqlx::Result<Vec<(i64, String, String)>> {
    sqlx::query_as(
        "SELECT id, customer_id, name FROM companies WHERE id = ANY (portal_view_companies()) ORDER BY name, id",
    )
    .fetch_all(&mut **tx)
    .await
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct RequestFacts {
    #[sqlx(flatten)]
    pub row: RequestRow,
    pub open: bool,
    pub closed: bool,
    pub may_cancel: bool,
}

/// One request the contact may see, locked for an update when `for_update`; anything else is RowNotFound.
pub async fn request(
    tx: &mut PortalTx,
    id: TicketId,
    for_update: bool,
) -> sqlx::Result<RequestFacts> {
    let sql = format!(
        "SELECT {REQUEST_COLUMNS},
                t.state_type IN {open_states} AS open,
                t.state_type = 'closed' AS closed,
                (t.customer_user_id = portal_contact() OR t.company_id = ANY (portal_cancel_companies())) AS may_cancel
         FROM tickets t
         WHERE t.id = $1 AND t.state_type NOT IN ('merged', 'removed') {}",
        if for_update { "FOR UPDATE" } else { "" },
        open_states = open_states!()
    );
    sqlx::query_as(&sql).bind(id).fetch_one(&mut **tx).await
}

/// Customer-visible articles only (RLS hides internal notes too).
pub async fn public_articles(
    tx: &mut PortalTx,
    ticket: TicketId,
) -> sqlx::Result<Vec<PublicArticle>> {
    sqlx::query_as(
        r#"SELECT a.sender = 'customer' AS from_customer,
                  CASE WHEN a.sender = 'customer'
                       THEN coalesce((SELECT trim(first_name || ' ' || last_name) FROM customer_users
                                      WHERE id = a.author_customer_user_id), 'Customer')
                       WHEN a.sender = 'agent' THEN 'Support team' ELSE 'System' END AS author,
                  a.body, a.created_at
           FROM articles a
           WHERE a.ticket_id = $1 AND a.customer_visible
           ORDER BY a.created_at, a.id"#,
    )
    .bind(ticket)
    .fetch_all(&mut **tx)
    .await
}

/// A customer's reply: a public article, and the ticket's update clock restarts (spec: escalation).
pub async fn reply(
    tx: &mut PortalTx,
    me: CustomerUserId,
    id: TicketId,
    body: &str,
) -> sqlx::Result<()> {
    sqlx::query(
        "INSERT INTO articles (ticket_id, sender, channel, customer_visible, author_customer_user_id, body)
         VALUES ($1, 'customer', 'portal', true, $2, $3)",
    )
    .bind(id)
    .bind(me)
    .bind(body)
    .execute(&mut **tx)
    .await?;
    sqlx::query(
        "UPDATE tickets SET last_customer_article_at = now(), changed_at = now(), version = version + 1 WHERE id = $1",
    )
    .bind(id)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// Spec: a customer's cancel sets "closed cancelled". Returns the request's company and requester (for the
/// audit log).
pub async fn cancel(tx: &mut PortalTx, id: TicketId) -> sqlx::Result<(i64, Option<i64>)> {
    sqlx::query_as(
        "UPDATE tickets SET state_id = (SELECT id FROM states WHERE name = 'closed cancelled'), state_type = 'closed',
                locked = false, pending_until = NULL, changed_at = now(), version = version + 1
         WHERE id = $1 RETURNING company_id, customer_user_id",
    )
    .bind(id)
    .fetch_one(&mut **tx)
    .await
}

/// Queues a customer may choose and the priorities, for the new-request form.
pub async fn choices(tx: &mut PortalTx) -> sqlx::Result<(Vec<Choice>, Vec<Choice>)> {
    let queues: Vec<(QueueId, String)> = sqlx::query_as(
        "SELECT id, name FROM queues WHERE customer_visible OR is_default ORDER BY is_default DESC, name",
    )
    .fetch_all(&mut **tx)
    .await?;
    let priorities: Vec<(PriorityId, String)> =
        sqlx::query_as("SELECT id, name FROM priorities ORDER BY id")
            .fetch_all(&mut **tx)
            .await?;
    fn choice<I: Into<i64>>((id, name): (I, String)) -> Choice {
        Choice {
            id: id.into(),
            name,
        }
    }
    Ok((
        queues.into_iter().map(choice).collect(),
        priorities.into_iter().map(choice).collect(),
    ))
}

/// A new request in the contact's primary company, with its first article; returns its id.
pub async fn create(
    tx: &mut PortalTx,
    me: CustomerUserId,
    title: &str,
    body: &str,
    queue: QueueId,
    priority: PriorityId,
) -> sqlx::Result<TicketId> {
    let id: TicketId = sqlx::query_scalar(
        "INSERT INTO tickets (number, title, queue_id, state_id, state_type, priority_id, owner_id, company_id,
                              customer_user_id, last_customer_article_at)
         SELECT next_ticket_number(), $2, $3, s.id, 'new', $4, portal_default_owner(), cu.company_id, cu.id, now()
         FROM customer_users cu, states s WHERE cu.id = $1 AND s.name = 'new'
         RETURNING id",
    )
    .bind(me)
    .bind(title)
    .bind(queue)
    .bind(priority)
    .fetch_one(&mut **tx)
    .await?;
    sqlx::query(
        "INSERT INTO articles (ticket_id, sender, channel, customer_visible, author_customer_user_id, body)
         VALUES ($1, 'customer', 'portal', true, $2, $3)",
    )
    .bind(id)
    .bind(me)
    .bind(body)
    .execute(&mut **tx)
    .await?;
    Ok(id)
}

pub async fn password_hash(tx: &mut PortalTx, me: CustomerUserId) -> sqlx::Result<Option<String>> {
    sqlx::query_scalar("SELECT password_hash FROM customer_users WHERE id = $1")
        .bind(me)
        .fetch_one(&mut **tx)
        .await
}

pub async fn set_password_hash(
    tx: &mut PortalTx,
    me: CustomerUserId,
    hash: &str,
) -> sqlx::Result<()> {
    sqlx::query(
        "UPDATE customer_users SET password_hash = $2, changed_at = now(), version = version + 1 WHERE id = $1",
    )
    .bind(me)
    .bind(hash)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// One colleague's link to a company the contact administers.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct ColleagueRow {
    pub company_id: i64,
    pub customer_id: String,
    pub company_name: String,
    pub customer_user_id: i64,
    pub login: String,
    pub name: String,
    pub may_view_org: bool,
    pub may_cancel_org: bool,
    pub org_admin: bool,
}

/// Everyone linked to the companies the contact administers (RLS shows only those links).
pub async fn colleagues(tx: &mut PortalTx) -> sqlx::Result<Vec<ColleagueRow>> {
    sqlx::query_as(
        "SELECT l.company_id, c.customer_id, c.name AS company_name, l.customer_user_id, u.login,
                trim(u.first_name || ' ' || u.last_name) AS name, l.may_view_org, l.may_cancel_org, l.org_admin
         FROM customer_user_companies l
         JOIN companies c ON c.id = l.company_id
         JOIN customer_users u ON u.id = l.customer_user_id
         WHERE l.company_id = ANY (portal_admin_companies())
         ORDER BY c.name, c.id, lower(u.login)",
    )
    .fetch_all(&mut **tx)
    .await
}

/// Sets the two permissions of one colleague on one administered company; returns the values before, or
/// RowNotFound when that link is not the contact's to change (RLS: only administered companies, never oneself).
pub async fn set_permissions(
    tx: &mut PortalTx,
    company: i64,
    colleague: i64,
    view: bool,
    cancel: bool,
) -> sqlx::Result<(bool, bool)> {
    sqlx::query_as(
        "UPDATE customer_user_companies l SET may_view_org = $3, may_cancel_org = $4
         FROM customer_user_companies old
         WHERE l.company_id = $1 AND l.customer_user_id = $2
           AND old.company_id = l.company_id AND old.customer_user_id = l.customer_user_id
         RETURNING old.may_view_org, old.may_cancel_org",
    )
    .bind(company)
    .bind(colleague)
    .bind(view)
    .bind(cancel)
    .fetch_one(&mut **tx)
    .await
}
