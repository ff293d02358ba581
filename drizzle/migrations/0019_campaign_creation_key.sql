ALTER TABLE "campaigns" ADD COLUMN "creation_key" text;--> statement-breakpoint
CREATE UNIQUE INDEX "campaigns_org_creation_key_idx" ON "campaigns" USING btree ("organization_id","creation_key");