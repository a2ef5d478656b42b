-- One-time password reset links (issue 17, finding 5): agents no longer set customer users' passwords (that
-- let any agent take an account over with write access). An agent with the right issues a link; the
-- customer user sets their own password with it. Only the token's SHA-256 is stored; a link works once,
-- for 24 hours, and issuing a new one voids the old. Issuing and use are recorded in the change record.
CREATE TABLE password_resets (
    token_hash       bytea PRIMARY KEY,
    customer_user_id bigint NOT NULL REFERENCES customer_users (id) ON DELETE CASCADE,
    issued_by        bigint NOT NULL REFERENCES agents (id),
    created_at       timestamptz NOT NULL DEFAULT now(),
    expires_at       timestamptz NOT NULL DEFAULT now() + interval '24 hours',
    used_at          timestamptz
);
CREATE INDEX password_resets_customer_user_idx ON password_resets (customer_user_id);
