-- Logins and emails are one namespace per realm (issue 17, finding 10): sign-in takes either, so a login
-- equal to another user's email could shadow or lock out that user. Each table already keeps its logins
-- and its emails unique (case-insensitively); these triggers refuse a login that is another account's email
-- and an email that is another account's login (a user's login may equal their own email: imports use
-- emails as logins). The advisory locks on the names make two concurrent writers of one name take turns,
-- so the second one's check sees the first one's row. The error names the unique index of the field, so
-- the form shows it where "already taken" is shown today.
CREATE FUNCTION customer_user_names_unique() RETURNS trigger
LANGUAGE plpgsql SET search_path = public, pg_temp AS $$
BEGIN
    PERFORM pg_advisory_xact_lock(hashtextextended('sign-in name contact ' || n, 0))
       FROM (SELECT DISTINCT lower(x) AS n FROM unnest(ARRAY[NEW.login, NEW.email]) x ORDER BY 1) names;
    IF EXISTS (SELECT 1 FROM customer_users WHERE lower(email) = lower(NEW.login) AND id <> NEW.id) THEN
        RAISE EXCEPTION 'this login is another customer user''s email'
            USING ERRCODE = 'unique_violation', CONSTRAINT = 'customer_users_login_key';
    END IF;
    IF EXISTS (SELECT 1 FROM customer_users WHERE lower(login) = lower(NEW.email) AND id <> NEW.id) THEN
        RAISE EXCEPTION 'this email is another customer user''s login'
            USING ERRCODE = 'unique_violation', CONSTRAINT = 'customer_users_email_key';
    END IF;
    RETURN NEW;
END $$;
CREATE TRIGGER customer_users_names_unique BEFORE INSERT OR UPDATE OF login, email ON customer_users
    FOR EACH ROW EXECUTE FUNCTION customer_user_names_unique();

CREATE FUNCTION agent_names_unique() RETURNS trigger
LANGUAGE plpgsql SET search_path = public, pg_temp AS $$
BEGIN
    PERFORM pg_advisory_xact_lock(hashtextextended('sign-in name agent ' || n, 0))
       FROM (SELECT DISTINCT lower(x) AS n FROM unnest(ARRAY[NEW.login, NEW.email]) x ORDER BY 1) names;
    IF EXISTS (SELECT 1 FROM agents WHERE lower(email) = lower(NEW.login) AND id <> NEW.id) THEN
        RAISE EXCEPTION 'this login is another agent''s email'
            USING ERRCODE = 'unique_violation', CONSTRAINT = 'agents_login_key';
    END IF;
    IF EXISTS (SELECT 1 FROM agents WHERE lower(login) = lower(NEW.email) AND id <> NEW.id) THEN
        RAISE EXCEPTION 'this email is another agent''s login'
            USING ERRCODE = 'unique_violation', CONSTRAINT = 'agents_email_key';
    END IF;
    RETURN NEW;
END $$;
CREATE TRIGGER agents_names_unique BEFORE INSERT OR UPDATE OF login, email ON agents
    FOR EACH ROW EXECUTE FUNCTION agent_names_unique();
