-- Extensions every context relies on: diacritic-insensitive search (unaccent) and trigram indexes (pg_trgm).
CREATE EXTENSION IF NOT EXISTS unaccent;
--> statement-breakpoint
CREATE EXTENSION IF NOT EXISTS pg_trgm;
--> statement-breakpoint
-- unaccent() is STABLE (it reads its dictionary); an IMMUTABLE wrapper with the dictionary fixed lets
-- expression indexes use it. lt_fold() is the one normalisation search uses: unaccent + lower, so
-- "van ban" finds "Văn bản" and "D" matches "Đ".
CREATE OR REPLACE FUNCTION public.lt_unaccent(text) RETURNS text
  LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
  AS $$ SELECT public.unaccent('public.unaccent'::regdictionary, $1) $$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION public.lt_fold(text) RETURNS text
  LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
  AS $$ SELECT lower(public.lt_unaccent($1)) $$;
