-- The access log's hash chains start (kit/accessLog.ts): eight stripes at the genesis hash; entries append-only.
INSERT INTO access_log_heads (stripe, length, head, prev, started_at)
  SELECT s, 0, '0000000000000000000000000000000000000000000000000000000000000000', '0000000000000000000000000000000000000000000000000000000000000000', now() FROM generate_series(0, 7) AS s;
--> statement-breakpoint
CREATE TRIGGER access_log_chain_append_only BEFORE UPDATE OR DELETE ON access_log_chain
  FOR EACH ROW EXECUTE FUNCTION caselink_refuse_change();
--> statement-breakpoint
CREATE TRIGGER access_log_chain_no_truncate BEFORE TRUNCATE ON access_log_chain
  FOR EACH STATEMENT EXECUTE FUNCTION caselink_refuse_change();
--> statement-breakpoint
CREATE TRIGGER access_log_no_truncate BEFORE TRUNCATE ON access_log
  FOR EACH STATEMENT EXECUTE FUNCTION caselink_refuse_change();
