CREATE TYPE "public"."agency_kind" AS ENUM('ADMINISTRATIVE', 'PUBLIC_SECURITY', 'PROCURATORATE', 'JUSTICE_ADMIN', 'POLITICAL_LEGAL');--> statement-breakpoint
CREATE TYPE "public"."division_level" AS ENUM('PROVINCE', 'CITY', 'COUNTY');--> statement-breakpoint
CREATE TYPE "public"."role" AS ENUM('CASE_OFFICER', 'APPROVER', 'SUPERVISOR', 'ANALYST', 'ADMIN');--> statement-breakpoint
CREATE TYPE "public"."sector" AS ENUM('MARKET_SUPERVISION', 'ECOLOGY_ENVIRONMENT', 'EMERGENCY_MANAGEMENT', 'NATURAL_RESOURCES', 'TAX', 'CUSTOMS', 'AGRICULTURE', 'CULTURE_TOURISM');--> statement-breakpoint
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
CREATE TABLE "agencies" (
	"id" text PRIMARY KEY NOT NULL,
	"kind" "agency_kind" NOT NULL,
	"sector" "sector",
	"name" text NOT NULL,
	"division_code" char(6) NOT NULL,
	"parent_id" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "divisions" (
	"code" char(6) PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"level" "division_level" NOT NULL,
	"parent_code" char(6)
);
--> statement-breakpoint
CREATE TABLE "officers" (
	"id" text PRIMARY KEY NOT NULL,
	"login" text NOT NULL,
	"name" text NOT NULL,
	"agency_id" text NOT NULL,
	"roles" "role"[] NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "officers_login_unique" UNIQUE("login")
);
--> statement-breakpoint
ALTER TABLE "agencies" ADD CONSTRAINT "agencies_division_code_divisions_code_fk" FOREIGN KEY ("division_code") REFERENCES "public"."divisions"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "officers" ADD CONSTRAINT "officers_agency_id_agencies_id_fk" FOREIGN KEY ("agency_id") REFERENCES "public"."agencies"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "access_log_case_idx" ON "access_log" USING btree ("case_id","at");--> statement-breakpoint
CREATE INDEX "access_log_request_idx" ON "access_log" USING btree ("request_id");--> statement-breakpoint
CREATE INDEX "agencies_division_idx" ON "agencies" USING btree ("division_code","id");--> statement-breakpoint
CREATE INDEX "agencies_parent_idx" ON "agencies" USING btree ("parent_id");--> statement-breakpoint
CREATE INDEX "officers_agency_idx" ON "officers" USING btree ("agency_id","id");