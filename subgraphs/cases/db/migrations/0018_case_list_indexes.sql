CREATE INDEX "case_deadlines_open_case_idx" ON "case_deadlines" USING btree ("case_id","clock","due_at") WHERE closed_at is null;--> statement-breakpoint
CREATE INDEX "cases_status_idx" ON "cases" USING btree ("status","created_at","id");--> statement-breakpoint
CREATE INDEX "cases_stage_idx" ON "cases" USING btree ("stage","created_at","id");--> statement-breakpoint
CREATE INDEX "cases_sector_idx" ON "cases" USING btree ("sector","created_at","id");--> statement-breakpoint
CREATE INDEX "cases_updated_idx" ON "cases" USING btree ("updated_at","id");--> statement-breakpoint
CREATE INDEX "cases_number_c_idx" ON "cases" USING btree (("number" collate "C"),"id");--> statement-breakpoint
CREATE INDEX "parties_name_idx" ON "parties" USING btree ("name");--> statement-breakpoint
CREATE INDEX "parties_id_number_idx" ON "parties" USING btree ("id_number");--> statement-breakpoint
CREATE INDEX "parties_credit_code_idx" ON "parties" USING btree ("credit_code");--> statement-breakpoint
CREATE INDEX "warnings_open_case_level_idx" ON "warnings" USING btree ("case_id","level") WHERE step in ('NOTIFIED', 'HANDLED', 'REPLIED');