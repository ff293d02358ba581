CREATE TYPE "public"."job_status" AS ENUM('pending', 'done', 'dead');--> statement-breakpoint
CREATE TABLE "jobs" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"queue" text NOT NULL,
	"key" text NOT NULL,
	"payload" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"status" "job_status" DEFAULT 'pending' NOT NULL,
	"run_at" timestamp with time zone DEFAULT now() NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"lease_token" uuid,
	"leased_until" timestamp with time zone,
	"last_error" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "call_answer_messages" (
	"organization_id" uuid NOT NULL,
	"message_key" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "call_answer_messages_organization_id_message_key_pk" PRIMARY KEY("organization_id","message_key")
);
--> statement-breakpoint
CREATE TABLE "call_attempts" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"delivery_id" uuid NOT NULL,
	"attempt_no" smallint NOT NULL,
	"state" text DEFAULT 'queued' NOT NULL,
	"carrier_sid" text,
	"carrier_status" text,
	"answered_by" text,
	"digits" text,
	"duration_seconds" integer,
	"error_code" text,
	"error" text,
	"creating_at" timestamp with time zone,
	"placed_at" timestamp with time zone,
	"ended_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "call_callbacks" (
	"carrier_sid" text NOT NULL,
	"event_key" text NOT NULL,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "call_callbacks_carrier_sid_event_key_pk" PRIMARY KEY("carrier_sid","event_key")
);
--> statement-breakpoint
CREATE TABLE "call_deliveries" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organization_id" uuid NOT NULL,
	"campaign_id" uuid NOT NULL,
	"recipient_id" uuid NOT NULL,
	"contact_id" uuid NOT NULL,
	"phone" text NOT NULL,
	"timezone" text NOT NULL,
	"message_key" text NOT NULL,
	"answer_keys" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"outcome" text,
	"outcome_detail" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"finished_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "carrier_settings" (
	"organization_id" uuid PRIMARY KEY NOT NULL,
	"provider" text DEFAULT 'twilio' NOT NULL,
	"base_url" text DEFAULT 'https://api.twilio.com' NOT NULL,
	"account_sid" text NOT NULL,
	"auth_token_sealed" text NOT NULL,
	"caller_id" text NOT NULL,
	"calls_per_second" real DEFAULT 1 NOT NULL,
	"window_start_minute" smallint DEFAULT 540 NOT NULL,
	"window_end_minute" smallint DEFAULT 1200 NOT NULL,
	"weekdays" smallint[] DEFAULT '{1,2,3,4,5,6}' NOT NULL,
	"cap_per_day" smallint DEFAULT 1 NOT NULL,
	"cap_per_week" smallint DEFAULT 3 NOT NULL,
	"retries" smallint DEFAULT 2 NOT NULL,
	"retry_delay_minutes" smallint DEFAULT 30 NOT NULL,
	"callback_number" text,
	"answer_texts" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"next_call_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "appointments" ADD COLUMN "call_answer" text;--> statement-breakpoint
ALTER TABLE "appointments" ADD COLUMN "call_answered_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "call_answer_messages" ADD CONSTRAINT "call_answer_messages_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "call_attempts" ADD CONSTRAINT "call_attempts_delivery_id_call_deliveries_id_fk" FOREIGN KEY ("delivery_id") REFERENCES "public"."call_deliveries"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "call_deliveries" ADD CONSTRAINT "call_deliveries_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "call_deliveries" ADD CONSTRAINT "call_deliveries_campaign_id_campaigns_id_fk" FOREIGN KEY ("campaign_id") REFERENCES "public"."campaigns"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "call_deliveries" ADD CONSTRAINT "call_deliveries_recipient_id_campaign_recipients_id_fk" FOREIGN KEY ("recipient_id") REFERENCES "public"."campaign_recipients"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "call_deliveries" ADD CONSTRAINT "call_deliveries_contact_id_contacts_id_fk" FOREIGN KEY ("contact_id") REFERENCES "public"."contacts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "carrier_settings" ADD CONSTRAINT "carrier_settings_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "jobs_queue_key_key" ON "jobs" USING btree ("queue","key");--> statement-breakpoint
CREATE INDEX "jobs_due_idx" ON "jobs" USING btree ("queue","status","run_at");--> statement-breakpoint
CREATE INDEX "call_answer_messages_key_idx" ON "call_answer_messages" USING btree ("message_key");--> statement-breakpoint
CREATE UNIQUE INDEX "call_attempts_delivery_no_key" ON "call_attempts" USING btree ("delivery_id","attempt_no");--> statement-breakpoint
CREATE UNIQUE INDEX "call_attempts_sid_key" ON "call_attempts" USING btree ("carrier_sid");--> statement-breakpoint
CREATE UNIQUE INDEX "call_deliveries_recipient_key" ON "call_deliveries" USING btree ("recipient_id");--> statement-breakpoint
CREATE INDEX "call_deliveries_campaign_idx" ON "call_deliveries" USING btree ("campaign_id");--> statement-breakpoint
CREATE INDEX "call_deliveries_phone_idx" ON "call_deliveries" USING btree ("organization_id","phone");--> statement-breakpoint
ALTER TABLE "webhook_deliveries" DROP COLUMN "leased_until";--> statement-breakpoint
-- Deliveries still waiting move onto the job queue, due when they were.
INSERT INTO "jobs" ("queue", "key", "run_at", "attempts") SELECT 'webhook', "id"::text, "next_attempt_at", "attempts" FROM "webhook_deliveries" WHERE "status" = 'pending' ON CONFLICT DO NOTHING;
