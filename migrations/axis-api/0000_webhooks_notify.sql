-- Webhooks of the axis REST API and change notifications for long-polling inboxes.
-- Kept in its own migration folder (own journal) so it evolves apart from the axis core schema; it
-- runs after migrations/axis because folders are applied in name order.
CREATE TABLE "axis"."webhooks" (
	"id" text PRIMARY KEY NOT NULL,
	"system_id" text NOT NULL REFERENCES "axis"."systems"("system_id") ON DELETE CASCADE,
	"url" text NOT NULL,
	"events" text[] NOT NULL,
	"enabled" boolean DEFAULT true NOT NULL,
	"consecutive_failures" integer DEFAULT 0 NOT NULL,
	"disabled_reason" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE INDEX "webhooks_system_idx" ON "axis"."webhooks" USING btree ("system_id");
--> statement-breakpoint
-- Transactional outbox: rows are written by the triggers below in the same transaction as the
-- delivery or status they announce, so a committed delivery is never without its notification and a
-- rolled-back one never has one. The worker claims rows with FOR UPDATE SKIP LOCKED (several instances).
CREATE TABLE "axis"."webhook_outbox" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY,
	"webhook_id" text NOT NULL REFERENCES "axis"."webhooks"("id") ON DELETE CASCADE,
	"event_type" text NOT NULL,
	"payload" jsonb NOT NULL,
	"state" text DEFAULT 'pending' NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"next_attempt_at" timestamp with time zone DEFAULT now() NOT NULL,
	"locked_until" timestamp with time zone,
	"last_error" text,
	"last_status" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"delivered_at" timestamp with time zone
);
--> statement-breakpoint
CREATE INDEX "webhook_outbox_due_idx" ON "axis"."webhook_outbox" USING btree ("next_attempt_at", "id") WHERE state = 'pending';
--> statement-breakpoint
CREATE INDEX "webhook_outbox_webhook_idx" ON "axis"."webhook_outbox" USING btree ("webhook_id", "id");
--> statement-breakpoint
CREATE FUNCTION "axis"."on_deliveries_inserted"() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  codes text;
BEGIN
  INSERT INTO "axis"."webhook_outbox" ("webhook_id", "event_type", "payload", "created_at", "next_attempt_at")
  SELECT w.id, 'delivery.created',
         jsonb_build_object(
           'event', 'delivery.created',
           'deliveryId', d.id, 'docId', d.doc_id, 'kind', d.kind,
           'from', d.from_organ_id, 'to', d.recipient_code, 'addressedTo', d.addressed_code,
           'createdAt', d.created_at),
         d.created_at, d.created_at
  FROM new_rows d
  JOIN "axis"."system_agencies" sa ON sa.agency_code = d.recipient_code
  JOIN "axis"."webhooks" w ON w.system_id = sa.system_id AND w.enabled AND 'delivery.created' = ANY (w.events);
  -- One notification per statement (delivered at commit) naming the recipients, for long-poll waiters.
  SELECT string_agg(DISTINCT recipient_code, ',') INTO codes FROM new_rows;
  IF codes IS NOT NULL THEN
    PERFORM pg_notify('axis_inbox', CASE WHEN length(codes) > 7000 THEN '*' ELSE codes END);
  END IF;
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER "deliveries_after_insert" AFTER INSERT ON "axis"."deliveries"
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "axis"."on_deliveries_inserted"();
--> statement-breakpoint
CREATE FUNCTION "axis"."on_status_events_inserted"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  -- The status reaches the system that sent the document (standards-vn §2.4 step 9).
  INSERT INTO "axis"."webhook_outbox" ("webhook_id", "event_type", "payload", "created_at", "next_attempt_at")
  SELECT w.id, 'status.changed',
         jsonb_build_object(
           'event', 'status.changed',
           'docId', s.doc_id, 'deliveryId', s.delivery_id, 'recipientCode', s.recipient_code,
           'statusCode', s.status_code, 'description', s.description, 'from', s.from_organ_id,
           'statusDocId', s.status_doc_id, 'receivedAt', s.received_at),
         s.received_at, s.received_at
  FROM new_rows s
  JOIN "axis"."packages" p ON p.doc_id = s.doc_id
  JOIN "axis"."webhooks" w ON w.system_id = p.sender_system AND w.enabled AND 'status.changed' = ANY (w.events);
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER "status_events_after_insert" AFTER INSERT ON "axis"."status_events"
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "axis"."on_status_events_inserted"();
--> statement-breakpoint
-- Statistics read deliveries and packages by time range across agencies.
CREATE INDEX "deliveries_created_idx" ON "axis"."deliveries" USING btree ("created_at");
--> statement-breakpoint
CREATE INDEX "packages_created_idx" ON "axis"."packages" USING btree ("created_at");
--> statement-breakpoint
-- Open inbox (pending or processing) in keyset order: inbox listing stays an index range scan however many
-- acknowledged deliveries accumulate.
CREATE INDEX "deliveries_open_inbox_idx" ON "axis"."deliveries" USING btree ("recipient_code", "kind", "created_at", "id") WHERE state IN ('pending', 'processing');
