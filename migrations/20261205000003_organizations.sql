-- Issue 18, part 1: every company in one list (/customers), new ones made by agents, reachable by phone and
-- email. `new` names the creation pages (/organizations/new, /customer-users/new), never a record.
ALTER TABLE companies
    ADD COLUMN phone text NOT NULL DEFAULT '' CHECK (length(phone) <= 50),
    ADD COLUMN email text NOT NULL DEFAULT '' CHECK (email = '' OR email ~ '^[^@\s]+@[^@\s]+$'),
    ADD CONSTRAINT companies_customer_id_not_new CHECK (lower(customer_id) <> 'new');
ALTER TABLE customer_users ADD CONSTRAINT customer_users_login_not_new CHECK (lower(login) <> 'new');

-- The open tickets of each company, exact, for sorting the list: kept by a row trigger on the per-company
-- counters (so by the counter trigger's own transaction), one row per company from its creation.
CREATE TABLE company_open_totals (
    company_id bigint PRIMARY KEY REFERENCES companies (id) ON DELETE CASCADE,
    open       bigint NOT NULL DEFAULT 0 CHECK (open >= 0)
);
CREATE INDEX company_open_totals_open_idx ON company_open_totals (open DESC, company_id DESC);
INSERT INTO company_open_totals (company_id, open)
SELECT c.id, coalesce(sum(t.n) FILTER (WHERE is_open(t.state_type)), 0)
FROM companies c LEFT JOIN ticket_counts t ON t.company_id = c.id GROUP BY c.id;

CREATE FUNCTION company_open_totals_follow() RETURNS trigger LANGUAGE plpgsql
    SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
    d bigint := 0;
BEGIN
    IF TG_OP IN ('INSERT', 'UPDATE') AND is_open(NEW.state_type) THEN d := d + NEW.n; END IF;
    IF TG_OP IN ('UPDATE', 'DELETE') AND is_open(OLD.state_type) THEN d := d - OLD.n; END IF;
    IF d <> 0 THEN
        UPDATE company_open_totals SET open = open + d
        WHERE company_id = CASE TG_OP WHEN 'DELETE' THEN OLD.company_id ELSE NEW.company_id END;
    END IF;
    RETURN NULL;
END $$;
CREATE TRIGGER company_open_totals_follow AFTER INSERT OR UPDATE OR DELETE ON ticket_counts
    FOR EACH ROW EXECUTE FUNCTION company_open_totals_follow();

CREATE FUNCTION company_open_totals_start() RETURNS trigger LANGUAGE plpgsql
    SECURITY DEFINER SET search_path = public, pg_temp AS $$
BEGIN
    INSERT INTO company_open_totals (company_id) SELECT id FROM new_rows;
    RETURN NULL;
END $$;
CREATE TRIGGER company_open_totals_start AFTER INSERT ON companies REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION company_open_totals_start();
-- The generator writes with session_replication_role = replica: these keep counting then too.
ALTER TABLE ticket_counts ENABLE ALWAYS TRIGGER company_open_totals_follow;
ALTER TABLE companies ENABLE ALWAYS TRIGGER company_open_totals_start;
REVOKE EXECUTE ON FUNCTION company_open_totals_follow(), company_open_totals_start() FROM PUBLIC;

-- The list's other orders: by name and by last change (customer ID has its unique index).
CREATE INDEX companies_name_order_idx ON companies (lower(name), id);
CREATE INDEX companies_changed_order_idx ON companies (changed_at DESC, id DESC);
