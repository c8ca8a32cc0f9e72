CREATE SCHEMA "monitor";
--> statement-breakpoint
CREATE TABLE "monitor"."agency_activity" (
	"agency_code" text PRIMARY KEY NOT NULL,
	"first_seen_at" timestamp with time zone NOT NULL,
	"last_seen_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "monitor"."agency_days" (
	"agency_code" text NOT NULL,
	"day" date NOT NULL,
	"sent" integer DEFAULT 0 NOT NULL,
	"sent_signed" integer DEFAULT 0 NOT NULL,
	"sent_valid" integer DEFAULT 0 NOT NULL,
	"sent_paperless" integer DEFAULT 0 NOT NULL,
	"received" integer DEFAULT 0 NOT NULL,
	"received_paperless" integer DEFAULT 0 NOT NULL,
	"acked" integer DEFAULT 0 NOT NULL,
	"acked_same_day" integer DEFAULT 0 NOT NULL,
	"completed" integer DEFAULT 0 NOT NULL,
	"completed_late" integer DEFAULT 0 NOT NULL,
	"returned" integer DEFAULT 0 NOT NULL,
	"revoked" integer DEFAULT 0 NOT NULL,
	"st_none" integer DEFAULT 0 NOT NULL,
	"st_01" integer DEFAULT 0 NOT NULL,
	"st_02" integer DEFAULT 0 NOT NULL,
	"st_03" integer DEFAULT 0 NOT NULL,
	"st_04" integer DEFAULT 0 NOT NULL,
	"st_05" integer DEFAULT 0 NOT NULL,
	"st_06" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "agency_days_agency_code_day_pk" PRIMARY KEY("agency_code","day")
);
--> statement-breakpoint
CREATE TABLE "monitor"."checkpoints" (
	"name" text PRIMARY KEY NOT NULL,
	"seq" bigint DEFAULT 0 NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "monitor"."deliveries" (
	"doc_id" text NOT NULL,
	"to_code" text NOT NULL,
	"from_code" text NOT NULL,
	"sent_at" timestamp with time zone NOT NULL,
	"day" date NOT NULL,
	"due_at" timestamp with time zone,
	"signed" boolean NOT NULL,
	"paper" boolean NOT NULL,
	"progress" text,
	"acked_at" timestamp with time zone,
	"completed_at" timestamp with time zone,
	"effect" text,
	CONSTRAINT "deliveries_doc_id_to_code_pk" PRIMARY KEY("doc_id","to_code")
);
--> statement-breakpoint
CREATE TABLE "monitor"."documents" (
	"doc_id" text PRIMARY KEY NOT NULL,
	"from_code" text NOT NULL,
	"sent_at" timestamp with time zone NOT NULL,
	"signed" boolean NOT NULL,
	"signature_valid" boolean NOT NULL,
	"paper" boolean NOT NULL,
	"due_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "monitor"."latency_buckets" (
	"agency_code" text NOT NULL,
	"month" date NOT NULL,
	"metric" text NOT NULL,
	"bucket" smallint NOT NULL,
	"count" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "latency_buckets_agency_code_month_metric_bucket_pk" PRIMARY KEY("agency_code","month","metric","bucket")
);
--> statement-breakpoint
CREATE INDEX "agency_days_day_idx" ON "monitor"."agency_days" USING btree ("day");--> statement-breakpoint
CREATE INDEX "deliveries_to_day_idx" ON "monitor"."deliveries" USING btree ("to_code","day");--> statement-breakpoint
CREATE INDEX "deliveries_from_day_idx" ON "monitor"."deliveries" USING btree ("from_code","day");--> statement-breakpoint
CREATE INDEX "deliveries_open_due_idx" ON "monitor"."deliveries" USING btree ("due_at") WHERE completed_at is null and due_at is not null;--> statement-breakpoint
CREATE INDEX "documents_from_sent_idx" ON "monitor"."documents" USING btree ("from_code","sent_at");