ALTER TYPE "public"."workflow_action" ADD VALUE 'markSecretMaterial';--> statement-breakpoint
ALTER TYPE "public"."workflow_action" ADD VALUE 'recordInformant';--> statement-breakpoint
CREATE TABLE "case_informants" (
	"id" text PRIMARY KEY NOT NULL,
	"case_id" text NOT NULL,
	"event_seq" integer NOT NULL,
	"name" text NOT NULL,
	"id_number" char(18),
	"phone" text,
	"address" text,
	"recorded_by" text NOT NULL,
	"recorded_by_agency_id" text,
	"recorded_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "case_informants" ADD CONSTRAINT "case_informants_case_id_cases_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."cases"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "case_informants_case_idx" ON "case_informants" USING btree ("case_id","event_seq");--> statement-breakpoint
-- An informant row is never changed or deleted, like the events (caselink_refuse_change comes from 0001).
CREATE TRIGGER case_informants_append_only BEFORE UPDATE OR DELETE ON case_informants
  FOR EACH ROW EXECUTE FUNCTION caselink_refuse_change();
