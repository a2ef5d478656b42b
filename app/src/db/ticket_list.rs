//! The ticket list behind every count link: filters as bound predicates, an exact total, keyset pages.
use crate::{
    db::ticket_widgets::{descending, sort_key, Row},
    model::{
        dashboard::{Sort, WidgetKind},
        ids::AgentId,
        ticket::StateType,
        ticket_list::ListClass,
        ticket_widget::Cursor,
    },
};
use chrono::{DateTime, Utc};
use sqlx::{PgPool, Postgres, QueryBuilder};

/// Already resolved and validated filters.
#[derive(Debug, Clone)]
pub struct Filter {
    pub company: Option<i64>,
    /// The company and all its descendants (linked accounts).
    pub include_children: bool,
    pub customer_user: Option<i64>,
    /// Raised under this contract (its id).
    pub contract: Option<i64>,
    pub class: Option<ListClass>,
    pub state_type: Option<StateType>,
    pub escalated: bool,
    pub reminder: bool,
    pub mine_locked: bool,
    pub my_queues: bool,
    pub queue: Option<String>,
    pub owner: Option<String>,
    pub locked: Option<bool>,
    pub agent: AgentId,
    pub now: DateTime<Utc>,
}

/// The same predicates as the counters and widgets (merged and removed tickets are in no list).
fn push_where(b: &mut QueryBuilder<'_, Postgres>, f: &Filter) {
    b.push(" WHERE t.state_type NOT IN ('merged', 'removed')");
    match (f.company, f.include_children) {
        (Some(c), true) => {
            b.push(" AND t.company_id IN (SELECT id FROM company_tree(")
                .push_bind(c)
                .push("))");
        }
        (Some(c), false) => {
            b.push(" AND t.company_id = ").push_bind(c);
        }
        (None, _) => {}
    }
    if let Some(u) = f.customer_user {
        b.push(" AND t.customer_user_id = ").push_bind(u);
    }
    if let Some(c) = f.contract {
        b.push(" AND t.contract_id = ").push_bind(c);
    }
    match f.class {
        Some(ListClass::Open) => {
            b.push(" AND is_open(t.state_type)");
        }
        Some(ListClass::Closed) => {
            b.push(" AND t.state_type = 'closed'");
        }
        Some(ListClass::All) | None => {}
    }
    if let Some(s) = f.state_type {
        b.push(" AND t.state_type = ").push_bind(s);
    }
    if f.escalated {
        b.push(" AND t.escalation_at <= ").push_bind(f.now);
    }
    if f.reminder {
        b.push(" AND t.state_type = 'pending_reminder' AND t.pending_until <= ")
            .push_bind(f.now);
    }
    if f.mine_locked {
        b.push(" AND t.locked AND t.owner_id = ").push_bind(f.agent);
    }
    if f.my_queues {
        b.push(" AND t.queue_id IN (SELECT queue_id FROM agent_queues WHERE agent_id = ")
            .push_bind(f.agent)
            .push(")");
    }
    if let Some(q) = &f.queue {
        b.push(" AND t.queue_id = (SELECT id FROM queues WHERE name = ")
            .push_bind(q.clone())
            .push(")");
    }
    if let Some(o) = &f.owner {
        b.push(" AND t.owner_id = (SELECT id FROM agents WHERE lower(login) = lower(")
            .push_bind(o.clone())
            .push("))");
    }
    if let Some(l) = f.locked {
        b.push(" AND t.locked = ").push_bind(l);
    }
}

pub async fn count(pool: &PgPool, f: &Filter) -> sqlx::Result<i64> {
    let mut b = QueryBuilder::new("SELECT count(*) FROM tickets t");
    push_where(&mut b, f);
    b.build_query_scalar().fetch_one(pool).await
}

pub async fn page(
    pool: &PgPool,
    f: &Filter,
    sort: Sort,
    after: Option<&Cursor>,
    limit: i64,
) -> sqlx::Result<Vec<Row>> {
    // Not a ticket widget: nullable sort keys get their non-null form.
    let (key, ty) = sort_key(sort.column, WidgetKind::Settings);
    let (cmp, dir) = if descending(sort) {
        ("<", "DESC")
    } else {
        (">", "ASC")
    };
    let mut b = QueryBuilder::new(format!(
        "SELECT '' AS widget, t.number, t.title,
                (SELECT name FROM states WHERE id = t.state_id) AS state,
                (SELECT name FROM queues WHERE id = t.queue_id) AS queue,
                (SELECT name FROM priorities WHERE id = t.priority_id) AS priority,
                (SELECT login FROM agents WHERE id = t.owner_id) AS owner,
                coalesce((SELECT login FROM customer_users WHERE id = t.customer_user_id), '') AS customer_user,
                t.created_at, t.changed_at, t.pending_until, t.escalation_at, ({key})::text AS sort_key, t.id
         FROM tickets t"
    ));
    push_where(&mut b, f);
    if let Some(c) = after {
        b.push(format!(" AND ({key}, t.id) {cmp} ("))
            .push_bind(c.key.clone())
            .push(format!("::{ty}, "))
            .push_bind(c.id)
            .push(")");
    }
    b.push(format!(" ORDER BY {key} {dir}, t.id {dir} LIMIT "))
        .push_bind(limit);
    b.build_query_as().fetch_all(pool).await
}
