-- Cases that existed before the workflow: their stage is their status (every status is a stage).
UPDATE cases SET stage = status::text::case_stage;
--> statement-breakpoint
-- The timeline and the penalty record are append-only (caselink_refuse_change comes from 0001).
-- A database owner can still disable these triggers; the hash chain is what makes that visible.
CREATE TRIGGER case_events_append_only BEFORE UPDATE OR DELETE ON case_events
  FOR EACH ROW EXECUTE FUNCTION caselink_refuse_change();
--> statement-breakpoint
CREATE TRIGGER penalties_append_only BEFORE UPDATE OR DELETE ON penalties
  FOR EACH ROW EXECUTE FUNCTION caselink_refuse_change();
--> statement-breakpoint
CREATE TRIGGER case_events_no_truncate BEFORE TRUNCATE ON case_events
  FOR EACH STATEMENT EXECUTE FUNCTION caselink_refuse_change();
--> statement-breakpoint
CREATE TRIGGER penalties_no_truncate BEFORE TRUNCATE ON penalties
  FOR EACH STATEMENT EXECUTE FUNCTION caselink_refuse_change();
