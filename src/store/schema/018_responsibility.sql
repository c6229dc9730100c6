-- 018_responsibility.sql: the responsibility page counts the owners and
-- deputies of a unit subtree's documents from its units (store_resp.c).
-- This index covers that count, so the 50,000 documents of a region are
-- read from the index alone (bench/README.md, "Management system").
CREATE INDEX document_unit_owner ON document(unit_id, state, owner_id,
    deputy_id);
