-- Documents stored before versions were kept: number them in creation order after the opening
-- version (as the demo seed does) and credit them to the agency that opened the dossier.
UPDATE "documents" AS d SET
  "added_in_version" = n.rn + 1,
  "created_by" = ds."created_by",
  "created_by_agency_id" = ds."handling_agency_id"
FROM (SELECT "id", row_number() OVER (PARTITION BY "dossier_id" ORDER BY "created_at", "id") AS rn FROM "documents") AS n,
  "dossiers" AS ds
WHERE n."id" = d."id" AND ds."id" = d."dossier_id";
--> statement-breakpoint
-- Dossiers opened before versions were kept: an OPENED version 1 and one ADDED version per document,
-- matching the numbering given to their documents above.
INSERT INTO "dossier_versions" ("dossier_id", "version", "change", "document_id", "created_by", "created_by_agency_id", "created_at")
SELECT ds."id", 1, 'OPENED'::dossier_change, NULL::text, ds."created_by", ds."handling_agency_id", ds."created_at" FROM "dossiers" AS ds
UNION ALL
SELECT d."dossier_id", d."added_in_version", 'ADDED'::dossier_change, d."id", d."created_by", d."created_by_agency_id", d."created_at" FROM "documents" AS d
ON CONFLICT DO NOTHING;
--> statement-breakpoint
-- Nothing in a dossier is deleted, and what was recorded is not rewritten (shared/domain.md, "The digital
-- dossier"): versions, seals and handed-over hashes are append-only; a document may only gain its
-- withdrawal or replacement; a handover may only gain its acknowledgement, once.
CREATE OR REPLACE FUNCTION caselink_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '% is append-only', TG_TABLE_NAME;
END $$;
--> statement-breakpoint
CREATE TRIGGER dossier_versions_append_only BEFORE UPDATE OR DELETE ON "dossier_versions"
  FOR EACH ROW EXECUTE FUNCTION caselink_refuse_change();
--> statement-breakpoint
CREATE TRIGGER seals_append_only BEFORE UPDATE OR DELETE ON "seals"
  FOR EACH ROW EXECUTE FUNCTION caselink_refuse_change();
--> statement-breakpoint
CREATE TRIGGER handover_documents_append_only BEFORE UPDATE OR DELETE ON "handover_documents"
  FOR EACH ROW EXECUTE FUNCTION caselink_refuse_change();
--> statement-breakpoint
CREATE OR REPLACE FUNCTION dossiers_document_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    RAISE EXCEPTION 'documents are never deleted: withdraw them';
  END IF;
  IF (NEW."id", NEW."dossier_id", NEW."kind", NEW."title", NEW."sha256", NEW."size", NEW."media_type", NEW."sensitivity",
      NEW."added_in_version", NEW."created_by", NEW."created_by_agency_id", NEW."created_at", NEW."replaces_id")
     IS DISTINCT FROM
     (OLD."id", OLD."dossier_id", OLD."kind", OLD."title", OLD."sha256", OLD."size", OLD."media_type", OLD."sensitivity",
      OLD."added_in_version", OLD."created_by", OLD."created_by_agency_id", OLD."created_at", OLD."replaces_id")
     OR (OLD."removed_in_version" IS NOT NULL AND NEW."removed_in_version" IS DISTINCT FROM OLD."removed_in_version") THEN
    RAISE EXCEPTION 'a recorded document is not rewritten: only its withdrawal or replacement is added, once';
  END IF;
  RETURN NEW;
END $$;
--> statement-breakpoint
CREATE TRIGGER documents_guard BEFORE UPDATE OR DELETE ON "documents"
  FOR EACH ROW EXECUTE FUNCTION dossiers_document_guard();
--> statement-breakpoint
CREATE OR REPLACE FUNCTION dossiers_handover_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    RAISE EXCEPTION 'handovers are never deleted';
  END IF;
  IF OLD."acknowledged_at" IS NOT NULL
     OR (NEW."id", NEW."dossier_id", NEW."case_id", NEW."dossier_version", NEW."from_agency_id", NEW."to_agency_id",
         NEW."handed_over_by", NEW."handed_over_at", NEW."note")
        IS DISTINCT FROM
        (OLD."id", OLD."dossier_id", OLD."case_id", OLD."dossier_version", OLD."from_agency_id", OLD."to_agency_id",
         OLD."handed_over_by", OLD."handed_over_at", OLD."note") THEN
    RAISE EXCEPTION 'a handover only gains its acknowledgement, once';
  END IF;
  RETURN NEW;
END $$;
--> statement-breakpoint
CREATE TRIGGER handovers_guard BEFORE UPDATE OR DELETE ON "handovers"
  FOR EACH ROW EXECUTE FUNCTION dossiers_handover_guard();
