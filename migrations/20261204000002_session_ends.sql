-- Every end of an impersonation is recorded (issue 17, finding 9): an admin's "Back to my view", a sign-out,
-- an expired session (deleted by the server's hourly job) or a replacement by another impersonation. One
-- trigger on `sessions` sees them all, so no path that ends a session can forget it. The reason rides in
-- the entry's changes; an expired session's row is dated when it expired, not when it was deleted.
CREATE FUNCTION session_impersonation_end() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
    reason text;
    ended  timestamptz := now();
BEGIN
    IF OLD.impersonating IS NULL THEN
        RETURN NULL;
    END IF;
    IF TG_OP = 'UPDATE' THEN
        IF NEW.impersonating IS NOT DISTINCT FROM OLD.impersonating THEN
            RETURN NULL;
        END IF;
        reason := CASE WHEN NEW.impersonating IS NULL THEN 'ended' ELSE 'replaced' END;
    ELSE
        -- 480 minutes: the agent idle timeout (app::db::sessions::AGENT_IDLE_MINUTES).
        ended := least(now(), OLD.expires_at, OLD.last_seen_at + interval '480 minutes');
        reason := CASE WHEN ended < now() THEN 'expired' ELSE 'signed out' END;
    END IF;
    INSERT INTO changes (at, object_kind, object_id, object_label, company_id, customer_user_id, actor_kind,
                         actor_id, actor_label, action, changes, class, client_addr)
    SELECT ended, 'customer_user', u.id, u.login, u.company_id, u.id, 'agent', a.id, a.login, 'impersonation_end',
           jsonb_build_array(jsonb_build_object('field', 'reason', 'old', NULL, 'new', reason)), 'security',
           nullif(current_setting('panorama.client_addr', true), '')
      FROM customer_users u, agents a
     WHERE u.id = OLD.impersonating AND a.id = OLD.agent_id;
    RETURN NULL;
END $$;

CREATE TRIGGER sessions_impersonation_end AFTER UPDATE OF impersonating OR DELETE ON sessions
    FOR EACH ROW EXECUTE FUNCTION session_impersonation_end();

-- The hourly job deletes ended sessions (expired or idle); this finds them.
CREATE INDEX sessions_expires_idx ON sessions (expires_at);
