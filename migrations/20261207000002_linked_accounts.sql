-- Issue 18, part 5: linked accounts. A company may have one parent account and many children (a corporate
-- structure). Links are written under a transaction-level advisory lock after a cycle check (db::links), so
-- two racing links cannot close a cycle; `company_tree` stops at a repeated company all the same.
ALTER TABLE companies ADD COLUMN parent_id bigint REFERENCES companies (id) CHECK (parent_id <> id);
CREATE INDEX companies_parent_idx ON companies (parent_id) WHERE parent_id IS NOT NULL;

-- A company and all its descendants ("Include child accounts": Company Status, the ticket list).
CREATE FUNCTION company_tree(root bigint) RETURNS TABLE (id bigint)
LANGUAGE sql STABLE PARALLEL SAFE AS $$
    WITH RECURSIVE t (id) AS (
        SELECT root
        UNION
        SELECT c.id FROM companies c JOIN t ON c.parent_id = t.id
    )
    SELECT id FROM t
$$;

-- The change record names the parent (and an alert's agents) instead of showing ids.
CREATE OR REPLACE FUNCTION change_ref_label(field text, v jsonb) RETURNS text
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
    SELECT CASE field
        WHEN 'state_id' THEN (SELECT name FROM states WHERE id = (v #>> '{}')::int)
        WHEN 'queue_id' THEN (SELECT name FROM queues WHERE id = (v #>> '{}')::int)
        WHEN 'priority_id' THEN (SELECT name FROM priorities WHERE id = (v #>> '{}')::int)
        WHEN 'sla_id' THEN (SELECT name FROM slas WHERE id = (v #>> '{}')::int)
        WHEN 'owner_id' THEN (SELECT login FROM agents WHERE id = (v #>> '{}')::bigint)
        WHEN 'responsible_id' THEN (SELECT login FROM agents WHERE id = (v #>> '{}')::bigint)
        WHEN 'author_agent_id' THEN (SELECT login FROM agents WHERE id = (v #>> '{}')::bigint)
        WHEN 'company_id' THEN (SELECT customer_id FROM companies WHERE id = (v #>> '{}')::bigint)
        WHEN 'parent_id' THEN (SELECT customer_id FROM companies WHERE id = (v #>> '{}')::bigint)
        WHEN 'customer_user_id' THEN (SELECT login FROM customer_users WHERE id = (v #>> '{}')::bigint)
        WHEN 'author_customer_user_id' THEN (SELECT login FROM customer_users WHERE id = (v #>> '{}')::bigint)
        WHEN 'ticket_id' THEN (SELECT number FROM tickets WHERE id = (v #>> '{}')::bigint)
    END
$$;

CREATE OR REPLACE FUNCTION change_entry(field text, o jsonb, n jsonb) RETURNS jsonb
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
    SELECT CASE
        WHEN field = 'password_hash' THEN jsonb_build_object('field', 'password',
            'old', CASE WHEN o = 'null' THEN 'not set' ELSE 'set' END,
            'new', CASE WHEN n = 'null' THEN 'not set' ELSE 'set' END)
        WHEN field IN ('state_id', 'queue_id', 'priority_id', 'sla_id', 'owner_id', 'responsible_id',
                       'author_agent_id', 'company_id', 'customer_user_id', 'author_customer_user_id', 'ticket_id',
                       'parent_id')
        THEN jsonb_build_object('field', regexp_replace(field, '_id$', ''),
            'old', to_jsonb(change_ref_label(field, o)), 'new', to_jsonb(change_ref_label(field, n)),
            'old_id', o, 'new_id', n)
        ELSE jsonb_build_object('field', field, 'old', o, 'new', n)
    END
$$;
