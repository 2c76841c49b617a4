ALTER TABLE "dossiers" ADD COLUMN "juvenile" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "dossiers" ADD COLUMN "scope_seq" integer DEFAULT 0 NOT NULL;