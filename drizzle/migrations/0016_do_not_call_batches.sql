CREATE TABLE "do_not_call_batches" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organization_id" uuid NOT NULL,
	"source" text NOT NULL,
	"file_name" text,
	"numbers" integer NOT NULL,
	"added" integer NOT NULL,
	"created_by_user_id" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"undone_at" timestamp with time zone,
	"undone_by_user_id" text,
	"removed" integer
);
--> statement-breakpoint
ALTER TABLE "do_not_call" ADD COLUMN "batch_id" uuid;--> statement-breakpoint
ALTER TABLE "do_not_call_batches" ADD CONSTRAINT "do_not_call_batches_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "do_not_call_batches" ADD CONSTRAINT "do_not_call_batches_created_by_user_id_users_id_fk" FOREIGN KEY ("created_by_user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "do_not_call_batches" ADD CONSTRAINT "do_not_call_batches_undone_by_user_id_users_id_fk" FOREIGN KEY ("undone_by_user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "do_not_call_batches_org_created_idx" ON "do_not_call_batches" USING btree ("organization_id","created_at");--> statement-breakpoint
ALTER TABLE "do_not_call" ADD CONSTRAINT "do_not_call_batch_id_do_not_call_batches_id_fk" FOREIGN KEY ("batch_id") REFERENCES "public"."do_not_call_batches"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "do_not_call_batch_idx" ON "do_not_call" USING btree ("batch_id");