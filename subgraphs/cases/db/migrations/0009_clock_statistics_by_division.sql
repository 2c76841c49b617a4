-- Step statistics name their clocks and often a division: key the covering index on both, so a
-- county is one range per clock rather than a filter over the province's clocks (decision 66).
DROP INDEX IF EXISTS "case_deadlines_statistics_idx";
--> statement-breakpoint
CREATE INDEX "case_deadlines_statistics_idx" ON "case_deadlines" ("clock", "case_division_code")
  INCLUDE ("started_at", "closed_at", "due_at", "paused_at", "outcome", "case_sector", "case_handling_agency_id", "case_registered_at", "case_id");
