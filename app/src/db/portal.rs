//! The portal's data, always read and written as the `panorama_portal` role with the contact's identity set
//! for the transaction: row-level security in Postgres enforces the same rule as the authorization layer,
//! so a forgotten check in Rust still cannot show another organization's rows.
use crate::model::{
    ids::{CustomerUserId, PriorityId, QueueId, TicketId},
    portal::{Choice, RequestClass, RequestCounts},
    ticket::{PublicArticle, RequestRow},
    time::Shown,
    viewer::ContactViewer,
};
use chrono::{DateTime, Utc};
use sqlx::{PgPool, Postgres, Transaction};

pub type PortalTx = Transaction<'static, Postgres>;

/// A transaction as the portal role, for this contact only. Dropping it rolls back. The contact and
/// `addr` are also who and where the change record's rows of this transaction come from. An admin viewing
/// the portal as the contact gets a read-only transaction: Postgres refuses every write in it, whatever the
/// Rust above forgot (`authz::require_contact_writer` refuses them first).
pub async fn begin(pool: &PgPool, me: &ContactViewer, addr: &str) -> sqlx::Result<PortalTx> {
    let mut tx = pool.begin().await?;
    if me.impersonator.is_some() {
        sqlx::query!("SET TRANSACTION READ ONLY")
            .execute(&mut *tx)
            .await?;
    }
    sqlx::query!(
        r#"SELECT set_config('role', 'panorama_portal', true) AS "role",
                  set_config('panorama.contact_id', $1, true) AS "contact",
                  set_config('panorama.client_addr', $2, true) AS "addr""#,
        me.id.0.to_string(),
        addr,
    )
    .fetch_one(&mut *tx)
    .await?;
    Ok(tx)
}

/// The columns of a `RequestRow`, from `tickets t`. The list and the one-request read are assembled at run
/// time (class filter, sort direction, lock); every other portal statement is a checked `query!`.
const REQUEST_COLUMNS: &str = "t.id, t.number, t.title, (SELECT name FROM states WHERE id = t.state_id) AS state,
    t.changed_at,
    coalesce((SELECT trim(first_name || ' ' || last_name) FROM customer_users WHERE id = t.customer_user_id), '')
      AS requester";

fn class_filter(c: RequestClass) -> &'static str {
    match c {
        RequestClass::Open => "is_open(t.state_type)",
        RequestClass::Closed => "t.state_type = 'closed'",
        RequestClass::All => {
            "t.state_type IN ('new', 'open', 'pending_reminder', 'pending_auto', 'closed')"
        }
    }
}

/// A request as read; [`RequestRecord::shown`] formats it for the page.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct RequestRecord {
    pub id: TicketId,
    pub number: String,
    pub title: String,
    pub state: String,
    pub changed_at: DateTime<Utc>,
    pub requester: String,
}

impl RequestRecord {
    pub fn shown(self, now: DateTime<Utc>) -> RequestRow {
        RequestRow {
            id: self.id,
            number: self.number,
            title: self.title,
            state: self.state,
            changed: Shown::at(self.changed_at, now),
            requester: self.requester,
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
) -> sqlx::Result<Vec<RequestRecord>> {
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
    let (open, closed) = match scope {
        Scope::Mine(me) => {
            let r = sqlx::query!(
                r#"SELECT coalesce(sum(n) FILTER (WHERE is_open(state_type)), 0)::bigint AS "open!",
                          coalesce(sum(n) FILTER (WHERE state_type = 'closed'), 0)::bigint AS "closed!"
                   FROM customer_user_ticket_counts WHERE customer_user_id = $1"#,
                me.0
            )
            .fetch_one(&mut **tx)
            .await?;
            (r.open, r.closed)
        }
        Scope::Company(c) => {
            let r = sqlx::query!(
                r#"SELECT coalesce(sum(n) FILTER (WHERE is_open(state_type)), 0)::bigint AS "open!",
                          coalesce(sum(n) FILTER (WHERE state_type = 'closed'), 0)::bigint AS "closed!"
                   FROM ticket_counts WHERE company_id = $1"#,
                c
            )
            .fetch_one(&mut **tx)
            .await?;
            (r.open, r.closed)
        }
    };
    Ok(RequestCounts {
        open,
        closed,
        all: open + closed,
    })
}

/// The companies whose requests the contact may view: (id, customer_id, name).
pub async fn view_companies(tx: &mut PortalTx) -> sqlx::Result<Vec<(i64, String, String)>> {
    Ok(sqlx::query!(
        "SELECT id, customer_id, name FROM companies WHERE id = ANY (portal_view_companies()) ORDER BY name, id"
    )
    .fetch_all(&mut **tx)
    .await?
    .into_iter()
    .map(|r| (r.id, r.customer_id, r.name))
    .collect())
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct RequestFacts {
    #[sqlx(flatten)]
    pub row: RequestRecord,
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
                is_open(t.state_type) AS open,
                t.state_type = 'closed' AS closed,
                (t.customer_user_id = portal_contact() OR t.company_id = ANY (portal_cancel_companies())) AS may_cancel
         FROM tickets t
         WHERE t.id = $1 AND t.state_type NOT IN ('merged', 'removed') {}",
        if for_update { "FOR UPDATE" } else { "" },
    );
    sqlx::query_as(&sql).bind(id).fetch_one(&mut **tx).await
}

/// Customer-visible articles only (RLS hides internal notes too), ages at `now`.
pub async fn public_articles(
    tx: &mut PortalTx,
    ticket: TicketId,
    now: DateTime<Utc>,
) -> sqlx::Result<Vec<PublicArticle>> {
    let rows = sqlx::query!(
        r#"SELECT a.sender = 'customer' AS "from_customer!",
                  CASE WHEN a.sender = 'customer'
                       THEN coalesce((SELECT trim(first_name || ' ' || last_name) FROM customer_users
                                      WHERE id = a.author_customer_user_id), 'Customer')
                       WHEN a.sender = 'agent' THEN 'Support team' ELSE 'System' END AS "author!",
                  a.body, a.created_at
           FROM articles a
           WHERE a.ticket_id = $1 AND a.customer_visible
           ORDER BY a.created_at, a.id"#,
        ticket.0
    )
    .fetch_all(&mut **tx)
    .await?;
    Ok(rows
        .into_iter()
        .map(|a| PublicArticle {
            from_customer: a.from_customer,
            author: a.author,
            body: a.body,
            created: Shown::at(a.created_at, now),
        })
        .collect())
}

/// A customer's reply: a public article, and the ticket's update clock restarts (spec: escalation).
pub async fn reply(
    tx: &mut PortalTx,
    me: CustomerUserId,
    id: TicketId,
    body: &str,
) -> sqlx::Result<()> {
    insert_article(tx, me, id, body).await?;
    sqlx::query!(
        "UPDATE tickets SET last_customer_article_at = now(), changed_at = now(), version = version + 1 WHERE id = $1",
        id.0
    )
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// Spec: a customer's cancel sets "closed cancelled" (the change record keeps who did it).
pub async fn cancel(tx: &mut PortalTx, id: TicketId) -> sqlx::Result<()> {
    sqlx::query!(
        "UPDATE tickets SET state_id = (SELECT id FROM states WHERE name = 'closed cancelled'), state_type = 'closed',
                locked = false, pending_until = NULL, changed_at = now(), version = version + 1
         WHERE id = $1",
        id.0
    )
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// Queues a customer may choose and the priorities, for the new-request form.
pub async fn choices(tx: &mut PortalTx) -> sqlx::Result<(Vec<Choice>, Vec<Choice>)> {
    let queues = sqlx::query!(
        "SELECT id, name FROM queues WHERE customer_visible OR is_default ORDER BY is_default DESC, name"
    )
    .fetch_all(&mut **tx)
    .await?;
    let priorities = sqlx::query!("SELECT id, name FROM priorities ORDER BY id")
        .fetch_all(&mut **tx)
        .await?;
    Ok((
        queues
            .into_iter()
            .map(|r| Choice {
                id: i64::from(QueueId(r.id)),
                name: r.name,
            })
            .collect(),
        priorities
            .into_iter()
            .map(|r| Choice {
                id: i64::from(PriorityId(r.id)),
                name: r.name,
            })
            .collect(),
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
    let id = sqlx::query_scalar!(
        r#"INSERT INTO tickets (number, title, queue_id, state_id, state_type, priority_id, owner_id, company_id,
                              customer_user_id, last_customer_article_at)
         SELECT next_ticket_number(), $2, $3, s.id, 'new', $4, portal_default_owner(), cu.company_id, cu.id, now()
         FROM customer_users cu, states s WHERE cu.id = $1 AND s.name = 'new'
         RETURNING id AS "id: TicketId""#,
        me.0,
        title,
        queue.0,
        priority.0,
    )
    .fetch_one(&mut **tx)
    .await?;
    insert_article(tx, me, id, body).await?;
    Ok(id)
}

/// A public article from the customer (a new request's first, or a reply).
async fn insert_article(
    tx: &mut PortalTx,
    me: CustomerUserId,
    id: TicketId,
    body: &str,
) -> sqlx::Result<()> {
    sqlx::query!(
        "INSERT INTO articles (ticket_id, sender, channel, customer_visible, author_customer_user_id, body)
         VALUES ($1, 'customer', 'portal', true, $2, $3)",
        id.0,
        me.0,
        body,
    )
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// One colleague's link to a company the contact administers.
#[derive(Debug, Clone)]
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
    sqlx::query_as!(
        ColleagueRow,
        r#"SELECT l.company_id, c.customer_id, c.name AS company_name, l.customer_user_id, u.login,
                trim(u.first_name || ' ' || u.last_name) AS "name!", l.may_view_org, l.may_cancel_org, l.org_admin
         FROM customer_user_companies l
         JOIN companies c ON c.id = l.company_id
         JOIN customer_users u ON u.id = l.customer_user_id
         WHERE l.company_id = ANY (portal_admin_companies())
         ORDER BY c.name, c.id, lower(u.login)"#
    )
    .fetch_all(&mut **tx)
    .await
}

/// Sets the two permissions of one colleague on one administered company (the change record keeps before
/// and after); RowNotFound when that link is not the contact's to change (RLS: only administered companies,
/// never oneself).
pub async fn set_permissions(
    tx: &mut PortalTx,
    company: i64,
    colleague: i64,
    view: bool,
    cancel: bool,
) -> sqlx::Result<()> {
    let done = sqlx::query!(
        "UPDATE customer_user_companies SET may_view_org = $3, may_cancel_org = $4
         WHERE company_id = $1 AND customer_user_id = $2",
        company,
        colleague,
        view,
        cancel,
    )
    .execute(&mut **tx)
    .await?;
    match done.rows_affected() {
        0 => Err(sqlx::Error::RowNotFound),
        _ => Ok(()),
    }
}

/// The active contracts (today in each company's zone) of the companies whose requests the contact may
/// view, with their covered items; row-level security limits the rows as well.
pub async fn contracts(
    tx: &mut PortalTx,
    at: DateTime<Utc>,
) -> sqlx::Result<Vec<crate::model::portal::PortalContract>> {
    use crate::model::contract_form::kind_label;
    let rows = sqlx::query!(
        r#"SELECT co.name || ' (' || co.customer_id || ')' AS "company!", k.number, k.name, k.kind::text AS "kind!",
                  k.starts_on, k.ends_on,
                  (SELECT coalesce(json_agg(json_build_array(i.kind, i.name, i.identifier) ORDER BY i.id), '[]')
                   FROM contract_items i WHERE i.contract_id = k.id)::text AS "items!"
           FROM contracts k JOIN companies co ON co.id = k.company_id
           WHERE k.company_id = ANY (portal_view_companies())
             AND contract_status(k.starts_on, k.ends_on, k.cancelled_at, co.time_zone, $1) = 'active'
           ORDER BY co.name, k.ends_on, k.number"#,
        at
    )
    .fetch_all(&mut **tx)
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| {
            let items: Vec<(String, String, String)> =
                serde_json::from_str(&r.items).unwrap_or_default();
            crate::model::portal::PortalContract {
                company: r.company,
                number: r.number,
                name: r.name,
                kind: kind_label(&r.kind).into(),
                starts_on: r.starts_on.to_string(),
                ends_on: r.ends_on.to_string(),
                items: items
                    .into_iter()
                    .map(|(k, n, i)| (kind_label(&k).into(), n, i))
                    .collect(),
            }
        })
        .collect())
}
