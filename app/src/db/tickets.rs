//! One ticket as an agent works on it: read with its articles, created, and changed by the ticket page's
//! actions. Due times and `escalation_at` are never written here: the `tickets_compute_due` trigger derives
//! them from the columns these statements set (state, SLA, first response, last customer article), and
//! the counter triggers keep `ticket_counts` exact in the same transaction.
use crate::model::{
    ids::{AgentId, CompanyId, CustomerUserId, PriorityId, QueueId, SlaId, StateId, TicketId},
    ticket::StateType,
    ticket_edit::ArticleKind,
};
use chrono::{DateTime, Utc};
use sqlx::{PgConnection, PgPool};

#[derive(Debug, Clone)]
pub struct Detail {
    pub id: TicketId,
    pub number: String,
    pub title: String,
    pub state_id: StateId,
    pub state: String,
    pub state_type: StateType,
    pub queue_id: QueueId,
    pub queue: String,
    pub priority_id: PriorityId,
    pub priority: String,
    pub owner_id: AgentId,
    pub owner: String,
    pub responsible: Option<String>,
    pub locked: bool,
    pub customer_id: String,
    pub company: String,
    pub customer_login: Option<String>,
    pub customer_name: Option<String>,
    pub sla_id: Option<SlaId>,
    pub sla: Option<String>,
    pub created_at: DateTime<Utc>,
    pub changed_at: DateTime<Utc>,
    pub pending_until: Option<DateTime<Utc>>,
    pub first_response_due: Option<DateTime<Utc>>,
    pub update_due: Option<DateTime<Utc>>,
    pub solution_due: Option<DateTime<Utc>>,
    pub escalation_at: Option<DateTime<Utc>>,
    pub version: i32,
    /// The company's active alerts (`active_alerts` as JSON), for the page's banner.
    pub alerts: String,
    /// The contract it was raised under, its covered item, and whether the contract was active on the
    /// ticket's creation day (a cancel counts from its moment).
    pub contract: Option<String>,
    pub contract_item: Option<String>,
    pub covered: Option<bool>,
}

pub async fn by_number(pool: &PgPool, number: &str) -> sqlx::Result<Detail> {
    sqlx::query_as!(
        Detail,
        r#"SELECT t.id AS "id: _", t.number, t.title, t.state_id AS "state_id: _", s.name AS state,
                t.state_type AS "state_type: _", t.queue_id AS "queue_id: _", q.name AS queue,
                t.priority_id AS "priority_id: _", p.name AS priority, t.owner_id AS "owner_id: _",
                o.login AS owner, r.login AS "responsible?", t.locked,
                c.customer_id, c.name AS company, cu.login AS "customer_login?",
                nullif(trim(cu.first_name || ' ' || cu.last_name), '') AS customer_name,
                t.sla_id AS "sla_id: _", sl.name AS "sla?", t.created_at, t.changed_at, t.pending_until,
                t.first_response_due, t.update_due, t.solution_due, t.escalation_at, t.version,
                active_alerts(ARRAY[t.company_id], now())::text AS "alerts!",
                k.number AS "contract?",
                ki.name || coalesce(' (' || nullif(ki.identifier, '') || ')', '') AS "contract_item?",
                contract_status(k.starts_on, k.ends_on, CASE WHEN k.cancelled_at <= t.created_at THEN k.cancelled_at END,
                                c.time_zone, t.created_at) = 'active' AS "covered?"
         FROM tickets t
         JOIN states s ON s.id = t.state_id JOIN queues q ON q.id = t.queue_id
         JOIN priorities p ON p.id = t.priority_id JOIN agents o ON o.id = t.owner_id
         LEFT JOIN agents r ON r.id = t.responsible_id JOIN companies c ON c.id = t.company_id
         LEFT JOIN customer_users cu ON cu.id = t.customer_user_id LEFT JOIN slas sl ON sl.id = t.sla_id
         LEFT JOIN contracts k ON k.id = t.contract_id LEFT JOIN contract_items ki ON ki.id = t.contract_item_id
         WHERE t.number = $1"#,
        number
    )
    .fetch_one(pool)
    .await
}

/// A ticket's id by number (the actions need nothing else before they lock the row).
pub async fn id_by_number(pool: &PgPool, number: &str) -> sqlx::Result<TicketId> {
    sqlx::query_scalar!(
        r#"SELECT id AS "id: TicketId" FROM tickets WHERE number = $1"#,
        number
    )
    .fetch_one(pool)
    .await
}

#[derive(Debug, Clone)]
pub struct ArticleRow {
    pub sender: String,
    pub channel: String,
    pub customer_visible: bool,
    pub author: String,
    pub body: String,
    pub created_at: DateTime<Utc>,
}

/// All articles of a ticket, oldest first (internal notes included: this is the agent's view).
pub async fn articles(pool: &PgPool, ticket: TicketId) -> sqlx::Result<Vec<ArticleRow>> {
    sqlx::query_as!(
        ArticleRow,
        r#"SELECT a.sender::text AS "sender!", a.channel::text AS "channel!", a.customer_visible,
                coalesce(nullif(trim(ag.first_name || ' ' || ag.last_name), ''), ag.login,
                         nullif(trim(cu.first_name || ' ' || cu.last_name), ''), cu.login, 'System') AS "author!",
                a.body, a.created_at
         FROM articles a
         LEFT JOIN agents ag ON ag.id = a.author_agent_id
         LEFT JOIN customer_users cu ON cu.id = a.author_customer_user_id
         WHERE a.ticket_id = $1 ORDER BY a.created_at, a.id"#,
        ticket.0
    )
    .fetch_all(pool)
    .await
}

/// The choices of the ticket forms: (id, name[, state type]) lists.
#[derive(Debug, Clone, Default)]
pub struct Choices {
    pub states: Vec<(StateId, String, StateType)>,
    pub queues: Vec<(QueueId, String)>,
    pub priorities: Vec<(PriorityId, String)>,
    pub agents: Vec<(AgentId, String)>,
    pub slas: Vec<(SlaId, String)>,
}

pub async fn choices(pool: &PgPool) -> sqlx::Result<Choices> {
    // Merged and removed are the outcome of other operations, never a state an agent picks.
    let (states, queues, priorities, agents, slas) = tokio::try_join!(
        sqlx::query!(
            r#"SELECT id, name, type AS "type: StateType" FROM states
               WHERE type NOT IN ('merged', 'removed') ORDER BY id"#
        )
        .fetch_all(pool),
        sqlx::query!("SELECT id, name FROM queues ORDER BY name").fetch_all(pool),
        sqlx::query!("SELECT id, name FROM priorities ORDER BY id").fetch_all(pool),
        // Owners work tickets: read-only agents are not offered.
        sqlx::query!(
            "SELECT id, login FROM agents WHERE active AND role <> 'read_only' ORDER BY login"
        )
        .fetch_all(pool),
        sqlx::query!("SELECT id, name FROM slas ORDER BY name").fetch_all(pool),
    )?;
    Ok(Choices {
        states: states
            .into_iter()
            .map(|r| (StateId(r.id), r.name, r.r#type))
            .collect(),
        queues: queues
            .into_iter()
            .map(|r| (QueueId(r.id), r.name))
            .collect(),
        priorities: priorities
            .into_iter()
            .map(|r| (PriorityId(r.id), r.name))
            .collect(),
        agents: agents
            .into_iter()
            .map(|r| (AgentId(r.id), r.login))
            .collect(),
        slas: slas.into_iter().map(|r| (SlaId(r.id), r.name)).collect(),
    })
}

/// The state type of a state id, if the state exists and an agent may set it.
pub async fn settable_state(
    conn: &mut PgConnection,
    state: StateId,
) -> sqlx::Result<Option<StateType>> {
    sqlx::query_scalar!(
        r#"SELECT type AS "type: StateType" FROM states WHERE id = $1 AND type NOT IN ('merged', 'removed')"#,
        state.0
    )
    .fetch_optional(conn)
    .await
}

/// What a new ticket is made of (already validated and authorized).
#[derive(Debug, Clone)]
pub struct NewTicket {
    pub title: String,
    pub company: CompanyId,
    pub customer_user: Option<CustomerUserId>,
    pub queue: QueueId,
    pub priority: PriorityId,
    pub state: StateId,
    pub state_type: StateType,
    pub sla: Option<SlaId>,
    /// The contract and covered item ("Initiate service"), checked to be the company's.
    pub contract: Option<i64>,
    pub contract_item: Option<i64>,
    pub pending_until: Option<DateTime<Utc>>,
    pub owner: AgentId,
    pub first_article: ArticleKind,
    pub body: String,
}

/// Creates a ticket and its first article in the caller's transaction; returns id and number.
pub async fn create(conn: &mut PgConnection, t: &NewTicket) -> sqlx::Result<(TicketId, String)> {
    let r = sqlx::query!(
        "INSERT INTO tickets (number, title, queue_id, state_id, state_type, priority_id, owner_id, company_id,
                              customer_user_id, sla_id, pending_until, contract_id, contract_item_id)
         VALUES (next_ticket_number(), $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)
         RETURNING id, number",
        t.title,
        t.queue.0,
        t.state.0,
        t.state_type as _,
        t.priority.0,
        t.owner.0,
        t.company.0,
        t.customer_user.map(|c| c.0),
        t.sla.map(|s| s.0),
        t.pending_until,
        t.contract,
        t.contract_item,
    )
    .fetch_one(&mut *conn)
    .await?;
    let (id, number) = (TicketId(r.id), r.number);
    insert_article(
        &mut *conn,
        id,
        t.first_article,
        t.owner,
        t.customer_user,
        &t.body,
    )
    .await?;
    Ok((id, number))
}

/// Adds an article and moves the clocks it affects: a customer-visible agent article is the first
/// response (if none yet); an article from the customer restarts the update clock.
async fn insert_article(
    conn: &mut PgConnection,
    ticket: TicketId,
    kind: ArticleKind,
    agent: AgentId,
    customer: Option<CustomerUserId>,
    body: &str,
) -> sqlx::Result<()> {
    let (sender, channel, visible) = kind.shape();
    let from_customer = sender == "customer";
    sqlx::query!(
        "INSERT INTO articles (ticket_id, sender, channel, customer_visible, author_agent_id,
                               author_customer_user_id, body)
         VALUES ($1, $2::text::article_sender, $3::text::article_channel, $4, $5, $6, $7)",
        ticket.0,
        sender,
        channel,
        visible,
        (!from_customer).then_some(agent.0),
        customer.filter(|_| from_customer).map(|c| c.0),
        body,
    )
    .execute(&mut *conn)
    .await?;
    sqlx::query!(
        "UPDATE tickets SET
           first_response_at = CASE WHEN $2 AND first_response_at IS NULL THEN now() ELSE first_response_at END,
           last_customer_article_at = CASE WHEN $3 THEN now() ELSE last_customer_article_at END,
           changed_at = now()
         WHERE id = $1",
        ticket.0,
        visible && !from_customer,
        from_customer,
    )
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// Locks the ticket row if it still has `version`; None when it changed since (or does not exist).
async fn claim(
    conn: &mut PgConnection,
    id: TicketId,
    version: i32,
) -> sqlx::Result<Option<Option<CustomerUserId>>> {
    sqlx::query_scalar!(
        r#"SELECT customer_user_id AS "customer_user_id: CustomerUserId" FROM tickets
           WHERE id = $1 AND version = $2 FOR UPDATE"#,
        id.0,
        version,
    )
    .fetch_optional(conn)
    .await
}

/// Applies one change of the ticket page if the ticket still has the version the page was loaded with.
/// Returns the new version, or None for a stale version.
pub async fn apply(
    conn: &mut PgConnection,
    id: TicketId,
    version: i32,
    agent: AgentId,
    change: &Applied,
) -> sqlx::Result<Option<i32>> {
    let Some(customer) = claim(&mut *conn, id, version).await? else {
        return Ok(None);
    };
    match change {
        Applied::Article { kind, body } => {
            insert_article(&mut *conn, id, *kind, agent, customer, body).await?;
        }
        Applied::Fields {
            state,
            state_type,
            queue,
            priority,
            owner,
            sla,
            pending_until,
        } => {
            sqlx::query!(
                "UPDATE tickets SET state_id = $2, state_type = $3, queue_id = $4, priority_id = $5, owner_id = $6,
                        sla_id = $7, pending_until = $8,
                        locked = locked AND $3::state_type NOT IN ('closed', 'merged', 'removed'), changed_at = now()
                 WHERE id = $1",
                id.0,
                state.0,
                *state_type as _,
                queue.0,
                priority.0,
                owner.0,
                sla.map(|s| s.0),
                *pending_until,
            )
            .execute(&mut *conn)
            .await?;
        }
        Applied::Lock(lock) => {
            // Locking makes the agent the owner (the reference product's rule).
            sqlx::query!(
                "UPDATE tickets SET locked = $2, owner_id = CASE WHEN $2 THEN $3 ELSE owner_id END, changed_at = now()
                 WHERE id = $1",
                id.0,
                *lock,
                agent.0,
            )
            .execute(&mut *conn)
            .await?;
        }
    }
    sqlx::query_scalar!(
        "UPDATE tickets SET version = version + 1 WHERE id = $1 RETURNING version",
        id.0
    )
    .fetch_one(conn)
    .await
    .map(Some)
}

/// A [`TicketChange`] after validation: ids checked, the state's type looked up, times parsed.
#[derive(Debug, Clone)]
pub enum Applied {
    Article {
        kind: ArticleKind,
        body: String,
    },
    Fields {
        state: StateId,
        state_type: StateType,
        queue: QueueId,
        priority: PriorityId,
        owner: AgentId,
        sla: Option<SlaId>,
        pending_until: Option<DateTime<Utc>>,
    },
    Lock(bool),
}

impl Applied {
    /// The audit/debug name of the change.
    pub fn name(&self) -> &'static str {
        match self {
            Applied::Article { .. } => "article",
            Applied::Fields { .. } => "fields",
            Applied::Lock(true) => "lock",
            Applied::Lock(false) => "unlock",
        }
    }
}

/// Which of the referenced rows a ticket form names do not exist (or, for owners, are not active):
/// (queue, priority, owner, sla) — true means the reference is good.
pub async fn check_refs(
    conn: &mut PgConnection,
    queue: QueueId,
    priority: PriorityId,
    owner: AgentId,
    sla: Option<SlaId>,
) -> sqlx::Result<(bool, bool, bool, bool)> {
    let r = sqlx::query!(
        r#"SELECT EXISTS (SELECT 1 FROM queues WHERE id = $1) AS "queue!",
                  EXISTS (SELECT 1 FROM priorities WHERE id = $2) AS "priority!",
                  EXISTS (SELECT 1 FROM agents WHERE id = $3 AND active AND role <> 'read_only') AS "owner!",
                  $4::integer IS NULL OR EXISTS (SELECT 1 FROM slas WHERE id = $4) AS "sla!""#,
        queue.0,
        priority.0,
        owner.0,
        sla.map(|s| s.0),
    )
    .fetch_one(conn)
    .await?;
    Ok((r.queue, r.priority, r.owner, r.sla))
}

/// A company by customer_id and, if a login is given, that customer user provided they belong to it
/// (primary or linked). Names for the form come along.
#[derive(Debug, Clone)]
pub struct Customer {
    pub company_id: CompanyId,
    pub customer_id: String,
    pub company: String,
    pub customer_user_id: Option<CustomerUserId>,
    pub login: Option<String>,
    pub name: Option<String>,
}

/// The company (active or archived, per `model::object_state`) and, when named, its active customer user.
pub async fn customer(
    conn: &mut PgConnection,
    customer_id: &str,
    login: Option<&str>,
) -> sqlx::Result<Option<Customer>> {
    sqlx::query_as!(
        Customer,
        r#"SELECT c.id AS "company_id: _", c.customer_id, c.name AS company,
                  cu.id AS "customer_user_id?: _", cu.login AS "login?",
                  nullif(trim(cu.first_name || ' ' || cu.last_name), '') AS name
           FROM companies c
           LEFT JOIN customer_users cu ON $2::text IS NOT NULL AND lower(cu.login) = lower($2) AND cu.active
                AND EXISTS (SELECT 1 FROM customer_user_companies l
                            WHERE l.customer_user_id = cu.id AND l.company_id = c.id)
           WHERE c.customer_id = $1 AND c.state IN ('active', 'archived')"#,
        customer_id,
        login,
    )
    .fetch_optional(conn)
    .await
}

/// The default queue for new tickets.
pub async fn default_queue(pool: &PgPool) -> sqlx::Result<QueueId> {
    sqlx::query_scalar!(
        r#"SELECT id AS "id: QueueId" FROM queues ORDER BY is_default DESC, id LIMIT 1"#
    )
    .fetch_one(pool)
    .await
}
