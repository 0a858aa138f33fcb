CREATE TABLE "anchors" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"workflow_id" uuid NOT NULL,
	"node_id" text NOT NULL,
	"image_sha256" text NOT NULL,
	"bbox_x" integer NOT NULL,
	"bbox_y" integer NOT NULL,
	"bbox_width" integer NOT NULL,
	"bbox_height" integer NOT NULL,
	"screen_width" integer NOT NULL,
	"screen_height" integer NOT NULL,
	"screen_scale" real DEFAULT 1 NOT NULL,
	"target_text" text,
	"ocr_description" text,
	"screenshot_sha256" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "audit_log" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	"actor" text NOT NULL,
	"action" text NOT NULL,
	"target_type" text NOT NULL,
	"target_id" text,
	"request_id" text,
	"details" jsonb DEFAULT '{}'::jsonb NOT NULL
);
--> statement-breakpoint
CREATE TABLE "edges" (
	"workflow_id" uuid NOT NULL,
	"from_node" text NOT NULL,
	"to_node" text NOT NULL,
	"position" integer NOT NULL,
	CONSTRAINT "edges_workflow_id_from_node_to_node_pk" PRIMARY KEY("workflow_id","from_node","to_node")
);
--> statement-breakpoint
CREATE TABLE "images" (
	"sha256" text PRIMARY KEY NOT NULL,
	"mime" text NOT NULL,
	"width" integer NOT NULL,
	"height" integer NOT NULL,
	"byte_size" integer NOT NULL,
	"bytes" "bytea" NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"expires_at" timestamp with time zone,
	CONSTRAINT "images_mime_check" CHECK ("images"."mime" IN ('image/png', 'image/jpeg'))
);
--> statement-breakpoint
CREATE TABLE "nodes" (
	"workflow_id" uuid NOT NULL,
	"node_id" text NOT NULL,
	"position" integer NOT NULL,
	"type" text NOT NULL,
	"label" text,
	"params" jsonb DEFAULT '{}'::jsonb NOT NULL,
	CONSTRAINT "nodes_workflow_id_node_id_pk" PRIMARY KEY("workflow_id","node_id")
);
--> statement-breakpoint
CREATE TABLE "tokens" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"role" text NOT NULL,
	"agent_id" text,
	"token_hash" text NOT NULL,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"revoked_at" timestamp with time zone,
	"last_used_at" timestamp with time zone,
	CONSTRAINT "tokens_agent_has_id" CHECK ("tokens"."role" <> 'agent' OR "tokens"."agent_id" IS NOT NULL),
	CONSTRAINT "tokens_role_check" CHECK ("tokens"."role" IN ('admin', 'author', 'agent'))
);
--> statement-breakpoint
CREATE TABLE "workflows" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"description" text,
	"source" text NOT NULL,
	"review_status" text NOT NULL,
	"review_feedback" text,
	"reviewed_at" timestamp with time zone,
	"reviewed_by" text,
	"version" integer DEFAULT 1 NOT NULL,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "workflows_source_check" CHECK ("workflows"."source" IN ('manual', 'learned', 'import')),
	CONSTRAINT "workflows_review_status_check" CHECK ("workflows"."review_status" IN ('not_required', 'pending', 'approved', 'changes_requested', 'rejected')),
	CONSTRAINT "workflows_version_check" CHECK ("workflows"."version" >= 1)
);
--> statement-breakpoint
ALTER TABLE "anchors" ADD CONSTRAINT "anchors_image_sha256_images_sha256_fk" FOREIGN KEY ("image_sha256") REFERENCES "public"."images"("sha256") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "anchors" ADD CONSTRAINT "anchors_screenshot_sha256_images_sha256_fk" FOREIGN KEY ("screenshot_sha256") REFERENCES "public"."images"("sha256") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "anchors" ADD CONSTRAINT "anchors_workflow_id_node_id_nodes_workflow_id_node_id_fk" FOREIGN KEY ("workflow_id","node_id") REFERENCES "public"."nodes"("workflow_id","node_id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "edges" ADD CONSTRAINT "edges_workflow_id_workflows_id_fk" FOREIGN KEY ("workflow_id") REFERENCES "public"."workflows"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "edges" ADD CONSTRAINT "edges_workflow_id_from_node_nodes_workflow_id_node_id_fk" FOREIGN KEY ("workflow_id","from_node") REFERENCES "public"."nodes"("workflow_id","node_id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "edges" ADD CONSTRAINT "edges_workflow_id_to_node_nodes_workflow_id_node_id_fk" FOREIGN KEY ("workflow_id","to_node") REFERENCES "public"."nodes"("workflow_id","node_id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "nodes" ADD CONSTRAINT "nodes_workflow_id_workflows_id_fk" FOREIGN KEY ("workflow_id") REFERENCES "public"."workflows"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "anchors_node_idx" ON "anchors" USING btree ("workflow_id","node_id");--> statement-breakpoint
CREATE INDEX "audit_target_idx" ON "audit_log" USING btree ("target_type","target_id");--> statement-breakpoint
CREATE INDEX "audit_at_idx" ON "audit_log" USING btree ("at");--> statement-breakpoint
CREATE INDEX "images_expires_idx" ON "images" USING btree ("expires_at");--> statement-breakpoint
CREATE UNIQUE INDEX "tokens_hash_idx" ON "tokens" USING btree ("token_hash");--> statement-breakpoint
CREATE INDEX "workflows_source_idx" ON "workflows" USING btree ("source","review_status");--> statement-breakpoint
CREATE INDEX "workflows_name_idx" ON "workflows" USING btree (lower("name"));