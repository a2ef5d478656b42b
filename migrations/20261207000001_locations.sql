-- Issue 18, part 4: a company's locations (headquarters, billing, service sites, …), exactly one of them
-- primary. Today's company address becomes each company's primary headquarters location and the address
-- columns go: the company edit form edits the primary location. Internal: the portal role gets no grant.
CREATE TYPE location_kind AS ENUM ('headquarters', 'billing', 'service_site', 'other');
CREATE TABLE company_locations (
    id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    company_id bigint NOT NULL REFERENCES companies (id),
    kind       location_kind NOT NULL,
    name       text NOT NULL DEFAULT '',
    street     text NOT NULL DEFAULT '',
    zip        text NOT NULL DEFAULT '',
    city       text NOT NULL DEFAULT '',
    country    text NOT NULL DEFAULT '',
    phone      text NOT NULL DEFAULT '',
    phone_e164 text NOT NULL DEFAULT '',
    is_primary boolean NOT NULL DEFAULT false,
    version    integer NOT NULL DEFAULT 1,
    created_at timestamptz NOT NULL DEFAULT now(),
    changed_at timestamptz NOT NULL DEFAULT now()
);
-- At most one primary per company here; the code keeps it at exactly one (a company is created with its
-- primary location, "Make primary" moves the mark in one transaction, the primary cannot be removed).
CREATE UNIQUE INDEX company_locations_primary_idx ON company_locations (company_id) WHERE is_primary;
CREATE INDEX company_locations_company_idx ON company_locations (company_id, id);
CREATE INDEX company_locations_phone_e164_idx ON company_locations USING gin (phone_e164 gin_trgm_ops)
    WHERE phone_e164 <> '';
ALTER TABLE company_locations ENABLE ROW LEVEL SECURITY;
CREATE POLICY app_all ON company_locations TO panorama_app USING (true) WITH CHECK (true);

CREATE TRIGGER company_locations_phone_e164 BEFORE INSERT OR UPDATE OF phone ON company_locations
    FOR EACH ROW EXECUTE FUNCTION phone_e164_follow();
ALTER TABLE company_locations ENABLE ALWAYS TRIGGER company_locations_phone_e164;

-- Today's addresses move, recording nothing (the record trigger comes after).
INSERT INTO company_locations (company_id, kind, street, zip, city, country, is_primary, created_at)
SELECT id, 'headquarters', street, zip, city, country, true, created_at FROM companies ORDER BY id;

CREATE TRIGGER company_locations_record AFTER INSERT OR UPDATE OR DELETE ON company_locations
    FOR EACH ROW EXECUTE FUNCTION record_change('company_location', '{version,created_at,changed_at,phone_e164}');

ALTER TABLE companies DROP COLUMN street, DROP COLUMN zip, DROP COLUMN city, DROP COLUMN country;
