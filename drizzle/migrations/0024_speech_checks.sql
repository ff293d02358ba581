CREATE TABLE "speech_checks" (
	"segment_key" text NOT NULL,
	"recogniser" text NOT NULL,
	"language" text NOT NULL,
	"heard" text NOT NULL,
	"values" jsonb NOT NULL,
	"audio_seconds" real NOT NULL,
	"recogniser_seconds" real NOT NULL,
	"checked_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "speech_checks_segment_key_recogniser_pk" PRIMARY KEY("segment_key","recogniser")
);
