-- The search lexicon: every word of a published entry's name and summary, for correcting a query word that no entry
-- has (docs/discovery.md, "Search"). The table is drizzle-kit's; the functions, triggers and backfill are written by
-- hand below.
CREATE TABLE "search_words" (
	"word" text PRIMARY KEY,
	"lexeme" text
);
--> statement-breakpoint
CREATE INDEX "search_words_word_trgm_idx" ON "search_words" USING gist ("word" gist_trgm_ops);--> statement-breakpoint
CREATE INDEX "search_words_lexeme_idx" ON "search_words" ("lexeme");--> statement-breakpoint
-- A text's words as the lexicon keeps them: lower case, unaccented, split as the `simple` configuration splits
-- (the query's words are split the same way), letters only (no numbers, no hyphenated compounds, whose parts
-- are words of their own), 3 to 40 characters.
CREATE FUNCTION ed_words(text) RETURNS SETOF text LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT AS $$
  SELECT w FROM unnest(tsvector_to_array(to_tsvector('simple', ed_unaccent($1)))) w
  WHERE length(w) BETWEEN 3 AND 40 AND w !~ '[[:punct:][:digit:][:space:]]'
$$;
--> statement-breakpoint
-- A word's English stem, as the `search` columns and websearch_to_tsquery('english', ...) hold it; null for a stop word.
CREATE FUNCTION ed_stem(text) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
  RETURN (tsvector_to_array(to_tsvector('english', $1)))[1];
--> statement-breakpoint
-- Statement-level, over the rows the statement wrote (a transition table): an import or the benchmark's generator
-- writing 50,000 rows learns their words in one INSERT, not 50,000. Drafts teach nothing: a correction must never
-- point an anonymous reader at a word only an unpublished entry holds. TG_ARGV[0] is the entry's text, an SQL
-- expression over the row `changed` (fixed in the CREATE TRIGGER statements below, never user input).
CREATE FUNCTION ed_learn_words() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  EXECUTE format(
    'INSERT INTO search_words (word, lexeme)
       SELECT w, ed_stem(w) FROM (SELECT DISTINCT ed_words(%s) AS w FROM changed WHERE changed.publication_state = ''published'') words
       ON CONFLICT (word) DO NOTHING',
    TG_ARGV[0]);
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER organisations_learn_words_insert AFTER INSERT ON organisations REFERENCING NEW TABLE AS changed
  FOR EACH STATEMENT EXECUTE FUNCTION ed_learn_words('concat_ws('' '', changed.name, changed.description)');
--> statement-breakpoint
CREATE TRIGGER organisations_learn_words_update AFTER UPDATE ON organisations REFERENCING NEW TABLE AS changed
  FOR EACH STATEMENT EXECUTE FUNCTION ed_learn_words('concat_ws('' '', changed.name, changed.description)');
--> statement-breakpoint
CREATE TRIGGER methods_learn_words_insert AFTER INSERT ON methods REFERENCING NEW TABLE AS changed
  FOR EACH STATEMENT EXECUTE FUNCTION ed_learn_words('concat_ws('' '', changed.name, changed.description)');
--> statement-breakpoint
CREATE TRIGGER methods_learn_words_update AFTER UPDATE ON methods REFERENCING NEW TABLE AS changed
  FOR EACH STATEMENT EXECUTE FUNCTION ed_learn_words('concat_ws('' '', changed.name, changed.description)');
--> statement-breakpoint
CREATE TRIGGER case_studies_learn_words_insert AFTER INSERT ON case_studies REFERENCING NEW TABLE AS changed
  FOR EACH STATEMENT EXECUTE FUNCTION ed_learn_words('concat_ws('' '', changed.title, changed.summary)');
--> statement-breakpoint
CREATE TRIGGER case_studies_learn_words_update AFTER UPDATE ON case_studies REFERENCING NEW TABLE AS changed
  FOR EACH STATEMENT EXECUTE FUNCTION ed_learn_words('concat_ws('' '', changed.title, changed.summary)');
--> statement-breakpoint
CREATE TRIGGER events_learn_words_insert AFTER INSERT ON events REFERENCING NEW TABLE AS changed
  FOR EACH STATEMENT EXECUTE FUNCTION ed_learn_words('concat_ws('' '', changed.title, changed.description)');
--> statement-breakpoint
CREATE TRIGGER events_learn_words_update AFTER UPDATE ON events REFERENCING NEW TABLE AS changed
  FOR EACH STATEMENT EXECUTE FUNCTION ed_learn_words('concat_ws('' '', changed.title, changed.description)');
--> statement-breakpoint
CREATE TRIGGER topics_learn_words_insert AFTER INSERT ON topics REFERENCING NEW TABLE AS changed
  FOR EACH STATEMENT EXECUTE FUNCTION ed_learn_words('concat_ws('' '', changed.label, ed_join(changed.aliases), changed.description)');
--> statement-breakpoint
CREATE TRIGGER topics_learn_words_update AFTER UPDATE ON topics REFERENCING NEW TABLE AS changed
  FOR EACH STATEMENT EXECUTE FUNCTION ed_learn_words('concat_ws('' '', changed.label, ed_join(changed.aliases), changed.description)');
--> statement-breakpoint
-- The backfill. At the benchmark's large scale (1.4M entries) it takes longer than the app's 10 s statement
-- timeout, which would otherwise stop the migration on every start; migrations run in one transaction.
SET LOCAL statement_timeout = 0;
--> statement-breakpoint
INSERT INTO search_words (word, lexeme)
  SELECT w, ed_stem(w) FROM (
    SELECT ed_words(concat_ws(' ', name, description)) FROM organisations WHERE publication_state = 'published'
    UNION SELECT ed_words(concat_ws(' ', name, description)) FROM methods WHERE publication_state = 'published'
    UNION SELECT ed_words(concat_ws(' ', title, summary)) FROM case_studies WHERE publication_state = 'published'
    UNION SELECT ed_words(concat_ws(' ', title, description)) FROM events WHERE publication_state = 'published'
    UNION SELECT ed_words(concat_ws(' ', label, ed_join(aliases), description)) FROM topics WHERE publication_state = 'published'
  ) words(w)
  ON CONFLICT (word) DO NOTHING;
--> statement-breakpoint
-- The query a search runs: websearch_to_tsquery's, where each word of `q` (unaccented) that the lexicon does not
-- know, neither as a word nor by its stem, also matches the three known words closest to it by trigrams
-- ("citizns": 'citizn' | 'citizen'). The word's own stem stays, so a word only the body or findings hold (not
-- in the lexicon) still finds them. Bounded: one primary-key probe, one stem probe and, for an unknown word,
-- one nearest-neighbour walk of the GiST index, per word of the query; never a row of the entries.
--
-- Declared IMMUTABLE though it reads search_words, on purpose: PostgreSQL then folds it, at planning, into a
-- constant tsquery, as it folds websearch_to_tsquery, so the planner knows how common the corrected words are
-- (walk the newest rows, or read the text index) and every row is checked against a constant. STABLE would
-- leave the call in the plan, run again for each row it filters. What IMMUTABLE risks is a plan keeping an old
-- correction: search statements are never prepared (preparingBudget in src/db.ts refuses them), so each is
-- planned, and corrected, when it runs; and the lexicon only ever grows.
CREATE FUNCTION ed_search_query(parsed tsquery, q text) RETURNS tsquery
  LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE STRICT AS $$
DECLARE
  typed text;
  stem text;
  closest text;
BEGIN
  FOR typed IN SELECT DISTINCT ed_words(q) LOOP
    stem := ed_stem(typed);
    CONTINUE WHEN stem IS NULL
      OR EXISTS (SELECT 1 FROM search_words s WHERE s.word = typed)
      OR EXISTS (SELECT 1 FROM search_words s WHERE s.lexeme = stem);
    -- The closest ten by the index's distance, then the best three by distance and word: the same three every time.
    SELECT string_agg(DISTINCT '''' || c.lexeme || '''', ' | ') INTO closest FROM (
      SELECT near.lexeme FROM (
        SELECT s.word, s.lexeme, s.word <-> typed AS distance FROM search_words s
        WHERE s.word % typed AND s.lexeme IS NOT NULL ORDER BY s.word <-> typed LIMIT 10
      ) near ORDER BY near.distance, near.word LIMIT 3
    ) c;
    CONTINUE WHEN closest IS NULL;
    parsed := ts_rewrite(parsed, to_tsquery('simple', '''' || stem || ''''), to_tsquery('simple', '''' || stem || ''' | ' || closest));
  END LOOP;
  RETURN parsed;
END;
$$;
