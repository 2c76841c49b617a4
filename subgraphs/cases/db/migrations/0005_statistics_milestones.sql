ALTER TABLE "cases" ADD COLUMN "transferred_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "cases" ADD COLUMN "filed_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "cases" ADD COLUMN "not_filed_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "cases" ADD COLUMN "reconsideration_requested_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "cases" ADD COLUMN "not_prosecuted_at" timestamp with time zone;--> statement-breakpoint
-- Backfill from the timeline: the first time each case entered the stage (statistics/milestones.ts).
UPDATE "cases" c SET
  "transferred_at" = m.transferred_at,
  "filed_at" = m.filed_at,
  "not_filed_at" = m.not_filed_at,
  "reconsideration_requested_at" = m.reconsideration_requested_at,
  "not_prosecuted_at" = m.not_prosecuted_at
FROM (
  SELECT case_id,
    min(at) FILTER (WHERE to_stage = 'TRANSFERRED' AND from_stage IS DISTINCT FROM to_stage) AS transferred_at,
    min(at) FILTER (WHERE to_stage = 'FILED' AND from_stage IS DISTINCT FROM to_stage) AS filed_at,
    min(at) FILTER (WHERE to_stage = 'NOT_FILED' AND from_stage IS DISTINCT FROM to_stage) AS not_filed_at,
    min(at) FILTER (WHERE to_stage = 'RECONSIDERATION_REQUESTED' AND from_stage IS DISTINCT FROM to_stage) AS reconsideration_requested_at,
    min(at) FILTER (WHERE to_stage = 'NOT_PROSECUTED' AND from_stage IS DISTINCT FROM to_stage) AS not_prosecuted_at
  FROM "case_events" GROUP BY case_id
) m
WHERE m.case_id = c.id;
