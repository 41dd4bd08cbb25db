-- Which topics each published event reaches, kept as entries change (docs/performance.md, large scale). The table is
-- drizzle-kit's (its topic index moved below the backfill: built once, not kept row by row); the functions, triggers
-- and backfill are written by hand. Statement-level, over transition tables, as organisation_facet_counts.
CREATE TABLE "event_topic_reach" (
	"event_id" integer,
	"topic_id" integer,
	"starts_at" timestamp with time zone NOT NULL,
	"ends_at" timestamp with time zone NOT NULL,
	CONSTRAINT "event_topic_reach_pkey" PRIMARY KEY("event_id","topic_id")
);
--> statement-breakpoint
-- Brings the given events' rows to what they should be, in one statement: each published event under the topics it is
-- tagged with and every broader topic above those, once each (UNION), its end being its start when it has none (as
-- upcomingSql reads it); the stale rows go, the missing come, moved times are updated in place. Written out here, not
-- in a SQL function of its own: PL/pgSQL keeps this statement's plan for the session, a SQL function is planned on
-- every call. The events' row locks, taken in id order, order this against a concurrent writer of the same events:
-- after the wait, the next statement's snapshot sees what the other committed, so the last to commit writes from a
-- state that includes the first's work.
CREATE FUNCTION ed_refresh_event_topic_reach(affected integer[]) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  IF coalesce(cardinality(affected), 0) = 0 THEN
    RETURN;
  END IF;
  PERFORM 1 FROM events WHERE id IN (SELECT unnest(affected)) ORDER BY id FOR NO KEY UPDATE;
  WITH RECURSIVE up(event_id, topic_id) AS (
    SELECT x.event_id, x.topic_id FROM event_topics x
      JOIN events e ON e.id = x.event_id AND e.publication_state = 'published'
      WHERE x.event_id IN (SELECT unnest(affected))
    UNION SELECT up.event_id, t.broader_id FROM up JOIN topics t ON t.id = up.topic_id WHERE t.broader_id IS NOT NULL),
  wanted AS MATERIALIZED (
    SELECT up.event_id, up.topic_id, e.starts_at, coalesce(e.ends_at, e.starts_at) AS ends_at
    FROM up JOIN events e ON e.id = up.event_id),
  gone AS (
    DELETE FROM event_topic_reach r WHERE r.event_id IN (SELECT unnest(affected))
      AND NOT EXISTS (SELECT 1 FROM wanted w WHERE w.event_id = r.event_id AND w.topic_id = r.topic_id))
  INSERT INTO event_topic_reach AS r (event_id, topic_id, starts_at, ends_at)
    SELECT w.event_id, w.topic_id, w.starts_at, w.ends_at FROM wanted w ORDER BY w.event_id, w.topic_id
    ON CONFLICT (event_id, topic_id) DO UPDATE SET starts_at = excluded.starts_at, ends_at = excluded.ends_at
      WHERE (r.starts_at, r.ends_at) IS DISTINCT FROM (excluded.starts_at, excluded.ends_at);
END;
$$;
--> statement-breakpoint
-- Tags written: the events they belong to are brought up to date. An event deleted takes its tags with it (the foreign
-- key cascades), which lands here too, and leaves it no rows.
CREATE FUNCTION ed_event_topic_reach_on_tags() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  affected integer[];
BEGIN
  IF TG_OP = 'INSERT' THEN
    affected := ARRAY(SELECT DISTINCT event_id FROM after_rows ORDER BY 1);
  ELSIF TG_OP = 'DELETE' THEN
    affected := ARRAY(SELECT DISTINCT event_id FROM before_rows ORDER BY 1);
  ELSE
    affected := ARRAY(SELECT event_id FROM after_rows UNION SELECT event_id FROM before_rows ORDER BY 1);
  END IF;
  PERFORM ed_refresh_event_topic_reach(affected);
  RETURN NULL;
END;
$$;
--> statement-breakpoint
-- Events written: only a change of publication state or time matters (an edit of the title leaves the rows alone). A
-- new event has no tags yet, so no rows: its tags' trigger gives it them.
CREATE FUNCTION ed_event_topic_reach_on_events() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    DELETE FROM event_topic_reach WHERE event_id IN (SELECT id FROM before_rows);
  ELSE
    PERFORM ed_refresh_event_topic_reach(ARRAY(
      SELECT a.id FROM after_rows a JOIN before_rows b ON b.id = a.id
      WHERE (a.publication_state, a.starts_at, a.ends_at) IS DISTINCT FROM (b.publication_state, b.starts_at, b.ends_at)
      ORDER BY a.id));
  END IF;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
-- A topic moved to another broader topic (rare): every event tagged anywhere in its subtree is recomputed. A topic
-- deleted needs nothing: the restricting foreign keys (its tags, its narrower topics) let it go only when no event
-- is tagged in its subtree, which is when it has no rows.
CREATE FUNCTION ed_event_topic_reach_on_tree() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM ed_refresh_event_topic_reach(ARRAY(
    WITH RECURSIVE moved(id) AS (
      SELECT a.id FROM after_rows a JOIN before_rows b ON b.id = a.id WHERE a.broader_id IS DISTINCT FROM b.broader_id
      UNION SELECT t.id FROM topics t JOIN moved m ON t.broader_id = m.id)
    SELECT DISTINCT x.event_id FROM event_topics x WHERE x.topic_id IN (SELECT id FROM moved) ORDER BY 1));
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER event_topics_reach_insert AFTER INSERT ON event_topics REFERENCING NEW TABLE AS after_rows
  FOR EACH STATEMENT EXECUTE FUNCTION ed_event_topic_reach_on_tags();
--> statement-breakpoint
CREATE TRIGGER event_topics_reach_update AFTER UPDATE ON event_topics
  REFERENCING OLD TABLE AS before_rows NEW TABLE AS after_rows FOR EACH STATEMENT EXECUTE FUNCTION ed_event_topic_reach_on_tags();
--> statement-breakpoint
CREATE TRIGGER event_topics_reach_delete AFTER DELETE ON event_topics REFERENCING OLD TABLE AS before_rows
  FOR EACH STATEMENT EXECUTE FUNCTION ed_event_topic_reach_on_tags();
--> statement-breakpoint
CREATE TRIGGER events_reach_update AFTER UPDATE ON events
  REFERENCING OLD TABLE AS before_rows NEW TABLE AS after_rows FOR EACH STATEMENT EXECUTE FUNCTION ed_event_topic_reach_on_events();
--> statement-breakpoint
CREATE TRIGGER events_reach_delete AFTER DELETE ON events REFERENCING OLD TABLE AS before_rows
  FOR EACH STATEMENT EXECUTE FUNCTION ed_event_topic_reach_on_events();
--> statement-breakpoint
CREATE TRIGGER topics_reach_update AFTER UPDATE ON topics
  REFERENCING OLD TABLE AS before_rows NEW TABLE AS after_rows FOR EACH STATEMENT EXECUTE FUNCTION ed_event_topic_reach_on_tree();
--> statement-breakpoint
-- TRUNCATE fires no DELETE trigger (the benchmark's generator empties the catalogue so): emptied, nothing reaches.
CREATE FUNCTION ed_clear_event_topic_reach() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM event_topic_reach;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER events_reach_truncate AFTER TRUNCATE ON events FOR EACH STATEMENT EXECUTE FUNCTION ed_clear_event_topic_reach();
--> statement-breakpoint
CREATE TRIGGER event_topics_reach_truncate AFTER TRUNCATE ON event_topics FOR EACH STATEMENT EXECUTE FUNCTION ed_clear_event_topic_reach();
--> statement-breakpoint
-- Backfill: what is there already.
INSERT INTO event_topic_reach (event_id, topic_id, starts_at, ends_at)
  WITH RECURSIVE up(event_id, topic_id) AS (
    SELECT x.event_id, x.topic_id FROM event_topics x
      JOIN events e ON e.id = x.event_id AND e.publication_state = 'published'
    UNION SELECT up.event_id, t.broader_id FROM up JOIN topics t ON t.id = up.topic_id WHERE t.broader_id IS NOT NULL)
  SELECT up.event_id, up.topic_id, e.starts_at, coalesce(e.ends_at, e.starts_at) FROM up JOIN events e ON e.id = up.event_id;
--> statement-breakpoint
CREATE INDEX "event_topic_reach_topic_starts_idx" ON "event_topic_reach" ("topic_id","starts_at","event_id","ends_at");
