-- Full-text search that stays fast at millions of documents (issue 5): a generated tsvector over the
-- folded search text (lt_fold: unaccent + lower, so "van ban" finds "văn bản" and "D" matches "Đ"),
-- with '/', '-', '.', '@', '_' turned into spaces so that a số ký hiệu "123/UBND-VP" or a code
-- "000.00.00.G22" is indexed word by word (the query side does the same: domain/list-cursor.ts). Its
-- GIN index answers rare words; common words are answered by walking (agency_id, id) newest first.
-- Not declared in schema.ts, so that selects never carry it. Replaces the trigram index of 0001
-- (LIKE '%…%' over millions of rows took seconds).
ALTER TABLE "office"."documents" ADD COLUMN IF NOT EXISTS "search_vector" tsvector
  GENERATED ALWAYS AS (strip(to_tsvector('simple'::regconfig, translate("search_text", '/-.@_', '     ')))) STORED;
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "documents_search_vector_idx" ON "office"."documents" USING gin ("search_vector");
--> statement-breakpoint
DROP INDEX IF EXISTS "office"."documents_search_trgm_idx";
