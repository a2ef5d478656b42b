-- Issue 18, part 7: a phone number is matched as its E.164 digits, whatever way it was typed, so a telephony
-- pop-up (/lookup?phone=…) and the customer search find the company or contact calling.
--
-- The one normalisation (the lookup and the search normalise what they are given with it too): separators
-- go; `+` and `00` introduce the country code; a leading `0` is a national number of the configured default
-- country; bare digits are taken as already international (what telephony systems send). Fewer than 3 or
-- more than 15 digits is no number ('').
CREATE FUNCTION phone_e164(raw text, country_code text) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT CASE WHEN length(n) BETWEEN 3 AND 15 THEN n ELSE '' END
    FROM (SELECT CASE
                   WHEN btrim(raw) LIKE '+%' THEN d
                   WHEN d LIKE '00%' THEN substr(d, 3)
                   WHEN d LIKE '0%' THEN country_code || substr(d, 2)
                   ELSE d
                 END AS n
          FROM (SELECT regexp_replace(coalesce(raw, ''), '[^0-9]', '', 'g') AS d) digits) normalised
$$;

-- The default country for national numbers: `ALTER DATABASE … SET panorama.country_code = '44'`
-- (README, "Configuration"); 49 when unset or not a country code.
CREATE FUNCTION panorama_country_code() RETURNS text
LANGUAGE sql STABLE PARALLEL SAFE AS $$
    SELECT CASE WHEN s ~ '^[1-9][0-9]{0,2}$' THEN s ELSE '49' END
    FROM (SELECT coalesce(current_setting('panorama.country_code', true), '') AS s) setting
$$;

-- Stored beside the typed number, which stays as the agent typed it.
ALTER TABLE companies ADD COLUMN phone_e164 text NOT NULL DEFAULT '';
ALTER TABLE customer_users ADD COLUMN phone_e164 text NOT NULL DEFAULT '';

CREATE FUNCTION phone_e164_follow() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    NEW.phone_e164 := phone_e164(NEW.phone, panorama_country_code());
    RETURN NEW;
END $$;
CREATE TRIGGER companies_phone_e164 BEFORE INSERT OR UPDATE OF phone ON companies
    FOR EACH ROW EXECUTE FUNCTION phone_e164_follow();
CREATE TRIGGER customer_users_phone_e164 BEFORE INSERT OR UPDATE OF phone ON customer_users
    FOR EACH ROW EXECUTE FUNCTION phone_e164_follow();
-- The generator writes with session_replication_role = replica: numbers are normalised then too.
ALTER TABLE companies ENABLE ALWAYS TRIGGER companies_phone_e164;
ALTER TABLE customer_users ENABLE ALWAYS TRIGGER customer_users_phone_e164;
-- (The portal writes no phone number: panorama_portal gets none of these functions.)

-- The record triggers skip the derived column (re-created with it in their skip lists); existing rows are
-- filled in between, recording nothing.
DROP TRIGGER companies_record ON companies;
DROP TRIGGER customer_users_record ON customer_users;
UPDATE companies SET phone_e164 = phone_e164(phone, panorama_country_code()) WHERE phone <> '';
UPDATE customer_users SET phone_e164 = phone_e164(phone, panorama_country_code()) WHERE phone <> '';
CREATE TRIGGER companies_record AFTER INSERT OR UPDATE OR DELETE ON companies
    FOR EACH ROW EXECUTE FUNCTION record_change('company', '{version,created_at,changed_at,phone_e164}');
CREATE TRIGGER customer_users_record AFTER INSERT OR UPDATE OR DELETE ON customer_users
    FOR EACH ROW EXECUTE FUNCTION record_change('customer_user', '{version,created_at,changed_at,active,phone_e164}');

-- Exact matches (the lookup) and digit substrings (the search: "40 0000012" finds +49 40 0000012).
CREATE INDEX companies_phone_e164_idx ON companies USING gin (phone_e164 gin_trgm_ops) WHERE phone_e164 <> '';
CREATE INDEX customer_users_phone_e164_idx ON customer_users USING gin (phone_e164 gin_trgm_ops) WHERE phone_e164 <> '';
