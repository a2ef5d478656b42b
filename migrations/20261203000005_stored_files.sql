-- The content of uploaded files (app/src/upload.rs): written in one statement after the upload was spooled
-- and checked. Features keep their own rows (a company's logo, a customer's files) that point here; this
-- table is content, not history.
CREATE TABLE stored_files (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name         text NOT NULL CHECK (length(name) BETWEEN 1 AND 255),
    content_type text NOT NULL,
    size         bigint NOT NULL CHECK (size >= 0),
    sha256       bytea NOT NULL CHECK (length(sha256) = 32),
    data         bytea NOT NULL,
    agent_id     bigint REFERENCES agents (id),
    customer_user_id bigint REFERENCES customer_users (id),
    created_at   timestamptz NOT NULL DEFAULT now(),
    CHECK ((agent_id IS NULL) <> (customer_user_id IS NULL))
);
