-- Full-text search scoped by agency (issue 5). The GIN index of 0005 was global: a search of one agency
-- read the posting lists of every agency ("de", "2", "cuu", "long" are in millions of documents across
-- 500 agencies) and visited the heap of every agency's matches to drop the other agencies' ones. This
-- index holds the same words prefixed by the agency id ("17:bao", "17:cao"), so one lookup reads only that
-- agency's postings and returns only its documents. The query side builds its tsquery the same way
-- (office.agency_search_query, used by storage/document-list.ts): every folded word of the search, each
-- prefixed, AND-ed — the lexemes plainto_tsquery('simple', …) would give, since both come from the same
-- parser and configuration. search_vector itself is unchanged (the covering index of 0007 carries it for
-- the window of the newest documents). Hand-written: drizzle cannot declare expression indexes on
-- functions, and search_vector is not in schema.ts.
CREATE OR REPLACE FUNCTION office.agency_search_vector(agency bigint, v tsvector) RETURNS tsvector
  LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
  AS $$ SELECT pg_catalog.array_to_tsvector(ARRAY(
    SELECT agency::text || ':' || l FROM pg_catalog.unnest(pg_catalog.tsvector_to_array(v)) AS l)) $$;
--> statement-breakpoint
-- The tsquery of a search in one agency: the words of `words` folded (lt_fold) and parsed as the stored
-- text is, each prefixed by the agency, all required. Lexemes are quoted for the tsquery input ('' and \
-- escaped). NULL when the text has no word (matches nothing, as an empty plainto_tsquery did).
CREATE OR REPLACE FUNCTION office.agency_search_query(agency bigint, words text) RETURNS tsquery
  LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
  AS $$ SELECT pg_catalog.string_agg(
      '''' || replace(replace(agency::text || ':' || l, '\', '\\'), '''', '''''') || '''', ' & ')::tsquery
    FROM pg_catalog.unnest(pg_catalog.tsvector_to_array(
      pg_catalog.to_tsvector('simple'::regconfig, public.lt_fold(words)))) AS l $$;
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "documents_agency_search_idx" ON "office"."documents"
  USING gin (office.agency_search_vector("agency_id", "search_vector"));
--> statement-breakpoint
DROP INDEX IF EXISTS "office"."documents_search_vector_idx";
