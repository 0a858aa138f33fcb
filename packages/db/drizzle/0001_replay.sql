CREATE TABLE "replay_actions" (
	"session_id" uuid NOT NULL,
	"seq" integer NOT NULL,
	"step_id" text NOT NULL,
	"step_type" text NOT NULL,
	"kind" text NOT NULL,
	"spec" jsonb NOT NULL,
	"state" text DEFAULT 'waiting' NOT NULL,
	"x" integer,
	"y" integer,
	"resolution" jsonb,
	"min_screenshot_no" integer DEFAULT 1 NOT NULL,
	"job_id" text,
	"job_kind" text,
	"job_attempts" integer DEFAULT 0 NOT NULL,
	"job_screenshot_no" integer,
	"job_screenshot_sha256" text,
	"job_started_at" timestamp with time zone,
	"job_deadline_at" timestamp with time zone,
	"activated_at" timestamp with time zone,
	"deadline_at" timestamp with time zone,
	"lease_expires_at" timestamp with time zone,
	"lease_count" integer DEFAULT 0 NOT NULL,
	"result_status" text,
	"result_error" text,
	"result_screenshot_sha256" text,
	"result_at" timestamp with time zone,
	"error" text,
	"finished_at" timestamp with time zone,
	CONSTRAINT "replay_actions_session_id_seq_pk" PRIMARY KEY("session_id","seq"),
	CONSTRAINT "replay_actions_state_check" CHECK ("replay_actions"."state" IN ('waiting', 'resolving', 'ready', 'leased', 'running', 'done', 'failed', 'cancelled'))
);
--> statement-breakpoint
CREATE TABLE "replay_sessions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"workflow_id" uuid NOT NULL,
	"workflow_version" integer NOT NULL,
	"workflow_name" text NOT NULL,
	"workflow_snapshot" jsonb NOT NULL,
	"agent_id" text NOT NULL,
	"status" text DEFAULT 'running' NOT NULL,
	"reason" text,
	"cursor" integer DEFAULT 1 NOT NULL,
	"plan_length" integer NOT NULL,
	"variables" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"secrets" text,
	"secret_names" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"screenshot_sha256" text,
	"screenshot_no" integer DEFAULT 0 NOT NULL,
	"screen_scale" real,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"finished_at" timestamp with time zone,
	"last_poll_at" timestamp with time zone,
	CONSTRAINT "replay_sessions_status_check" CHECK ("replay_sessions"."status" IN ('running', 'succeeded', 'failed', 'cancelled'))
);
--> statement-breakpoint
ALTER TABLE "replay_actions" ADD CONSTRAINT "replay_actions_session_id_replay_sessions_id_fk" FOREIGN KEY ("session_id") REFERENCES "public"."replay_sessions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "replay_actions_job_idx" ON "replay_actions" USING btree ("job_id");--> statement-breakpoint
CREATE INDEX "replay_actions_open_idx" ON "replay_actions" USING btree ("state") WHERE "replay_actions"."state" IN ('resolving', 'running');--> statement-breakpoint
CREATE INDEX "replay_sessions_status_idx" ON "replay_sessions" USING btree ("status","created_at");--> statement-breakpoint
CREATE INDEX "replay_sessions_agent_idx" ON "replay_sessions" USING btree ("agent_id","created_at");--> statement-breakpoint
CREATE INDEX "replay_sessions_workflow_idx" ON "replay_sessions" USING btree ("workflow_id");