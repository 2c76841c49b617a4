CREATE TYPE "public"."warning_action" AS ENUM('RAISED', 'NOTIFIED', 'ESCALATED', 'HANDLED', 'REPLIED', 'REPLY_OVERDUE', 'CLOSED', 'REOPENED', 'RESOLVED');--> statement-breakpoint
CREATE TYPE "public"."warning_level" AS ENUM('YELLOW', 'RED');--> statement-breakpoint
CREATE TYPE "public"."warning_recipient" AS ENUM('RESPONSIBLE', 'SUPERVISING', 'SUPERIOR');--> statement-breakpoint
CREATE TYPE "public"."warning_rule" AS ENUM('APPROVAL_OVERDUE', 'TRANSFER_AFTER_APPROVAL', 'POLICE_RECEIPT', 'FILING_DECISION', 'GOODS_HANDOVER', 'PENALTY_INSTEAD_OF_TRANSFER', 'RECONSIDERATION_DECISION', 'REPEATED_NON_FILING', 'REVERSE_LINKAGE_REPLY', 'NOT_FILED_NEVER_PENALISED');--> statement-breakpoint
CREATE TYPE "public"."warning_step" AS ENUM('NOTIFIED', 'HANDLED', 'REPLIED', 'CLOSED', 'RESOLVED');--> statement-breakpoint
CREATE TABLE "warning_events" (
	"id" text PRIMARY KEY NOT NULL,
	"warning_id" text NOT NULL,
	"seq" integer NOT NULL,
	"action" "warning_action" NOT NULL,
	"level" "warning_level" NOT NULL,
	"step" "warning_step" NOT NULL,
	"actor_id" text NOT NULL,
	"actor_agency_id" text,
	"at" timestamp with time zone NOT NULL,
	"note" text,
	"documents" jsonb NOT NULL,
	"data" jsonb NOT NULL,
	"prev_hash" char(64) NOT NULL,
	"hash" char(64) NOT NULL
);
--> statement-breakpoint
CREATE TABLE "warning_notices" (
	"id" text PRIMARY KEY NOT NULL,
	"warning_id" text NOT NULL,
	"event_seq" integer NOT NULL,
	"recipient" "warning_recipient" NOT NULL,
	"agency_id" text,
	"division_code" char(6),
	"at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "warnings" (
	"id" text PRIMARY KEY NOT NULL,
	"case_id" text NOT NULL,
	"case_number" text NOT NULL,
	"rule" "warning_rule" NOT NULL,
	"code" text NOT NULL,
	"level" "warning_level" NOT NULL,
	"step" "warning_step" NOT NULL,
	"responsible" text NOT NULL,
	"responsible_agency_id" text,
	"handling_agency_id" text NOT NULL,
	"receiving_agency_id" text,
	"division_code" char(6) NOT NULL,
	"reason" text NOT NULL,
	"raised_at" timestamp with time zone NOT NULL,
	"reply_due_at" timestamp with time zone,
	"escalations" integer DEFAULT 0 NOT NULL,
	"ended_at" timestamp with time zone,
	"updated_at" timestamp with time zone NOT NULL,
	"timeline_length" integer NOT NULL,
	"timeline_head" char(64) NOT NULL
);
--> statement-breakpoint
ALTER TABLE "warning_events" ADD CONSTRAINT "warning_events_warning_id_warnings_id_fk" FOREIGN KEY ("warning_id") REFERENCES "public"."warnings"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "warning_notices" ADD CONSTRAINT "warning_notices_warning_id_warnings_id_fk" FOREIGN KEY ("warning_id") REFERENCES "public"."warnings"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "warning_events_seq_uq" ON "warning_events" USING btree ("warning_id","seq");--> statement-breakpoint
CREATE INDEX "warning_notices_agency_idx" ON "warning_notices" USING btree ("agency_id","warning_id");--> statement-breakpoint
CREATE INDEX "warning_notices_division_idx" ON "warning_notices" USING btree ("division_code","warning_id");--> statement-breakpoint
CREATE INDEX "warning_notices_warning_idx" ON "warning_notices" USING btree ("warning_id");--> statement-breakpoint
CREATE UNIQUE INDEX "warnings_open_case_rule_uq" ON "warnings" USING btree ("case_id","rule") WHERE step in ('NOTIFIED', 'HANDLED', 'REPLIED');--> statement-breakpoint
CREATE INDEX "warnings_case_idx" ON "warnings" USING btree ("case_id","raised_at");--> statement-breakpoint
CREATE INDEX "warnings_raised_idx" ON "warnings" USING btree ("raised_at","id");--> statement-breakpoint
CREATE INDEX "warnings_division_open_idx" ON "warnings" USING btree ("division_code","level") WHERE step in ('NOTIFIED', 'HANDLED', 'REPLIED');--> statement-breakpoint
CREATE INDEX "warnings_reply_due_idx" ON "warnings" USING btree ("reply_due_at") WHERE step in ('NOTIFIED', 'HANDLED');--> statement-breakpoint
-- A warning's timeline and its notices are append-only like the case timeline (caselink_refuse_change comes from 0001);
-- the warning row itself changes (its step, level and chain head), always with an event in the same transaction.
CREATE TRIGGER warning_events_append_only BEFORE UPDATE OR DELETE ON warning_events
  FOR EACH ROW EXECUTE FUNCTION caselink_refuse_change();
--> statement-breakpoint
CREATE TRIGGER warning_events_no_truncate BEFORE TRUNCATE ON warning_events
  FOR EACH STATEMENT EXECUTE FUNCTION caselink_refuse_change();
--> statement-breakpoint
CREATE TRIGGER warning_notices_append_only BEFORE UPDATE OR DELETE ON warning_notices
  FOR EACH ROW EXECUTE FUNCTION caselink_refuse_change();
