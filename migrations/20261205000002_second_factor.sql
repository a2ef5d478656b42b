-- Agents' second factor at sign-in (issue 17): a TOTP key (RFC 6238) per agent, required for admins and
-- optional for the others, with ten single-use recovery codes; and the short-lived challenge between a
-- right password and the code, so a password alone never makes a session.
CREATE TABLE second_factors (
    agent_id      bigint PRIMARY KEY REFERENCES agents (id) ON DELETE CASCADE,
    secret        bytea NOT NULL CHECK (length(secret) = 20),
    -- The recovery codes in clear only while the key is being set up (shown until confirmed), then NULL.
    pending_codes text[],
    confirmed_at  timestamptz,
    -- The newest 30-second step whose code was used: a code works once.
    last_step     bigint NOT NULL DEFAULT 0,
    CHECK ((confirmed_at IS NULL) = (pending_codes IS NOT NULL))
);
CREATE TABLE recovery_codes (
    agent_id  bigint NOT NULL REFERENCES second_factors (agent_id) ON DELETE CASCADE,
    code_hash bytea NOT NULL,  -- SHA-256 of the normalised code (random 50 bits: no slow hash needed)
    used_at   timestamptz,
    PRIMARY KEY (agent_id, code_hash)
);
CREATE TABLE sign_in_challenges (
    token_hash bytea PRIMARY KEY,
    agent_id   bigint NOT NULL REFERENCES agents (id) ON DELETE CASCADE,
    -- The password's sign-in event: it counts as a failure until the code is right.
    attempt    bigint NOT NULL,
    expires_at timestamptz NOT NULL DEFAULT now() + interval '5 minutes',
    failures   int NOT NULL DEFAULT 0
);
CREATE INDEX sign_in_challenges_expiry ON sign_in_challenges (expires_at);
-- The key and the codes are for the server: the app reads and writes them, nobody else.
