//! `agent_views`: one row per (agent, object), written only by the background writer in `crate::views`.
use crate::views::{Seen, ViewKey};
use sqlx::PgPool;
use std::collections::HashMap;

/// Writes one batch in one statement: new pairs get a row, known ones move `last_seen` and add their count.
pub async fn write(pool: &PgPool, batch: &HashMap<ViewKey, Seen>) -> sqlx::Result<()> {
    let (mut agents, mut kinds, mut ids, mut firsts, mut lasts, mut counts) =
        (vec![], vec![], vec![], vec![], vec![], vec![]);
    for (k, s) in batch {
        agents.push(k.agent.0);
        kinds.push(k.kind.key().to_string());
        ids.push(k.id);
        firsts.push(s.first);
        lasts.push(s.last);
        counts.push(s.count);
    }
    sqlx::query!(
        "INSERT INTO agent_views AS v (agent_id, object_kind, object_id, first_seen, last_seen, views)
         SELECT * FROM unnest($1::bigint[], $2::text[], $3::bigint[], $4::timestamptz[], $5::timestamptz[], $6::bigint[])
         ON CONFLICT (agent_id, object_kind, object_id) DO UPDATE
           SET last_seen = greatest(v.last_seen, EXCLUDED.last_seen), views = v.views + EXCLUDED.views",
        &agents,
        &kinds,
        &ids,
        &firsts,
        &lasts,
        &counts,
    )
    .execute(pool)
    .await?;
    Ok(())
}
