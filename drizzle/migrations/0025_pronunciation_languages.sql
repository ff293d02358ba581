DROP INDEX "pronunciations_organization_term_idx";--> statement-breakpoint
ALTER TABLE "organizations" ADD COLUMN "default_language" text DEFAULT 'en' NOT NULL;--> statement-breakpoint
ALTER TABLE "pronunciations" ADD COLUMN "language" text DEFAULT 'en' NOT NULL;--> statement-breakpoint
CREATE UNIQUE INDEX "pronunciations_organization_language_term_idx" ON "pronunciations" USING btree ("organization_id","language","term_key");