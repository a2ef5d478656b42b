-- Issue 20, part 3: tasks on a customer (a to-do, a call-back promised to a customer user, a reminder to
-- oneself). Agents only: the portal role has no grant and no policy here.
CREATE TYPE task_kind AS ENUM ('task', 'call_back', 'reminder');
CREATE TYPE task_priority AS ENUM ('low', 'normal', 'high');
CREATE TABLE customer_tasks (
    id               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    company_id       bigint NOT NULL REFERENCES companies (id),
    -- Whom it is about (a call-back always names the customer user to call).
    customer_user_id bigint REFERENCES customer_users (id),
    kind             task_kind NOT NULL,
    title            text NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
    note             text NOT NULL DEFAULT '' CHECK (length(note) <= 20000),
    due_at           timestamptz NOT NULL,
    assignee_id      bigint NOT NULL REFERENCES agents (id),
    priority         task_priority NOT NULL DEFAULT 'normal',
    done_at          timestamptz,
    done_by          bigint REFERENCES agents (id),
    created_by       bigint NOT NULL REFERENCES agents (id),
    deleted_at       timestamptz,
    deleted_by       bigint REFERENCES agents (id),
    version          integer NOT NULL DEFAULT 1,
    created_at       timestamptz NOT NULL DEFAULT now(),
    CHECK ((done_at IS NULL) = (done_by IS NULL)),
    CHECK ((deleted_at IS NULL) = (deleted_by IS NULL)),
    CHECK (kind <> 'call_back' OR customer_user_id IS NOT NULL)
);
-- An agent's open tasks by due time: My work's lists and the top bar's overdue count (in the session lookup).
CREATE INDEX customer_tasks_assignee_open_idx ON customer_tasks (assignee_id, due_at)
    WHERE done_at IS NULL AND deleted_at IS NULL;
-- The widget's list: a company's (or one customer user's) live tasks by due time.
CREATE INDEX customer_tasks_company_idx ON customer_tasks (company_id, due_at, id) WHERE deleted_at IS NULL;
CREATE INDEX customer_tasks_customer_user_idx ON customer_tasks (customer_user_id, due_at, id)
    WHERE deleted_at IS NULL AND customer_user_id IS NOT NULL;

ALTER TABLE customer_tasks ENABLE ROW LEVEL SECURITY;
CREATE POLICY app_all ON customer_tasks TO panorama_app USING (true) WITH CHECK (true);
CREATE TRIGGER customer_tasks_record AFTER INSERT OR UPDATE OR DELETE ON customer_tasks
    FOR EACH ROW EXECUTE FUNCTION record_change('customer_task', '{version,created_at}');
