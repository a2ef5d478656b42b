-- Issue 19, part 1: a company's service contracts and what they cover. The status (upcoming, active,
-- expired, cancelled) is never stored: `contract_status` computes it from the dates, the cancel mark and the
-- day it is in the company's time zone (UTC unless set), so every viewer sees the same status.
-- Internal for now: the portal role gets its policies with the portal's Contracts page (issue 19, part 6).
-- A zone Postgres knows (checked once here, so readers can use it as it is).
CREATE FUNCTION is_time_zone(tz text) RETURNS boolean LANGUAGE plpgsql IMMUTABLE AS $$
BEGIN
    PERFORM now() AT TIME ZONE tz;
    RETURN true;
EXCEPTION WHEN invalid_parameter_value THEN
    RETURN false;
END $$;
ALTER TABLE companies ADD COLUMN time_zone text NOT NULL DEFAULT 'UTC' CHECK (is_time_zone(time_zone));

CREATE TYPE contract_kind AS ENUM ('support_plan', 'warranty', 'managed_service', 'other');
CREATE TABLE contracts (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    company_id   bigint NOT NULL REFERENCES companies (id),
    number       text NOT NULL UNIQUE CHECK (number ~ '^[A-Za-z0-9][A-Za-z0-9._-]{0,39}$'),
    name         text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    kind         contract_kind NOT NULL,
    starts_on    date NOT NULL,
    ends_on      date NOT NULL CHECK (ends_on >= starts_on),
    -- Exact money: the amount in the currency's units (up to 3 decimals: BHD, KWD, …), never a float.
    value        numeric(18, 3) NOT NULL CHECK (value >= 0),
    currency     text NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
    sla_id       integer REFERENCES slas (id),
    cancelled_at timestamptz,
    version      integer NOT NULL DEFAULT 1,
    created_at   timestamptz NOT NULL DEFAULT now(),
    changed_at   timestamptz NOT NULL DEFAULT now(),
    -- The target of composite keys that keep a contract's company equal to its items' (and tickets').
    UNIQUE (id, company_id)
);
CREATE INDEX contracts_company_idx ON contracts (company_id, ends_on DESC);

CREATE TYPE covered_kind AS ENUM ('product', 'asset', 'service');
CREATE TABLE contract_items (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    contract_id bigint NOT NULL,
    company_id  bigint NOT NULL,
    kind        covered_kind NOT NULL,
    name        text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    identifier  text NOT NULL DEFAULT '' CHECK (length(identifier) <= 100),
    FOREIGN KEY (contract_id, company_id) REFERENCES contracts (id, company_id)
);
CREATE INDEX contract_items_contract_idx ON contract_items (contract_id, id);

ALTER TABLE contracts ENABLE ROW LEVEL SECURITY;
CREATE POLICY app_all ON contracts TO panorama_app USING (true) WITH CHECK (true);
ALTER TABLE contract_items ENABLE ROW LEVEL SECURITY;
CREATE POLICY app_all ON contract_items TO panorama_app USING (true) WITH CHECK (true);

CREATE TRIGGER contracts_record AFTER INSERT OR UPDATE OR DELETE ON contracts
    FOR EACH ROW EXECUTE FUNCTION record_change('contract', '{version,created_at,changed_at}');
CREATE TRIGGER contract_items_record AFTER INSERT OR UPDATE OR DELETE ON contract_items
    FOR EACH ROW EXECUTE FUNCTION record_change('contract_item', '{}');

-- The one definition of a contract's status on the day `at` is in time zone `tz`: start and end days count
-- in full.
CREATE FUNCTION contract_status(starts_on date, ends_on date, cancelled_at timestamptz, tz text, at timestamptz)
RETURNS text LANGUAGE sql STABLE PARALLEL SAFE AS $$
    SELECT CASE
        WHEN cancelled_at IS NOT NULL THEN 'cancelled'
        WHEN (at AT TIME ZONE tz)::date < starts_on THEN 'upcoming'
        WHEN (at AT TIME ZONE tz)::date > ends_on THEN 'expired'
        ELSE 'active'
    END
$$;
