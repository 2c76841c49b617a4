CREATE TABLE "clock_duration_summary" (
	"clock" "deadline_clock" NOT NULL,
	"case_division_code" char(6) NOT NULL,
	"case_handling_agency_id" text NOT NULL,
	"case_sector" "case_sector" NOT NULL,
	"registered_month" timestamp with time zone NOT NULL,
	"bucket" smallint NOT NULL,
	"closed" integer NOT NULL,
	"late" integer NOT NULL,
	"met" integer NOT NULL,
	CONSTRAINT "clock_duration_summary_pk" PRIMARY KEY("clock","case_division_code","case_handling_agency_id","case_sector","registered_month","bucket") INCLUDE ("closed", "late", "met")
);
--> statement-breakpoint
CREATE INDEX "case_deadlines_open_statistics_idx" ON "case_deadlines" USING btree ("clock","case_division_code","due_at","paused_at","case_sector","case_handling_agency_id","case_registered_at") WHERE closed_at is null;--> statement-breakpoint
-- The duration summary of the closed clocks (decision 97). A duration of d seconds falls in bucket
-- ceil(log_1.02 d): (1.02^(b-1), 1.02^b] seconds; none (0) in bucket -32768. A bucket's value is
-- 2 * 1.02^b / 2.02 seconds, within (1.02 - 1) / (1.02 + 1) < 0.99 % of every duration in it, so a
-- percentile interpolated between two buckets' values is within 0.99 % of the exact one.
-- statistics/durationSummary.ts holds the same constants.
CREATE FUNCTION caselink_duration_bucket(elapsed interval) RETURNS smallint LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT CASE WHEN date_part('epoch', elapsed) <= 0 THEN -32768
              ELSE ceil(ln(date_part('epoch', elapsed)) / ln(1.02::float8))::smallint END
$$;
--> statement-breakpoint
-- The instant the local month (UTC+8, the deadlines calendar's) of a registration began: grouped by
-- month and filtered by whole local months, the summary answers as the clocks' own column does.
CREATE FUNCTION caselink_registered_month(registered timestamptz) RETURNS timestamptz LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT (date_trunc('month', (registered AT TIME ZONE 'UTC') + interval '480 minutes') - interval '480 minutes') AT TIME ZONE 'UTC'
$$;
--> statement-breakpoint
-- Kept in step by statement triggers with transition tables: one aggregate and one upsert per
-- statement, whoever writes (the workflow's UPDATE closing clocks, the seed's COPY of closed clocks,
-- a DELETE). Cells are written in key order within a statement. Open clocks are not in it.
CREATE FUNCTION caselink_clock_summary_apply() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    INSERT INTO clock_duration_summary AS s (clock, case_division_code, case_handling_agency_id, case_sector, registered_month, bucket, closed, late, met)
    SELECT clock, case_division_code, case_handling_agency_id, case_sector, caselink_registered_month(case_registered_at),
           caselink_duration_bucket(closed_at - started_at),
           count(*), count(*) FILTER (WHERE closed_at > due_at), count(*) FILTER (WHERE outcome = 'MET')
      FROM new_clocks WHERE closed_at IS NOT NULL
     GROUP BY 1, 2, 3, 4, 5, 6 ORDER BY 1, 2, 3, 4, 5, 6
    ON CONFLICT ON CONSTRAINT clock_duration_summary_pk DO UPDATE
      SET closed = s.closed + excluded.closed, late = s.late + excluded.late, met = s.met + excluded.met;
  ELSIF TG_OP = 'UPDATE' THEN
    INSERT INTO clock_duration_summary AS s (clock, case_division_code, case_handling_agency_id, case_sector, registered_month, bucket, closed, late, met)
    SELECT clock, case_division_code, case_handling_agency_id, case_sector, month, bucket, sum(sign), sum(sign * late), sum(sign * met)
      FROM (SELECT clock, case_division_code, case_handling_agency_id, case_sector, caselink_registered_month(case_registered_at) AS month,
                   caselink_duration_bucket(closed_at - started_at) AS bucket, 1 AS sign,
                   (closed_at > due_at)::int AS late, (outcome IS NOT DISTINCT FROM 'MET')::int AS met
              FROM new_clocks WHERE closed_at IS NOT NULL
            UNION ALL
            SELECT clock, case_division_code, case_handling_agency_id, case_sector, caselink_registered_month(case_registered_at),
                   caselink_duration_bucket(closed_at - started_at), -1,
                   (closed_at > due_at)::int, (outcome IS NOT DISTINCT FROM 'MET')::int
              FROM old_clocks WHERE closed_at IS NOT NULL) changes
     GROUP BY 1, 2, 3, 4, 5, 6
    HAVING sum(sign) <> 0 OR sum(sign * late) <> 0 OR sum(sign * met) <> 0
     ORDER BY 1, 2, 3, 4, 5, 6
    ON CONFLICT ON CONSTRAINT clock_duration_summary_pk DO UPDATE
      SET closed = s.closed + excluded.closed, late = s.late + excluded.late, met = s.met + excluded.met;
  ELSIF TG_OP = 'DELETE' THEN
    UPDATE clock_duration_summary s
       SET closed = s.closed - gone.closed, late = s.late - gone.late, met = s.met - gone.met
      FROM (SELECT clock, case_division_code, case_handling_agency_id, case_sector, caselink_registered_month(case_registered_at) AS month,
                   caselink_duration_bucket(closed_at - started_at) AS bucket,
                   count(*) AS closed, count(*) FILTER (WHERE closed_at > due_at) AS late, count(*) FILTER (WHERE outcome = 'MET') AS met
              FROM old_clocks WHERE closed_at IS NOT NULL GROUP BY 1, 2, 3, 4, 5, 6) gone
     WHERE (s.clock, s.case_division_code, s.case_handling_agency_id, s.case_sector, s.registered_month, s.bucket)
         = (gone.clock, gone.case_division_code, gone.case_handling_agency_id, gone.case_sector, gone.month, gone.bucket);
  ELSE
    TRUNCATE clock_duration_summary;
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER case_deadlines_summary_insert AFTER INSERT ON case_deadlines
  REFERENCING NEW TABLE AS new_clocks FOR EACH STATEMENT EXECUTE FUNCTION caselink_clock_summary_apply();
--> statement-breakpoint
CREATE TRIGGER case_deadlines_summary_update AFTER UPDATE ON case_deadlines
  REFERENCING OLD TABLE AS old_clocks NEW TABLE AS new_clocks FOR EACH STATEMENT EXECUTE FUNCTION caselink_clock_summary_apply();
--> statement-breakpoint
CREATE TRIGGER case_deadlines_summary_delete AFTER DELETE ON case_deadlines
  REFERENCING OLD TABLE AS old_clocks FOR EACH STATEMENT EXECUTE FUNCTION caselink_clock_summary_apply();
--> statement-breakpoint
CREATE TRIGGER case_deadlines_summary_truncate AFTER TRUNCATE ON case_deadlines
  FOR EACH STATEMENT EXECUTE FUNCTION caselink_clock_summary_apply();
--> statement-breakpoint
-- The clocks closed before this migration.
INSERT INTO clock_duration_summary (clock, case_division_code, case_handling_agency_id, case_sector, registered_month, bucket, closed, late, met)
SELECT clock, case_division_code, case_handling_agency_id, case_sector, caselink_registered_month(case_registered_at),
       caselink_duration_bucket(closed_at - started_at),
       count(*), count(*) FILTER (WHERE closed_at > due_at), count(*) FILTER (WHERE outcome = 'MET')
  FROM case_deadlines WHERE closed_at IS NOT NULL
 GROUP BY 1, 2, 3, 4, 5, 6;
