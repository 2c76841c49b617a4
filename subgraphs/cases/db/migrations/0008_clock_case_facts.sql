ALTER TABLE "case_deadlines" ADD COLUMN "case_sector" "case_sector";--> statement-breakpoint
ALTER TABLE "case_deadlines" ADD COLUMN "case_division_code" char(6);--> statement-breakpoint
ALTER TABLE "case_deadlines" ADD COLUMN "case_handling_agency_id" text;--> statement-breakpoint
ALTER TABLE "case_deadlines" ADD COLUMN "case_registered_at" timestamp with time zone;--> statement-breakpoint
-- The copies are the database's to keep: filled from the case on every insert (the API, the seeds, COPY).
CREATE OR REPLACE FUNCTION caselink_clock_case_facts() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  SELECT c.sector, c.division_code, c.handling_agency_id, c.created_at
    INTO NEW.case_sector, NEW.case_division_code, NEW.case_handling_agency_id, NEW.case_registered_at
    FROM cases c WHERE c.id = NEW.case_id;
  RETURN NEW;
END $$;
--> statement-breakpoint
CREATE TRIGGER case_deadlines_case_facts BEFORE INSERT ON case_deadlines
  FOR EACH ROW EXECUTE FUNCTION caselink_clock_case_facts();
--> statement-breakpoint
UPDATE "case_deadlines" d SET
  "case_sector" = c.sector, "case_division_code" = c.division_code,
  "case_handling_agency_id" = c.handling_agency_id, "case_registered_at" = c.created_at
FROM "cases" c WHERE c.id = d.case_id;
--> statement-breakpoint
-- Step statistics read clocks alone (no join) unless grouped or filtered by status or receiving agency.
DROP INDEX IF EXISTS "case_deadlines_statistics_idx";
--> statement-breakpoint
CREATE INDEX "case_deadlines_statistics_idx" ON "case_deadlines" ("clock")
  INCLUDE ("started_at", "closed_at", "due_at", "paused_at", "outcome", "case_sector", "case_division_code", "case_handling_agency_id", "case_registered_at", "case_id");
