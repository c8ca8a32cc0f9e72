-- Diacritic-insensitive search (design.md §3): trigram indexes over the folded text, so that
-- "van ban" finds "văn bản" and "D" matches "Đ". lt_fold() is the platform's IMMUTABLE unaccent+lower.
CREATE INDEX IF NOT EXISTS documents_search_trgm_idx ON office.documents USING gin (search_text gin_trgm_ops);
