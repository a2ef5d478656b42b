-- Panorama domain schema. Ids are surrogate bigints; customer_id/login are the human keys.
CREATE EXTENSION IF NOT EXISTS pg_trgm;

CREATE TABLE companies (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    customer_id text NOT NULL CONSTRAINT companies_customer_id_key UNIQUE
                CONSTRAINT companies_customer_id_format CHECK (customer_id ~ '^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$'),
    name        text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    street      text NOT NULL DEFAULT '',
    zip         text NOT NULL DEFAULT '',
    city        text NOT NULL DEFAULT '',
    country     text NOT NULL DEFAULT '',
    url         text NOT NULL DEFAULT '',
    comment     text NOT NULL DEFAULT '',
    valid       boolean NOT NULL DEFAULT true,
    version     integer NOT NULL DEFAULT 1,
    created_at  timestamptz NOT NULL DEFAULT now(),
    changed_at  timestamptz NOT NULL DEFAULT now()
);
-- Substring search ("acm" finds ACME-01) is answered by a trigram index, not a scan.
CREATE INDEX companies_search_idx ON companies USING gin (lower(customer_id || ' ' || name) gin_trgm_ops);

CREATE TABLE customer_users (
    id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    login         text NOT NULL CHECK (length(login) BETWEEN 1 AND 100),
    email         text NOT NULL CHECK (email ~ '^[^@\s]+@[^@\s]+$'),
    first_name    text NOT NULL DEFAULT '',
    last_name     text NOT NULL DEFAULT '',
    phone         text NOT NULL DEFAULT '',
    title         text NOT NULL DEFAULT '',
    company_id    bigint NOT NULL REFERENCES companies (id),   -- the primary company
    password_hash text,
    active        boolean NOT NULL DEFAULT true,
    version       integer NOT NULL DEFAULT 1,
    created_at    timestamptz NOT NULL DEFAULT now(),
    changed_at    timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX customer_users_login_key ON customer_users (lower(login));
CREATE UNIQUE INDEX customer_users_email_key ON customer_users (lower(email));
CREATE INDEX customer_users_search_idx ON customer_users
    USING gin (lower(login || ' ' || email || ' ' || first_name || ' ' || last_name) gin_trgm_ops);

-- A contact's companies (the primary one too) and the portal permissions that belong to each pair.
CREATE TABLE customer_user_companies (
    customer_user_id bigint NOT NULL REFERENCES customer_users (id) ON DELETE CASCADE,
    company_id       bigint NOT NULL REFERENCES companies (id),
    may_view_org     boolean NOT NULL DEFAULT false,
    may_cancel_org   boolean NOT NULL DEFAULT false,
    org_admin        boolean NOT NULL DEFAULT false,
    PRIMARY KEY (customer_user_id, company_id)
);
CREATE INDEX customer_user_companies_company_idx ON customer_user_companies (company_id, customer_user_id);

CREATE TYPE agent_role AS ENUM ('admin', 'agent');
CREATE TABLE agents (
    id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    login         text NOT NULL,
    email         text NOT NULL,
    first_name    text NOT NULL DEFAULT '',
    last_name     text NOT NULL DEFAULT '',
    password_hash text,
    role          agent_role NOT NULL DEFAULT 'agent',
    active        boolean NOT NULL DEFAULT true,
    time_zone     text NOT NULL DEFAULT 'UTC',
    created_at    timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX agents_login_key ON agents (lower(login));
CREATE UNIQUE INDEX agents_email_key ON agents (lower(email));

CREATE TABLE queues (
    id               integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name             text NOT NULL UNIQUE,
    customer_visible boolean NOT NULL DEFAULT false,
    is_default       boolean NOT NULL DEFAULT false
);
CREATE UNIQUE INDEX queues_one_default ON queues (is_default) WHERE is_default;

CREATE TABLE agent_queues (
    agent_id bigint  NOT NULL REFERENCES agents (id) ON DELETE CASCADE,
    queue_id integer NOT NULL REFERENCES queues (id) ON DELETE CASCADE,
    PRIMARY KEY (agent_id, queue_id)
);

-- The spec's one table of what each state counts as.
CREATE TYPE state_type AS ENUM ('new', 'open', 'pending_reminder', 'pending_auto', 'closed', 'merged', 'removed');
CREATE TABLE states (
    id   smallint PRIMARY KEY,
    name text NOT NULL UNIQUE,
    type state_type NOT NULL,
    UNIQUE (id, type)
);
INSERT INTO states (id, name, type) VALUES
    (1, 'new', 'new'), (2, 'open', 'open'), (3, 'pending reminder', 'pending_reminder'),
    (4, 'pending auto close+', 'pending_auto'), (5, 'pending auto close-', 'pending_auto'),
    (6, 'closed successful', 'closed'), (7, 'closed unsuccessful', 'closed'), (8, 'closed cancelled', 'closed'),
    (9, 'merged', 'merged'), (10, 'removed', 'removed');

CREATE TABLE priorities (
    id   smallint PRIMARY KEY,
    name text NOT NULL UNIQUE
);
INSERT INTO priorities (id, name) VALUES (1, '1 very low'), (2, '2 low'), (3, '3 normal'), (4, '4 high'), (5, '5 very high');

CREATE TABLE slas (
    id                     integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name                   text NOT NULL UNIQUE,
    first_response_minutes integer CHECK (first_response_minutes > 0),
    update_minutes         integer CHECK (update_minutes > 0),
    solution_minutes       integer CHECK (solution_minutes > 0)
);

CREATE SEQUENCE ticket_number_seq;

CREATE TABLE tickets (
    id                       bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    number                   text NOT NULL CONSTRAINT tickets_number_key UNIQUE,
    title                    text NOT NULL CHECK (length(title) BETWEEN 1 AND 255),
    queue_id                 integer NOT NULL REFERENCES queues (id),
    state_id                 smallint NOT NULL,
    -- Denormalised so the CIC's indexes and counters can key on it; the composite key keeps it honest.
    state_type               state_type NOT NULL,
    priority_id              smallint NOT NULL REFERENCES priorities (id),
    locked                   boolean NOT NULL DEFAULT false,
    owner_id                 bigint NOT NULL REFERENCES agents (id),
    responsible_id           bigint REFERENCES agents (id),
    company_id               bigint NOT NULL REFERENCES companies (id),
    customer_user_id         bigint REFERENCES customer_users (id),
    sla_id                   integer REFERENCES slas (id),
    created_at               timestamptz NOT NULL DEFAULT now(),
    changed_at               timestamptz NOT NULL DEFAULT now(),
    pending_until            timestamptz,
    first_response_at        timestamptz,  -- first customer-visible agent article
    last_customer_article_at timestamptz,
    first_response_due       timestamptz,
    update_due               timestamptz,
    solution_due             timestamptz,
    escalation_at            timestamptz,
    version                  integer NOT NULL DEFAULT 1,
    FOREIGN KEY (state_id, state_type) REFERENCES states (id, type),
    CONSTRAINT tickets_pending_until_only_pending
        CHECK (pending_until IS NULL OR state_type IN ('pending_reminder', 'pending_auto')),
    CONSTRAINT tickets_escalation_is_earliest_due
        CHECK (escalation_at IS NOT DISTINCT FROM least(first_response_due, update_due, solution_due))
);

-- Escalation rules (spec "Escalation"), kept in one place: every insert or update that touches an input
-- recomputes the due times in the same statement, so no code path can leave them stale.
CREATE FUNCTION tickets_compute_due() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE s slas%ROWTYPE;
BEGIN
    NEW.first_response_due := NULL; NEW.update_due := NULL; NEW.solution_due := NULL;
    IF NEW.state_type IN ('new', 'open') AND NEW.sla_id IS NOT NULL THEN
        SELECT * INTO s FROM slas WHERE id = NEW.sla_id;
        IF NEW.first_response_at IS NULL AND s.first_response_minutes IS NOT NULL THEN
            NEW.first_response_due := NEW.created_at + make_interval(mins => s.first_response_minutes);
        END IF;
        IF NEW.last_customer_article_at IS NOT NULL AND s.update_minutes IS NOT NULL THEN
            NEW.update_due := NEW.last_customer_article_at + make_interval(mins => s.update_minutes);
        END IF;
        IF s.solution_minutes IS NOT NULL THEN
            NEW.solution_due := NEW.created_at + make_interval(mins => s.solution_minutes);
        END IF;
    END IF;
    NEW.escalation_at := least(NEW.first_response_due, NEW.update_due, NEW.solution_due);
    RETURN NEW;
END $$;
CREATE TRIGGER tickets_compute_due BEFORE INSERT OR UPDATE OF state_type, sla_id, created_at, first_response_at,
    last_customer_article_at, first_response_due, update_due, solution_due, escalation_at
    ON tickets FOR EACH ROW EXECUTE FUNCTION tickets_compute_due();

-- Lists of the CIC: per company and state type, newest first, keyset on (created_at, id).
CREATE INDEX tickets_company_state_idx ON tickets (company_id, state_type, created_at DESC, id DESC);
-- The time-dependent sets are small: partial indexes answer them (escalated, reminder reached).
CREATE INDEX tickets_escalation_idx ON tickets (company_id, escalation_at, id) WHERE escalation_at IS NOT NULL;
CREATE INDEX tickets_reminder_idx ON tickets (company_id, pending_until, id) WHERE state_type = 'pending_reminder';
CREATE INDEX tickets_customer_user_idx ON tickets (customer_user_id, state_type, changed_at DESC, id DESC);
CREATE INDEX tickets_owner_locked_idx ON tickets (owner_id, company_id) WHERE locked;

CREATE TYPE article_sender AS ENUM ('agent', 'customer', 'system');
CREATE TYPE article_channel AS ENUM ('phone', 'email', 'portal', 'note');
CREATE TABLE articles (
    id                      bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    ticket_id               bigint NOT NULL REFERENCES tickets (id) ON DELETE CASCADE,
    sender                  article_sender NOT NULL,
    channel                 article_channel NOT NULL,
    customer_visible        boolean NOT NULL,
    author_agent_id         bigint REFERENCES agents (id),
    author_customer_user_id bigint REFERENCES customer_users (id),
    body                    text NOT NULL CHECK (length(body) BETWEEN 1 AND 100000),
    created_at              timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT articles_note_is_internal CHECK (channel <> 'note' OR NOT customer_visible)
);
CREATE INDEX articles_ticket_idx ON articles (ticket_id, created_at, id);

-- Exact per-company counters, kept by statement triggers in the same transaction as each ticket change.
-- The CIC answers every state/queue/owner/lock count from here instead of counting tickets.
CREATE TABLE ticket_counts (
    company_id bigint     NOT NULL REFERENCES companies (id),
    state_type state_type NOT NULL,
    queue_id   integer    NOT NULL REFERENCES queues (id),
    owner_id   bigint     NOT NULL REFERENCES agents (id),
    locked     boolean    NOT NULL,
    n          bigint     NOT NULL CHECK (n >= 0),
    PRIMARY KEY (company_id, state_type, queue_id, owner_id, locked)
);
CREATE TABLE customer_user_ticket_counts (
    customer_user_id bigint     NOT NULL REFERENCES customer_users (id) ON DELETE CASCADE,
    state_type       state_type NOT NULL,
    n                bigint     NOT NULL CHECK (n >= 0),
    PRIMARY KEY (customer_user_id, state_type)
);

-- Applies a delta (key, d) to both counter tables: increments upsert, decrements update rows that must exist.
-- Keys are sorted so concurrent transactions lock counter rows in the same order.
CREATE FUNCTION ticket_counts_apply_delta() RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO ticket_counts AS c (company_id, state_type, queue_id, owner_id, locked, n)
    SELECT company_id, state_type, queue_id, owner_id, locked, sum(d) FROM pg_temp.ticket_delta
    GROUP BY 1, 2, 3, 4, 5 HAVING sum(d) > 0 ORDER BY 1, 2, 3, 4, 5
    ON CONFLICT (company_id, state_type, queue_id, owner_id, locked) DO UPDATE SET n = c.n + EXCLUDED.n;
    UPDATE ticket_counts c SET n = c.n + x.d FROM (
        SELECT company_id, state_type, queue_id, owner_id, locked, sum(d) AS d FROM pg_temp.ticket_delta
        GROUP BY 1, 2, 3, 4, 5 HAVING sum(d) < 0 ORDER BY 1, 2, 3, 4, 5) x
    WHERE (c.company_id, c.state_type, c.queue_id, c.owner_id, c.locked)
        = (x.company_id, x.state_type, x.queue_id, x.owner_id, x.locked);
    INSERT INTO customer_user_ticket_counts AS c (customer_user_id, state_type, n)
    SELECT customer_user_id, state_type, sum(d) FROM pg_temp.ticket_delta WHERE customer_user_id IS NOT NULL
    GROUP BY 1, 2 HAVING sum(d) > 0 ORDER BY 1, 2
    ON CONFLICT (customer_user_id, state_type) DO UPDATE SET n = c.n + EXCLUDED.n;
    UPDATE customer_user_ticket_counts c SET n = c.n + x.d FROM (
        SELECT customer_user_id, state_type, sum(d) AS d FROM pg_temp.ticket_delta WHERE customer_user_id IS NOT NULL
        GROUP BY 1, 2 HAVING sum(d) < 0 ORDER BY 1, 2) x
    WHERE (c.customer_user_id, c.state_type) = (x.customer_user_id, x.state_type);
    TRUNCATE pg_temp.ticket_delta;
END $$;

CREATE FUNCTION ticket_counts_track() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF to_regclass('pg_temp.ticket_delta') IS NULL THEN CREATE TEMP TABLE ticket_delta (
        company_id bigint, state_type state_type, queue_id integer, owner_id bigint, locked boolean,
        customer_user_id bigint, d integer); END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        INSERT INTO pg_temp.ticket_delta
        SELECT company_id, state_type, queue_id, owner_id, locked, customer_user_id, 1 FROM new_rows;
    END IF;
    IF TG_OP IN ('DELETE', 'UPDATE') THEN
        INSERT INTO pg_temp.ticket_delta
        SELECT company_id, state_type, queue_id, owner_id, locked, customer_user_id, -1 FROM old_rows;
    END IF;
    PERFORM ticket_counts_apply_delta();
    RETURN NULL;
END $$;
CREATE TRIGGER ticket_counts_ins AFTER INSERT ON tickets REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION ticket_counts_track();
CREATE TRIGGER ticket_counts_upd AFTER UPDATE ON tickets REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION ticket_counts_track();
CREATE TRIGGER ticket_counts_del AFTER DELETE ON tickets REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION ticket_counts_track();

-- Per-agent dashboard layout: one row per (agent, dashboard, widget); absent rows mean "default".
CREATE TABLE widget_prefs (
    agent_id   bigint   NOT NULL REFERENCES agents (id) ON DELETE CASCADE,
    dashboard  text     NOT NULL CHECK (dashboard IN ('cic', 'cuic')),
    widget     text     NOT NULL CHECK (widget ~ '^[a-z_]{1,40}$'),
    position   smallint NOT NULL,
    visible    boolean  NOT NULL DEFAULT true,
    tab        text     CHECK (tab IN ('locked', 'my_queues', 'all')),
    page_size  smallint CHECK (page_size BETWEEN 5 AND 50),
    columns    text[],
    sort       text,
    PRIMARY KEY (agent_id, dashboard, widget)
);

-- Server-side sessions; the cookie holds a random token, the table only its SHA-256.
CREATE TYPE session_realm AS ENUM ('agent', 'contact');
CREATE TABLE sessions (
    token_hash       bytea PRIMARY KEY,
    realm            session_realm NOT NULL,
    agent_id         bigint REFERENCES agents (id) ON DELETE CASCADE,
    customer_user_id bigint REFERENCES customer_users (id) ON DELETE CASCADE,
    impersonating    bigint REFERENCES customer_users (id) ON DELETE SET NULL,
    created_at       timestamptz NOT NULL DEFAULT now(),
    last_seen_at     timestamptz NOT NULL DEFAULT now(),
    expires_at       timestamptz NOT NULL,
    CONSTRAINT sessions_realm_owner CHECK (
        (realm = 'agent' AND agent_id IS NOT NULL AND customer_user_id IS NULL)
        OR (realm = 'contact' AND customer_user_id IS NOT NULL AND agent_id IS NULL))
);
CREATE INDEX sessions_agent_idx ON sessions (agent_id) WHERE agent_id IS NOT NULL;
CREATE INDEX sessions_customer_user_idx ON sessions (customer_user_id) WHERE customer_user_id IS NOT NULL;

-- Failed sign-ins only (throttling must never let an attacker lock someone out).
CREATE TABLE login_failures (
    realm       session_realm NOT NULL,
    login       text NOT NULL,
    client_addr text NOT NULL,
    at          timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX login_failures_key_idx ON login_failures (realm, lower(login), client_addr, at);

CREATE TABLE audit_log (
    id                       bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    at                       timestamptz NOT NULL DEFAULT now(),
    event                    text NOT NULL,
    actor_agent_id           bigint REFERENCES agents (id),
    actor_customer_user_id   bigint REFERENCES customer_users (id),
    company_id               bigint REFERENCES companies (id),
    target_customer_user_id  bigint REFERENCES customer_users (id),
    client_addr              text,
    detail                   jsonb NOT NULL DEFAULT '{}'
);
CREATE INDEX audit_log_at_idx ON audit_log (at DESC, id DESC);

-- The bulk data generator skips foreign-key checks with session_replication_role = replica; these triggers
-- keep the derived columns and counters exact even then.
ALTER TABLE tickets ENABLE ALWAYS TRIGGER tickets_compute_due;
ALTER TABLE tickets ENABLE ALWAYS TRIGGER ticket_counts_ins;
ALTER TABLE tickets ENABLE ALWAYS TRIGGER ticket_counts_upd;
ALTER TABLE tickets ENABLE ALWAYS TRIGGER ticket_counts_del;
