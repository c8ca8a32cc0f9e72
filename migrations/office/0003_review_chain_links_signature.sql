CREATE TABLE "office"."review_steps" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "office"."review_steps_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"agency_id" bigint NOT NULL,
	"document_id" bigint NOT NULL,
	"round" integer NOT NULL,
	"position" integer NOT NULL,
	"reviewer_id" bigint NOT NULL,
	"state" text NOT NULL,
	"comment" text,
	"acted_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "office"."documents" ADD COLUMN "signature_report" jsonb;--> statement-breakpoint
ALTER TABLE "office"."documents" ADD COLUMN "related_document_id" bigint;--> statement-breakpoint
ALTER TABLE "office"."documents" ADD COLUMN "relation" text;--> statement-breakpoint
ALTER TABLE "office"."documents" ADD COLUMN "pending_package_sha256" text;--> statement-breakpoint
CREATE UNIQUE INDEX "review_steps_document_round_position_key" ON "office"."review_steps" USING btree ("document_id","round","position");--> statement-breakpoint
CREATE INDEX "review_steps_reviewer_idx" ON "office"."review_steps" USING btree ("agency_id","reviewer_id","state");--> statement-breakpoint
CREATE INDEX "documents_related_idx" ON "office"."documents" USING btree ("agency_id","related_document_id") WHERE related_document_id IS NOT NULL;