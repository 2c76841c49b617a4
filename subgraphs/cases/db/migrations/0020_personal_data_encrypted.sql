CREATE TABLE "case_event_sealed" (
	"event_id" text PRIMARY KEY NOT NULL,
	"case_id" text NOT NULL,
	"sealed" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "data_keys" (
	"version" integer PRIMARY KEY NOT NULL,
	"purpose" text NOT NULL,
	"algorithm" text NOT NULL,
	"wrapped" text NOT NULL,
	"wrap_alg" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"retired_at" timestamp with time zone
);
--> statement-breakpoint
DROP INDEX "parties_name_idx";--> statement-breakpoint
DROP INDEX "parties_id_number_idx";--> statement-breakpoint
DROP INDEX "parties_credit_code_idx";--> statement-breakpoint
DROP INDEX "penalties_party_id_idx";--> statement-breakpoint
DROP INDEX "penalties_party_credit_idx";--> statement-breakpoint
ALTER TABLE "case_informants" ALTER COLUMN "id_number" SET DATA TYPE text;--> statement-breakpoint
ALTER TABLE "parties" ALTER COLUMN "id_number" SET DATA TYPE text;--> statement-breakpoint
ALTER TABLE "parties" ALTER COLUMN "credit_code" SET DATA TYPE text;--> statement-breakpoint
ALTER TABLE "penalties" ALTER COLUMN "party_id_number" SET DATA TYPE text;--> statement-breakpoint
ALTER TABLE "penalties" ALTER COLUMN "party_credit_code" SET DATA TYPE text;--> statement-breakpoint
ALTER TABLE "parties" ADD COLUMN "name_mac" text;--> statement-breakpoint
ALTER TABLE "parties" ADD COLUMN "id_number_mac" text;--> statement-breakpoint
ALTER TABLE "parties" ADD COLUMN "credit_code_mac" text;--> statement-breakpoint
ALTER TABLE "penalties" ADD COLUMN "party_id_number_mac" text;--> statement-breakpoint
ALTER TABLE "penalties" ADD COLUMN "party_credit_code_mac" text;--> statement-breakpoint
ALTER TABLE "case_event_sealed" ADD CONSTRAINT "case_event_sealed_event_id_case_events_id_fk" FOREIGN KEY ("event_id") REFERENCES "public"."case_events"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "parties_name_mac_idx" ON "parties" USING btree ("name_mac");--> statement-breakpoint
CREATE INDEX "parties_id_number_mac_idx" ON "parties" USING btree ("id_number_mac");--> statement-breakpoint
CREATE INDEX "parties_credit_code_mac_idx" ON "parties" USING btree ("credit_code_mac");--> statement-breakpoint
CREATE INDEX "penalties_party_id_mac_idx" ON "penalties" USING btree ("party_id_number_mac","decided_on");--> statement-breakpoint
CREATE INDEX "penalties_party_credit_mac_idx" ON "penalties" USING btree ("party_credit_code_mac","decided_on");--> statement-breakpoint
-- Penalties and informants stay append-only, but their personal data may be re-encrypted (the
-- startup backfill, key rotation): an UPDATE that changes nothing but the listed columns passes.
CREATE OR REPLACE FUNCTION caselink_refuse_change_but_reencryption() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'UPDATE' AND (to_jsonb(NEW) - TG_ARGV) = (to_jsonb(OLD) - TG_ARGV) THEN
    RETURN NEW;
  END IF;
  RAISE EXCEPTION '% is append-only', TG_TABLE_NAME;
END $$;
--> statement-breakpoint
DROP TRIGGER penalties_append_only ON penalties;
--> statement-breakpoint
CREATE TRIGGER penalties_append_only BEFORE UPDATE OR DELETE ON penalties
  FOR EACH ROW EXECUTE FUNCTION caselink_refuse_change_but_reencryption('party_name', 'party_id_number', 'party_credit_code', 'party_id_number_mac', 'party_credit_code_mac');
--> statement-breakpoint
DROP TRIGGER case_informants_append_only ON case_informants;
--> statement-breakpoint
CREATE TRIGGER case_informants_append_only BEFORE UPDATE OR DELETE ON case_informants
  FOR EACH ROW EXECUTE FUNCTION caselink_refuse_change_but_reencryption('name', 'id_number', 'phone', 'address');
