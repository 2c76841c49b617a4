CREATE TABLE "access_log_chain" (
	"stripe" smallint NOT NULL,
	"seq" integer NOT NULL,
	"row_id" text NOT NULL,
	"prev_hash" char(64) NOT NULL,
	"hash" char(64) NOT NULL,
	CONSTRAINT "access_log_chain_stripe_seq_pk" PRIMARY KEY("stripe","seq")
);
--> statement-breakpoint
CREATE TABLE "access_log_heads" (
	"stripe" smallint PRIMARY KEY NOT NULL,
	"length" integer DEFAULT 0 NOT NULL,
	"head" char(64) NOT NULL,
	"prev" char(64) NOT NULL,
	"started_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE INDEX "access_log_chain_row_idx" ON "access_log_chain" USING btree ("row_id");