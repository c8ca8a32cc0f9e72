-- Per-recipient answer to a replacement (BussinessDocType 3), on the original's recipient rows: the
-- original is replaced for a recipient only when it agreed (15). Documents marked `replaced` before
-- this migration (the old rule marked the original replaced when the replacement was issued) keep
-- their state; their rows have no replacement answer.
ALTER TABLE "office"."recipients" ADD COLUMN "replacement" text;--> statement-breakpoint
ALTER TABLE "office"."recipients" ADD COLUMN "replacement_document_id" bigint;--> statement-breakpoint
ALTER TABLE "office"."recipients" ADD COLUMN "replacement_note" text;--> statement-breakpoint
ALTER TABLE "office"."recipients" ADD COLUMN "replacement_at" timestamp with time zone;