CREATE SCHEMA "axis";
--> statement-breakpoint
CREATE TABLE "axis"."agencies" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "axis"."agencies_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"code" text NOT NULL,
	"code_qd20" text,
	"name" text NOT NULL,
	"level" smallint NOT NULL,
	"parent_code" text,
	"mail" text,
	"phone" text,
	"fax" text,
	"valid_from" timestamp with time zone,
	"valid_to" timestamp with time zone,
	"successor_code" text,
	"status" text DEFAULT 'active' NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"deleted_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "axis"."deliveries" (
	"id" text PRIMARY KEY NOT NULL,
	"doc_id" text NOT NULL,
	"kind" text NOT NULL,
	"recipient_code" text NOT NULL,
	"addressed_code" text,
	"from_organ_id" text NOT NULL,
	"state" text DEFAULT 'pending' NOT NULL,
	"retry_count" smallint DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"fetched_at" timestamp with time zone,
	"acked_at" timestamp with time zone,
	"status_code" text,
	"progress_code" text,
	"status_description" text,
	"status_at" timestamp with time zone,
	"pending_request" text,
	"effect" text,
	"request_doc_id" text
);
--> statement-breakpoint
CREATE TABLE "axis"."evidence" (
	"seq" bigint PRIMARY KEY NOT NULL,
	"prev_hash" text NOT NULL,
	"hash" text NOT NULL,
	"event_type" text NOT NULL,
	"doc_id" text,
	"package_sha256" text,
	"actor" text,
	"at" timestamp with time zone NOT NULL,
	"details" jsonb NOT NULL
);
--> statement-breakpoint
CREATE TABLE "axis"."evidence_head" (
	"id" smallint PRIMARY KEY NOT NULL,
	"seq" bigint NOT NULL,
	"hash" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "axis"."idempotency_keys" (
	"system_id" text NOT NULL,
	"key" text NOT NULL,
	"doc_id" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "idempotency_keys_system_id_key_pk" PRIMARY KEY("system_id","key")
);
--> statement-breakpoint
CREATE TABLE "axis"."packages" (
	"doc_id" text PRIMARY KEY NOT NULL,
	"sender_system" text NOT NULL,
	"from_organ_id" text NOT NULL,
	"kind" text NOT NULL,
	"sha256" text NOT NULL,
	"size" bigint NOT NULL,
	"document_id" text,
	"bussiness_doc_type" smallint,
	"response_for_document_id" text,
	"ref_doc_id" text,
	"status_code" text,
	"subject" text,
	"notation" text,
	"recipients_key" text NOT NULL,
	"trace_insert_offset" bigint NOT NULL,
	"trace_xml" text NOT NULL,
	"signature_flags" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "axis"."status_events" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "axis"."status_events_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"delivery_id" text NOT NULL,
	"doc_id" text NOT NULL,
	"recipient_code" text NOT NULL,
	"status_code" text NOT NULL,
	"description" text,
	"from_organ_id" text NOT NULL,
	"status_doc_id" text NOT NULL,
	"stated_at" text,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "axis"."system_agencies" (
	"system_id" text NOT NULL,
	"agency_code" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "system_agencies_system_id_agency_code_pk" PRIMARY KEY("system_id","agency_code")
);
--> statement-breakpoint
CREATE TABLE "axis"."systems" (
	"system_id" text PRIMARY KEY NOT NULL,
	"secret_ciphertext" text NOT NULL,
	"status" text DEFAULT 'active' NOT NULL,
	"name" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"secret_rotated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "axis"."deliveries" ADD CONSTRAINT "deliveries_doc_id_packages_doc_id_fk" FOREIGN KEY ("doc_id") REFERENCES "axis"."packages"("doc_id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "axis"."status_events" ADD CONSTRAINT "status_events_delivery_id_deliveries_id_fk" FOREIGN KEY ("delivery_id") REFERENCES "axis"."deliveries"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "axis"."system_agencies" ADD CONSTRAINT "system_agencies_system_id_systems_system_id_fk" FOREIGN KEY ("system_id") REFERENCES "axis"."systems"("system_id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "agencies_code_key" ON "axis"."agencies" USING btree ("code");--> statement-breakpoint
CREATE UNIQUE INDEX "agencies_code_qd20_key" ON "axis"."agencies" USING btree ("code_qd20");--> statement-breakpoint
CREATE INDEX "agencies_parent_idx" ON "axis"."agencies" USING btree ("parent_code");--> statement-breakpoint
CREATE UNIQUE INDEX "deliveries_doc_recipient_key" ON "axis"."deliveries" USING btree ("doc_id","recipient_code");--> statement-breakpoint
CREATE INDEX "deliveries_inbox_idx" ON "axis"."deliveries" USING btree ("recipient_code","kind","state","created_at","id");--> statement-breakpoint
CREATE INDEX "evidence_doc_idx" ON "axis"."evidence" USING btree ("doc_id","seq");--> statement-breakpoint
CREATE UNIQUE INDEX "packages_sender_sha_key" ON "axis"."packages" USING btree ("sender_system","sha256");--> statement-breakpoint
CREATE UNIQUE INDEX "packages_new_document_key" ON "axis"."packages" USING btree ("from_organ_id","document_id","recipients_key") WHERE kind = 'edoc' and bussiness_doc_type = 0 and document_id is not null;--> statement-breakpoint
CREATE INDEX "packages_document_idx" ON "axis"."packages" USING btree ("document_id");--> statement-breakpoint
CREATE INDEX "packages_sender_created_idx" ON "axis"."packages" USING btree ("sender_system","created_at");--> statement-breakpoint
CREATE INDEX "status_events_doc_idx" ON "axis"."status_events" USING btree ("doc_id","recipient_code","id");--> statement-breakpoint
CREATE INDEX "system_agencies_agency_idx" ON "axis"."system_agencies" USING btree ("agency_code");--> statement-breakpoint
-- Genesis of the evidence chain: seq 0, hash of nothing.
INSERT INTO "axis"."evidence_head" ("id", "seq", "hash") VALUES (1, 0, '0000000000000000000000000000000000000000000000000000000000000000');
