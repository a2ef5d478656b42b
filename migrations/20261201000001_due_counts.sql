-- Exact counts of the time-dependent sets (issue 7) without counting their tickets on every CIC view.
-- "Escalated" (escalation_at <= now) and "reminder reached" (pending_reminder, pending_until <= now) grow as
-- time passes, with no write to hook a counter on. So the counters are kept for a moving instant instead:
-- due_counts holds, per company/queue/owner/lock, how many tickets were due at the watermark. Ticket
-- changes keep them exact against that watermark (the counter trigger below, same transaction), and
-- due_counts_advance() moves the watermark forward by adding the tickets that fell due in between. A view
-- reads the counters plus the few tickets between the watermark and its own clock (a short range of the
-- partial indexes): on a 100k-ticket company that is a handful of index entries instead of ~7,000.
--
-- Why a watermark move and a ticket change never miscount: both take the advisory lock DUE_LOCK (a change
-- shared, a move exclusive, and a move only tries, so it never queues ahead of writers). A change therefore
-- counts its old and new rows against the one watermark that stands until it commits, and a move counts
-- (with a snapshot taken after the lock) only committed rows. Both rely on READ COMMITTED's statement
-- snapshots, the isolation level every ticket write here uses.

CREATE TYPE due_kind AS ENUM ('escalated', 'reminder');

CREATE TABLE due_watermark (
    only_row boolean PRIMARY KEY DEFAULT true CHECK (only_row),
    at       timestamptz NOT NULL
);
-- -infinity: nothing counted yet; the first move counts every due ticket once.
INSERT INTO due_watermark (at) VALUES ('-infinity');

CREATE TABLE due_counts (
    company_id bigint   NOT NULL REFERENCES companies (id),
    kind       due_kind NOT NULL,
    queue_id   integer  NOT NULL REFERENCES queues (id),
    owner_id   bigint   NOT NULL REFERENCES agents (id),
    locked     boolean  NOT NULL,
    n          bigint   NOT NULL CHECK (n >= 0),
    PRIMARY KEY (company_id, kind, queue_id, owner_id, locked)
);
-- Agents only: the portal role gets no grant, and RLS without a policy is a second "no".
ALTER TABLE due_counts ENABLE ROW LEVEL SECURITY;

-- The lock both sides take ('PANO' as a number; any constant the app uses nowhere else).
CREATE FUNCTION due_lock() RETURNS bigint LANGUAGE sql IMMUTABLE AS $$ SELECT 1346457167::bigint $$;

-- The counter trigger now also records each row's due times (a new temp table name: sessions that made the
-- old one keep it, with the old columns).
CREATE OR REPLACE FUNCTION ticket_counts_track() RETURNS trigger LANGUAGE plpgsql
    SECURITY DEFINER SET search_path = public, pg_temp AS $$
BEGIN
    IF to_regclass('pg_temp.ticket_changes') IS NULL THEN CREATE TEMP TABLE ticket_changes (
        company_id bigint, state_type state_type, queue_id integer, owner_id bigint, locked boolean,
        customer_user_id bigint, escalation_at timestamptz, pending_until timestamptz, d integer); END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        INSERT INTO pg_temp.ticket_changes
        SELECT company_id, state_type, queue_id, owner_id, locked, customer_user_id, escalation_at, pending_until, 1
        FROM new_rows;
    END IF;
    IF TG_OP IN ('DELETE', 'UPDATE') THEN
        INSERT INTO pg_temp.ticket_changes
        SELECT company_id, state_type, queue_id, owner_id, locked, customer_user_id, escalation_at, pending_until, -1
        FROM old_rows;
    END IF;
    PERFORM ticket_counts_apply_delta();
    RETURN NULL;
END $$;

-- Applies the recorded changes to all three counter tables: increments upsert, decrements update rows that
-- must exist (a CHECK is tested before ON CONFLICT, so a negative insert would fail). Keys are sorted so
-- concurrent transactions lock counter rows in the same order.
CREATE OR REPLACE FUNCTION ticket_counts_apply_delta() RETURNS void LANGUAGE plpgsql
    SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE w timestamptz;
BEGIN
    INSERT INTO ticket_counts AS c (company_id, state_type, queue_id, owner_id, locked, n)
    SELECT company_id, state_type, queue_id, owner_id, locked, sum(d) FROM pg_temp.ticket_changes
    GROUP BY 1, 2, 3, 4, 5 HAVING sum(d) > 0 ORDER BY 1, 2, 3, 4, 5
    ON CONFLICT (company_id, state_type, queue_id, owner_id, locked) DO UPDATE SET n = c.n + EXCLUDED.n;
    UPDATE ticket_counts c SET n = c.n + x.d FROM (
        SELECT company_id, state_type, queue_id, owner_id, locked, sum(d) AS d FROM pg_temp.ticket_changes
        GROUP BY 1, 2, 3, 4, 5 HAVING sum(d) < 0 ORDER BY 1, 2, 3, 4, 5) x
    WHERE (c.company_id, c.state_type, c.queue_id, c.owner_id, c.locked)
        = (x.company_id, x.state_type, x.queue_id, x.owner_id, x.locked);
    INSERT INTO customer_user_ticket_counts AS c (customer_user_id, state_type, n)
    SELECT customer_user_id, state_type, sum(d) FROM pg_temp.ticket_changes WHERE customer_user_id IS NOT NULL
    GROUP BY 1, 2 HAVING sum(d) > 0 ORDER BY 1, 2
    ON CONFLICT (customer_user_id, state_type) DO UPDATE SET n = c.n + EXCLUDED.n;
    UPDATE customer_user_ticket_counts c SET n = c.n + x.d FROM (
        SELECT customer_user_id, state_type, sum(d) AS d FROM pg_temp.ticket_changes WHERE customer_user_id IS NOT NULL
        GROUP BY 1, 2 HAVING sum(d) < 0 ORDER BY 1, 2) x
    WHERE (c.customer_user_id, c.state_type) = (x.customer_user_id, x.state_type);

    -- The due sets, against the watermark that stands until this transaction ends (see the top).
    PERFORM pg_advisory_xact_lock_shared(due_lock());
    SELECT at INTO w FROM due_watermark;
    IF to_regclass('pg_temp.due_changes') IS NULL THEN CREATE TEMP TABLE due_changes (
        company_id bigint, kind due_kind, queue_id integer, owner_id bigint, locked boolean, d bigint); END IF;
    INSERT INTO pg_temp.due_changes
    SELECT x.company_id, k.kind, x.queue_id, x.owner_id, x.locked, sum(x.d) FROM pg_temp.ticket_changes x
    CROSS JOIN LATERAL (VALUES ('escalated'::due_kind, x.escalation_at <= w),
                               ('reminder'::due_kind, x.state_type = 'pending_reminder' AND x.pending_until <= w))
        AS k (kind, due)
    WHERE k.due GROUP BY 1, 2, 3, 4, 5 HAVING sum(x.d) <> 0;
    INSERT INTO due_counts AS c (company_id, kind, queue_id, owner_id, locked, n)
    SELECT company_id, kind, queue_id, owner_id, locked, d FROM pg_temp.due_changes
    WHERE d > 0 ORDER BY 1, 2, 3, 4, 5
    ON CONFLICT (company_id, kind, queue_id, owner_id, locked) DO UPDATE SET n = c.n + EXCLUDED.n;
    UPDATE due_counts c SET n = c.n + x.d FROM (
        SELECT * FROM pg_temp.due_changes WHERE d < 0 ORDER BY 1, 2, 3, 4, 5) x
    WHERE (c.company_id, c.kind, c.queue_id, c.owner_id, c.locked)
        = (x.company_id, x.kind, x.queue_id, x.owner_id, x.locked);
    TRUNCATE pg_temp.due_changes, pg_temp.ticket_changes;
END $$;

-- Moves the watermark to `upto` (never back) and counts the tickets that fell due in between. Returns false,
-- without waiting, when ticket writes hold the lock: the next tick moves it (the counts are exact either way;
-- a lagging watermark only makes views count a longer range).
CREATE FUNCTION due_counts_advance(upto timestamptz) RETURNS boolean LANGUAGE plpgsql
    SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE w timestamptz;
BEGIN
    IF NOT pg_try_advisory_xact_lock(due_lock()) THEN RETURN false; END IF;
    SELECT at INTO w FROM due_watermark;
    IF upto <= w THEN RETURN true; END IF;
    INSERT INTO due_counts AS c (company_id, kind, queue_id, owner_id, locked, n)
    SELECT company_id, kind, queue_id, owner_id, locked, count(*) FROM (
        SELECT company_id, 'escalated'::due_kind AS kind, queue_id, owner_id, locked FROM tickets
        WHERE escalation_at > w AND escalation_at <= upto
        UNION ALL
        SELECT company_id, 'reminder'::due_kind, queue_id, owner_id, locked FROM tickets
        WHERE state_type = 'pending_reminder' AND pending_until > w AND pending_until <= upto) fell_due
    GROUP BY 1, 2, 3, 4, 5 ORDER BY 1, 2, 3, 4, 5
    ON CONFLICT (company_id, kind, queue_id, owner_id, locked) DO UPDATE SET n = c.n + EXCLUDED.n;
    UPDATE due_watermark SET at = upto;
    RETURN true;
END $$;
