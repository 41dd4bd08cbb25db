CREATE INDEX "organisations_country_idx" ON "organisations" ("country");--> statement-breakpoint
CREATE INDEX "methods_types_idx" ON "methods" ("participedia_type","oecd_model");--> statement-breakpoint
CREATE INDEX "case_studies_facets_idx" ON "case_studies" ("iap2_level","format","scope");--> statement-breakpoint
CREATE INDEX "case_studies_evaluated_idx" ON "case_studies" ("evaluated");--> statement-breakpoint
CREATE INDEX "events_status_idx" ON "events" ("status","starts_at");