-- One lifecycle state for companies and customer users (app/src/model/object_state.rs has the rules):
-- active, archived, trashed, or merged into another object of the same kind. Replaces the companies' unused
-- `valid` flag and the customer users' `active` flag, which stays as a generated column for the many
-- statements that only ask "may this user sign in / be offered".
CREATE TYPE object_state AS ENUM ('active', 'archived', 'trashed', 'merged');

-- Moving the old flags is not a change anyone made: no history rows for it.
ALTER TABLE companies DISABLE TRIGGER companies_record;
ALTER TABLE customer_users DISABLE TRIGGER customer_users_record;

ALTER TABLE companies
    ADD COLUMN state object_state NOT NULL DEFAULT 'active',
    ADD COLUMN merged_into bigint REFERENCES companies (id),
    ADD CONSTRAINT companies_merged_into CHECK ((state = 'merged') = (merged_into IS NOT NULL) AND merged_into <> id);
UPDATE companies SET state = 'archived' WHERE NOT valid;
ALTER TABLE companies DROP COLUMN valid;

ALTER TABLE customer_users
    ADD COLUMN state object_state NOT NULL DEFAULT 'active',
    ADD COLUMN merged_into bigint REFERENCES customer_users (id),
    ADD CONSTRAINT customer_users_merged_into CHECK ((state = 'merged') = (merged_into IS NOT NULL) AND merged_into <> id);
UPDATE customer_users SET state = 'archived' WHERE NOT active;
ALTER TABLE customer_users DROP COLUMN active;
ALTER TABLE customer_users ADD COLUMN active boolean NOT NULL GENERATED ALWAYS AS (state = 'active') STORED;

ALTER TABLE companies ENABLE TRIGGER companies_record;
ALTER TABLE customer_users ENABLE TRIGGER customer_users_record;
-- `active` is derived from `state`: the change record keeps the state, not both.
DROP TRIGGER customer_users_record ON customer_users;
CREATE TRIGGER customer_users_record AFTER INSERT OR UPDATE OR DELETE ON customer_users
    FOR EACH ROW EXECUTE FUNCTION record_change('customer_user', '{version,created_at,changed_at,active}');

-- Search and the Organizations list read active companies only.
CREATE INDEX companies_active_idx ON companies (customer_id) WHERE state = 'active';
