-- One append-only change record for every write to customer data, and sign-ins in their own table.
--
-- `changes` is written by one trigger function on every recorded table, so no write path can forget it:
-- the actor comes from transaction-local settings (`panorama.actor`, `panorama.client_addr`, set by
-- app::db::changes::begin for agents; the portal's `panorama.contact_id`), falling back to `system`.
-- Ids are stored with label snapshots and without foreign keys, so merged or purged objects keep their
-- history. History, the Overview timeline, follower feeds and the live outbox all read these rows.

CREATE TYPE change_actor AS ENUM ('agent', 'customer_user', 'import', 'system');
-- `history` is what every agent may read about a customer; `security` is for admins only.
CREATE TYPE change_class AS ENUM ('history', 'security');

CREATE TABLE changes (
    id               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    at               timestamptz NOT NULL DEFAULT now(),
    object_kind      text NOT NULL,          -- company, customer_user, customer_user_link, ticket, article
    object_id        bigint NOT NULL,
    object_label     text NOT NULL,          -- snapshot: company name, login, ticket number, ...
    company_id       bigint,                 -- the company whose history this belongs to (no FK on purpose)
    customer_user_id bigint,                 -- the customer user concerned, if any (no FK on purpose)
    actor_kind       change_actor NOT NULL,
    actor_id         bigint,
    actor_label      text NOT NULL,          -- snapshot: the actor's login
    action           text NOT NULL,          -- <object_kind>_create / _update / _delete, or a named event
    changes          jsonb NOT NULL DEFAULT '[]' CHECK (jsonb_typeof(changes) = 'array'),  -- [{field, old, new}]
    class            change_class NOT NULL DEFAULT 'history',
    client_addr      text
);
CREATE INDEX changes_company_idx ON changes (company_id, id DESC) WHERE company_id IS NOT NULL;
CREATE INDEX changes_customer_user_idx ON changes (customer_user_id, id DESC) WHERE customer_user_id IS NOT NULL;

CREATE FUNCTION changes_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'the change record is append-only' USING ERRCODE = 'insufficient_privilege';
END $$;
CREATE TRIGGER changes_no_change BEFORE UPDATE OR DELETE ON changes
    FOR EACH ROW EXECUTE FUNCTION changes_append_only();
CREATE TRIGGER changes_no_truncate BEFORE TRUNCATE ON changes
    FOR EACH STATEMENT EXECUTE FUNCTION changes_append_only();
ALTER TABLE changes ENABLE ALWAYS TRIGGER changes_no_change;
ALTER TABLE changes ENABLE ALWAYS TRIGGER changes_no_truncate;

-- Who is writing, from the transaction's settings.
CREATE FUNCTION change_actor(OUT kind change_actor, OUT actor bigint, OUT label text)
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = public AS $$
DECLARE
    a text := nullif(current_setting('panorama.actor', true), '');
    c text := nullif(current_setting('panorama.contact_id', true), '');
BEGIN
    IF a LIKE 'agent:%' THEN
        kind := 'agent';
        actor := split_part(a, ':', 2)::bigint;
        SELECT login INTO label FROM agents WHERE id = actor;
    ELSIF a = 'import' THEN
        kind := 'import';
    ELSIF c IS NOT NULL THEN
        kind := 'customer_user';
        actor := c::bigint;
        SELECT login INTO label FROM customer_users WHERE id = actor;
    ELSE
        kind := 'system';
    END IF;
    label := coalesce(label, kind::text);
END $$;

-- The readable value of a reference column (a snapshot, so renames and purges leave history readable).
CREATE FUNCTION change_ref_label(field text, v jsonb) RETURNS text
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS $$
    SELECT CASE field
        WHEN 'state_id' THEN (SELECT name FROM states WHERE id = (v #>> '{}')::int)
        WHEN 'queue_id' THEN (SELECT name FROM queues WHERE id = (v #>> '{}')::int)
        WHEN 'priority_id' THEN (SELECT name FROM priorities WHERE id = (v #>> '{}')::int)
        WHEN 'sla_id' THEN (SELECT name FROM slas WHERE id = (v #>> '{}')::int)
        WHEN 'owner_id' THEN (SELECT login FROM agents WHERE id = (v #>> '{}')::bigint)
        WHEN 'responsible_id' THEN (SELECT login FROM agents WHERE id = (v #>> '{}')::bigint)
        WHEN 'author_agent_id' THEN (SELECT login FROM agents WHERE id = (v #>> '{}')::bigint)
        WHEN 'company_id' THEN (SELECT customer_id FROM companies WHERE id = (v #>> '{}')::bigint)
        WHEN 'customer_user_id' THEN (SELECT login FROM customer_users WHERE id = (v #>> '{}')::bigint)
        WHEN 'author_customer_user_id' THEN (SELECT login FROM customer_users WHERE id = (v #>> '{}')::bigint)
        WHEN 'ticket_id' THEN (SELECT number FROM tickets WHERE id = (v #>> '{}')::bigint)
    END
$$;

-- One `{field, old, new}` entry: references as labels (ids kept beside them), secrets never stored.
CREATE FUNCTION change_entry(field text, o jsonb, n jsonb) RETURNS jsonb
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS $$
    SELECT CASE
        WHEN field = 'password_hash' THEN jsonb_build_object('field', 'password',
            'old', CASE WHEN o = 'null' THEN 'not set' ELSE 'set' END,
            'new', CASE WHEN n = 'null' THEN 'not set' ELSE 'set' END)
        WHEN field IN ('state_id', 'queue_id', 'priority_id', 'sla_id', 'owner_id', 'responsible_id',
                       'author_agent_id', 'company_id', 'customer_user_id', 'author_customer_user_id', 'ticket_id')
        THEN jsonb_build_object('field', regexp_replace(field, '_id$', ''),
            'old', to_jsonb(change_ref_label(field, o)), 'new', to_jsonb(change_ref_label(field, n)),
            'old_id', o, 'new_id', n)
        ELSE jsonb_build_object('field', field, 'old', o, 'new', n)
    END
$$;

-- AFTER ROW trigger: TG_ARGV[0] is the object kind, TG_ARGV[1] the columns not recorded (derived or
-- bookkeeping: version, timestamps, due times the escalation trigger computes; an article's immutable body,
-- which the article itself keeps). An update that changes only those records nothing.
CREATE FUNCTION record_change() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
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
    END CASE;
    who := change_actor();
    INSERT INTO changes (object_kind, object_id, object_label, company_id, customer_user_id,
                         actor_kind, actor_id, actor_label, action, changes, client_addr)
    VALUES (kind, obj, label, company, contact, who.kind, who.actor, who.label,
            kind || CASE TG_OP WHEN 'INSERT' THEN '_create' WHEN 'UPDATE' THEN '_update' ELSE '_delete' END,
            diff, nullif(current_setting('panorama.client_addr', true), ''));
    RETURN NULL;
END $$;

-- Not ENABLE ALWAYS: the bulk generator (session_replication_role = replica) writes no history.
CREATE TRIGGER companies_record AFTER INSERT OR UPDATE OR DELETE ON companies
    FOR EACH ROW EXECUTE FUNCTION record_change('company', '{version,created_at,changed_at}');
CREATE TRIGGER customer_users_record AFTER INSERT OR UPDATE OR DELETE ON customer_users
    FOR EACH ROW EXECUTE FUNCTION record_change('customer_user', '{version,created_at,changed_at}');
CREATE TRIGGER customer_user_companies_record AFTER INSERT OR UPDATE OR DELETE ON customer_user_companies
    FOR EACH ROW EXECUTE FUNCTION record_change('customer_user_link', '{}');
CREATE TRIGGER tickets_record AFTER INSERT OR UPDATE OR DELETE ON tickets
    FOR EACH ROW EXECUTE FUNCTION record_change('ticket',
        '{version,created_at,changed_at,state_type,first_response_at,last_customer_article_at,first_response_due,update_due,solution_due,escalation_at}');
CREATE TRIGGER articles_record AFTER INSERT OR UPDATE OR DELETE ON articles
    FOR EACH ROW EXECUTE FUNCTION record_change('article', '{body,created_at}');

-- Sign-ins: not customer history, and personal data with a retention period (server config, deleted by a
-- background job). The typed login is kept only as an HMAC (key below), enough to count failures per account.
CREATE TABLE sign_in_events (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    at          timestamptz NOT NULL DEFAULT now(),
    realm       session_realm NOT NULL,
    succeeded   boolean NOT NULL,
    account_id  bigint,          -- agents.id or customer_users.id by realm; NULL for an unknown login
    login_hmac  bytea,           -- HMAC-SHA256 of the normalised login; NULL only for rows moved from audit_log
    client_addr text NOT NULL
);
CREATE INDEX sign_in_events_failures_idx ON sign_in_events (realm, login_hmac, client_addr, at) WHERE NOT succeeded;
CREATE INDEX sign_in_events_at_idx ON sign_in_events (at);
CREATE FUNCTION sign_in_events_no_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'sign-in events are never changed, only deleted when they expire' USING ERRCODE = 'insufficient_privilege';
END $$;
CREATE TRIGGER sign_in_events_no_update BEFORE UPDATE ON sign_in_events
    FOR EACH ROW EXECUTE FUNCTION sign_in_events_no_update();

-- Server-held keys, made once per database from Postgres's strong random source.
CREATE TABLE app_keys (
    name text PRIMARY KEY,
    key  bytea NOT NULL CHECK (length(key) >= 32)
);
INSERT INTO app_keys (name, key) VALUES ('login_hmac',
    decode(replace(gen_random_uuid()::text || gen_random_uuid()::text || gen_random_uuid()::text, '-', ''), 'hex'));

-- The old audit log moves over: sign-ins to their table (the raw login is dropped, not hashed: the key is
-- the application's), everything else to `changes` with its old detail as one entry.
INSERT INTO sign_in_events (at, realm, succeeded, account_id, client_addr)
SELECT at, CASE WHEN actor_customer_user_id IS NOT NULL OR detail ->> 'realm' = 'Contact' THEN 'contact' ELSE 'agent' END::session_realm,
       event = 'sign_in', coalesce(actor_agent_id, actor_customer_user_id), coalesce(client_addr, 'unknown')
  FROM audit_log WHERE event IN ('sign_in', 'sign_in_failed') ORDER BY id;
INSERT INTO changes (at, object_kind, object_id, object_label, company_id, customer_user_id, actor_kind, actor_id,
                     actor_label, action, changes, class, client_addr)
SELECT l.at,
       CASE WHEN l.event = 'company_edit' THEN 'company' ELSE 'customer_user' END,
       coalesce(CASE WHEN l.event = 'company_edit' THEN l.company_id END, l.target_customer_user_id, l.company_id, 0),
       coalesce(CASE WHEN l.event = 'company_edit' THEN c.name END, t.login, c.name, '?'),
       l.company_id, l.target_customer_user_id,
       CASE WHEN l.actor_agent_id IS NOT NULL THEN 'agent' WHEN l.actor_customer_user_id IS NOT NULL THEN 'customer_user'
            ELSE 'system' END::change_actor,
       coalesce(l.actor_agent_id, l.actor_customer_user_id), coalesce(a.login, u.login, 'system'),
       l.event, jsonb_build_array(jsonb_build_object('field', 'detail', 'old', NULL, 'new', l.detail)),
       CASE WHEN l.event LIKE 'impersonation%' THEN 'security' ELSE 'history' END::change_class,
       l.client_addr
  FROM audit_log l
  LEFT JOIN agents a ON a.id = l.actor_agent_id
  LEFT JOIN customer_users u ON u.id = l.actor_customer_user_id
  LEFT JOIN customer_users t ON t.id = l.target_customer_user_id
  LEFT JOIN companies c ON c.id = l.company_id
 WHERE l.event NOT IN ('sign_in', 'sign_in_failed') ORDER BY l.id;
DROP TABLE audit_log;
DROP FUNCTION audit_log_append_only();
DROP TABLE login_failures;
