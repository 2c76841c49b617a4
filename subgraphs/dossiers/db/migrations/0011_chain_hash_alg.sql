ALTER TABLE "access_log_chain" ADD COLUMN "hash_alg" text DEFAULT 'SHA-256' NOT NULL;--> statement-breakpoint
ALTER TABLE "dossier_chain" ADD COLUMN "hash_alg" text DEFAULT 'SHA-256' NOT NULL;