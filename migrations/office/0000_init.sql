CREATE SCHEMA "office";
--> statement-breakpoint
CREATE TABLE "office"."agencies" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "office"."agencies_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"code" text NOT NULL,
	"name" text NOT NULL,
	"abbreviation" text NOT NULL,
	"axis_system_id" text,
	"axis_secret" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "office"."assignments" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "office"."assignments_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"agency_id" bigint NOT NULL,
	"document_id" bigint NOT NULL,
	"user_id" bigint,
	"department_id" bigint,
	"role" text NOT NULL,
	"state" text DEFAULT 'assigned' NOT NULL,
	"deadline" date,
	"opinion" text,
	"assigned_by" bigint NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"completed_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "office"."attachments" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "office"."attachments_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"agency_id" bigint NOT NULL,
	"document_id" bigint NOT NULL,
	"name" text NOT NULL,
	"content_type" text NOT NULL,
	"size" bigint NOT NULL,
	"sha256" text NOT NULL,
	"origin" text DEFAULT 'draft' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "office"."audit_log" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "office"."audit_log_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"agency_id" bigint,
	"user_id" bigint,
	"action" text NOT NULL,
	"object_type" text,
	"object_id" text,
	"details" jsonb,
	"at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "office"."counters" (
	"agency_id" bigint NOT NULL,
	"year" integer NOT NULL,
	"series" text NOT NULL,
	"value" integer NOT NULL,
	CONSTRAINT "counters_agency_id_year_series_pk" PRIMARY KEY("agency_id","year","series")
);
--> statement-breakpoint
CREATE TABLE "office"."departments" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "office"."departments_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"agency_id" bigint NOT NULL,
	"name" text NOT NULL,
	"abbreviation" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "office"."documents" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "office"."documents_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"agency_id" bigint NOT NULL,
	"direction" text NOT NULL,
	"state" text NOT NULL,
	"subject" text NOT NULL,
	"summary" text,
	"type_name" text,
	"type_abbreviation" text,
	"code_number" text,
	"code_notation" text,
	"promulgation_date" date,
	"promulgation_place" text,
	"priority" smallint DEFAULT 0 NOT NULL,
	"from_code" text,
	"from_name" text,
	"signer_name" text,
	"signer_position" text,
	"edxml_document_id" text,
	"axis_delivery_id" text,
	"axis_doc_id" text,
	"package_sha256" text,
	"incoming_number" integer,
	"incoming_year" integer,
	"issue_series" text,
	"issue_number" integer,
	"issue_year" integer,
	"paper" boolean DEFAULT false NOT NULL,
	"signature_status" text DEFAULT 'not_verified' NOT NULL,
	"signature_note" text,
	"leader_signed_by" bigint,
	"leader_signed_at" timestamp with time zone,
	"agency_signed_at" timestamp with time zone,
	"approved_by" bigint,
	"approved_at" timestamp with time zone,
	"deadline" date,
	"directive" text,
	"return_reason" text,
	"pending_request" text,
	"pending_reason" text,
	"response_for_id" bigint,
	"dossier_id" bigint,
	"recipients_text" text,
	"search_text" text DEFAULT '' NOT NULL,
	"received_at" timestamp with time zone,
	"registered_at" timestamp with time zone,
	"issued_at" timestamp with time zone,
	"completed_at" timestamp with time zone,
	"created_by" bigint,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "office"."dossiers" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "office"."dossiers_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"agency_id" bigint NOT NULL,
	"year" integer NOT NULL,
	"code" text NOT NULL,
	"title" text NOT NULL,
	"retention_years" integer,
	"state" text DEFAULT 'open' NOT NULL,
	"owner_id" bigint,
	"opened_at" timestamp with time zone DEFAULT now() NOT NULL,
	"closed_at" timestamp with time zone,
	"archived_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "office"."leases" (
	"name" text PRIMARY KEY NOT NULL,
	"holder" text NOT NULL,
	"expires_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "office"."outbox" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "office"."outbox_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"agency_id" bigint NOT NULL,
	"document_id" bigint NOT NULL,
	"kind" text NOT NULL,
	"payload" jsonb NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"last_error" text,
	"sent_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "office"."recipients" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "office"."recipients_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"agency_id" bigint NOT NULL,
	"document_id" bigint NOT NULL,
	"code" text NOT NULL,
	"name" text,
	"status_code" text,
	"status_description" text,
	"status_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "office"."sessions" (
	"token_hash" text PRIMARY KEY NOT NULL,
	"user_id" bigint NOT NULL,
	"csrf_token" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"expires_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "office"."status_events" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "office"."status_events_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"agency_id" bigint NOT NULL,
	"document_id" bigint NOT NULL,
	"direction" text NOT NULL,
	"party_code" text NOT NULL,
	"status_code" text NOT NULL,
	"description" text,
	"status_doc_id" text,
	"at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "office"."users" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "office"."users_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"agency_id" bigint NOT NULL,
	"department_id" bigint,
	"username" text NOT NULL,
	"full_name" text NOT NULL,
	"position" text,
	"role" text NOT NULL,
	"password_hash" text NOT NULL,
	"failed_logins" integer DEFAULT 0 NOT NULL,
	"locked_until" timestamp with time zone,
	"active" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX "agencies_code_key" ON "office"."agencies" USING btree ("code");--> statement-breakpoint
CREATE INDEX "assignments_user_idx" ON "office"."assignments" USING btree ("agency_id","user_id","state");--> statement-breakpoint
CREATE INDEX "assignments_document_idx" ON "office"."assignments" USING btree ("document_id");--> statement-breakpoint
CREATE INDEX "attachments_document_idx" ON "office"."attachments" USING btree ("agency_id","document_id");--> statement-breakpoint
CREATE INDEX "audit_agency_at_idx" ON "office"."audit_log" USING btree ("agency_id","at");--> statement-breakpoint
CREATE UNIQUE INDEX "departments_agency_abbr_key" ON "office"."departments" USING btree ("agency_id","abbreviation");--> statement-breakpoint
CREATE INDEX "documents_list_idx" ON "office"."documents" USING btree ("agency_id","direction","state","priority","id");--> statement-breakpoint
CREATE INDEX "documents_agency_created_idx" ON "office"."documents" USING btree ("agency_id","id");--> statement-breakpoint
CREATE UNIQUE INDEX "documents_incoming_number_key" ON "office"."documents" USING btree ("agency_id","incoming_year","incoming_number") WHERE incoming_number IS NOT NULL;--> statement-breakpoint
CREATE UNIQUE INDEX "documents_issue_number_key" ON "office"."documents" USING btree ("agency_id","issue_year","issue_series","issue_number") WHERE issue_number IS NOT NULL;--> statement-breakpoint
CREATE UNIQUE INDEX "documents_delivery_key" ON "office"."documents" USING btree ("agency_id","axis_delivery_id") WHERE direction = 'incoming' AND axis_delivery_id IS NOT NULL;--> statement-breakpoint
CREATE INDEX "documents_axis_doc_idx" ON "office"."documents" USING btree ("axis_doc_id");--> statement-breakpoint
CREATE INDEX "documents_deadline_idx" ON "office"."documents" USING btree ("agency_id","deadline") WHERE deadline IS NOT NULL;--> statement-breakpoint
CREATE UNIQUE INDEX "dossiers_agency_year_code_key" ON "office"."dossiers" USING btree ("agency_id","year","code");--> statement-breakpoint
CREATE INDEX "outbox_pending_idx" ON "office"."outbox" USING btree ("id") WHERE sent_at IS NULL;--> statement-breakpoint
CREATE UNIQUE INDEX "recipients_document_code_key" ON "office"."recipients" USING btree ("document_id","code");--> statement-breakpoint
CREATE INDEX "sessions_user_idx" ON "office"."sessions" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "status_events_document_idx" ON "office"."status_events" USING btree ("document_id","at");--> statement-breakpoint
CREATE UNIQUE INDEX "status_events_received_key" ON "office"."status_events" USING btree ("agency_id","status_doc_id") WHERE direction = 'received' AND status_doc_id IS NOT NULL;--> statement-breakpoint
CREATE UNIQUE INDEX "users_username_key" ON "office"."users" USING btree ("username");--> statement-breakpoint
CREATE INDEX "users_agency_idx" ON "office"."users" USING btree ("agency_id");