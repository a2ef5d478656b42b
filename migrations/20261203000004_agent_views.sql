-- Which agent saw which company or customer user, first and last (and how often): written in batches by a
-- background writer (app/src/views.rs), never on a page's own connection. The access trail ("Viewed by"),
-- "changed since my last visit" and "recently viewed" read it.
CREATE TABLE agent_views (
    agent_id    bigint NOT NULL REFERENCES agents (id),
    object_kind text NOT NULL CHECK (object_kind IN ('company', 'customer_user')),
    object_id   bigint NOT NULL,    -- no FK: views of merged or purged objects stay in the trail
    first_seen  timestamptz NOT NULL,
    last_seen   timestamptz NOT NULL,
    views       bigint NOT NULL CHECK (views > 0),
    PRIMARY KEY (agent_id, object_kind, object_id)
);
-- "Viewed by" for one object, most recent first.
CREATE INDEX agent_views_object_idx ON agent_views (object_kind, object_id, last_seen DESC);
-- "Recently viewed" for one agent.
CREATE INDEX agent_views_recent_idx ON agent_views (agent_id, last_seen DESC);
