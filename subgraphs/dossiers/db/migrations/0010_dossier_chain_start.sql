-- Each dossier's record as one hash chain (chain/hash.ts): the records written before the chain
-- (demo, seeded or real dossiers) are chained here, in the order they happened, with the same
-- canonical JSON the subgraph computes (keys sorted, no whitespace, times as ISO-8601 UTC with
-- milliseconds); then the chain is append-only like the records.
DO $$
DECLARE
  r record;
  cur text := NULL;
  h text;
  n integer;
BEGIN
  FOR r IN
    WITH entries AS (
      SELECT v."dossier_id", v."created_at" AS at, 0 AS ord, v."version" AS num, v."version"::text AS ref, 'version' AS kind,
        '{"change":' || to_json(v."change"::text)::text
        || ',"createdAt":' || coalesce(to_json(to_char(v."created_at" AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'))::text, 'null')
        || ',"createdBy":' || coalesce(to_json(v."created_by")::text, 'null')
        || ',"createdByAgencyId":' || coalesce(to_json(v."created_by_agency_id")::text, 'null')
        || ',"document":' || CASE WHEN d."id" IS NULL THEN 'null' ELSE
             '{"kind":' || to_json(d."kind"::text)::text
             || ',"mediaType":' || coalesce(to_json(d."media_type")::text, 'null')
             || ',"replacesId":' || coalesce(to_json(d."replaces_id")::text, 'null')
             || ',"sensitivity":' || to_json(d."sensitivity"::text)::text
             || ',"sha256":' || to_json(d."sha256"::text)::text
             || ',"size":' || d."size"::text
             || ',"title":' || coalesce(to_json(d."title")::text, 'null') || '}' END
        || ',"documentId":' || coalesce(to_json(v."document_id")::text, 'null')
        || ',"k":"version"'
        || ',"reason":' || coalesce(to_json(v."reason")::text, 'null')
        || ',"version":' || v."version"::text || '}' AS entry
      FROM "dossier_versions" v LEFT JOIN "documents" d ON d."id" = v."document_id"
      UNION ALL
      SELECT s."dossier_id", s."sealed_at", 1, 0, s."id", 'seal',
        '{"caseId":' || coalesce(to_json(s."case_id")::text, 'null')
        || ',"dossierVersion":' || s."dossier_version"::text
        || ',"id":' || to_json(s."id")::text
        || ',"jws":' || to_json(encode(sha256(convert_to(s."jws", 'UTF8')), 'hex'))::text
        || ',"jwsSha256":' || to_json(s."jws_sha256"::text)::text
        || ',"k":"seal"'
        || ',"sealedAt":' || coalesce(to_json(to_char(s."sealed_at" AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'))::text, 'null')
        || ',"sealedBy":' || coalesce(to_json(s."sealed_by")::text, 'null') || '}'
      FROM "seals" s
      UNION ALL
      SELECT h."dossier_id", h."handed_over_at", 2, 0, h."id", 'handover',
        '{"caseId":' || coalesce(to_json(h."case_id")::text, 'null')
        || ',"documents":[' || coalesce((
             SELECT string_agg('{"documentId":' || to_json(x."document_id")::text || ',"kind":' || to_json(x."kind"::text)::text
               || ',"sha256":' || to_json(x."sha256"::text)::text || ',"size":' || x."size"::text || '}', ',' ORDER BY x."position")
             FROM "handover_documents" x WHERE x."handover_id" = h."id"), '') || ']'
        || ',"dossierVersion":' || h."dossier_version"::text
        || ',"fromAgencyId":' || coalesce(to_json(h."from_agency_id")::text, 'null')
        || ',"handedOverAt":' || coalesce(to_json(to_char(h."handed_over_at" AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'))::text, 'null')
        || ',"handedOverBy":' || coalesce(to_json(h."handed_over_by")::text, 'null')
        || ',"id":' || to_json(h."id")::text
        || ',"k":"handover"'
        || ',"note":' || coalesce(to_json(h."note")::text, 'null')
        || ',"toAgencyId":' || coalesce(to_json(h."to_agency_id")::text, 'null') || '}'
      FROM "handovers" h
      UNION ALL
      SELECT h."dossier_id", h."acknowledged_at", 3, 0, h."id", 'acknowledgement',
        '{"acknowledgedAt":' || coalesce(to_json(to_char(h."acknowledged_at" AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'))::text, 'null')
        || ',"acknowledgedBy":' || coalesce(to_json(h."acknowledged_by")::text, 'null')
        || ',"handoverId":' || to_json(h."id")::text
        || ',"k":"acknowledgement"'
        || ',"receipt":' || coalesce(to_json(encode(sha256(convert_to(h."receipt", 'UTF8')), 'hex'))::text, 'null') || '}'
      FROM "handovers" h WHERE h."acknowledged_at" IS NOT NULL
    )
    SELECT e."dossier_id", e.kind, e.ref,
      encode(sha256(convert_to('{"caseId":' || to_json(ds."case_id")::text || ',"dossierId":' || to_json(ds."id")::text
        || ',"entry":' || e.entry || ',"v":1}', 'UTF8')), 'hex') AS content
    FROM entries e JOIN "dossiers" ds ON ds."id" = e."dossier_id"
    WHERE ds."chain_length" = 0
    ORDER BY e."dossier_id" COLLATE "C", e.at, e.ord, e.num, e.ref COLLATE "C"
  LOOP
    IF cur IS DISTINCT FROM r."dossier_id" THEN
      IF cur IS NOT NULL THEN
        UPDATE "dossiers" SET "chain_length" = n, "chain_head" = h WHERE "id" = cur;
      END IF;
      cur := r."dossier_id";
      h := repeat('0', 64);
      n := 0;
    END IF;
    n := n + 1;
    INSERT INTO "dossier_chain" ("dossier_id", "seq", "kind", "ref", "prev_hash", "hash")
      VALUES (r."dossier_id", n, r.kind, r.ref, h, encode(sha256(convert_to(h || r.content, 'UTF8')), 'hex'));
    h := encode(sha256(convert_to(h || r.content, 'UTF8')), 'hex');
  END LOOP;
  IF cur IS NOT NULL THEN
    UPDATE "dossiers" SET "chain_length" = n, "chain_head" = h WHERE "id" = cur;
  END IF;
END $$;
--> statement-breakpoint
CREATE TRIGGER dossier_chain_append_only BEFORE UPDATE OR DELETE ON "dossier_chain"
  FOR EACH ROW EXECUTE FUNCTION caselink_refuse_change();
--> statement-breakpoint
CREATE TRIGGER dossier_chain_no_truncate BEFORE TRUNCATE ON "dossier_chain"
  FOR EACH STATEMENT EXECUTE FUNCTION caselink_refuse_change();
