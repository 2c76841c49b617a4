CREATE TABLE "blob_chunks" (
	"upload_id" text NOT NULL,
	"seq" integer NOT NULL,
	"data" "bytea" NOT NULL,
	CONSTRAINT "blob_chunks_upload_id_seq_pk" PRIMARY KEY("upload_id","seq")
);
--> statement-breakpoint
CREATE TABLE "blob_uploads" (
	"id" text PRIMARY KEY NOT NULL,
	"touched_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "blobs" (
	"sha256" char(64) PRIMARY KEY NOT NULL,
	"size" bigint NOT NULL,
	"chunk_count" integer NOT NULL,
	"upload_id" text NOT NULL,
	"stored_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "blobs_upload_id_unique" UNIQUE("upload_id")
);
--> statement-breakpoint
CREATE INDEX "blob_uploads_touched_idx" ON "blob_uploads" USING btree ("touched_at");--> statement-breakpoint
-- Chunks are mostly compressed formats (PDF, JPEG, MP4): kept out of line without a compression attempt.
ALTER TABLE "blob_chunks" ALTER COLUMN "data" SET STORAGE EXTERNAL;
--> statement-breakpoint
-- The database blob store promises what the local one does with read-only files under their hash:
-- a stored blob is never rewritten or removed. A blob row is append-only; the chunks of an upload
-- that became a blob can be neither changed, nor deleted, nor added to; only the chunks of an upload
-- that did not (refused, a duplicate, abandoned) can be deleted, and no chunk is ever updated.
CREATE TRIGGER blobs_append_only BEFORE UPDATE OR DELETE ON "blobs"
  FOR EACH ROW EXECUTE FUNCTION caselink_refuse_change();
--> statement-breakpoint
CREATE OR REPLACE FUNCTION dossiers_blob_chunk_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'UPDATE' THEN
    RAISE EXCEPTION 'blob chunks are never rewritten';
  END IF;
  IF EXISTS (SELECT 1 FROM "blobs" WHERE "upload_id" = (CASE WHEN TG_OP = 'DELETE' THEN OLD."upload_id" ELSE NEW."upload_id" END)) THEN
    RAISE EXCEPTION 'the chunks of a stored blob are never changed';
  END IF;
  RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
END $$;
--> statement-breakpoint
CREATE TRIGGER blob_chunks_guard BEFORE INSERT OR UPDATE OR DELETE ON "blob_chunks"
  FOR EACH ROW EXECUTE FUNCTION dossiers_blob_chunk_guard();
