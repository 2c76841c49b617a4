ALTER TYPE "public"."case_stage" ADD VALUE 'GOODS_REPORTED_MISSING' BEFORE 'NOT_FILED';--> statement-breakpoint
ALTER TYPE "public"."case_stage" ADD VALUE 'CORRECTION_OPINION_ISSUED' BEFORE 'FILING_NOTIFIED';--> statement-breakpoint
ALTER TYPE "public"."case_stage" ADD VALUE 'SUPERVISION_ESCALATED' BEFORE 'NON_FILING_CONFIRMED';--> statement-breakpoint
ALTER TYPE "public"."workflow_action" ADD VALUE 'reportGoodsMissing' BEFORE 'requestReconsideration';--> statement-breakpoint
ALTER TYPE "public"."workflow_action" ADD VALUE 'issueCorrectionOpinion' BEFORE 'issueCorrectionNotice';--> statement-breakpoint
ALTER TYPE "public"."workflow_action" ADD VALUE 'consultHigherPolice' BEFORE 'adviseTransfer';--> statement-breakpoint
ALTER TABLE "cases" ADD COLUMN "goods_seized" boolean DEFAULT true NOT NULL;