-- Issue 18, part 3: a company's logo, a stored file (app::upload, app::logo). A new upload is a new file,
-- so its URL (/logos/<file id>) is versioned and can be cached for good.
ALTER TABLE companies ADD COLUMN logo_file_id bigint REFERENCES stored_files (id);
