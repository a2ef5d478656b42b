-- Issue 19, part 3: a ticket raised under a contract ("Initiate service") remembers it and, optionally, the
-- covered item. Composite keys keep the contract's company equal to the ticket's and the item's contract
-- equal to the ticket's contract, so no write path can attach a foreign contract.
ALTER TABLE contract_items ADD CONSTRAINT contract_items_id_contract_key UNIQUE (id, contract_id);
ALTER TABLE tickets ADD COLUMN contract_id bigint, ADD COLUMN contract_item_id bigint,
    ADD CONSTRAINT tickets_contract_fkey FOREIGN KEY (contract_id, company_id) REFERENCES contracts (id, company_id),
    ADD CONSTRAINT tickets_contract_item_fkey
        FOREIGN KEY (contract_item_id, contract_id) REFERENCES contract_items (id, contract_id),
    ADD CONSTRAINT tickets_item_needs_contract CHECK (contract_item_id IS NULL OR contract_id IS NOT NULL);
-- The contract page's count and the ticket list filtered by contract.
CREATE INDEX tickets_contract_idx ON tickets (contract_id, created_at DESC) WHERE contract_id IS NOT NULL;
-- Contracts list: by end day (the default order) and the "ends within N days" filter.
CREATE INDEX contracts_ends_idx ON contracts (ends_on, id);

-- The change record names a ticket's contract and covered item instead of showing ids.
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
        WHEN 'contract_id' THEN (SELECT number FROM contracts WHERE id = (v #>> '{}')::bigint)
        WHEN 'contract_item_id' THEN (SELECT name || coalesce(' (' || nullif(identifier, '') || ')', '')
                                      FROM contract_items WHERE id = (v #>> '{}')::bigint)
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
                       'parent_id', 'contract_id', 'contract_item_id')
        THEN jsonb_build_object('field', regexp_replace(field, '_id$', ''),
            'old', to_jsonb(change_ref_label(field, o)), 'new', to_jsonb(change_ref_label(field, n)),
            'old_id', o, 'new_id', n)
        ELSE jsonb_build_object('field', field, 'old', o, 'new', n)
    END
$$;
