CREATE TABLE "penalty_register" (
	"id" text PRIMARY KEY NOT NULL,
	"agency_id" text NOT NULL,
	"division_code" char(6) NOT NULL,
	"sector" "case_sector" NOT NULL,
	"decision_number" text NOT NULL,
	"party_kind" "party_kind" NOT NULL,
	"party_name" text NOT NULL,
	"party_id_number" text,
	"party_credit_code" text,
	"party_id_number_mac" text,
	"party_credit_code_mac" text,
	"offence" text NOT NULL,
	"legal_basis" text NOT NULL,
	"fine" numeric(16, 2) NOT NULL,
	"confiscation" numeric(16, 2) NOT NULL,
	"amount_involved" numeric(16, 2),
	"compared_amount" numeric(16, 2) NOT NULL,
	"decided_on" date NOT NULL,
	"content_hash" char(64) NOT NULL,
	"published_by" text NOT NULL,
	"published_at" timestamp with time zone NOT NULL,
	"idempotency_key" text,
	"proposal_case_id" text
);
--> statement-breakpoint
CREATE TABLE "register_proposals" (
	"case_id" text PRIMARY KEY NOT NULL,
	"agency_id" text NOT NULL,
	"party_key" text NOT NULL,
	"status" text NOT NULL,
	"level" text NOT NULL,
	"reason" text NOT NULL,
	"proposed_at" timestamp with time zone NOT NULL,
	"decided_by" text,
	"decided_at" timestamp with time zone,
	"decline_reasons" text
);
--> statement-breakpoint
ALTER TABLE "penalties" ADD COLUMN "register_id" text;--> statement-breakpoint
CREATE UNIQUE INDEX "penalty_register_agency_decision_uq" ON "penalty_register" USING btree ("agency_id","decision_number");--> statement-breakpoint
CREATE UNIQUE INDEX "penalty_register_idempotency_uq" ON "penalty_register" USING btree ("published_by","idempotency_key");--> statement-breakpoint
CREATE INDEX "penalty_register_party_credit_idx" ON "penalty_register" USING btree ("party_credit_code_mac","decided_on");--> statement-breakpoint
CREATE INDEX "penalty_register_party_id_idx" ON "penalty_register" USING btree ("party_id_number_mac","decided_on");--> statement-breakpoint
CREATE INDEX "penalty_register_agency_idx" ON "penalty_register" USING btree ("agency_id","decided_on","id");--> statement-breakpoint
CREATE INDEX "penalty_register_division_idx" ON "penalty_register" USING btree ("division_code","decided_on","id");--> statement-breakpoint
CREATE INDEX "penalty_register_unproposed_idx" ON "penalty_register" USING btree ("published_at") WHERE proposal_case_id is null;--> statement-breakpoint
CREATE UNIQUE INDEX "register_proposals_agency_party_uq" ON "register_proposals" USING btree ("agency_id","party_key");