CREATE TYPE "public"."document_kind" AS ENUM('TRANSFER_LETTER', 'INVESTIGATION_REPORT', 'SEIZED_ITEMS_LIST', 'INSPECTION_REPORT', 'OTHER_MATERIAL', 'TRANSFER_REPORT', 'APPROVAL_DECISION', 'RECEIPT', 'FORWARD_NOTICE', 'FILING_NOTICE', 'NON_FILING_NOTICE', 'RECONSIDERATION_REQUEST', 'RECONSIDERATION_DECISION', 'SUPERVISION_REQUEST', 'HANDOVER_LIST', 'PROCURATORATE_NOTICE', 'PROCURATORIAL_OPINION', 'AGENCY_REPLY', 'INTERVIEW_RECORD', 'INSPECTION_RECORD', 'AUDIO_VIDEO', 'ELECTRONIC_DATA');--> statement-breakpoint
CREATE TABLE "access_log" (
	"id" text PRIMARY KEY NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"subject" text NOT NULL,
	"agency_id" text,
	"purpose" text,
	"request_id" text NOT NULL,
	"case_id" text NOT NULL,
	"fields" text[] NOT NULL,
	"unmasked_fields" text[] NOT NULL
);
--> statement-breakpoint
CREATE TABLE "documents" (
	"id" text PRIMARY KEY NOT NULL,
	"dossier_id" text NOT NULL,
	"kind" "document_kind" NOT NULL,
	"title" text NOT NULL,
	"sha256" char(64) NOT NULL,
	"size" bigint NOT NULL,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "dossiers" (
	"id" text PRIMARY KEY NOT NULL,
	"case_id" text NOT NULL,
	"handling_agency_id" text NOT NULL,
	"receiving_agency_id" text,
	"division_code" char(6) NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "dossiers_case_id_unique" UNIQUE("case_id")
);
--> statement-breakpoint
ALTER TABLE "documents" ADD CONSTRAINT "documents_dossier_id_dossiers_id_fk" FOREIGN KEY ("dossier_id") REFERENCES "public"."dossiers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "access_log_case_idx" ON "access_log" USING btree ("case_id","at");--> statement-breakpoint
CREATE INDEX "access_log_request_idx" ON "access_log" USING btree ("request_id");--> statement-breakpoint
CREATE INDEX "documents_dossier_idx" ON "documents" USING btree ("dossier_id","created_at","id");--> statement-breakpoint
CREATE INDEX "documents_sha256_idx" ON "documents" USING btree ("sha256");--> statement-breakpoint
CREATE INDEX "dossiers_handling_idx" ON "dossiers" USING btree ("handling_agency_id");--> statement-breakpoint
CREATE INDEX "dossiers_receiving_idx" ON "dossiers" USING btree ("receiving_agency_id");--> statement-breakpoint
CREATE INDEX "dossiers_division_idx" ON "dossiers" USING btree ("division_code");