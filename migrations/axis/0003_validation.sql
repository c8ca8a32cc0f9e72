ALTER TABLE "axis"."agencies" ADD COLUMN "validation_mode" text;--> statement-breakpoint
ALTER TABLE "axis"."packages" ADD COLUMN "findings" jsonb DEFAULT '[]'::jsonb NOT NULL;
