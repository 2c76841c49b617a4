-- Statistics read these two indexes instead of the tables (index-only scans; test/bench/statistics.ts,
-- decision 65): every column a statistics query reads of a case, led by the division so a county or
-- city filter is a range; and every column the step measures read of a clock, led by the clock.
-- drizzle's index builder has no INCLUDE, so they live here and not in db/schema.ts.
CREATE INDEX IF NOT EXISTS "cases_statistics_idx" ON "cases" ("division_code", "created_at")
  INCLUDE ("sector", "status", "handling_agency_id", "receiving_agency_id", "transferred_at", "filed_at", "not_filed_at", "reconsideration_requested_at", "not_prosecuted_at", "id");
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "case_deadlines_statistics_idx" ON "case_deadlines" ("clock")
  INCLUDE ("case_id", "started_at", "closed_at", "due_at", "paused_at", "outcome");
