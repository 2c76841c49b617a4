CREATE TABLE "statistics_budget_days" (
	"caller_id" text NOT NULL,
	"day" date NOT NULL,
	"spent" double precision DEFAULT 0 NOT NULL,
	CONSTRAINT "statistics_budget_days_caller_id_day_pk" PRIMARY KEY("caller_id","day")
);
--> statement-breakpoint
CREATE TABLE "statistics_releases" (
	"caller_id" text NOT NULL,
	"query_digest" text NOT NULL,
	"measure" text NOT NULL,
	"epsilon" double precision NOT NULL,
	"day" date NOT NULL,
	"released_at" timestamp with time zone NOT NULL,
	CONSTRAINT "statistics_releases_caller_id_query_digest_measure_pk" PRIMARY KEY("caller_id","query_digest","measure")
);
