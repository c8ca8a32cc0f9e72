ALTER TABLE "axis"."agencies" ADD COLUMN "signature_policy" text DEFAULT 'flag' NOT NULL;--> statement-breakpoint
ALTER TABLE "axis"."packages" ADD COLUMN "signed" boolean;--> statement-breakpoint
ALTER TABLE "axis"."packages" ADD COLUMN "signature_status" text;--> statement-breakpoint
ALTER TABLE "axis"."packages" ADD COLUMN "signature_chain_checked" boolean;--> statement-breakpoint
ALTER TABLE "axis"."packages" ADD COLUMN "signer_subject" text;--> statement-breakpoint
ALTER TABLE "axis"."packages" ADD COLUMN "signature_algorithm" text;--> statement-breakpoint
ALTER TABLE "axis"."packages" ADD COLUMN "signature_weak" boolean;