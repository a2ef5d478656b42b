-- Issue 20, part 4: agents follow a company or a customer user, and My work shows them what happens there,
-- read from the change record. Which changes are business events, and what each says, moves from the
-- Overview's statement into two functions that the Overview and the follow feed share.

-- Who follows what: exactly one of a company and a customer user. Personal, like a dashboard layout, so not
-- in the change record. Agents only: the portal role has no grant.
CREATE TABLE follows (
    id               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    agent_id         bigint NOT NULL REFERENCES agents (id),
    company_id       bigint REFERENCES companies (id),
    customer_user_id bigint REFERENCES customer_users (id),
    created_at       timestamptz NOT NULL DEFAULT now(),
    CHECK (num_nonnulls(company_id, customer_user_id) = 1)
);
-- The widget's followers of one object, and each agent's follow at most once.
CREATE UNIQUE INDEX follows_company_key ON follows (company_id, agent_id) WHERE company_id IS NOT NULL;
CREATE UNIQUE INDEX follows_customer_user_key ON follows (customer_user_id, agent_id)
    WHERE customer_user_id IS NOT NULL;
-- My work's feed: what one agent follows.
CREATE INDEX follows_agent_idx ON follows (agent_id);
ALTER TABLE follows ENABLE ROW LEVEL SECURITY;
CREATE POLICY app_all ON follows TO panorama_app USING (true) WITH CHECK (true);

-- A change as a business event: its kind (tickets, activities, files, contracts, alerts, account), or NULL
-- for a change that is not one (field diffs stay in History). A ticket's update is an event when it set a
-- closed state, a contract's when it cancelled the contract.
CREATE FUNCTION event_kind(action text, diff jsonb) RETURNS text
LANGUAGE sql STABLE PARALLEL SAFE AS $$
    SELECT CASE
        WHEN action = 'ticket_create' THEN 'tickets'
        WHEN action = 'ticket_update' AND EXISTS (
                SELECT 1 FROM jsonb_array_elements(diff) e JOIN states s ON s.name = e ->> 'new'
                WHERE e ->> 'field' = 'state' AND s.type = 'closed') THEN 'tickets'
        WHEN action = 'activity_create' THEN 'activities'
        WHEN action = 'customer_file_create' THEN 'files'
        WHEN action = 'contract_create' THEN 'contracts'
        WHEN action = 'contract_update' AND EXISTS (
                SELECT 1 FROM jsonb_array_elements(diff) e
                WHERE e ->> 'field' = 'cancelled_at' AND e -> 'new' <> 'null'::jsonb) THEN 'contracts'
        WHEN action = 'company_alert_create' THEN 'alerts'
        WHEN action = 'company_update' THEN 'account'
    END
$$;

-- What an event of `kind` says — what happened ("Ticket closed"), which object ("#… Printer offline") — and
-- where it lives while it does (`customer_id`: its company's, for links into the CIC). A customer user's
-- part in an activity (`activity_participant_create`, which a follower of that user sees) reads as the
-- activity logged.
CREATE FUNCTION event_text(kind text, action text, object_id bigint, object_label text, diff jsonb,
                           customer_id text, OUT what text, OUT detail text, OUT href text)
LANGUAGE sql STABLE PARALLEL SAFE AS $$
    SELECT CASE action
             WHEN 'ticket_create' THEN 'Ticket created' WHEN 'ticket_update' THEN 'Ticket closed'
             WHEN 'activity_create' THEN 'Activity logged' WHEN 'activity_participant_create' THEN 'Activity logged'
             WHEN 'customer_file_create' THEN 'File uploaded'
             WHEN 'contract_create' THEN 'Contract added' WHEN 'contract_update' THEN 'Contract cancelled'
             WHEN 'company_alert_create' THEN 'Alert posted'
             ELSE 'Account details changed' END,
           CASE
             WHEN kind = 'tickets' THEN
               coalesce(object_label || ' ' || (SELECT t.title FROM tickets t WHERE t.id = object_id), object_label)
             WHEN action = 'activity_participant_create' THEN
               coalesce((SELECT a.subject FROM activity_participants p JOIN activities a ON a.id = p.activity_id
                         WHERE p.id = object_id), '')
             WHEN kind = 'files' THEN
               coalesce((SELECT f.name FROM customer_files cf JOIN stored_files f ON f.id = cf.file_id
                         WHERE cf.id = object_id), 'a file')
             WHEN kind = 'contracts' THEN
               coalesce((SELECT k.number || ' ' || k.name FROM contracts k WHERE k.id = object_id), coalesce(said, ''))
             WHEN kind = 'account' THEN
               (SELECT string_agg(e ->> 'field', ', ' ORDER BY e ->> 'field') FROM jsonb_array_elements(diff) e)
             ELSE coalesce(said, '')
           END,
           CASE
             WHEN kind = 'tickets' THEN '/tickets/' || object_label
             WHEN kind = 'files' AND EXISTS (SELECT 1 FROM customer_files cf WHERE cf.id = object_id
                                                 AND cf.deleted_at IS NULL)
               THEN '/customers/' || customer_id || '/files/' || object_id
             WHEN kind = 'contracts' THEN (SELECT '/contracts/' || k.number FROM contracts k WHERE k.id = object_id)
             WHEN kind = 'activities' THEN '/customers/' || customer_id || '#widget-activities'
             ELSE '/customers/' || customer_id
           END
    FROM (SELECT (SELECT e ->> 'new' FROM jsonb_array_elements(diff) e
                  WHERE e ->> 'field' = CASE kind WHEN 'activities' THEN 'subject' WHEN 'alerts' THEN 'body'
                                                  WHEN 'contracts' THEN 'name' END) AS said) s
$$;
