ALTER TABLE "call_deliveries" ADD COLUMN "language" text DEFAULT 'en' NOT NULL;--> statement-breakpoint
ALTER TABLE "call_deliveries" ADD COLUMN "stop_reason" text;--> statement-breakpoint
-- Call sentences are now kept by language: the English sentences saved before move under "en".
UPDATE "carrier_settings" SET "answer_texts" = jsonb_build_object('en', "answer_texts") WHERE "answer_texts" <> '{}'::jsonb AND "answer_texts" -> 'en' IS NULL;
