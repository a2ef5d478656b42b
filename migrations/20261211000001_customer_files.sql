-- Issue 20, part 5: a company's files (contracts as PDF, correspondence, photos of a site). The content is
-- stored in 1 MiB chunks, written from the upload's spool file one chunk at a time and read back the same
-- way, so the server never holds a whole file in memory (app/src/files.rs). `stored_files.data` stays for
-- the small uploads that are read whole (a logo) and is empty for a chunked file.
ALTER TABLE stored_files ADD COLUMN chunks integer NOT NULL DEFAULT 0 CHECK (chunks >= 0);
CREATE TABLE stored_file_chunks (
    file_id bigint NOT NULL REFERENCES stored_files (id),
    seq     integer NOT NULL CHECK (seq >= 0),
    data    bytea NOT NULL,
    PRIMARY KEY (file_id, seq)
);

-- A file as the company has it: what it is, who may see it, and whether it was deleted (soft, so the
-- change record keeps it as an update of `deleted_at`).
CREATE TABLE customer_files (
    id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    company_id    bigint NOT NULL REFERENCES companies (id),
    file_id       bigint NOT NULL UNIQUE REFERENCES stored_files (id),
    description   text NOT NULL DEFAULT '' CHECK (length(description) <= 500),
    category      text NOT NULL DEFAULT '' CHECK (length(category) <= 40),
    portal_visible boolean NOT NULL DEFAULT false,
    uploaded_by   bigint NOT NULL REFERENCES agents (id),
    uploaded_at   timestamptz NOT NULL DEFAULT now(),
    deleted_at    timestamptz,
    deleted_by    bigint REFERENCES agents (id),
    CHECK ((deleted_at IS NULL) = (deleted_by IS NULL))
);
-- The widget's list and count, newest first; the portal's list reads the same index.
CREATE INDEX customer_files_company_idx ON customer_files (company_id, uploaded_at DESC, id DESC)
    WHERE deleted_at IS NULL;

ALTER TABLE customer_files ENABLE ROW LEVEL SECURITY;
CREATE POLICY app_all ON customer_files TO panorama_app USING (true) WITH CHECK (true);
ALTER TABLE stored_files ENABLE ROW LEVEL SECURITY;
CREATE POLICY app_all ON stored_files TO panorama_app USING (true) WITH CHECK (true);
ALTER TABLE stored_file_chunks ENABLE ROW LEVEL SECURITY;
CREATE POLICY app_all ON stored_file_chunks TO panorama_app USING (true) WITH CHECK (true);

-- The portal: a customer user who may view a company's requests lists and downloads its live files marked
-- "Visible in portal", and nothing else; the content follows the same rule through the file's row.
GRANT SELECT (id, company_id, file_id, description, category, portal_visible, uploaded_at, deleted_at)
    ON customer_files TO panorama_portal;
GRANT SELECT (id, name, content_type, size, chunks) ON stored_files TO panorama_portal;
GRANT SELECT ON stored_file_chunks TO panorama_portal;
CREATE POLICY portal_read ON customer_files FOR SELECT TO panorama_portal
    USING (portal_visible AND deleted_at IS NULL
           AND company_id = ANY ((SELECT portal_view_companies())::bigint[]));
CREATE POLICY portal_read ON stored_files FOR SELECT TO panorama_portal
    USING (id IN (SELECT file_id FROM customer_files));
CREATE POLICY portal_read ON stored_file_chunks FOR SELECT TO panorama_portal
    USING (file_id IN (SELECT file_id FROM customer_files));

CREATE TRIGGER customer_files_record AFTER INSERT OR UPDATE OR DELETE ON customer_files
    FOR EACH ROW EXECUTE FUNCTION record_change('customer_file', '{}');
