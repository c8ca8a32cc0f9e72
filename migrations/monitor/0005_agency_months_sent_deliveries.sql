CREATE TABLE "monitor"."agency_months" (
	"agency_code" text NOT NULL,
	"month" date NOT NULL,
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
	"processed_online" integer DEFAULT 0 NOT NULL,
	"sent_deliveries" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "agency_months_agency_code_month_pk" PRIMARY KEY("agency_code","month")
);
--> statement-breakpoint
ALTER TABLE "monitor"."agency_days" ADD COLUMN "sent_deliveries" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "monitor"."level_days" ADD COLUMN "sent_deliveries" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
CREATE INDEX "agency_months_month_idx" ON "monitor"."agency_months" USING btree ("month");--> statement-breakpoint
-- Backfill from the read models already projected (the projector keeps them up to date from here on).
UPDATE "monitor"."agency_days" a SET "sent_deliveries" = x.n
FROM (SELECT "from_code", "day", count(*)::int AS n FROM "monitor"."deliveries" GROUP BY 1, 2) x
WHERE a."agency_code" = x."from_code" AND a."day" = x."day";--> statement-breakpoint
UPDATE "monitor"."level_days" l SET "sent_deliveries" = x.n
FROM (
  SELECT coalesce(r."level", CASE
           WHEN d."agency_code" !~ '^\d{3}\.\d{2}\.\d{2}\.[A-Z]\d{2}$' THEN 0
           WHEN substr(d."agency_code", 1, 3) <> '000' THEN 4
           WHEN substr(d."agency_code", 5, 2) <> '00' THEN 3
           WHEN substr(d."agency_code", 8, 2) <> '00' THEN 2
           ELSE 1 END) AS "level",
         d."day", sum(d."sent_deliveries")::int AS n
  FROM "monitor"."agency_days" d LEFT JOIN "axis"."agencies" r ON r."code" = d."agency_code"
  GROUP BY 1, 2
) x
WHERE l."level" = x."level" AND l."day" = x."day";--> statement-breakpoint
INSERT INTO "monitor"."agency_months" ("agency_code", "month", "sent", "sent_signed", "sent_valid", "sent_paperless", "received",
  "received_paperless", "acked", "acked_same_day", "completed", "completed_late", "returned", "revoked", "st_none", "st_01", "st_02",
  "st_03", "st_04", "st_05", "st_06", "processed_online", "sent_deliveries")
SELECT "agency_code", date_trunc('month', "day")::date, sum("sent"), sum("sent_signed"), sum("sent_valid"), sum("sent_paperless"),
  sum("received"), sum("received_paperless"), sum("acked"), sum("acked_same_day"), sum("completed"), sum("completed_late"),
  sum("returned"), sum("revoked"), sum("st_none"), sum("st_01"), sum("st_02"), sum("st_03"), sum("st_04"), sum("st_05"), sum("st_06"),
  sum("processed_online"), sum("sent_deliveries")
FROM "monitor"."agency_days" GROUP BY 1, 2;
