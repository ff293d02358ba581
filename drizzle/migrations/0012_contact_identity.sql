DROP INDEX "contacts_org_phone_key";--> statement-breakpoint
ALTER TABLE "contact_imports" ADD COLUMN "changes" jsonb DEFAULT '[]'::jsonb NOT NULL;--> statement-breakpoint
CREATE INDEX "contacts_org_phone_idx" ON "contacts" USING btree ("organization_id","phone");