// The words published entries are known by: what a search corrects a word to when no entry has it (see src/modules/search/lexicon.md).
import { index, pgTable, text } from 'drizzle-orm/pg-core';

/**
 * Kept by triggers on each searchable table (set in the migration: drizzle-kit cannot write triggers), so every
 * writer adds to it, the app, imports, sync and calendars alike. It only grows: a word an entry has since lost
 * still counts as known, which at worst leaves a search uncorrected where it could have been.
 */
export const searchWords = pgTable(
  'search_words',
  {
    /** Lower case, unaccented, as the `simple` text search configuration splits a text into words. */
    word: text('word').primaryKey(),
    /** The word's English stem, as the `search` columns hold it: null for a stop word. */
    lexeme: text('lexeme'),
  },
  (t) => [
    // GiST, not GIN: it orders by trigram distance itself (`word <-> q`), so the closest few are read, not every close word.
    index('search_words_word_trgm_idx').using('gist', t.word.op('gist_trgm_ops')),
    index('search_words_lexeme_idx').on(t.lexeme),
  ],
);
