-- Issue 18, part 6: alerts on a company ("Post alert"): a short text, a severity, an optional expiry. Active
-- alerts (not ended, not expired at the reader's clock — no job ends them) show as a banner on the CIC, the
-- CUIC of its customer users and the ticket pages of its tickets, read inside those pages' own statements.
-- Internal: the portal role has no grant on the table.
CREATE TYPE alert_severity AS ENUM ('info', 'warning', 'critical');
CREATE TABLE company_alerts (
    id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    company_id bigint NOT NULL REFERENCES companies (id),
    body       text NOT NULL CHECK (length(body) BETWEEN 1 AND 500),
    severity   alert_severity NOT NULL,
    expires_at timestamptz,
    posted_at  timestamptz NOT NULL DEFAULT now(),
    posted_by  bigint NOT NULL REFERENCES agents (id),
    ended_at   timestamptz,
    ended_by   bigint REFERENCES agents (id),
    CHECK ((ended_at IS NULL) = (ended_by IS NULL)),
    CHECK (expires_at IS NULL OR expires_at > posted_at)
);
CREATE INDEX company_alerts_active_idx ON company_alerts (company_id, severity DESC, posted_at DESC)
    WHERE ended_at IS NULL;
ALTER TABLE company_alerts ENABLE ROW LEVEL SECURITY;
CREATE POLICY app_all ON company_alerts TO panorama_app USING (true) WITH CHECK (true);

-- The banner's rows, most severe first, then newest: one function for the three pages' statements.
CREATE FUNCTION active_alerts(companies bigint[], at timestamptz) RETURNS jsonb
LANGUAGE sql STABLE AS $$
    SELECT coalesce(jsonb_agg(jsonb_build_object(
               'id', a.id, 'body', a.body, 'severity', a.severity, 'company', c.name,
               'customer_id', c.customer_id,
               'expires', to_char(a.expires_at AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI "UTC"'))
             ORDER BY a.severity DESC, a.posted_at DESC, a.id DESC), '[]')
    FROM company_alerts a JOIN companies c ON c.id = a.company_id
    WHERE a.company_id = ANY (companies) AND a.ended_at IS NULL AND (a.expires_at IS NULL OR a.expires_at > at)
$$;

-- The change record learns every later object that belongs to a company (alerts here; locations, links,
-- contracts, activities next) in one branch: its own id, its company, the company's label.
CREATE OR REPLACE FUNCTION record_change() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
    kind text := TG_ARGV[0];
    skip text[] := TG_ARGV[1]::text[];
    o jsonb := CASE WHEN TG_OP <> 'INSERT' THEN to_jsonb(OLD) END;
    n jsonb := CASE WHEN TG_OP <> 'DELETE' THEN to_jsonb(NEW) END;
    r jsonb := coalesce(n, o);
    diff jsonb;
    who record;
    obj bigint;
    label text;
    company bigint;
    contact bigint;
BEGIN
    SELECT coalesce(jsonb_agg(change_entry(k, coalesce(o -> k, 'null'), coalesce(n -> k, 'null')) ORDER BY k), '[]')
      INTO diff
      FROM jsonb_object_keys(r) AS f(k)
     WHERE k <> ALL (skip) AND k <> 'id'
       AND coalesce(o -> k, 'null') IS DISTINCT FROM coalesce(n -> k, 'null');
    IF TG_OP = 'UPDATE' AND diff = '[]' THEN
        RETURN NULL;
    END IF;
    CASE kind
    WHEN 'company' THEN
        obj := (r ->> 'id')::bigint; company := obj;
        label := (r ->> 'name') || ' (' || (r ->> 'customer_id') || ')';
    WHEN 'customer_user' THEN
        obj := (r ->> 'id')::bigint; contact := obj; company := (r ->> 'company_id')::bigint;
        label := r ->> 'login';
    WHEN 'customer_user_link' THEN
        obj := (r ->> 'customer_user_id')::bigint; contact := obj; company := (r ->> 'company_id')::bigint;
        label := coalesce(change_ref_label('customer_user_id', r -> 'customer_user_id'), '?') || ' @ '
              || coalesce(change_ref_label('company_id', r -> 'company_id'), '?');
    WHEN 'ticket' THEN
        obj := (r ->> 'id')::bigint; company := (r ->> 'company_id')::bigint;
        contact := (r ->> 'customer_user_id')::bigint; label := r ->> 'number';
    WHEN 'article' THEN
        obj := (r ->> 'id')::bigint;
        SELECT t.company_id, t.customer_user_id, t.number INTO company, contact, label
          FROM tickets t WHERE t.id = (r ->> 'ticket_id')::bigint;
        label := coalesce(label, '?');
    ELSE
        obj := (r ->> 'id')::bigint; company := (r ->> 'company_id')::bigint;
        contact := (r ->> 'customer_user_id')::bigint;
        label := coalesce(change_ref_label('company_id', r -> 'company_id'), '?');
    END CASE;
    who := change_actor();
    INSERT INTO changes (object_kind, object_id, object_label, company_id, customer_user_id,
                         actor_kind, actor_id, actor_label, action, changes, client_addr)
    VALUES (kind, obj, label, company, contact, who.kind, who.actor, who.label,
            kind || CASE TG_OP WHEN 'INSERT' THEN '_create' WHEN 'UPDATE' THEN '_update' ELSE '_delete' END,
            diff, nullif(current_setting('panorama.client_addr', true), ''));
    RETURN NULL;
END $$;
CREATE TRIGGER company_alerts_record AFTER INSERT OR UPDATE OR DELETE ON company_alerts
    FOR EACH ROW EXECUTE FUNCTION record_change('company_alert', '{}');
