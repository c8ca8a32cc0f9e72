-- Registry change notifications: any committed change to agencies, systems or their grants (any
-- instance, the CLI, plain SQL) notifies `axis_registry`, and every instance empties its registry and
-- credentials caches (src/axis/storage/registry-cache.ts). One notification per statement, at commit.
CREATE FUNCTION "axis"."on_registry_changed"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('axis_registry', TG_TABLE_NAME);
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER "agencies_after_change" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "axis"."agencies"
  FOR EACH STATEMENT EXECUTE FUNCTION "axis"."on_registry_changed"();
--> statement-breakpoint
CREATE TRIGGER "systems_after_change" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "axis"."systems"
  FOR EACH STATEMENT EXECUTE FUNCTION "axis"."on_registry_changed"();
--> statement-breakpoint
CREATE TRIGGER "system_agencies_after_change" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "axis"."system_agencies"
  FOR EACH STATEMENT EXECUTE FUNCTION "axis"."on_registry_changed"();
