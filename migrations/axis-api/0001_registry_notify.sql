-- Registry change notifications: any committed change to the agencies (any instance, the CLI, plain
-- SQL) notifies `axis_registry`, and every instance empties its registry cache
-- (src/axis/storage/registry-cache.ts). One notification per statement, delivered at commit.
CREATE FUNCTION "axis"."on_agencies_changed"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('axis_registry', '');
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER "agencies_after_change" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "axis"."agencies"
  FOR EACH STATEMENT EXECUTE FUNCTION "axis"."on_agencies_changed"();
