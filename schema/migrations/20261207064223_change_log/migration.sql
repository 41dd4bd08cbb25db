CREATE TABLE "change_log" (
	"cursor" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "change_log_cursor_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	"entry_type" text NOT NULL,
	"entry_id" integer NOT NULL,
	"slug" text NOT NULL,
	"old_slug" text,
	"action" text NOT NULL,
	CONSTRAINT "change_log_entry_type" CHECK ("entry_type" IN ('organisation', 'caseStudy', 'method', 'event', 'eventSeries', 'topic')),
	CONSTRAINT "change_log_action" CHECK ("action" IN ('created', 'updated', 'renamed', 'published', 'archived', 'unpublished')),
	CONSTRAINT "change_log_old_slug" CHECK (("action" = 'renamed') = ("old_slug" IS NOT NULL))
);
--> statement-breakpoint
CREATE INDEX "change_log_entry_idx" ON "change_log" ("entry_type","entry_id","cursor");--> statement-breakpoint
-- Entries already public are announced once, so a follower reading from the start learns of them.
INSERT INTO "change_log" ("entry_type", "entry_id", "slug", "action")
SELECT p.entry_type, p.id, p.slug, 'created' FROM (
	SELECT 'topic'::text AS entry_type, id, slug, updated_at FROM "topics" WHERE publication_state = 'published'
	UNION ALL SELECT 'organisation', id, slug, updated_at FROM "organisations" WHERE publication_state = 'published'
	UNION ALL SELECT 'method', id, slug, updated_at FROM "methods" WHERE publication_state = 'published'
	UNION ALL SELECT 'caseStudy', id, slug, updated_at FROM "case_studies" WHERE publication_state = 'published'
	UNION ALL SELECT 'eventSeries', id, slug, updated_at FROM "event_series" WHERE publication_state = 'published'
	UNION ALL SELECT 'event', id, slug, updated_at FROM "events" WHERE publication_state = 'published'
) p ORDER BY p.updated_at, p.entry_type, p.id;
