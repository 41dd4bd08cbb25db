CREATE TABLE "import_keys" (
	"source" text,
	"entry_type" text,
	"external_id" text,
	"entry_id" integer NOT NULL,
	"row_hash" text NOT NULL,
	"imported_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "import_keys_pkey" PRIMARY KEY("source","entry_type","external_id"),
	CONSTRAINT "import_keys_type" CHECK ("entry_type" IN ('organisation', 'caseStudy', 'method', 'event', 'eventSeries', 'topic'))
);
--> statement-breakpoint
CREATE INDEX "import_keys_entry_idx" ON "import_keys" ("entry_type","entry_id");