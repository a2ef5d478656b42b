-- Issue 19, part 4: the customer search finds a company by one of its contract numbers or by a covered
-- item's identifier (a serial number), served by trigram indexes like the other search columns.
CREATE INDEX contracts_number_search_idx ON contracts USING gin (lower(number) gin_trgm_ops);
CREATE INDEX contract_items_identifier_search_idx ON contract_items USING gin (lower(identifier) gin_trgm_ops)
    WHERE identifier <> '';
