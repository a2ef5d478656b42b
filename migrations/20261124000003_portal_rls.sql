-- The portal's second line of defence (issue 5): portal queries run as `panorama_portal`, a role that owns
-- nothing and cannot bypass row-level security, with the contact's id set per transaction
-- (set_config('panorama.contact_id', id, true)). No identity means no rows.

-- Roles are cluster-wide and sqlx::test databases share the cluster: create once, tolerate a concurrent twin.
DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'panorama_portal') THEN
        CREATE ROLE panorama_portal NOLOGIN NOSUPERUSER NOBYPASSRLS NOINHERIT;
    END IF;
EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL;
END $$;
-- The app's own role switches to it per transaction (a superuser may anyway; an owner role needs this).
DO $$
BEGIN
    EXECUTE format('GRANT panorama_portal TO %I', current_user);
EXCEPTION WHEN duplicate_object OR unique_violation OR invalid_grant_operation THEN NULL;
END $$;

-- Who is asking. NULLIF: an unset or empty setting is no identity.
CREATE FUNCTION portal_contact() RETURNS bigint LANGUAGE sql STABLE
    AS $$ SELECT NULLIF(current_setting('panorama.contact_id', true), '')::bigint $$;

-- The contact's companies for one purpose. SECURITY DEFINER: they read customer_user_companies past its own
-- policy (which would otherwise recurse); they only ever answer for the current identity.
CREATE FUNCTION portal_companies() RETURNS bigint[] LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public
    AS $$ SELECT coalesce(array_agg(company_id), '{}') FROM customer_user_companies
          WHERE customer_user_id = portal_contact() $$;
CREATE FUNCTION portal_view_companies() RETURNS bigint[] LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public
    AS $$ SELECT coalesce(array_agg(company_id), '{}') FROM customer_user_companies
          WHERE customer_user_id = portal_contact() AND may_view_org $$;
CREATE FUNCTION portal_cancel_companies() RETURNS bigint[] LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public
    AS $$ SELECT coalesce(array_agg(company_id), '{}') FROM customer_user_companies
          WHERE customer_user_id = portal_contact() AND may_view_org AND may_cancel_org $$;

-- Colleagues: contacts linked to a company whose requests the contact may view (their names are on them).
CREATE FUNCTION portal_colleagues() RETURNS bigint[] LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public
    AS $$ SELECT coalesce(array_agg(DISTINCT customer_user_id), '{}') FROM customer_user_companies
          WHERE company_id = ANY (portal_view_companies()) $$;

-- Ticket writes by the portal role still keep due times and counters exact: the trigger functions run as
-- their owner, since the portal role has no rights on the counter tables.
ALTER FUNCTION tickets_compute_due() SECURITY DEFINER SET search_path = public, pg_temp;
ALTER FUNCTION ticket_counts_track() SECURITY DEFINER SET search_path = public, pg_temp;
ALTER FUNCTION ticket_counts_apply_delta() SECURITY DEFINER SET search_path = public, pg_temp;

-- A new ticket's number (spec: YYYYMMDD + zero-padded sequence), callable without rights on the sequence.
CREATE FUNCTION next_ticket_number() RETURNS text LANGUAGE sql VOLATILE SECURITY DEFINER SET search_path = public
    AS $$ SELECT to_char(now(), 'YYYYMMDD') || lpad(nextval('ticket_number_seq')::text, 8, '0') $$;
-- Requests from the portal get the first admin as owner until an agent takes them.
CREATE FUNCTION portal_default_owner() RETURNS bigint LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public
    AS $$ SELECT id FROM agents WHERE active ORDER BY role = 'admin' DESC, id LIMIT 1 $$;

GRANT USAGE ON SCHEMA public TO panorama_portal;
GRANT SELECT ON states, priorities, queues TO panorama_portal;
GRANT SELECT ON tickets, articles, companies, customer_users, customer_user_companies,
    ticket_counts, customer_user_ticket_counts TO panorama_portal;
GRANT INSERT ON tickets, articles TO panorama_portal;
GRANT UPDATE (state_id, state_type, locked, pending_until, changed_at, last_customer_article_at, version)
    ON tickets TO panorama_portal;
GRANT UPDATE (password_hash, changed_at, version) ON customer_users TO panorama_portal;
GRANT EXECUTE ON FUNCTION portal_contact(), portal_companies(), portal_view_companies(), portal_cancel_companies(),
    portal_colleagues(), next_ticket_number(), portal_default_owner() TO panorama_portal;

-- Company requests, newest change first (keyset on changed_at, id).
CREATE INDEX tickets_company_changed_idx ON tickets (company_id, changed_at DESC, id DESC);

ALTER TABLE tickets ENABLE ROW LEVEL SECURITY;
ALTER TABLE articles ENABLE ROW LEVEL SECURITY;
ALTER TABLE companies ENABLE ROW LEVEL SECURITY;
ALTER TABLE customer_users ENABLE ROW LEVEL SECURITY;
ALTER TABLE customer_user_companies ENABLE ROW LEVEL SECURITY;
ALTER TABLE ticket_counts ENABLE ROW LEVEL SECURITY;
ALTER TABLE customer_user_ticket_counts ENABLE ROW LEVEL SECURITY;

-- Agents (the app's own role, which owns the tables) are not subject to these policies: agent access stays as
-- fast as before. Every policy below is for the portal role only. `(SELECT f())` is evaluated once per query.
CREATE POLICY portal_read ON tickets FOR SELECT TO panorama_portal
    USING (customer_user_id = portal_contact() OR company_id = ANY ((SELECT portal_view_companies())::bigint[]));
-- Replies and cancels: own requests, or a colleague's in a company whose requests the contact may view;
-- closing a colleague's request additionally needs "may cancel organization requests" there.
CREATE POLICY portal_update ON tickets FOR UPDATE TO panorama_portal
    USING (customer_user_id = portal_contact() OR company_id = ANY ((SELECT portal_view_companies())::bigint[]))
    WITH CHECK (customer_user_id = portal_contact()
                OR (company_id = ANY ((SELECT portal_view_companies())::bigint[])
                    AND (state_type <> 'closed' OR company_id = ANY ((SELECT portal_cancel_companies())::bigint[]))));
CREATE POLICY portal_create ON tickets FOR INSERT TO panorama_portal
    WITH CHECK (customer_user_id = portal_contact() AND company_id = ANY ((SELECT portal_companies())::bigint[]));

CREATE POLICY portal_read ON articles FOR SELECT TO panorama_portal
    USING (customer_visible AND EXISTS (SELECT 1 FROM tickets t WHERE t.id = ticket_id));
CREATE POLICY portal_create ON articles FOR INSERT TO panorama_portal
    WITH CHECK (sender = 'customer' AND customer_visible AND author_customer_user_id = portal_contact()
                AND author_agent_id IS NULL AND EXISTS (SELECT 1 FROM tickets t WHERE t.id = ticket_id));

CREATE POLICY portal_read ON companies FOR SELECT TO panorama_portal
    USING (id = ANY ((SELECT portal_companies())::bigint[]));
CREATE POLICY portal_read ON customer_users FOR SELECT TO panorama_portal
    USING (id = portal_contact() OR id = ANY ((SELECT portal_colleagues())::bigint[]));
CREATE POLICY portal_update ON customer_users FOR UPDATE TO panorama_portal
    USING (id = portal_contact()) WITH CHECK (id = portal_contact());
CREATE POLICY portal_read ON customer_user_companies FOR SELECT TO panorama_portal
    USING (customer_user_id = portal_contact());
CREATE POLICY portal_read ON ticket_counts FOR SELECT TO panorama_portal
    USING (company_id = ANY ((SELECT portal_view_companies())::bigint[]));
CREATE POLICY portal_read ON customer_user_ticket_counts FOR SELECT TO panorama_portal
    USING (customer_user_id = portal_contact());
