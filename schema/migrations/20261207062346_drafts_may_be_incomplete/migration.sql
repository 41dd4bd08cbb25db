ALTER TABLE "organisations" ALTER COLUMN "kind" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "events" ALTER COLUMN "starts_at" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "events" ALTER COLUMN "format" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "organisations" ADD CONSTRAINT "organisations_complete_unless_draft" CHECK ("publication_state" NOT IN ('submitted', 'published', 'archived') OR "kind" IS NOT NULL);--> statement-breakpoint
ALTER TABLE "events" ADD CONSTRAINT "events_complete_unless_draft" CHECK ("publication_state" NOT IN ('submitted', 'published', 'archived') OR ("starts_at" IS NOT NULL AND "format" IS NOT NULL));