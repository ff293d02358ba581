CREATE TABLE "call_answer_messages" (
	"organization_id" uuid NOT NULL,
	"message_key" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "call_answer_messages_organization_id_message_key_pk" PRIMARY KEY("organization_id","message_key")
);
--> statement-breakpoint
ALTER TABLE "call_deliveries" ADD COLUMN "answer_keys" jsonb DEFAULT '{}'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "call_answer_messages" ADD CONSTRAINT "call_answer_messages_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "call_answer_messages_key_idx" ON "call_answer_messages" USING btree ("message_key");