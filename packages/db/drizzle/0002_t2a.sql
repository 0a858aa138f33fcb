CREATE TABLE "t2a_decisions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"error" text,
	"input_sha256" text NOT NULL,
	"record_text" text NOT NULL,
	"stay" jsonb,
	"provider" text NOT NULL,
	"model" text,
	"attempts" integer DEFAULT 0 NOT NULL,
	"latencies_ms" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"raw_outputs" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"result" jsonb,
	"job_id" text,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"finished_at" timestamp with time zone,
	CONSTRAINT "t2a_decisions_status_check" CHECK ("t2a_decisions"."status" IN ('pending', 'done', 'error'))
);
--> statement-breakpoint
CREATE UNIQUE INDEX "t2a_decisions_job_idx" ON "t2a_decisions" USING btree ("job_id");--> statement-breakpoint
CREATE INDEX "t2a_decisions_created_idx" ON "t2a_decisions" USING btree ("created_at");--> statement-breakpoint
CREATE INDEX "t2a_decisions_input_idx" ON "t2a_decisions" USING btree ("input_sha256");