ALTER TABLE "warnings" ADD COLUMN "case_sector" "case_sector";--> statement-breakpoint
ALTER TABLE "warnings" ADD COLUMN "case_registered_at" timestamp with time zone;--> statement-breakpoint
-- As for clocks (0008): the copies are the database's to keep, filled from the case on every insert.
CREATE OR REPLACE FUNCTION caselink_warning_case_facts() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  SELECT c.sector, c.created_at INTO NEW.case_sector, NEW.case_registered_at FROM cases c WHERE c.id = NEW.case_id;
  RETURN NEW;
END $$;
--> statement-breakpoint
CREATE TRIGGER warnings_case_facts BEFORE INSERT ON warnings
  FOR EACH ROW EXECUTE FUNCTION caselink_warning_case_facts();
--> statement-breakpoint
UPDATE "warnings" w SET "case_sector" = c.sector, "case_registered_at" = c.created_at
FROM "cases" c WHERE c.id = w.case_id;
