-- Organization admins, impersonation and the audit log (issue 6).

-- The audit log is append-only for everyone, the application's own role included: no update, no delete.
CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'the audit log is append-only' USING ERRCODE = 'insufficient_privilege';
END $$;
CREATE TRIGGER audit_log_no_change BEFORE UPDATE OR DELETE ON audit_log
    FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
    FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only();
ALTER TABLE audit_log ENABLE ALWAYS TRIGGER audit_log_no_change;
ALTER TABLE audit_log ENABLE ALWAYS TRIGGER audit_log_no_truncate;
CREATE INDEX audit_log_company_idx ON audit_log (company_id, at DESC, id DESC);
-- Portal actions (cancel, permission changes) write their audit row in the same transaction.
GRANT INSERT ON audit_log TO panorama_portal;

-- Companies where the contact is organization admin.
CREATE FUNCTION portal_admin_companies() RETURNS bigint[] LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public
    AS $$ SELECT coalesce(array_agg(company_id), '{}') FROM customer_user_companies
          WHERE customer_user_id = portal_contact() AND org_admin $$;
GRANT EXECUTE ON FUNCTION portal_admin_companies() TO panorama_portal;

-- Colleagues now also include everyone linked to a company one administers.
CREATE OR REPLACE FUNCTION portal_colleagues() RETURNS bigint[] LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path = public
    AS $$ SELECT coalesce(array_agg(DISTINCT customer_user_id), '{}') FROM customer_user_companies
          WHERE company_id = ANY (portal_view_companies() || portal_admin_companies()) $$;

-- An admin sees the links of the companies they administer, and may change the two permissions there —
-- never on another company, never on their own link, never the admin flag (no column grant for it).
DROP POLICY portal_read ON customer_user_companies;
CREATE POLICY portal_read ON customer_user_companies FOR SELECT TO panorama_portal
    USING (customer_user_id = portal_contact() OR company_id = ANY ((SELECT portal_admin_companies())::bigint[]));
CREATE POLICY portal_admin_update ON customer_user_companies FOR UPDATE TO panorama_portal
    USING (company_id = ANY ((SELECT portal_admin_companies())::bigint[]) AND customer_user_id <> portal_contact())
    WITH CHECK (company_id = ANY ((SELECT portal_admin_companies())::bigint[]) AND customer_user_id <> portal_contact());
GRANT UPDATE (may_view_org, may_cancel_org) ON customer_user_companies TO panorama_portal;
