CREATE TABLE "workflow_secrets" (
	"workflow_id" uuid NOT NULL,
	"variable" text NOT NULL,
	"sealed" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "workflow_secrets_workflow_id_variable_pk" PRIMARY KEY("workflow_id","variable")
);
--> statement-breakpoint
ALTER TABLE "workflow_secrets" ADD CONSTRAINT "workflow_secrets_workflow_id_workflows_id_fk" FOREIGN KEY ("workflow_id") REFERENCES "public"."workflows"("id") ON DELETE cascade ON UPDATE no action;