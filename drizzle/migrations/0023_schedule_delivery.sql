CREATE TYPE "public"."schedule_delivery" AS ENUM('files', 'calls');--> statement-breakpoint
ALTER TABLE "schedule_runs" ADD COLUMN "delivery" "schedule_delivery" DEFAULT 'files' NOT NULL;--> statement-breakpoint
ALTER TABLE "schedule_runs" ADD COLUMN "calls_started_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "schedule_runs" ADD COLUMN "calls_queued" integer;--> statement-breakpoint
ALTER TABLE "schedules" ADD COLUMN "delivery" "schedule_delivery" DEFAULT 'files' NOT NULL;