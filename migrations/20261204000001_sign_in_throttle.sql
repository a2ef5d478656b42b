-- Sign-in throttling per account, per address and by trusted device (issue 17, finding 2).
-- An attempt is recorded as a failure before its password is checked (so parallel guesses count each
-- other); a success replaces its pending row. The device column holds the SHA-256 of the browser's
-- device cookie, set at a successful sign-in: an address or device that signed in before is exempt from
-- the per-account limit, so an attacker cannot lock a real user out.
ALTER TABLE sign_in_events ADD COLUMN device_hash bytea;

DROP INDEX sign_in_events_failures_idx;
CREATE INDEX sign_in_events_account_failures_idx ON sign_in_events (realm, account_id, at)
    WHERE NOT succeeded AND account_id IS NOT NULL;
CREATE INDEX sign_in_events_login_failures_idx ON sign_in_events (realm, login_hmac, at)
    WHERE NOT succeeded AND account_id IS NULL;
CREATE INDEX sign_in_events_addr_failures_idx ON sign_in_events (client_addr, at) WHERE NOT succeeded;
CREATE INDEX sign_in_events_trusted_idx ON sign_in_events (realm, account_id) WHERE succeeded;
