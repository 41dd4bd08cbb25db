-- How many entries of each type are published, kept as entries change: the exact totalCount of an unfiltered list
-- (docs/performance.md, large scale). The table is drizzle-kit's; the function, triggers and backfill are by hand.
CREATE TABLE "published_totals" (
	"entry_type" text PRIMARY KEY,
	"count" integer NOT NULL
);
--> statement-breakpoint
-- One statement's change to its table's published rows, from the transition tables: one UPDATE of one row, and none
-- when the statement published or withdrew nothing (a draft's edit). Concurrent writers add up: the row lock orders
-- them (a deadlock with another kept count, possible only between two transactions that each publish several entry
-- types in different orders, is refused as a Conflict by src/modules/access/transaction.ts, never a 500).
CREATE FUNCTION ed_count_published_total() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  delta int;
BEGIN
  IF TG_OP = 'INSERT' THEN
    SELECT count(*) FILTER (WHERE publication_state = 'published') INTO delta FROM after_rows;
  ELSIF TG_OP = 'DELETE' THEN
    SELECT -count(*) FILTER (WHERE publication_state = 'published') INTO delta FROM before_rows;
  ELSE
    SELECT (SELECT count(*) FILTER (WHERE publication_state = 'published') FROM after_rows)
         - (SELECT count(*) FILTER (WHERE publication_state = 'published') FROM before_rows) INTO delta;
  END IF;
  IF delta <> 0 THEN
    UPDATE published_totals SET count = count + delta WHERE entry_type = TG_ARGV[0];
  END IF;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
-- TRUNCATE fires no DELETE trigger (the benchmark's generator empties the catalogue so): emptied, none is published.
CREATE FUNCTION ed_clear_published_total() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE published_totals SET count = 0 WHERE entry_type = TG_ARGV[0];
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER organisations_published_total_insert AFTER INSERT ON organisations REFERENCING NEW TABLE AS after_rows
  FOR EACH STATEMENT EXECUTE FUNCTION ed_count_published_total('organisation');
--> statement-breakpoint
CREATE TRIGGER organisations_published_total_update AFTER UPDATE ON organisations REFERENCING OLD TABLE AS before_rows NEW TABLE AS after_rows
  FOR EACH STATEMENT EXECUTE FUNCTION ed_count_published_total('organisation');
--> statement-breakpoint
CREATE TRIGGER organisations_published_total_delete AFTER DELETE ON organisations REFERENCING OLD TABLE AS before_rows
  FOR EACH STATEMENT EXECUTE FUNCTION ed_count_published_total('organisation');
--> statement-breakpoint
CREATE TRIGGER organisations_published_total_truncate AFTER TRUNCATE ON organisations
  FOR EACH STATEMENT EXECUTE FUNCTION ed_clear_published_total('organisation');
--> statement-breakpoint
CREATE TRIGGER case_studies_published_total_insert AFTER INSERT ON case_studies REFERENCING NEW TABLE AS after_rows
  FOR EACH STATEMENT EXECUTE FUNCTION ed_count_published_total('case_study');
--> statement-breakpoint
CREATE TRIGGER case_studies_published_total_update AFTER UPDATE ON case_studies REFERENCING OLD TABLE AS before_rows NEW TABLE AS after_rows
  FOR EACH STATEMENT EXECUTE FUNCTION ed_count_published_total('case_study');
--> statement-breakpoint
CREATE TRIGGER case_studies_published_total_delete AFTER DELETE ON case_studies REFERENCING OLD TABLE AS before_rows
  FOR EACH STATEMENT EXECUTE FUNCTION ed_count_published_total('case_study');
--> statement-breakpoint
CREATE TRIGGER case_studies_published_total_truncate AFTER TRUNCATE ON case_studies
  FOR EACH STATEMENT EXECUTE FUNCTION ed_clear_published_total('case_study');
--> statement-breakpoint
CREATE TRIGGER events_published_total_insert AFTER INSERT ON events REFERENCING NEW TABLE AS after_rows
  FOR EACH STATEMENT EXECUTE FUNCTION ed_count_published_total('event');
--> statement-breakpoint
CREATE TRIGGER events_published_total_update AFTER UPDATE ON events REFERENCING OLD TABLE AS before_rows NEW TABLE AS after_rows
  FOR EACH STATEMENT EXECUTE FUNCTION ed_count_published_total('event');
--> statement-breakpoint
CREATE TRIGGER events_published_total_delete AFTER DELETE ON events REFERENCING OLD TABLE AS before_rows
  FOR EACH STATEMENT EXECUTE FUNCTION ed_count_published_total('event');
--> statement-breakpoint
CREATE TRIGGER events_published_total_truncate AFTER TRUNCATE ON events
  FOR EACH STATEMENT EXECUTE FUNCTION ed_clear_published_total('event');
--> statement-breakpoint
CREATE TRIGGER methods_published_total_insert AFTER INSERT ON methods REFERENCING NEW TABLE AS after_rows
  FOR EACH STATEMENT EXECUTE FUNCTION ed_count_published_total('method');
--> statement-breakpoint
CREATE TRIGGER methods_published_total_update AFTER UPDATE ON methods REFERENCING OLD TABLE AS before_rows NEW TABLE AS after_rows
  FOR EACH STATEMENT EXECUTE FUNCTION ed_count_published_total('method');
--> statement-breakpoint
CREATE TRIGGER methods_published_total_delete AFTER DELETE ON methods REFERENCING OLD TABLE AS before_rows
  FOR EACH STATEMENT EXECUTE FUNCTION ed_count_published_total('method');
--> statement-breakpoint
CREATE TRIGGER methods_published_total_truncate AFTER TRUNCATE ON methods
  FOR EACH STATEMENT EXECUTE FUNCTION ed_clear_published_total('method');
--> statement-breakpoint
-- Backfill: what is there already; every type has its row from here on.
INSERT INTO published_totals (entry_type, count) VALUES
  ('organisation', (SELECT count(*)::int FROM organisations WHERE publication_state = 'published')),
  ('case_study', (SELECT count(*)::int FROM case_studies WHERE publication_state = 'published')),
  ('event', (SELECT count(*)::int FROM events WHERE publication_state = 'published')),
  ('method', (SELECT count(*)::int FROM methods WHERE publication_state = 'published'));
