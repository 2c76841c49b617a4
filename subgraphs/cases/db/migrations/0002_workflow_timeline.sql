CREATE TYPE "public"."case_stage" AS ENUM('DRAFT', 'PENDING_APPROVAL', 'APPROVED', 'NOT_APPROVED', 'TRANSFERRED', 'FORWARDED', 'RECEIVED', 'MATERIALS_REQUESTED', 'FILED', 'GOODS_HANDED_OVER', 'NOT_FILED', 'RECONSIDERATION_REQUESTED', 'RECONSIDERATION_UPHELD', 'SUPERVISION_REQUESTED', 'NON_FILING_REASONS_REQUESTED', 'NON_FILING_REASONS_ANSWERED', 'FILING_NOTIFIED', 'CORRECTION_NOTICE_ISSUED', 'NON_FILING_CONFIRMED', 'ADMINISTRATIVE_PENALTY', 'NOT_PROSECUTED', 'REVERSE_REVIEW', 'REVERSE_REVIEW_SUSPENDED', 'REVERSE_REVIEW_CLOSED', 'OPINION_ISSUED', 'OPINION_REPLIED');--> statement-breakpoint
CREATE TYPE "public"."deadline_clock" AS ENUM('APPROVAL', 'TRANSFER', 'RECEIPT', 'MATERIALS_SUPPLEMENT', 'FILING_DECISION', 'GOODS_HANDOVER', 'RECONSIDERATION_REQUEST', 'RECONSIDERATION_DECISION', 'SUPERVISION_REQUEST', 'PENALTY', 'NON_FILING_REASONS', 'REASONS_REVIEW', 'FILING_AFTER_NOTICE', 'REVERSE_HANDOFF', 'REVERSE_REVIEW', 'OPINION_REPLY');--> statement-breakpoint
CREATE TYPE "public"."deadline_outcome" AS ENUM('MET', 'SUPERSEDED');--> statement-breakpoint
CREATE TYPE "public"."workflow_action" AS ENUM('createCase', 'submitForApproval', 'approveTransfer', 'refuseTransfer', 'transferCase', 'acknowledgeReceipt', 'forwardCase', 'requestMaterials', 'supplementMaterials', 'fileCase', 'declineToFile', 'handOverGoods', 'requestReconsideration', 'decideReconsideration', 'requestFilingSupervision', 'imposeAdministrativePenalty', 'recordPenalty', 'requestNonFilingReasons', 'answerNonFilingReasons', 'acceptNonFilingReasons', 'notifyFiling', 'issueCorrectionNotice', 'escalateSupervision', 'adviseTransfer', 'decideNotToProsecute', 'handOffReverse', 'suspendReverseReview', 'resumeReverseReview', 'closeReverseReview', 'issueProcuratorialOpinion', 'replyToOpinion', 'recordCorrection');--> statement-breakpoint
CREATE TABLE "case_deadlines" (
	"id" text PRIMARY KEY NOT NULL,
	"case_id" text NOT NULL,
	"clock" "deadline_clock" NOT NULL,
	"awaits" text[] NOT NULL,
	"responsible" text NOT NULL,
	"period" text NOT NULL,
	"started_at" timestamp with time zone NOT NULL,
	"due_at" timestamp with time zone NOT NULL,
	"paused_at" timestamp with time zone,
	"closed_at" timestamp with time zone,
	"outcome" "deadline_outcome",
	"opened_by_seq" integer NOT NULL,
	"closed_by_seq" integer
);
--> statement-breakpoint
CREATE TABLE "case_events" (
	"id" text PRIMARY KEY NOT NULL,
	"case_id" text NOT NULL,
	"seq" integer NOT NULL,
	"action" "workflow_action" NOT NULL,
	"from_stage" "case_stage",
	"to_stage" "case_stage" NOT NULL,
	"from_status" "case_status",
	"to_status" "case_status" NOT NULL,
	"actor_id" text NOT NULL,
	"actor_agency_id" text,
	"actor_roles" text[] NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"reasons" text,
	"documents" jsonb NOT NULL,
	"seal_sha256" char(64),
	"data" jsonb NOT NULL,
	"idempotency_key" text,
	"request_hash" char(64),
	"prev_hash" char(64) NOT NULL,
	"hash" char(64) NOT NULL
);
--> statement-breakpoint
CREATE TABLE "penalties" (
	"id" text PRIMARY KEY NOT NULL,
	"case_id" text NOT NULL,
	"event_seq" integer NOT NULL,
	"decision_number" text NOT NULL,
	"amount" numeric(16, 2) NOT NULL,
	"decided_on" date NOT NULL,
	"party_kind" "party_kind" NOT NULL,
	"party_name" text NOT NULL,
	"party_id_number" char(18),
	"party_credit_code" char(18),
	"recorded_by" text NOT NULL,
	"recorded_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "cases" ADD COLUMN "stage" "case_stage" DEFAULT 'DRAFT' NOT NULL;--> statement-breakpoint
ALTER TABLE "cases" ADD COLUMN "timeline_length" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "cases" ADD COLUMN "timeline_head" char(64);--> statement-breakpoint
ALTER TABLE "case_deadlines" ADD CONSTRAINT "case_deadlines_case_id_cases_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."cases"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "case_events" ADD CONSTRAINT "case_events_case_id_cases_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."cases"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "penalties" ADD CONSTRAINT "penalties_case_id_cases_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."cases"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "case_deadlines_case_idx" ON "case_deadlines" USING btree ("case_id","started_at");--> statement-breakpoint
CREATE INDEX "case_deadlines_open_due_idx" ON "case_deadlines" USING btree ("due_at") WHERE closed_at is null;--> statement-breakpoint
CREATE UNIQUE INDEX "case_events_case_seq_uq" ON "case_events" USING btree ("case_id","seq");--> statement-breakpoint
CREATE UNIQUE INDEX "case_events_idempotency_uq" ON "case_events" USING btree ("actor_id","idempotency_key");--> statement-breakpoint
CREATE INDEX "case_events_at_idx" ON "case_events" USING btree ("at");--> statement-breakpoint
CREATE UNIQUE INDEX "penalties_case_decision_uq" ON "penalties" USING btree ("case_id","decision_number");--> statement-breakpoint
CREATE INDEX "penalties_party_id_idx" ON "penalties" USING btree ("party_id_number","decided_on");--> statement-breakpoint
CREATE INDEX "penalties_party_credit_idx" ON "penalties" USING btree ("party_credit_code","decided_on");