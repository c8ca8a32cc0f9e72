CREATE TABLE "monitor"."open_due" (
	"agency_code" text NOT NULL,
	"due_day" date NOT NULL,
	"open" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "open_due_agency_code_due_day_pk" PRIMARY KEY("agency_code","due_day")
);
--> statement-breakpoint
CREATE INDEX "open_due_day_idx" ON "monitor"."open_due" USING btree ("due_day");