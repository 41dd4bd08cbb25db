-- The organisations listing's facet counts, kept as entries change (docs/performance.md, large scale). The table is
-- drizzle-kit's; the functions, triggers and backfill are written by hand below. Statement-level, over transition
-- tables: the benchmark's generator writing 50,000 rows adjusts the counts once, not 50,000 times.
CREATE TABLE "organisation_facet_counts" (
	"facet" text,
	"value" text,
	"count" integer NOT NULL,
	CONSTRAINT "organisation_facet_counts_pkey" PRIMARY KEY("facet","value")
);
--> statement-breakpoint
-- The statement that adds signed deltas (facet, value, d) to the counts; its ON CONFLICT update is atomic, so
-- concurrent writers add up, and in one order (facet, value), so two writers' row locks on the counts cannot cross
-- into a deadlock. A text for the trigger to EXECUTE itself: transition tables are visible only there.
-- `source` is SQL written in this file's functions, never user input.
CREATE FUNCTION ed_organisation_facet_deltas(source text) RETURNS text LANGUAGE sql IMMUTABLE
  RETURN format(
    'INSERT INTO organisation_facet_counts AS c (facet, value, count)
       SELECT facet, value, sum(d)::int FROM (%s) deltas GROUP BY facet, value HAVING sum(d) <> 0
       ORDER BY facet, value
       ON CONFLICT (facet, value) DO UPDATE SET count = c.count + excluded.count',
    source);
--> statement-breakpoint
-- Every topic count from scratch: a published organisation counts once under each topic it is tagged with and each
-- broader topic above those (a topic's count covers its subtree, as the listing's topic filter does). Run when the
-- tree changes or an organisation goes (its tags are gone before its own trigger could subtract them). The lock
-- waits for writers that already adjusted the counts to commit, so the recount (a new snapshot) sees their work.
CREATE FUNCTION ed_recount_organisation_topic_facets() RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  LOCK TABLE organisation_facet_counts IN SHARE ROW EXCLUSIVE MODE;
  DELETE FROM organisation_facet_counts WHERE facet = 'topic';
  INSERT INTO organisation_facet_counts (facet, value, count)
    WITH RECURSIVE up(organisation_id, topic_id) AS (
      SELECT x.organisation_id, x.topic_id FROM organisation_topics x
        JOIN organisations o ON o.id = x.organisation_id AND o.publication_state = 'published'
      UNION SELECT up.organisation_id, t.broader_id FROM up JOIN topics t ON t.id = up.topic_id WHERE t.broader_id IS NOT NULL)
    SELECT 'topic', topic_id::text, count(*)::int FROM up GROUP BY topic_id;
END;
$$;
--> statement-breakpoint
-- Organisations written: kind, region and country move with the published rows; a change of publication state adds or
-- takes away the organisation under the topics (and their broader ones) it is tagged with.
CREATE FUNCTION ed_count_organisation_facets() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  signed text := CASE TG_OP
    WHEN 'INSERT' THEN 'SELECT *, 1 AS d FROM after_rows'
    WHEN 'DELETE' THEN 'SELECT *, -1 AS d FROM before_rows'
    ELSE 'SELECT *, 1 AS d FROM after_rows UNION ALL SELECT *, -1 AS d FROM before_rows' END;
BEGIN
  EXECUTE ed_organisation_facet_deltas(format(
    'SELECT f.facet, f.value, r.d FROM (%s) r
       CROSS JOIN LATERAL (VALUES (''kind'', r.kind), (''region'', r.region), (''country'', r.country)) f(facet, value)
       WHERE r.publication_state = ''published'' AND f.value IS NOT NULL',
    signed));
  IF TG_OP = 'DELETE' THEN
    PERFORM ed_recount_organisation_topic_facets();
  ELSIF TG_OP = 'UPDATE' THEN
    EXECUTE ed_organisation_facet_deltas(
      'WITH RECURSIVE flipped AS (
         SELECT a.id, CASE WHEN a.publication_state = ''published'' THEN 1 ELSE -1 END AS d
         FROM after_rows a JOIN before_rows b ON b.id = a.id
         WHERE (a.publication_state = ''published'') <> (b.publication_state = ''published'')),
       up(organisation_id, topic_id) AS (
         SELECT x.organisation_id, x.topic_id FROM organisation_topics x WHERE x.organisation_id IN (SELECT id FROM flipped)
         UNION SELECT up.organisation_id, t.broader_id FROM up JOIN topics t ON t.id = up.topic_id WHERE t.broader_id IS NOT NULL)
       SELECT ''topic'' AS facet, up.topic_id::text AS value, f.d FROM up JOIN flipped f ON f.id = up.organisation_id');
  END IF;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
-- Tags written: for each published organisation they touch, the topics (with their broader ones) it is under now
-- against those it was under before this statement (now, less the rows written, plus the rows removed). The row lock
-- orders this against a concurrent change of the organisation's state or tags: after the wait, this transaction's
-- next statement sees what the other committed.
CREATE FUNCTION ed_count_organisation_topic_facets() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  none text := '(SELECT NULL::int AS organisation_id, NULL::int AS topic_id WHERE false)';
  added text := CASE WHEN TG_OP = 'DELETE' THEN none ELSE '(SELECT organisation_id, topic_id FROM after_rows)' END;
  removed text := CASE WHEN TG_OP = 'INSERT' THEN none ELSE '(SELECT organisation_id, topic_id FROM before_rows)' END;
BEGIN
  EXECUTE format(
    'SELECT 1 FROM organisations WHERE id IN (SELECT organisation_id FROM %s a UNION SELECT organisation_id FROM %s r)
       ORDER BY id FOR NO KEY UPDATE', added, removed);
  EXECUTE ed_organisation_facet_deltas(format(
    'WITH RECURSIVE affected AS (
       SELECT o.id FROM organisations o
       WHERE o.publication_state = ''published''
         AND o.id IN (SELECT organisation_id FROM %1$s a UNION SELECT organisation_id FROM %2$s r)),
     now_tags AS (SELECT x.organisation_id, x.topic_id FROM organisation_topics x WHERE x.organisation_id IN (SELECT id FROM affected)),
     was_tags AS (
       (SELECT organisation_id, topic_id FROM now_tags EXCEPT SELECT organisation_id, topic_id FROM %1$s a)
       UNION SELECT organisation_id, topic_id FROM %2$s r WHERE r.organisation_id IN (SELECT id FROM affected)),
     up(side, organisation_id, topic_id) AS (
       SELECT 1, organisation_id, topic_id FROM now_tags UNION SELECT -1, organisation_id, topic_id FROM was_tags
       UNION SELECT up.side, up.organisation_id, t.broader_id FROM up JOIN topics t ON t.id = up.topic_id WHERE t.broader_id IS NOT NULL)
     SELECT ''topic'' AS facet, topic_id::text AS value, side AS d FROM up',
    added, removed));
  RETURN NULL;
END;
$$;
--> statement-breakpoint
-- Topics moved or removed: the subtrees changed, so every topic count is recounted (the tree changes rarely).
CREATE FUNCTION ed_recount_organisation_facets_on_tree() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' OR EXISTS (
    SELECT 1 FROM after_rows a JOIN before_rows b ON b.id = a.id WHERE a.broader_id IS DISTINCT FROM b.broader_id
  ) THEN
    PERFORM ed_recount_organisation_topic_facets();
  END IF;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER organisations_facet_counts_insert AFTER INSERT ON organisations REFERENCING NEW TABLE AS after_rows
  FOR EACH STATEMENT EXECUTE FUNCTION ed_count_organisation_facets();
--> statement-breakpoint
CREATE TRIGGER organisations_facet_counts_update AFTER UPDATE ON organisations
  REFERENCING OLD TABLE AS before_rows NEW TABLE AS after_rows FOR EACH STATEMENT EXECUTE FUNCTION ed_count_organisation_facets();
--> statement-breakpoint
CREATE TRIGGER organisations_facet_counts_delete AFTER DELETE ON organisations REFERENCING OLD TABLE AS before_rows
  FOR EACH STATEMENT EXECUTE FUNCTION ed_count_organisation_facets();
--> statement-breakpoint
CREATE TRIGGER organisation_topics_facet_counts_insert AFTER INSERT ON organisation_topics REFERENCING NEW TABLE AS after_rows
  FOR EACH STATEMENT EXECUTE FUNCTION ed_count_organisation_topic_facets();
--> statement-breakpoint
CREATE TRIGGER organisation_topics_facet_counts_update AFTER UPDATE ON organisation_topics
  REFERENCING OLD TABLE AS before_rows NEW TABLE AS after_rows FOR EACH STATEMENT EXECUTE FUNCTION ed_count_organisation_topic_facets();
--> statement-breakpoint
CREATE TRIGGER organisation_topics_facet_counts_delete AFTER DELETE ON organisation_topics REFERENCING OLD TABLE AS before_rows
  FOR EACH STATEMENT EXECUTE FUNCTION ed_count_organisation_topic_facets();
--> statement-breakpoint
CREATE TRIGGER topics_facet_counts_update AFTER UPDATE ON topics
  REFERENCING OLD TABLE AS before_rows NEW TABLE AS after_rows FOR EACH STATEMENT EXECUTE FUNCTION ed_recount_organisation_facets_on_tree();
--> statement-breakpoint
CREATE TRIGGER topics_facet_counts_delete AFTER DELETE ON topics REFERENCING OLD TABLE AS before_rows
  FOR EACH STATEMENT EXECUTE FUNCTION ed_recount_organisation_facets_on_tree();
--> statement-breakpoint
-- TRUNCATE fires no DELETE trigger (the benchmark's generator empties the catalogue so): emptied, nothing counts.
CREATE FUNCTION ed_clear_organisation_facet_counts() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_TABLE_NAME = 'organisations' THEN
    DELETE FROM organisation_facet_counts;
  ELSE
    DELETE FROM organisation_facet_counts WHERE facet = 'topic';
  END IF;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER organisations_facet_counts_truncate AFTER TRUNCATE ON organisations
  FOR EACH STATEMENT EXECUTE FUNCTION ed_clear_organisation_facet_counts();
--> statement-breakpoint
CREATE TRIGGER organisation_topics_facet_counts_truncate AFTER TRUNCATE ON organisation_topics
  FOR EACH STATEMENT EXECUTE FUNCTION ed_clear_organisation_facet_counts();
--> statement-breakpoint
-- Backfill: what is there already.
INSERT INTO organisation_facet_counts (facet, value, count)
  SELECT f.facet, f.value, count(*)::int FROM organisations o
    CROSS JOIN LATERAL (VALUES ('kind', o.kind), ('region', o.region), ('country', o.country)) f(facet, value)
  WHERE o.publication_state = 'published' AND f.value IS NOT NULL GROUP BY f.facet, f.value;
--> statement-breakpoint
SELECT ed_recount_organisation_topic_facets();
