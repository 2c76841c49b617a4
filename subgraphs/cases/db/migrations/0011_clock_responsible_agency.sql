ALTER TABLE "case_deadlines" ADD COLUMN "responsible_agency_id" text;--> statement-breakpoint
-- The trigger of 0008 fills the responsible unit's agency too (as the case has it when the clock opens:
-- the workflow updates the case before it opens the next step's clocks).
CREATE OR REPLACE FUNCTION caselink_clock_case_facts() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  SELECT c.sector, c.division_code, c.handling_agency_id, c.created_at,
         CASE NEW.responsible WHEN 'HANDLING_AGENCY' THEN c.handling_agency_id WHEN 'RECEIVING_POLICE' THEN c.receiving_agency_id END
    INTO NEW.case_sector, NEW.case_division_code, NEW.case_handling_agency_id, NEW.case_registered_at, NEW.responsible_agency_id
    FROM cases c WHERE c.id = NEW.case_id;
  RETURN NEW;
END $$;
--> statement-breakpoint
-- Clocks opened before this migration: the case's units as they stand now.
UPDATE "case_deadlines" d SET "responsible_agency_id" =
  CASE d.responsible WHEN 'HANDLING_AGENCY' THEN c.handling_agency_id WHEN 'RECEIVING_POLICE' THEN c.receiving_agency_id END
FROM "cases" c WHERE c.id = d.case_id AND d.responsible IN ('HANDLING_AGENCY', 'RECEIVING_POLICE');
--> statement-breakpoint
-- The indicator index reads it with the step measures' columns, from the same covering index.
DROP INDEX IF EXISTS "case_deadlines_statistics_idx";
--> statement-breakpoint
CREATE INDEX "case_deadlines_statistics_idx" ON "case_deadlines" ("clock", "case_division_code")
  INCLUDE ("started_at", "closed_at", "due_at", "paused_at", "outcome", "case_sector", "case_handling_agency_id", "case_registered_at", "responsible", "responsible_agency_id", "case_id");
