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
CREATE UNIQUE INDEX "jobs_queue_key_key" ON "jobs" USING btree ("queue","key");--> statement-breakpoint
CREATE INDEX "jobs_due_idx" ON "jobs" USING btree ("queue","status","run_at");--> statement-breakpoint
-- Deliveries still waiting move onto the job queue, due when they were.
INSERT INTO "jobs" ("queue", "key", "run_at", "attempts") SELECT 'webhook', "id"::text, "next_attempt_at", "attempts" FROM "webhook_deliveries" WHERE "status" = 'pending' ON CONFLICT DO NOTHING;--> statement-breakpoint
ALTER TABLE "webhook_deliveries" DROP COLUMN "leased_until";