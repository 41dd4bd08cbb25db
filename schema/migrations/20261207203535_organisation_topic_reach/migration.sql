-- Which topics each organisation is on, as the topic filter means it, kept as entries change, and the listing's topic facet
-- counted from it (docs/performance.md, the organisations listing's facets). The table is drizzle-kit's; the rest by hand.
CREATE TABLE "organisation_topic_reach" (
	"organisation_id" integer,
	"topic_id" integer,
	CONSTRAINT "organisation_topic_reach_pkey" PRIMARY KEY("organisation_id","topic_id")
);
--> statement-breakpoint
CREATE INDEX "organisation_topic_reach_topic_idx" ON "organisation_topic_reach" ("topic_id","organisation_id");--> statement-breakpoint
ALTER TABLE "organisation_topic_reach" ADD CONSTRAINT "organisation_topic_reach_organisation_id_organisations_id_fkey" FOREIGN KEY ("organisation_id") REFERENCES "organisations"("id") ON DELETE CASCADE;--> statement-breakpoint
ALTER TABLE "organisation_topic_reach" ADD CONSTRAINT "organisation_topic_reach_topic_id_topics_id_fkey" FOREIGN KEY ("topic_id") REFERENCES "topics"("id") ON DELETE CASCADE;--> statement-breakpoint
-- What organisationsOnTopic (src/modules/topics/topic-scope.ts) means, for every organisation: the backfill's and a
-- rebuild's source (a full scan, where ed_organisation_reach_of's `= ANY(every id)` would search the array per row).
CREATE VIEW ed_organisation_reach AS
  SELECT x.organisation_id, x.topic_id FROM organisation_topics x
  UNION
  SELECT o.organisation_id, t.topic_id FROM event_organisers o
    JOIN events e ON e.id = o.event_id AND e.publication_state = 'published'
    JOIN event_topics t ON t.event_id = o.event_id
  UNION
  SELECT o.organisation_id, t.topic_id FROM case_study_organisations o
    JOIN case_studies c ON c.id = o.case_study_id AND c.publication_state = 'published'
    JOIN case_study_topics t ON t.case_study_id = o.case_study_id;
--> statement-breakpoint
-- What organisationsOnTopic (src/modules/topics/topic-scope.ts) means, for some organisations: their tags, and the
-- tags of the published events they organise and the published case studies they take part in.
CREATE FUNCTION ed_organisation_reach_of(orgs int[]) RETURNS TABLE (organisation_id int, topic_id int) LANGUAGE sql STABLE
BEGIN ATOMIC
  SELECT x.organisation_id, x.topic_id FROM organisation_topics x WHERE x.organisation_id = ANY(orgs)
  UNION
  SELECT o.organisation_id, t.topic_id FROM event_organisers o
    JOIN events e ON e.id = o.event_id AND e.publication_state = 'published'
    JOIN event_topics t ON t.event_id = o.event_id
  WHERE o.organisation_id = ANY(orgs)
  UNION
  SELECT o.organisation_id, t.topic_id FROM case_study_organisations o
    JOIN case_studies c ON c.id = o.case_study_id AND c.publication_state = 'published'
    JOIN case_study_topics t ON t.case_study_id = o.case_study_id
  WHERE o.organisation_id = ANY(orgs);
END;
--> statement-breakpoint
-- Brings those organisations' rows up to date, writing only what changed (so the facet counts' trigger sees only
-- real changes). The organisations' rows are locked first, in id order: a concurrent writer that changed what one of
-- them reaches holds the same lock, so this waits for it to commit, and the statements after the lock (each with a
-- new snapshot) see its work. Without that, two writers could each work from a snapshot without the other's change.
CREATE FUNCTION ed_refresh_organisation_reach(orgs int[]) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  IF orgs IS NULL OR cardinality(orgs) = 0 THEN
    RETURN;
  END IF;
  PERFORM 1 FROM organisations WHERE id = ANY(orgs) ORDER BY id FOR NO KEY UPDATE;
  DELETE FROM organisation_topic_reach r
  WHERE r.organisation_id = ANY(orgs)
    AND NOT EXISTS (SELECT 1 FROM ed_organisation_reach_of(orgs) n WHERE n.organisation_id = r.organisation_id AND n.topic_id = r.topic_id);
  INSERT INTO organisation_topic_reach (organisation_id, topic_id)
    SELECT n.organisation_id, n.topic_id FROM ed_organisation_reach_of(orgs) n
    WHERE EXISTS (SELECT 1 FROM organisations o WHERE o.id = n.organisation_id)
    ORDER BY 1, 2
  ON CONFLICT DO NOTHING;
END;
$$;
--> statement-breakpoint
-- Rows naming organisations written (tags, organisers, participants): those organisations. An organiser or participant
-- added to a draft changes nothing anyone reads, so only published events and case studies count then; a removal
-- always counts (the event may be going with it, its row already gone).
CREATE FUNCTION ed_organisation_reach_on_organisation_links() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  orgs int[];
BEGIN
  IF TG_OP = 'DELETE' THEN
    SELECT array_agg(DISTINCT organisation_id) INTO orgs FROM before_rows;
  ELSIF TG_TABLE_NAME = 'organisation_topics' THEN
    SELECT array_agg(DISTINCT organisation_id) INTO orgs FROM after_rows;
  ELSIF TG_TABLE_NAME = 'event_organisers' THEN
    SELECT array_agg(DISTINCT a.organisation_id) INTO orgs FROM after_rows a
      JOIN events e ON e.id = a.event_id AND e.publication_state = 'published';
  ELSE
    SELECT array_agg(DISTINCT a.organisation_id) INTO orgs FROM after_rows a
      JOIN case_studies c ON c.id = a.case_study_id AND c.publication_state = 'published';
  END IF;
  IF TG_OP = 'UPDATE' THEN
    orgs := orgs || ARRAY(SELECT DISTINCT organisation_id FROM before_rows);
  END IF;
  PERFORM ed_refresh_organisation_reach(orgs);
  RETURN NULL;
END;
$$;
--> statement-breakpoint
-- Tags of events written: the organisers of those that are published. (A tag removed with its event is covered by
-- the event's organisers going too, above.)
CREATE FUNCTION ed_organisation_reach_on_event_tags() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  work int[];
BEGIN
  IF TG_OP = 'INSERT' THEN
    SELECT array_agg(DISTINCT event_id) INTO work FROM after_rows;
  ELSIF TG_OP = 'DELETE' THEN
    SELECT array_agg(DISTINCT event_id) INTO work FROM before_rows;
  ELSE
    SELECT array_agg(DISTINCT event_id) INTO work FROM (SELECT event_id FROM after_rows UNION SELECT event_id FROM before_rows) x;
  END IF;
  PERFORM ed_refresh_organisation_reach(ARRAY(
    SELECT DISTINCT o.organisation_id FROM event_organisers o JOIN events e ON e.id = o.event_id
    WHERE o.event_id = ANY(work) AND e.publication_state = 'published'));
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE FUNCTION ed_organisation_reach_on_case_study_tags() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  work int[];
BEGIN
  IF TG_OP = 'INSERT' THEN
    SELECT array_agg(DISTINCT case_study_id) INTO work FROM after_rows;
  ELSIF TG_OP = 'DELETE' THEN
    SELECT array_agg(DISTINCT case_study_id) INTO work FROM before_rows;
  ELSE
    SELECT array_agg(DISTINCT case_study_id) INTO work FROM (SELECT case_study_id FROM after_rows UNION SELECT case_study_id FROM before_rows) x;
  END IF;
  PERFORM ed_refresh_organisation_reach(ARRAY(
    SELECT DISTINCT o.organisation_id FROM case_study_organisations o JOIN case_studies c ON c.id = o.case_study_id
    WHERE o.case_study_id = ANY(work) AND c.publication_state = 'published'));
  RETURN NULL;
END;
$$;
--> statement-breakpoint
-- Events or case studies published or withdrawn: their organisers or participants. (Deleted ones: their organisers'
-- and participants' rows go with them, and those rows' trigger above refreshes.)
CREATE FUNCTION ed_organisation_reach_on_work_state() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  flipped int[];
BEGIN
  SELECT array_agg(a.id) INTO flipped FROM after_rows a JOIN before_rows b ON b.id = a.id
  WHERE (a.publication_state = 'published') <> (b.publication_state = 'published');
  IF flipped IS NULL THEN
    RETURN NULL;
  END IF;
  IF TG_TABLE_NAME = 'events' THEN
    PERFORM ed_refresh_organisation_reach(ARRAY(SELECT DISTINCT organisation_id FROM event_organisers WHERE event_id = ANY(flipped)));
  ELSE
    PERFORM ed_refresh_organisation_reach(ARRAY(SELECT DISTINCT organisation_id FROM case_study_organisations WHERE case_study_id = ANY(flipped)));
  END IF;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
-- TRUNCATE fires no DELETE trigger (the benchmark's generator empties the catalogue so): every organisation's rows
-- worked out again, and the topic counts with them.
CREATE FUNCTION ed_rebuild_organisation_reach() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  LOCK TABLE organisation_topic_reach IN SHARE ROW EXCLUSIVE MODE;
  DELETE FROM organisation_topic_reach;
  INSERT INTO organisation_topic_reach (organisation_id, topic_id)
    SELECT organisation_id, topic_id FROM ed_organisation_reach ORDER BY 1, 2;
  PERFORM ed_recount_organisation_topic_facets();
  RETURN NULL;
END;
$$;

--> statement-breakpoint
-- The facet counts of the organisations_facet_counts migration, now over what each organisation reaches rather than its
-- tags alone: the same functions with organisation_topic_reach where they read organisation_topics.
CREATE OR REPLACE FUNCTION ed_recount_organisation_topic_facets() RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  LOCK TABLE organisation_facet_counts IN SHARE ROW EXCLUSIVE MODE;
  DELETE FROM organisation_facet_counts WHERE facet = 'topic';
  INSERT INTO organisation_facet_counts (facet, value, count)
    WITH RECURSIVE up(organisation_id, topic_id) AS (
      SELECT x.organisation_id, x.topic_id FROM organisation_topic_reach x
        JOIN organisations o ON o.id = x.organisation_id AND o.publication_state = 'published'
      UNION SELECT up.organisation_id, t.broader_id FROM up JOIN topics t ON t.id = up.topic_id WHERE t.broader_id IS NOT NULL)
    SELECT 'topic', topic_id::text, count(*)::int FROM up GROUP BY topic_id;
END;
$$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION ed_count_organisation_facets() RETURNS trigger LANGUAGE plpgsql AS $$
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
         SELECT x.organisation_id, x.topic_id FROM organisation_topic_reach x WHERE x.organisation_id IN (SELECT id FROM flipped)
         UNION SELECT up.organisation_id, t.broader_id FROM up JOIN topics t ON t.id = up.topic_id WHERE t.broader_id IS NOT NULL)
       SELECT ''topic'' AS facet, up.topic_id::text AS value, f.d FROM up JOIN flipped f ON f.id = up.organisation_id');
  END IF;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION ed_count_organisation_topic_facets() RETURNS trigger LANGUAGE plpgsql AS $$
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
     now_tags AS (SELECT x.organisation_id, x.topic_id FROM organisation_topic_reach x WHERE x.organisation_id IN (SELECT id FROM affected)),
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
DROP TRIGGER organisation_topics_facet_counts_insert ON organisation_topics;
--> statement-breakpoint
DROP TRIGGER organisation_topics_facet_counts_update ON organisation_topics;
--> statement-breakpoint
DROP TRIGGER organisation_topics_facet_counts_delete ON organisation_topics;
--> statement-breakpoint
DROP TRIGGER organisation_topics_facet_counts_truncate ON organisation_topics;
--> statement-breakpoint
CREATE TRIGGER organisation_topic_reach_facet_counts_insert AFTER INSERT ON organisation_topic_reach REFERENCING NEW TABLE AS after_rows
  FOR EACH STATEMENT EXECUTE FUNCTION ed_count_organisation_topic_facets();
--> statement-breakpoint
CREATE TRIGGER organisation_topic_reach_facet_counts_delete AFTER DELETE ON organisation_topic_reach REFERENCING OLD TABLE AS before_rows
  FOR EACH STATEMENT EXECUTE FUNCTION ed_count_organisation_topic_facets();
--> statement-breakpoint
CREATE TRIGGER organisation_topics_org_reach_insert AFTER INSERT ON organisation_topics REFERENCING NEW TABLE AS after_rows
  FOR EACH STATEMENT EXECUTE FUNCTION ed_organisation_reach_on_organisation_links();
--> statement-breakpoint
CREATE TRIGGER organisation_topics_org_reach_update AFTER UPDATE ON organisation_topics REFERENCING OLD TABLE AS before_rows NEW TABLE AS after_rows
  FOR EACH STATEMENT EXECUTE FUNCTION ed_organisation_reach_on_organisation_links();
--> statement-breakpoint
CREATE TRIGGER organisation_topics_org_reach_delete AFTER DELETE ON organisation_topics REFERENCING OLD TABLE AS before_rows
  FOR EACH STATEMENT EXECUTE FUNCTION ed_organisation_reach_on_organisation_links();
--> statement-breakpoint
CREATE TRIGGER event_organisers_org_reach_insert AFTER INSERT ON event_organisers REFERENCING NEW TABLE AS after_rows
  FOR EACH STATEMENT EXECUTE FUNCTION ed_organisation_reach_on_organisation_links();
--> statement-breakpoint
CREATE TRIGGER event_organisers_org_reach_update AFTER UPDATE ON event_organisers REFERENCING OLD TABLE AS before_rows NEW TABLE AS after_rows
  FOR EACH STATEMENT EXECUTE FUNCTION ed_organisation_reach_on_organisation_links();
--> statement-breakpoint
CREATE TRIGGER event_organisers_org_reach_delete AFTER DELETE ON event_organisers REFERENCING OLD TABLE AS before_rows
  FOR EACH STATEMENT EXECUTE FUNCTION ed_organisation_reach_on_organisation_links();
--> statement-breakpoint
CREATE TRIGGER case_study_organisations_org_reach_insert AFTER INSERT ON case_study_organisations REFERENCING NEW TABLE AS after_rows
  FOR EACH STATEMENT EXECUTE FUNCTION ed_organisation_reach_on_organisation_links();
--> statement-breakpoint
CREATE TRIGGER case_study_organisations_org_reach_update AFTER UPDATE ON case_study_organisations REFERENCING OLD TABLE AS before_rows NEW TABLE AS after_rows
  FOR EACH STATEMENT EXECUTE FUNCTION ed_organisation_reach_on_organisation_links();
--> statement-breakpoint
CREATE TRIGGER case_study_organisations_org_reach_delete AFTER DELETE ON case_study_organisations REFERENCING OLD TABLE AS before_rows
  FOR EACH STATEMENT EXECUTE FUNCTION ed_organisation_reach_on_organisation_links();
--> statement-breakpoint
CREATE TRIGGER event_topics_org_reach_insert AFTER INSERT ON event_topics REFERENCING NEW TABLE AS after_rows
  FOR EACH STATEMENT EXECUTE FUNCTION ed_organisation_reach_on_event_tags();
--> statement-breakpoint
CREATE TRIGGER event_topics_org_reach_update AFTER UPDATE ON event_topics REFERENCING OLD TABLE AS before_rows NEW TABLE AS after_rows
  FOR EACH STATEMENT EXECUTE FUNCTION ed_organisation_reach_on_event_tags();
--> statement-breakpoint
CREATE TRIGGER event_topics_org_reach_delete AFTER DELETE ON event_topics REFERENCING OLD TABLE AS before_rows
  FOR EACH STATEMENT EXECUTE FUNCTION ed_organisation_reach_on_event_tags();
--> statement-breakpoint
CREATE TRIGGER case_study_topics_org_reach_insert AFTER INSERT ON case_study_topics REFERENCING NEW TABLE AS after_rows
  FOR EACH STATEMENT EXECUTE FUNCTION ed_organisation_reach_on_case_study_tags();
--> statement-breakpoint
CREATE TRIGGER case_study_topics_org_reach_update AFTER UPDATE ON case_study_topics REFERENCING OLD TABLE AS before_rows NEW TABLE AS after_rows
  FOR EACH STATEMENT EXECUTE FUNCTION ed_organisation_reach_on_case_study_tags();
--> statement-breakpoint
CREATE TRIGGER case_study_topics_org_reach_delete AFTER DELETE ON case_study_topics REFERENCING OLD TABLE AS before_rows
  FOR EACH STATEMENT EXECUTE FUNCTION ed_organisation_reach_on_case_study_tags();
--> statement-breakpoint
CREATE TRIGGER events_org_reach_state AFTER UPDATE ON events REFERENCING OLD TABLE AS before_rows NEW TABLE AS after_rows
  FOR EACH STATEMENT EXECUTE FUNCTION ed_organisation_reach_on_work_state();
--> statement-breakpoint
CREATE TRIGGER case_studies_org_reach_state AFTER UPDATE ON case_studies REFERENCING OLD TABLE AS before_rows NEW TABLE AS after_rows
  FOR EACH STATEMENT EXECUTE FUNCTION ed_organisation_reach_on_work_state();
--> statement-breakpoint
CREATE TRIGGER organisation_topics_org_reach_truncate AFTER TRUNCATE ON organisation_topics FOR EACH STATEMENT EXECUTE FUNCTION ed_rebuild_organisation_reach();
--> statement-breakpoint
CREATE TRIGGER event_organisers_org_reach_truncate AFTER TRUNCATE ON event_organisers FOR EACH STATEMENT EXECUTE FUNCTION ed_rebuild_organisation_reach();
--> statement-breakpoint
CREATE TRIGGER case_study_organisations_org_reach_truncate AFTER TRUNCATE ON case_study_organisations FOR EACH STATEMENT EXECUTE FUNCTION ed_rebuild_organisation_reach();
--> statement-breakpoint
CREATE TRIGGER event_topics_org_reach_truncate AFTER TRUNCATE ON event_topics FOR EACH STATEMENT EXECUTE FUNCTION ed_rebuild_organisation_reach();
--> statement-breakpoint
CREATE TRIGGER case_study_topics_org_reach_truncate AFTER TRUNCATE ON case_study_topics FOR EACH STATEMENT EXECUTE FUNCTION ed_rebuild_organisation_reach();
--> statement-breakpoint
CREATE TRIGGER events_org_reach_truncate AFTER TRUNCATE ON events FOR EACH STATEMENT EXECUTE FUNCTION ed_rebuild_organisation_reach();
--> statement-breakpoint
CREATE TRIGGER case_studies_org_reach_truncate AFTER TRUNCATE ON case_studies FOR EACH STATEMENT EXECUTE FUNCTION ed_rebuild_organisation_reach();
--> statement-breakpoint
-- Backfill: every organisation's reach, then the topic counts from it.
INSERT INTO organisation_topic_reach (organisation_id, topic_id)
  SELECT organisation_id, topic_id FROM ed_organisation_reach ORDER BY 1, 2;
--> statement-breakpoint
SELECT ed_recount_organisation_topic_facets();
