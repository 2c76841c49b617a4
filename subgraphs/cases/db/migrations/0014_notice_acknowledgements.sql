CREATE TYPE "public"."warning_notice_outcome" AS ENUM('ACKNOWLEDGED', 'ESCALATED');--> statement-breakpoint
ALTER TYPE "public"."warning_action" ADD VALUE 'ACKNOWLEDGED';--> statement-breakpoint
ALTER TYPE "public"."warning_action" ADD VALUE 'NOTICE_OVERDUE';--> statement-breakpoint
ALTER TYPE "public"."warning_recipient" ADD VALUE 'SUPERIOR_AGENCY';--> statement-breakpoint
CREATE TABLE "warning_notice_outcomes" (
	"notice_id" text NOT NULL,
	"outcome" "warning_notice_outcome" NOT NULL,
	"warning_id" text NOT NULL,
	"event_seq" integer NOT NULL,
	"actor_id" text NOT NULL,
	"actor_agency_id" text,
	"at" timestamp with time zone NOT NULL,
	CONSTRAINT "warning_notice_outcomes_notice_id_outcome_pk" PRIMARY KEY("notice_id","outcome")
);
--> statement-breakpoint
ALTER TABLE "warning_notices" ADD COLUMN "ack_due_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "warnings" ADD COLUMN "notice_ack_due_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "warning_notice_outcomes" ADD CONSTRAINT "warning_notice_outcomes_notice_id_warning_notices_id_fk" FOREIGN KEY ("notice_id") REFERENCES "public"."warning_notices"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "warning_notice_outcomes" ADD CONSTRAINT "warning_notice_outcomes_warning_id_warnings_id_fk" FOREIGN KEY ("warning_id") REFERENCES "public"."warnings"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "warning_notice_outcomes_warning_idx" ON "warning_notice_outcomes" USING btree ("warning_id");--> statement-breakpoint
CREATE INDEX "warnings_notice_ack_due_idx" ON "warnings" USING btree ("notice_ack_due_at") WHERE notice_ack_due_at is not null;--> statement-breakpoint
-- A notice's outcomes are append-only like the notices (caselink_refuse_change comes from 0001).
CREATE TRIGGER warning_notice_outcomes_append_only BEFORE UPDATE OR DELETE ON warning_notice_outcomes
  FOR EACH ROW EXECUTE FUNCTION caselink_refuse_change();
