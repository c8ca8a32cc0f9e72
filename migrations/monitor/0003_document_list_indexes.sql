DROP INDEX "monitor"."deliveries_to_day_idx";--> statement-breakpoint
DROP INDEX "monitor"."deliveries_from_day_idx";--> statement-breakpoint
CREATE INDEX "deliveries_to_sent_idx" ON "monitor"."deliveries" USING btree ("to_code","sent_at");--> statement-breakpoint
CREATE INDEX "deliveries_from_sent_idx" ON "monitor"."deliveries" USING btree ("from_code","sent_at");