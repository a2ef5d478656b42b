-- Issue 19, part 6: the portal's Contracts page. A customer user reads the active contracts of the companies
-- whose requests they may view ("may view organization requests"), with what they cover. Column grants keep
-- the internal fields out of the portal role's reach altogether: no value, currency, SLA or version.
GRANT SELECT (id, company_id, number, name, kind, starts_on, ends_on, cancelled_at) ON contracts TO panorama_portal;
GRANT SELECT (id, contract_id, company_id, kind, name, identifier) ON contract_items TO panorama_portal;
GRANT SELECT (time_zone) ON companies TO panorama_portal;
GRANT EXECUTE ON FUNCTION contract_status(date, date, timestamptz, text, timestamptz) TO panorama_portal;
CREATE POLICY portal_read ON contracts FOR SELECT TO panorama_portal
    USING (company_id = ANY ((SELECT portal_view_companies())::bigint[]));
CREATE POLICY portal_read ON contract_items FOR SELECT TO panorama_portal
    USING (company_id = ANY ((SELECT portal_view_companies())::bigint[]));
