-- The app role (issue 17, finding 6): the servers run as `panorama_app`, which owns nothing, so it can change
-- no schema, truncate nothing, create or disable no trigger, and bypasses no row-level security. Migrations,
-- the generator and sqlx::test run as the owner (scripts/lib/pg.sh makes both roles with their passwords;
-- this migration makes the role only where it is missing, e.g. a test database on an outside cluster).
DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'panorama_app') THEN
        CREATE ROLE panorama_app NOLOGIN NOSUPERUSER NOBYPASSRLS;
    END IF;
EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL;
END $$;
-- The owner may act as the app (the tests drive the router as it: server/tests/api/helpers.rs), and the app
-- switches to the portal role per transaction (app::db::portal).
-- Role grants are cluster-wide: tests migrating side by side may race to make the same one.
DO $$
BEGIN
    EXECUTE format('GRANT panorama_app TO %I', current_user);
EXCEPTION WHEN duplicate_object OR unique_violation OR invalid_grant_operation THEN NULL;
END $$;
DO $$
BEGIN
    GRANT panorama_portal TO panorama_app;
EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL;
END $$;

-- Nobody but the owner creates objects here (Postgres 15 and later already say so for new databases).
REVOKE CREATE ON SCHEMA public FROM PUBLIC;
GRANT USAGE ON SCHEMA public TO panorama_app;

-- Data rights on everything, now and for what later migrations make (their author revokes what the app must
-- not touch, as below). No TRUNCATE, TRIGGER or REFERENCES: those are the owner's.
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO panorama_app;
GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA public TO panorama_app;
-- Functions: ours (an extension's belong to its owner; pg_trgm's stay as the extension made them).
DO $$
DECLARE f regprocedure;
BEGIN
    FOR f IN SELECT p.oid::regprocedure FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
              WHERE n.nspname = 'public'
                AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_proc'::regclass
                                   AND d.objid = p.oid AND d.deptype = 'e')
    LOOP
        EXECUTE format('GRANT EXECUTE ON FUNCTION %s TO panorama_app', f);
    END LOOP;
END $$;
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO panorama_app;
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT, UPDATE ON SEQUENCES TO panorama_app;
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT EXECUTE ON FUNCTIONS TO panorama_app;
-- A cluster upgraded in place ran the earlier migrations as its superuser: the owner's own default must not
-- hand new functions to PUBLIC either (20261204000004_portal_least_privilege.sql).
ALTER DEFAULT PRIVILEGES REVOKE EXECUTE ON FUNCTIONS FROM PUBLIC;

-- The change history is kept forever and the server's keys are made here: the app adds history, never
-- rewrites it, and reads the keys. sqlx's own bookkeeping is the owner's (absent when scripts/lib/sql.sh
-- applies the files with psql).
REVOKE UPDATE, DELETE ON changes FROM panorama_app;
REVOKE INSERT, UPDATE, DELETE ON app_keys FROM panorama_app;
DO $$
BEGIN
    IF to_regclass('_sqlx_migrations') IS NOT NULL THEN
        REVOKE INSERT, UPDATE, DELETE ON _sqlx_migrations FROM panorama_app;
    END IF;
END $$;

-- Row-level security binds every role but the owner: the app sees every row of the tables the portal's
-- policies guard (the portal role keeps its own policies). A later table with row-level security adds
-- the same policy; server/tests/api/exploits.rs fails while one lacks it.
DO $$
DECLARE t regclass;
BEGIN
    FOR t IN SELECT c.oid::regclass FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
              WHERE n.nspname = 'public' AND c.relrowsecurity
    LOOP
        EXECUTE format('CREATE POLICY app_all ON %s TO panorama_app USING (true) WITH CHECK (true)', t);
    END LOOP;
END $$;
