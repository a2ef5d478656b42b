-- The SQL fragments several statements share, as SQL functions so that every fixed statement in app/src/db is
-- one literal the compiler checks (`query!`, offline data in .sqlx/). Both are inlined by the planner (an
-- IMMUTABLE one-expression SQL function; a STABLE single-SELECT set-returning SQL function), so plans are
-- those of the statements written out.

-- The open class of state types: all but closed, merged and removed (Company Status, the Customer Users
-- counts, the portal's "open").
CREATE FUNCTION is_open(t state_type) RETURNS boolean
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    RETURN t IN ('new', 'open', 'pending_reminder', 'pending_auto');

-- Every tab count of the CIC's ticket widgets and Company Status for one company, as the agent sees them at
-- `at` (the page's one clock). State counts come from the exact counters; the time-dependent sets (escalated,
-- reminder reached) from their counters at the moving watermark plus the tickets between it and `at`:
-- +1 each when the clock is ahead, -1 when behind.
CREATE FUNCTION cic_counts(company bigint, agent bigint, at timestamptz)
    RETURNS TABLE (new_all bigint, new_locked bigint, new_mq bigint, open_all bigint, open_locked bigint,
                   open_mq bigint, open_class bigint, closed_class bigint, esc_all bigint, esc_locked bigint,
                   esc_mq bigint, rem_all bigint, rem_locked bigint, rem_mq bigint)
    LANGUAGE sql STABLE PARALLEL SAFE
AS $$
    WITH mq AS (SELECT queue_id FROM agent_queues WHERE agent_id = cic_counts.agent),
    c AS (
      SELECT
        coalesce(sum(n) FILTER (WHERE state_type = 'new'), 0)::bigint AS new_all,
        coalesce(sum(n) FILTER (WHERE state_type = 'new' AND locked AND owner_id = cic_counts.agent), 0)::bigint AS new_locked,
        coalesce(sum(n) FILTER (WHERE state_type = 'new' AND mq.queue_id IS NOT NULL), 0)::bigint AS new_mq,
        coalesce(sum(n) FILTER (WHERE state_type = 'open'), 0)::bigint AS open_all,
        coalesce(sum(n) FILTER (WHERE state_type = 'open' AND locked AND owner_id = cic_counts.agent), 0)::bigint AS open_locked,
        coalesce(sum(n) FILTER (WHERE state_type = 'open' AND mq.queue_id IS NOT NULL), 0)::bigint AS open_mq,
        coalesce(sum(n) FILTER (WHERE is_open(state_type)), 0)::bigint AS open_class,
        coalesce(sum(n) FILTER (WHERE state_type = 'closed'), 0)::bigint AS closed_class
      FROM ticket_counts tc LEFT JOIN mq ON mq.queue_id = tc.queue_id
      WHERE tc.company_id = cic_counts.company),
    w AS (SELECT least(w.at, cic_counts.at) AS lo, greatest(w.at, cic_counts.at) AS hi FROM due_watermark w),
    d AS (
      SELECT coalesce(sum(n) FILTER (WHERE kind = 'escalated'), 0)::bigint AS esc_all,
             coalesce(sum(n) FILTER (WHERE kind = 'escalated' AND locked AND owner_id = cic_counts.agent), 0)::bigint AS esc_locked,
             coalesce(sum(n) FILTER (WHERE kind = 'escalated' AND mq.queue_id IS NOT NULL), 0)::bigint AS esc_mq,
             coalesce(sum(n) FILTER (WHERE kind = 'reminder'), 0)::bigint AS rem_all,
             coalesce(sum(n) FILTER (WHERE kind = 'reminder' AND locked AND owner_id = cic_counts.agent), 0)::bigint AS rem_locked,
             coalesce(sum(n) FILTER (WHERE kind = 'reminder' AND mq.queue_id IS NOT NULL), 0)::bigint AS rem_mq
      FROM due_counts dc LEFT JOIN mq ON mq.queue_id = dc.queue_id
      WHERE dc.company_id = cic_counts.company),
    e AS (
      SELECT coalesce(sum(s), 0)::bigint AS esc_all,
             coalesce(sum(s) FILTER (WHERE locked AND owner_id = cic_counts.agent), 0)::bigint AS esc_locked,
             coalesce(sum(s) FILTER (WHERE mq.queue_id IS NOT NULL), 0)::bigint AS esc_mq
      FROM (SELECT t.queue_id, t.owner_id, t.locked, CASE WHEN t.escalation_at <= cic_counts.at THEN 1 ELSE -1 END AS s
            FROM tickets t WHERE t.company_id = cic_counts.company
              AND t.escalation_at > (SELECT lo FROM w) AND t.escalation_at <= (SELECT hi FROM w)) t
      LEFT JOIN mq ON mq.queue_id = t.queue_id),
    r AS (
      SELECT coalesce(sum(s), 0)::bigint AS rem_all,
             coalesce(sum(s) FILTER (WHERE locked AND owner_id = cic_counts.agent), 0)::bigint AS rem_locked,
             coalesce(sum(s) FILTER (WHERE mq.queue_id IS NOT NULL), 0)::bigint AS rem_mq
      FROM (SELECT t.queue_id, t.owner_id, t.locked, CASE WHEN t.pending_until <= cic_counts.at THEN 1 ELSE -1 END AS s
            FROM tickets t WHERE t.company_id = cic_counts.company AND t.state_type = 'pending_reminder'
              AND t.pending_until > (SELECT lo FROM w) AND t.pending_until <= (SELECT hi FROM w)) t
      LEFT JOIN mq ON mq.queue_id = t.queue_id)
    SELECT c.new_all, c.new_locked, c.new_mq, c.open_all, c.open_locked, c.open_mq, c.open_class, c.closed_class,
           d.esc_all + e.esc_all, d.esc_locked + e.esc_locked, d.esc_mq + e.esc_mq,
           d.rem_all + r.rem_all, d.rem_locked + r.rem_locked, d.rem_mq + r.rem_mq
    FROM c, d, e, r
$$;
