-- One access-log row per request and distinct disclosure, the cases as an array (kit/accessLog.ts).
-- drizzle-kit drafted the rename and the indexes but not the type change (text -> text[]);
-- USING carries every existing row over as ARRAY[case_id]. ALTER ... TYPE rewrites the table without
-- firing the append-only trigger (it refuses UPDATE), so no row is updated and the trigger stays on.
DROP INDEX "access_log_case_idx";--> statement-breakpoint
ALTER TABLE "access_log" RENAME COLUMN "case_id" TO "case_ids";--> statement-breakpoint
ALTER TABLE "access_log" ALTER COLUMN "case_ids" SET DATA TYPE text[] USING ARRAY["case_ids"];--> statement-breakpoint
CREATE INDEX "access_log_case_ids_idx" ON "access_log" USING gin ("case_ids");
