-- 015_documents.sql: what the controlled-document workflow (store_document.c)
-- needs beyond 011: the approver's comment when a version under review is
-- returned to its author, and the indexes the document search sorts by
-- (bench/README.md, "Management system").
ALTER TABLE document_version ADD COLUMN return_note TEXT;
ALTER TABLE document_version ADD COLUMN returned_by INTEGER
    REFERENCES app_user(id);
ALTER TABLE document_version ADD COLUMN returned_at INTEGER;
CREATE INDEX document_title ON document(title, id);
CREATE INDEX document_updated ON document(updated_at, id);
CREATE INDEX document_review_sort ON document(
    coalesce(review_due, '9999-12-31'), id);
CREATE INDEX document_type_title ON document(doc_type, title, id);
