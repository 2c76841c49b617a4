CREATE TYPE "public"."case_sector" AS ENUM('MARKET_SUPERVISION', 'ECOLOGY_ENVIRONMENT', 'EMERGENCY_MANAGEMENT', 'NATURAL_RESOURCES', 'TAX', 'CUSTOMS', 'AGRICULTURE', 'CULTURE_TOURISM');--> statement-breakpoint
CREATE TYPE "public"."case_status" AS ENUM('DRAFT', 'PENDING_APPROVAL', 'APPROVED', 'NOT_APPROVED', 'TRANSFERRED', 'RECEIVED', 'FORWARDED', 'MATERIALS_REQUESTED', 'FILED', 'NOT_FILED', 'GOODS_HANDED_OVER', 'RECONSIDERATION_REQUESTED', 'SUPERVISION_REQUESTED', 'ADMINISTRATIVE_PENALTY');--> statement-breakpoint
CREATE TYPE "public"."party_kind" AS ENUM('PERSON', 'COMPANY');--> statement-breakpoint
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
CREATE TABLE "case_number_counters" (
	"division_code" char(6) NOT NULL,
	"year" integer NOT NULL,
	"last" integer NOT NULL,
	CONSTRAINT "case_number_counters_division_code_year_pk" PRIMARY KEY("division_code","year")
);
--> statement-breakpoint
CREATE TABLE "cases" (
	"id" text PRIMARY KEY NOT NULL,
	"number" text NOT NULL,
	"title" text NOT NULL,
	"sector" "case_sector" NOT NULL,
	"status" "case_status" NOT NULL,
	"handling_agency_id" text NOT NULL,
	"receiving_agency_id" text,
	"division_code" char(6) NOT NULL,
	"facts" text NOT NULL,
	"amount_involved" bigint NOT NULL,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "cases_number_unique" UNIQUE("number")
);
--> statement-breakpoint
CREATE TABLE "parties" (
	"id" text PRIMARY KEY NOT NULL,
	"case_id" text NOT NULL,
	"position" integer NOT NULL,
	"kind" "party_kind" NOT NULL,
	"name" text NOT NULL,
	"id_number" char(18),
	"credit_code" char(18),
	"phone" text,
	"address" text,
	"juvenile" boolean DEFAULT false NOT NULL
);
--> statement-breakpoint
ALTER TABLE "parties" ADD CONSTRAINT "parties_case_id_cases_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."cases"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "access_log_case_idx" ON "access_log" USING btree ("case_id","at");--> statement-breakpoint
CREATE INDEX "access_log_request_idx" ON "access_log" USING btree ("request_id");--> statement-breakpoint
CREATE INDEX "cases_created_idx" ON "cases" USING btree ("created_at","id");--> statement-breakpoint
CREATE INDEX "cases_handling_idx" ON "cases" USING btree ("handling_agency_id","created_at","id");--> statement-breakpoint
CREATE INDEX "cases_receiving_idx" ON "cases" USING btree ("receiving_agency_id","created_at","id");--> statement-breakpoint
CREATE INDEX "cases_division_idx" ON "cases" USING btree ("division_code","created_at","id");--> statement-breakpoint
CREATE INDEX "parties_case_idx" ON "parties" USING btree ("case_id","position");