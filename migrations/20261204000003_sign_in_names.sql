-- Logins and emails are one namespace per realm (issue 17, finding 10): sign-in takes either, so a login
-- equal to another user's email could shadow or lock out that user. Each table already keeps its logins
-- and its emails unique (case-insensitively); these triggers refuse a login that is another account's email
-- and an email that is another account's login (a user's login may equal their own email: imports use
-- emails as logins). The advisory locks on the names make two concurrent writers of one name take turns,
-- so the second one's check sees the first one's row. The error names the unique index of the field, so
-- the form shows it where "already taken" is shown today.
-- One function for both tables (agents, customer_users): TG_TABLE_NAME names the table, its indexes and
-- the lock's namespace.
CREATE FUNCTION sign_in_names_unique() RETURNS trigger
LANGUAGE plpgsql SET search_path = public, pg_temp AS $$
DECLARE
    who   text := CASE TG_TABLE_NAME WHEN 'agents' THEN 'agent' ELSE 'customer user' END;
    taken boolean;
BEGIN
    PERFORM pg_advisory_xact_lock(hashtextextended('sign-in name ' || TG_TABLE_NAME || ' ' || n, 0))
       FROM (SELECT DISTINCT lower(x) AS n FROM unnest(ARRAY[NEW.login, NEW.email]) x ORDER BY 1) names;
    EXECUTE format('SELECT EXISTS (SELECT 1 FROM %I WHERE lower(email) = lower($1) AND id <> $2)', TG_TABLE_NAME)
        INTO taken USING NEW.login, NEW.id;
    IF taken THEN
        RAISE EXCEPTION 'this login is another %''s email', who
            USING ERRCODE = 'unique_violation', CONSTRAINT = TG_TABLE_NAME || '_login_key';
    END IF;
    EXECUTE format('SELECT EXISTS (SELECT 1 FROM %I WHERE lower(login) = lower($1) AND id <> $2)', TG_TABLE_NAME)
        INTO taken USING NEW.email, NEW.id;
    IF taken THEN
        RAISE EXCEPTION 'this email is another %''s login', who
            USING ERRCODE = 'unique_violation', CONSTRAINT = TG_TABLE_NAME || '_email_key';
    END IF;
    RETURN NEW;
END $$;
CREATE TRIGGER customer_users_names_unique BEFORE INSERT OR UPDATE OF login, email ON customer_users
    FOR EACH ROW EXECUTE FUNCTION sign_in_names_unique();
CREATE TRIGGER agents_names_unique BEFORE INSERT OR UPDATE OF login, email ON agents
    FOR EACH ROW EXECUTE FUNCTION sign_in_names_unique();
