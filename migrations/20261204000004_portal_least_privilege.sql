-- Row-level security in depth (issue 17, finding 8): the portal role gets exactly what the portal does.
--
-- 1. SECURITY DEFINER functions resolve names in `public` first and the caller's temporary schema last:
--    with `search_path = public` alone, Postgres still searches pg_temp *first*, so a temporary table named
--    customer_user_companies would have answered the portal policies' questions.
DO $$
DECLARE f regprocedure;
BEGIN
    FOR f IN SELECT p.oid::regprocedure FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
              WHERE n.nspname = 'public' AND p.prosecdef
    LOOP
        EXECUTE format('ALTER FUNCTION %s SET search_path = public, pg_temp', f);
    END LOOP;
END $$;

-- 2. No temporary objects for anyone but the owner (the counter triggers' temporary tables are made by
--    their SECURITY DEFINER functions, as the owner).
DO $$
BEGIN
    EXECUTE format('REVOKE TEMPORARY ON DATABASE %I FROM PUBLIC', current_database());
    EXECUTE format('REVOKE TEMPORARY ON DATABASE %I FROM panorama_portal', current_database());
END $$;

-- 3. Functions are executable by grant only (also the ones made later: a schema's default privileges can only
--    add to the global ones, so the owner's global default is changed), the portal's by name.
REVOKE EXECUTE ON ALL FUNCTIONS IN SCHEMA public FROM PUBLIC;
ALTER DEFAULT PRIVILEGES REVOKE EXECUTE ON FUNCTIONS FROM PUBLIC;
GRANT EXECUTE ON FUNCTION portal_contact(), portal_companies(), portal_view_companies(), portal_cancel_companies(),
    portal_admin_companies(), portal_colleagues(), next_ticket_number(), portal_default_owner(), is_open(state_type)
    TO panorama_portal;

-- 4. Column grants: what the portal reads and writes, nothing else. Not readable: password hashes, the
--    company's internal comment, a ticket's owner, responsible agent, SLA and due times, an article's agent
--    author and channel. Contacts change their password outside this role (app::credentials), so the
--    portal role updates no customer user.
REVOKE ALL ON tickets, articles, companies, customer_users FROM panorama_portal;
GRANT SELECT (id, number, title, queue_id, state_id, state_type, priority_id, locked, company_id, customer_user_id,
              created_at, changed_at, pending_until, last_customer_article_at, version) ON tickets TO panorama_portal;
GRANT INSERT (number, title, queue_id, state_id, state_type, priority_id, owner_id, company_id, customer_user_id,
              last_customer_article_at) ON tickets TO panorama_portal;
GRANT UPDATE (state_id, state_type, locked, pending_until, changed_at, last_customer_article_at, version)
    ON tickets TO panorama_portal;
GRANT SELECT (id, ticket_id, sender, customer_visible, author_customer_user_id, body, created_at)
    ON articles TO panorama_portal;
GRANT INSERT (ticket_id, sender, channel, customer_visible, author_customer_user_id, body) ON articles TO panorama_portal;
GRANT SELECT (id, customer_id, name, street, zip, city, country, url, version, created_at, changed_at, state,
              merged_into) ON companies TO panorama_portal;
GRANT SELECT (id, login, email, first_name, last_name, phone, title, company_id, version, created_at, changed_at,
              state, merged_into, active) ON customer_users TO panorama_portal;
DROP POLICY portal_update ON customer_users;

-- 5. What a portal write may produce. A new request: the contact's own, in a company of theirs, state new,
--    a queue offered to customers, the default owner. An update (reply or cancel): never merged or removed,
--    closed only where the contact may cancel.
DROP POLICY portal_create ON tickets;
CREATE POLICY portal_create ON tickets FOR INSERT TO panorama_portal
    WITH CHECK (customer_user_id = portal_contact() AND company_id = ANY ((SELECT portal_companies())::bigint[])
                AND state_type = 'new'
                AND queue_id IN (SELECT id FROM queues WHERE customer_visible OR is_default)
                AND owner_id IS NOT DISTINCT FROM portal_default_owner());
DROP POLICY portal_update ON tickets;
CREATE POLICY portal_update ON tickets FOR UPDATE TO panorama_portal
    USING (customer_user_id = portal_contact() OR company_id = ANY ((SELECT portal_view_companies())::bigint[]))
    WITH CHECK ((customer_user_id = portal_contact() OR company_id = ANY ((SELECT portal_view_companies())::bigint[]))
                AND (is_open(state_type)
                     OR (state_type = 'closed' AND (customer_user_id = portal_contact()
                                                    OR company_id = ANY ((SELECT portal_cancel_companies())::bigint[])))));
DROP POLICY portal_create ON articles;
CREATE POLICY portal_create ON articles FOR INSERT TO panorama_portal
    WITH CHECK (sender = 'customer' AND channel = 'portal' AND customer_visible
                AND author_customer_user_id = portal_contact() AND author_agent_id IS NULL
                AND EXISTS (SELECT 1 FROM tickets t WHERE t.id = ticket_id));

-- A policy cannot compare a row before and after: this trigger allows the portal role's two ticket updates
-- only — a reply (the customer-article time, changed_at, version) and a cancel (closed, unlocked, nothing
-- pending). Any other state change, or a lock, is refused.
CREATE FUNCTION portal_ticket_update_guard() RETURNS trigger
LANGUAGE plpgsql SET search_path = public, pg_temp AS $$
BEGIN
    IF (NEW.state_id, NEW.state_type, NEW.locked, NEW.pending_until)
       IS NOT DISTINCT FROM (OLD.state_id, OLD.state_type, OLD.locked, OLD.pending_until) THEN
        RETURN NEW;
    END IF;
    IF NEW.state_type = 'closed' AND is_open(OLD.state_type) AND NOT NEW.locked AND NEW.pending_until IS NULL THEN
        RETURN NEW;
    END IF;
    RAISE EXCEPTION 'the portal may reply to a request or cancel it, nothing else'
        USING ERRCODE = 'insufficient_privilege';
END $$;
CREATE TRIGGER tickets_portal_update_guard BEFORE UPDATE ON tickets
    FOR EACH ROW WHEN (current_user = 'panorama_portal') EXECUTE FUNCTION portal_ticket_update_guard();
