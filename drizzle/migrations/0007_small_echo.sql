ALTER TABLE "organizations" ADD COLUMN "phone_country" text DEFAULT 'US' NOT NULL;--> statement-breakpoint
ALTER TABLE "organizations" ADD COLUMN "callback_number" text;--> statement-breakpoint
ALTER TABLE "organizations" ADD COLUMN "phone_system" text DEFAULT 'generic' NOT NULL;--> statement-breakpoint
ALTER TABLE "campaigns" ADD COLUMN "missing_values" text DEFAULT 'fallback' NOT NULL;