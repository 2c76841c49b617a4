CREATE TYPE "public"."document_sensitivity" AS ENUM('C2', 'C3', 'C4');--> statement-breakpoint
CREATE TYPE "public"."dossier_change" AS ENUM('OPENED', 'ADDED', 'REPLACED', 'WITHDRAWN');--> statement-breakpoint
CREATE TYPE "public"."dossier_sector" AS ENUM('MARKET_SUPERVISION', 'ECOLOGY_ENVIRONMENT', 'EMERGENCY_MANAGEMENT', 'NATURAL_RESOURCES', 'TAX', 'CUSTOMS', 'AGRICULTURE', 'CULTURE_TOURISM');--> statement-breakpoint
CREATE TABLE "dossier_versions" (
	"dossier_id" text NOT NULL,
	"version" integer NOT NULL,
	"change" "dossier_change" NOT NULL,
	"document_id" text,
	"reason" text,
	"created_by" text NOT NULL,
	"created_by_agency_id" text,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "dossier_versions_dossier_id_version_pk" PRIMARY KEY("dossier_id","version")
);
--> statement-breakpoint
CREATE TABLE "handover_documents" (
	"handover_id" text NOT NULL,
	"position" integer NOT NULL,
	"document_id" text NOT NULL,
	"kind" "document_kind" NOT NULL,
	"sha256" char(64) NOT NULL,
	"size" bigint NOT NULL,
	CONSTRAINT "handover_documents_handover_id_document_id_pk" PRIMARY KEY("handover_id","document_id")
);
--> statement-breakpoint
CREATE TABLE "handovers" (
	"id" text PRIMARY KEY NOT NULL,
	"dossier_id" text NOT NULL,
	"case_id" text NOT NULL,
	"dossier_version" integer NOT NULL,
	"from_agency_id" text NOT NULL,
	"to_agency_id" text NOT NULL,
	"handed_over_by" text NOT NULL,
	"handed_over_at" timestamp with time zone NOT NULL,
	"note" text,
	"acknowledged_by" text,
	"acknowledged_at" timestamp with time zone,
	"receipt" text
);
--> statement-breakpoint
CREATE TABLE "seals" (
	"id" text PRIMARY KEY NOT NULL,
	"dossier_id" text NOT NULL,
	"case_id" text NOT NULL,
	"dossier_version" integer NOT NULL,
	"jws" text NOT NULL,
	"jws_sha256" char(64) NOT NULL,
	"documents" jsonb NOT NULL,
	"sealed_by" text NOT NULL,
	"sealed_at" timestamp with time zone NOT NULL,
	CONSTRAINT "seals_dossier_version_unique" UNIQUE("dossier_id","dossier_version")
);
--> statement-breakpoint
ALTER TABLE "documents" ADD COLUMN "media_type" text DEFAULT 'application/octet-stream' NOT NULL;--> statement-breakpoint
ALTER TABLE "documents" ADD COLUMN "sensitivity" "document_sensitivity" DEFAULT 'C2' NOT NULL;--> statement-breakpoint
ALTER TABLE "documents" ADD COLUMN "added_in_version" integer DEFAULT 1 NOT NULL;--> statement-breakpoint
ALTER TABLE "documents" ADD COLUMN "removed_in_version" integer;--> statement-breakpoint
ALTER TABLE "documents" ADD COLUMN "created_by" text;--> statement-breakpoint
ALTER TABLE "documents" ADD COLUMN "created_by_agency_id" text;--> statement-breakpoint
ALTER TABLE "documents" ADD COLUMN "replaces_id" text;--> statement-breakpoint
ALTER TABLE "documents" ADD COLUMN "replaced_by_id" text;--> statement-breakpoint
ALTER TABLE "documents" ADD COLUMN "withdrawn_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "documents" ADD COLUMN "withdrawn_by" text;--> statement-breakpoint
ALTER TABLE "documents" ADD COLUMN "withdrawal_reason" text;--> statement-breakpoint
ALTER TABLE "dossiers" ADD COLUMN "sector" "dossier_sector";--> statement-breakpoint
ALTER TABLE "dossier_versions" ADD CONSTRAINT "dossier_versions_dossier_id_dossiers_id_fk" FOREIGN KEY ("dossier_id") REFERENCES "public"."dossiers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "handover_documents" ADD CONSTRAINT "handover_documents_handover_id_handovers_id_fk" FOREIGN KEY ("handover_id") REFERENCES "public"."handovers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "handover_documents" ADD CONSTRAINT "handover_documents_document_id_documents_id_fk" FOREIGN KEY ("document_id") REFERENCES "public"."documents"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "handovers" ADD CONSTRAINT "handovers_dossier_id_dossiers_id_fk" FOREIGN KEY ("dossier_id") REFERENCES "public"."dossiers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "seals" ADD CONSTRAINT "seals_dossier_id_dossiers_id_fk" FOREIGN KEY ("dossier_id") REFERENCES "public"."dossiers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "handovers_dossier_idx" ON "handovers" USING btree ("dossier_id","handed_over_at");--> statement-breakpoint
CREATE INDEX "handovers_to_idx" ON "handovers" USING btree ("to_agency_id","handed_over_at","id");--> statement-breakpoint
CREATE INDEX "seals_dossier_idx" ON "seals" USING btree ("dossier_id","sealed_at");--> statement-breakpoint
CREATE INDEX "documents_dossier_version_idx" ON "documents" USING btree ("dossier_id","added_in_version");