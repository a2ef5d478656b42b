-- Issue 20, part 1: activities — what a team did with a customer outside a ticket (a call, a meeting, a site
-- visit, a review, a note, an email sent elsewhere), with the customer users involved. Deleting is soft
-- (`deleted_at`, by whom), so the change record keeps it as an update; lists read the live ones only.
-- Agents only: the portal role has no grant and no policy here.
CREATE TYPE activity_kind AS ENUM ('call_in', 'call_out', 'meeting', 'site_visit', 'review', 'note', 'email');
CREATE TABLE activities (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    company_id  bigint NOT NULL REFERENCES companies (id),
    kind        activity_kind NOT NULL,
    subject     text NOT NULL CHECK (length(subject) BETWEEN 1 AND 200),
    body        text NOT NULL DEFAULT '' CHECK (length(body) <= 20000),
    happened_at timestamptz NOT NULL,
    -- Calls: how long, in minutes.
    minutes     integer CHECK (minutes BETWEEN 0 AND 1440),
    author_id   bigint NOT NULL REFERENCES agents (id),
    deleted_at  timestamptz,
    deleted_by  bigint REFERENCES agents (id),
    version     integer NOT NULL DEFAULT 1,
    created_at  timestamptz NOT NULL DEFAULT now(),
    changed_at  timestamptz NOT NULL DEFAULT now(),
    CHECK ((deleted_at IS NULL) = (deleted_by IS NULL)),
    -- The target of the participants' composite key: a participant's company is the activity's.
    UNIQUE (id, company_id)
);
-- The widget's list, newest first, keyset on (happened_at, id); the kind filter reads the same index.
CREATE INDEX activities_company_idx ON activities (company_id, happened_at DESC, id DESC) WHERE deleted_at IS NULL;

-- The customer users involved: the CUIC lists the activities of its user.
CREATE TABLE activity_participants (
    id               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,  -- the change record's object id
    activity_id      bigint NOT NULL,
    company_id       bigint NOT NULL,
    customer_user_id bigint NOT NULL REFERENCES customer_users (id),
    UNIQUE (activity_id, customer_user_id),
    FOREIGN KEY (activity_id, company_id) REFERENCES activities (id, company_id)
);
CREATE INDEX activity_participants_user_idx ON activity_participants (customer_user_id, activity_id);

ALTER TABLE activities ENABLE ROW LEVEL SECURITY;
CREATE POLICY app_all ON activities TO panorama_app USING (true) WITH CHECK (true);
ALTER TABLE activity_participants ENABLE ROW LEVEL SECURITY;
CREATE POLICY app_all ON activity_participants TO panorama_app USING (true) WITH CHECK (true);

CREATE TRIGGER activities_record AFTER INSERT OR UPDATE OR DELETE ON activities
    FOR EACH ROW EXECUTE FUNCTION record_change('activity', '{version,created_at,changed_at}');
CREATE TRIGGER activity_participants_record AFTER INSERT OR UPDATE OR DELETE ON activity_participants
    FOR EACH ROW EXECUTE FUNCTION record_change('activity_participant', '{}');
