DROP INDEX "axis"."deliveries_inbox_idx";--> statement-breakpoint
CREATE INDEX "deliveries_recipient_state_idx" ON "axis"."deliveries" USING btree ("recipient_code","state","created_at");--> statement-breakpoint
CREATE INDEX "evidence_ref_doc_idx" ON "axis"."evidence" USING btree ((details->>'refDocId'),"seq");