-- Search newest first without touching the table: the window of the newest candidates of an agency
-- (storage/document-list.ts) is read from this index alone (index-only scan), with the search vector and
-- the columns search filters on carried in it. At 10 million documents the heap rows are ~1 KB each and
-- scattered between agencies; the index entries are a few hundred bytes and in order. Replaces 0006's
-- plain (agency_id, created_at, id) index. Hand-written after the generated DROP: drizzle cannot declare
-- INCLUDE, and search_vector is not in schema.ts.
DROP INDEX IF EXISTS "office"."documents_agency_created_at_idx";
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "documents_search_window_idx" ON "office"."documents" USING btree ("agency_id", "created_at", "id")
  INCLUDE ("direction", "state", "priority", "type_abbreviation", "type_name", "from_code", "search_vector");
