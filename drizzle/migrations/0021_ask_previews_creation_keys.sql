CREATE TABLE "preview_link_opens" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"link_id" uuid NOT NULL,
	"opened_at" timestamp with time zone DEFAULT now() NOT NULL,
	"client_key" text NOT NULL,
	"user_agent" text
);
--> statement-breakpoint
DROP INDEX "contact_lists_org_name_key";--> statement-breakpoint
ALTER TABLE "campaigns" ALTER COLUMN "missing_values" SET DEFAULT 'ask';--> statement-breakpoint
ALTER TABLE "campaigns" ADD COLUMN "creation_key" text;--> statement-breakpoint
ALTER TABLE "preview_link_opens" ADD CONSTRAINT "preview_link_opens_link_id_preview_links_id_fk" FOREIGN KEY ("link_id") REFERENCES "public"."preview_links"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "preview_link_opens_link_idx" ON "preview_link_opens" USING btree ("link_id","opened_at");--> statement-breakpoint
CREATE UNIQUE INDEX "campaigns_org_creation_key_idx" ON "campaigns" USING btree ("organization_id","creation_key");--> statement-breakpoint
CREATE UNIQUE INDEX "contact_lists_org_lower_name_key" ON "contact_lists" USING btree ("organization_id",lower("name"));