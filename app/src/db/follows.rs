//! Follows (`follows`): who follows a company or a customer user, following and unfollowing, and the feed
//! My work shows a follower — the business events of what they follow, read from the change record with
//! the Overview's `event_kind` / `event_text`.
use crate::model::{
    follow::{FeedEvent, Followed},
    ids::AgentId,
};
use sqlx::PgExecutor;

/// The names of the agents who follow `what` (by name), and whether `agent` is one of them.
pub async fn followers(
    db: impl PgExecutor<'_>,
    what: Followed,
    agent: AgentId,
) -> sqlx::Result<(Vec<String>, bool)> {
    let (company, user) = what.ids();
    let r = sqlx::query!(
        r#"SELECT coalesce(array_agg(g.first_name || ' ' || g.last_name ORDER BY g.last_name, g.first_name, g.id),
                           '{}') AS "names!",
                  coalesce(bool_or(f.agent_id = $3), false) AS "mine!"
           FROM follows f JOIN agents g ON g.id = f.agent_id AND g.active
           WHERE f.company_id = $1 OR f.customer_user_id = $2"#,
        company,
        user,
        agent.0,
    )
    .fetch_one(db)
    .await?;
    Ok((r.names, r.mine))
}

/// Follows (`on`) or unfollows `what`; doing it twice changes nothing.
pub async fn set(
    db: impl PgExecutor<'_>,
    what: Followed,
    agent: AgentId,
    on: bool,
) -> sqlx::Result<()> {
    let (company, user) = what.ids();
    if on {
        sqlx::query!(
            // The partial unique indexes make a second follow a conflict, which changes nothing.
            "INSERT INTO follows (agent_id, company_id, customer_user_id) VALUES ($1, $2, $3)
             ON CONFLICT DO NOTHING",
            agent.0,
            company,
            user,
        )
        .execute(db)
        .await?;
    } else {
        sqlx::query!(
            "DELETE FROM follows WHERE agent_id = $1 AND (company_id = $2 OR customer_user_id = $3)",
            agent.0,
            company,
            user,
        )
        .execute(db)
        .await?;
    }
    Ok(())
}

/// What the agent follows (label, link; companies first) and the newest `limit` events there, newest first —
/// one statement: each followed object's newest events through its change-record index, then merged.
pub async fn feed(
    db: impl PgExecutor<'_>,
    agent: AgentId,
    limit: i64,
) -> sqlx::Result<(Vec<(String, String)>, Vec<FeedEvent>)> {
    let rows = sqlx::query!(
        r#"WITH f AS (
             SELECT f.company_id, f.customer_user_id,
                    coalesce(k.name || ' (' || k.customer_id || ')', u.first_name || ' ' || u.last_name || ' (' || u.login || ')') AS label,
                    coalesce('/customers/' || k.customer_id, '/customer-users/' || u.login) AS link
             FROM follows f
             LEFT JOIN companies k ON k.id = f.company_id
             LEFT JOIN customer_users u ON u.id = f.customer_user_id
             WHERE f.agent_id = $1),
           followed AS (
             SELECT coalesce(json_agg(json_build_array(label, link) ORDER BY company_id IS NULL, label), '[]')::text AS list
             FROM f),
           ev AS (
             SELECT DISTINCT ON (c.id) c.* FROM (
               SELECT c.id, c.at, c.actor_label, c.object_id, c.object_label, c.action, c.changes, c.company_id,
                      event_kind(c.action, c.changes) AS kind, f.label AS about
               FROM f, LATERAL (
                 SELECT c.* FROM changes c
                 WHERE c.company_id = f.company_id AND event_kind(c.action, c.changes) IS NOT NULL
                 ORDER BY c.id DESC LIMIT $2) c
               UNION ALL
               SELECT c.id, c.at, c.actor_label, c.object_id, c.object_label, c.action, c.changes, c.company_id,
                      coalesce(event_kind(c.action, c.changes), 'activities'), f.label
               FROM f, LATERAL (
                 SELECT c.* FROM changes c
                 WHERE c.customer_user_id = f.customer_user_id
                   AND (event_kind(c.action, c.changes) IS NOT NULL OR c.action = 'activity_participant_create')
                 ORDER BY c.id DESC LIMIT $2) c) c
             ORDER BY c.id DESC),
           newest AS (SELECT * FROM ev ORDER BY id DESC LIMIT $2)
           SELECT d.list AS "followed!", e.id AS "id?", e.at AS "at?", e.actor_label AS "actor?", e.about AS "about?",
                  e.kind AS "kind?",
                  t.what AS "what?", t.detail AS "detail?", t.href
           FROM followed d
           LEFT JOIN newest e ON true
           LEFT JOIN companies k ON k.id = e.company_id
           LEFT JOIN LATERAL event_text(e.kind, e.action, e.object_id, e.object_label, e.changes, k.customer_id) t ON true
           ORDER BY e.id DESC"#,
        agent.0,
        limit,
    )
    .fetch_all(db)
    .await?;
    let followed = rows
        .first()
        .map(|r| serde_json::from_str(&r.followed).unwrap_or_default())
        .unwrap_or_default();
    let events = rows
        .into_iter()
        .filter_map(|r| {
            Some(FeedEvent {
                at: r.at?,
                kind: r.kind?,
                what: r.what?,
                detail: r.detail.unwrap_or_default(),
                href: r.href,
                about: r.about?,
                actor: r.actor?,
            })
        })
        .collect();
    Ok((followed, events))
}
